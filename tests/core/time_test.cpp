// SPDX-License-Identifier: Apache-2.0
#include "core/time.hpp"

#include <doctest/doctest.h>

TEST_CASE("core::rfc3339_utc")
{
  CHECK(fipsrock::core::rfc3339_utc(0) == "1970-01-01T00:00:00Z");
  CHECK(fipsrock::core::rfc3339_utc(1700000000) == "2023-11-14T22:13:20Z");
}
