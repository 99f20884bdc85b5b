// SPDX-License-Identifier: Apache-2.0
#include "core/version.hpp"

#include <doctest/doctest.h>

using fipsrock::core::Version;
using fipsrock::core::version_at_least;

TEST_CASE("core::Version::parse")
{
  SUBCASE("tool version strings keep their numeric release part")
  {
    CHECK(Version::parse("5.21.4-9eb1368")->str() == "5.21.4");
    CHECK(Version::parse("1.17.0.post42+g2f2348c5")->str() == "1.17.0");
    CHECK(Version::parse("37.1ubuntu0~22.04")->str() == "37.1");
    CHECK(Version::parse("v1.18.0")->str() == "1.18.0");
    CHECK(Version::parse("5.21.4 LTS")->str() == "5.21.4");
    CHECK(Version::parse("1.")->str() == "1");
  }
  SUBCASE("text that does not start with a number is not a version")
  {
    CHECK_FALSE(Version::parse(""));
    CHECK_FALSE(Version::parse("unknown"));
    CHECK_FALSE(Version::parse("v"));
    CHECK_FALSE(Version::parse(".1"));
  }
  SUBCASE("absurdly long components do not overflow")
  {
    CHECK(Version::parse("99999999999999999999999.1"));
  }
}

TEST_CASE("core::version_at_least")
{
  CHECK(version_at_least("1.18", "1.18.0"));
  CHECK(version_at_least("1.20.0", "1.18"));
  CHECK(version_at_least("1.18.0.post3", "1.18"));
  CHECK_FALSE(version_at_least("1.17.9", "1.18"));
  CHECK(version_at_least("5.21.4-9eb1368", "5.21.4"));
  CHECK_FALSE(version_at_least("5.21.3", "5.21.4"));
  CHECK(version_at_least("6.3", "5.21.4"));
  CHECK(version_at_least("37.1ubuntu0~22.04", "35.1"));
  CHECK_FALSE(version_at_least("34.0", "35.1"));
  CHECK_FALSE(version_at_least("garbage", "1.0"));
  CHECK(version_at_least("1.10", "1.9")); // numeric, not lexical
}
