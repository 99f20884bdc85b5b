// SPDX-License-Identifier: Apache-2.0
#include "core/version.hpp"

#include <algorithm>
#include <cctype>

namespace fipsrock::core {

std::optional<Version> Version::parse(std::string_view text)
{
  if (!text.empty() && (text.front() == 'v' || text.front() == 'V')) {
    text.remove_prefix(1);
  }
  Version version;
  std::size_t pos = 0;
  while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos])) != 0) {
    unsigned long value = 0;
    std::size_t digits = 0;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos])) != 0) {
      // Cap absurd components instead of overflowing; no real version has 10 digits.
      if (digits < 9) {
        value = value * 10 + static_cast<unsigned long>(text[pos] - '0');
      }
      ++digits;
      ++pos;
    }
    version.m_components.push_back(value);
    if (pos + 1 < text.size() && text[pos] == '.' &&
        std::isdigit(static_cast<unsigned char>(text[pos + 1])) != 0) {
      ++pos;
    } else {
      break;
    }
  }
  if (version.m_components.empty()) {
    return std::nullopt;
  }
  return version;
}

std::string Version::str() const
{
  std::string out;
  for (std::size_t i = 0; i < m_components.size(); ++i) {
    if (i > 0) {
      out += '.';
    }
    out += std::to_string(m_components[i]);
  }
  return out;
}

int compare(const Version& a, const Version& b)
{
  const std::size_t n = std::max(a.m_components.size(), b.m_components.size());
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned long x = i < a.m_components.size() ? a.m_components[i] : 0;
    const unsigned long y = i < b.m_components.size() ? b.m_components[i] : 0;
    if (x != y) {
      return x < y ? -1 : 1;
    }
  }
  return 0;
}

bool version_at_least(std::string_view text, std::string_view minimum)
{
  const auto have = Version::parse(text);
  const auto need = Version::parse(minimum);
  return have && need && *have >= *need;
}

} // namespace fipsrock::core
