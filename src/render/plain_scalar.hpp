// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace fipsrock::render {

// A plain (unquoted) YAML scalar as PyYAML's SafeLoader types it (YAML 1.1).
struct PlainScalar {
  nlohmann::json value;   // null, bool, integer, float (inf/nan included) or the text itself
  bool timestamp = false; // PyYAML reads it as a date; `value` keeps the text, JSON has no dates
};

// `text` resolved by PyYAML's implicit resolvers: `yes`/`off` are bools, `010` is octal 8,
// `1:30` is 90, `1.10` is a float, and `1e3` or `0o17` stay strings. Never fails.
PlainScalar resolve_plain_scalar(const std::string& text);

} // namespace fipsrock::render
