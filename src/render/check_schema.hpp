// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/error.hpp"
#include "render/check_rockcraft.hpp"
#include "render/yaml_json.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace fipsrock::render {

// `doc` checked against rockcraft's JSON schema `schema` (draft 2020-12): one Violation (rule
// "schema") per offending path, the most specific error only. Leaves `version` and a string
// `name` to their own rules. An error when `schema` is not a schema valijson can read.
core::Expected<std::vector<Violation>> schema_violations(const YamlDocument& doc,
                                                         const nlohmann::json& schema);

// Whether a type message tells the user to quote the value.
enum class QuoteHint { yes, no };

// "<path>: <value as written> is a number; rockcraft needs <expected>", plus " — quote it"
// when `hint` is yes and the value is a scalar YAML did not read as a string.
std::string type_problem(const std::string& path,
                         const nlohmann::json& value,
                         const YamlSource* source,
                         const std::string& expected,
                         QuoteHint hint);

} // namespace fipsrock::render
