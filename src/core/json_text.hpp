// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/error.hpp"

#include <nlohmann/json.hpp>

#include <string_view>

namespace fipsrock::core {

// `text` as a JSON object. An error reads "not JSON: <where and why>" or "not a JSON object
// (got array)"; nlohmann-json's exceptions stop here.
Expected<nlohmann::json> parse_json_object(std::string_view text);

} // namespace fipsrock::core
