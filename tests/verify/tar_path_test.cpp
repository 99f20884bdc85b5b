// SPDX-License-Identifier: Apache-2.0
#include "verify/tar_path.hpp"

#include <doctest/doctest.h>

namespace verify = fipsrock::verify;
using Kind = verify::Whiteout::Kind;

TEST_CASE("verify::normalize_name")
{
  SUBCASE("plain and ./ names are the same path")
  {
    CHECK(verify::normalize_name("usr/bin/x").path == "usr/bin/x");
    CHECK(verify::normalize_name("./usr//bin/./x/").path == "usr/bin/x");
    CHECK_FALSE(verify::normalize_name("./usr/bin/x").absolute);
  }
  SUBCASE("absolute names are read from the root and flagged")
  {
    const auto n = verify::normalize_name("/etc/passwd");
    CHECK(n.path == "etc/passwd");
    CHECK(n.absolute);
    CHECK_FALSE(n.traversal);
  }
  SUBCASE(".. inside the tree is resolved, above the root it is clamped and flagged")
  {
    CHECK(verify::normalize_name("usr/lib/../bin/x").path == "usr/bin/x");
    CHECK_FALSE(verify::normalize_name("usr/lib/../bin/x").traversal);
    const auto n = verify::normalize_name("../../etc/cron.d/x");
    CHECK(n.path == "etc/cron.d/x");
    CHECK(n.traversal);
    CHECK(verify::normalize_name("usr/../../x").traversal);
  }
  SUBCASE("the root")
  {
    CHECK(verify::normalize_name("./").path.empty());
    CHECK(verify::normalize_name("/").path.empty());
    CHECK(verify::normalize_name("").path.empty());
  }
}

TEST_CASE("verify::path helpers")
{
  CHECK(verify::parent_of("a/b/c") == "a/b");
  CHECK(verify::parent_of("a").empty());
  CHECK(verify::base_of("a/b/c") == "c");
  CHECK(verify::join_path("", "x") == "x");
  CHECK(verify::join_path("a/b", "x") == "a/b/x");
  CHECK(verify::is_within("usr/lib/x", "usr/lib"));
  CHECK(verify::is_within("usr/lib", "usr/lib"));
  CHECK_FALSE(verify::is_within("usr/lib64/x", "usr/lib"));
  CHECK(verify::is_within("anything", ""));
}

TEST_CASE("verify::classify_whiteout")
{
  SUBCASE("ordinary names")
  {
    CHECK(verify::classify_whiteout("usr/bin/x").kind == Kind::none);
    CHECK(verify::classify_whiteout("usr/bin/.whx").kind == Kind::none);
  }
  SUBCASE("file whiteout")
  {
    const auto w = verify::classify_whiteout("usr/lib/ossl-modules-3/.wh.fips.so");
    CHECK(w.kind == Kind::file);
    CHECK(w.target == "usr/lib/ossl-modules-3/fips.so");
    CHECK(verify::classify_whiteout(".wh.controller").target == "controller");
  }
  SUBCASE("opaque whiteout")
  {
    const auto w = verify::classify_whiteout("etc/ssl/.wh..wh..opq");
    CHECK(w.kind == Kind::opaque);
    CHECK(w.target == "etc/ssl");
    CHECK(verify::classify_whiteout(".wh..wh..opq").target.empty());
  }
  SUBCASE("invalid whiteouts")
  {
    CHECK(verify::classify_whiteout("usr/.wh.").kind == Kind::invalid);
    CHECK(verify::classify_whiteout("usr/.wh.").reason == "a whiteout without a name");
    CHECK(verify::classify_whiteout("usr/.wh..").kind == Kind::invalid);
    CHECK(verify::classify_whiteout("usr/.wh...").kind == Kind::invalid);
    CHECK(verify::classify_whiteout("usr/.wh..wh.plnk").kind == Kind::invalid);
  }
}
