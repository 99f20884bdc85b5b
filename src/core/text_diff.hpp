// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

namespace fipsrock::core {

// A line diff of `before` and `after` in unified style ("--- a", "+++ b", then " ", "-" and "+"
// lines with `context` unchanged lines around each change); empty when they are equal.
std::string unified_diff(std::string_view before,
                         std::string_view after,
                         const std::string& before_name,
                         const std::string& after_name,
                         std::size_t context = 3);

} // namespace fipsrock::core
