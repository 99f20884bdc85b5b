// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fipsrock::core {

// The numeric release part of a version string as tools print it: "5.21.4-9eb1368" -> 5.21.4,
// "1.17.0.post42+g2f2348c5" -> 1.17.0, "37.1ubuntu0~22.04" -> 37.1, "v1.18.0" -> 1.18.0.
// Missing trailing components compare as 0, so 1.18 == 1.18.0.
class Version {
public:
  // Parses the leading dotted numbers of `text` (after an optional `v`); nullopt when
  // `text` does not start with a number.
  static std::optional<Version> parse(std::string_view text);

  const std::vector<unsigned long>& components() const { return m_components; }
  std::string str() const;

  friend int compare(const Version& a, const Version& b);
  friend bool operator<(const Version& a, const Version& b) { return compare(a, b) < 0; }
  friend bool operator>=(const Version& a, const Version& b) { return compare(a, b) >= 0; }
  friend bool operator==(const Version& a, const Version& b) { return compare(a, b) == 0; }

private:
  std::vector<unsigned long> m_components;
};

// True when `text` parses and is at least `minimum` (given as "X.Y[.Z]"); false otherwise.
bool version_at_least(std::string_view text, std::string_view minimum);

} // namespace fipsrock::core
