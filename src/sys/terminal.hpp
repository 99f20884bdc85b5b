// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace fipsrock::sys {

enum class Fd { out = 1, err = 2 };

// A smart terminal: `fd` is a TTY and TERM is set and not "dumb".
bool is_smart_terminal(Fd fd);

// Colours on `fd`: a smart terminal, no --no-color (`no_color_flag`), and NO_COLOR unset or
// empty (https://no-color.org).
bool use_color(Fd fd, bool no_color_flag);

} // namespace fipsrock::sys
