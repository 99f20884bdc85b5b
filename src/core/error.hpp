// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <tl/expected.hpp>

#include <string>
#include <utility>

namespace fipsrock::core {

// Why an operation could not complete: `message` says what failed and on which file or
// command, `hint` (may be empty) the next step for the user.
struct Error {
  std::string message;
  std::string hint;
};

template <typename T> using Expected = tl::expected<T, Error>;

inline tl::unexpected<Error> make_error(std::string message, std::string hint = {})
{
  return tl::make_unexpected(Error{std::move(message), std::move(hint)});
}

} // namespace fipsrock::core

// Early return for an Expected: assigns the value of `expr` to `target`, or returns its error
// from the calling function (which must return a core::Expected).
#define FIPSROCK_TRY_ASSIGN(target, expr)                                                          \
  do {                                                                                             \
    auto fipsrock_tried_ = (expr);                                                                 \
    if (!fipsrock_tried_) {                                                                        \
      return tl::make_unexpected(fipsrock_tried_.error());                                         \
    }                                                                                              \
    (target) = std::move(*fipsrock_tried_);                                                        \
  } while (false)
