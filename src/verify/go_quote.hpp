// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/error.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace fipsrock::verify {

// Go's strconv.Unquote for the two forms Go build info uses: an interpreted "..." string
// (\a \b \f \n \r \t \v \\ \" \xHH \NNN \uHHHH \UHHHHHHHH; invalid UTF-8 becomes U+FFFD) or a
// raw `...` string (carriage returns dropped). `quoted` must be exactly one such string; an
// error names what is wrong (unterminated, bad escape, trailing bytes).
core::Expected<std::string> go_unquote(std::string_view quoted);

// Go's strconv.QuotedPrefix: the length of the quoted string that starts `text`, or nullopt
// when `text` does not start with a valid "..." or `...` string.
std::optional<std::size_t> go_quoted_prefix(std::string_view text);

} // namespace fipsrock::verify
