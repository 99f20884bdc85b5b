// SPDX-License-Identifier: Apache-2.0
#include "sys/terminal.hpp"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace fipsrock::sys {

bool is_smart_terminal(Fd fd)
{
  const char* term = std::getenv("TERM");
  return ::isatty(static_cast<int>(fd)) == 1 && term != nullptr && std::strcmp(term, "dumb") != 0;
}

bool use_color(Fd fd, bool no_color_flag)
{
  const char* no_color = std::getenv("NO_COLOR");
  const bool env_says_no = no_color != nullptr && *no_color != '\0';
  return !no_color_flag && !env_says_no && is_smart_terminal(fd);
}

} // namespace fipsrock::sys
