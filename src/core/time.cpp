// SPDX-License-Identifier: Apache-2.0
#include "core/time.hpp"

#include <array>

namespace fipsrock::core {

std::string rfc3339_utc(std::time_t seconds)
{
  std::tm tm{};
  ::gmtime_r(&seconds, &tm);
  std::array<char, 32> buffer{};
  std::strftime(buffer.data(), buffer.size(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer.data();
}

} // namespace fipsrock::core
