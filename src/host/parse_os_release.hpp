// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/error.hpp"

#include <map>
#include <string>
#include <string_view>

namespace fipsrock::host {

// os-release(5) `KEY=value` lines: quotes stripped, backslash escapes resolved, comments and
// blank lines skipped. An error names the 1-based line of an unterminated quote or a line that
// is not KEY=value (the message starts "line N:").
core::Expected<std::map<std::string, std::string>> parse_os_release(std::string_view text);

} // namespace fipsrock::host
