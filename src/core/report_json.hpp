// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/report.hpp"

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace fipsrock::core {

// `finding` as {"id","status","subject","message","remediation","evidence":{...}}.
nlohmann::ordered_json to_json(const Finding& finding);

// The machine form of every stage report: {"fipsrock": VERSION, "command": ..., <context
// fields>, "status": "pass|fail|error", "findings": [...]}.
nlohmann::ordered_json to_json(const Report& report);

// `to_json(report)` serialised with two-space indentation and a final newline.
std::string render_json(const Report& report);

} // namespace fipsrock::core
