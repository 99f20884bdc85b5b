// SPDX-License-Identifier: Apache-2.0
#include "core/digest.hpp"
#include "core/embedded.hpp"
#include "core/spellcheck.hpp"
#include "core/text_diff.hpp"
#include "sys/file.hpp"

#include <doctest/doctest.h>

using namespace fipsrock;

TEST_CASE("core::sha256_hex")
{
  CHECK(core::sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(core::sha256_hex("abc") ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("core::embedded_file")
{
  SUBCASE("the schema compiled in is the vendored file, byte for byte")
  {
    const auto on_disk =
        sys::read_file(std::string(FIPSROCK_SOURCE_DIR) + "/schema/rockcraft.json");
    REQUIRE(on_disk);
    const auto embedded = core::embedded_file("schema/rockcraft.json");
    REQUIRE(embedded);
    CHECK(core::sha256_hex(*embedded) ==
          "8c8b132380320fddc02e407b13c722a1fd0ca0952572753ed2a05519fb09909c");
    CHECK(*embedded == *on_disk);
  }
  SUBCASE("unknown files are absent")
  {
    CHECK_FALSE(core::embedded_file("schema/nope.json"));
  }
}

TEST_CASE("core::spellcheck")
{
  const std::vector<std::string> words{"msgo-tarball", "go-snap"};
  CHECK(core::spellcheck("msgo-tarbal", words) == "msgo-tarball");
  CHECK(core::spellcheck("gosnap", words) == "go-snap");
  CHECK(core::spellcheck("openssl", words).empty());
  CHECK(core::did_you_mean("go-snp", words) == " (did you mean 'go-snap'?)");
  CHECK(core::did_you_mean("zzz", words).empty());
}

TEST_CASE("core::unified_diff")
{
  CHECK(core::unified_diff("a\nb\n", "a\nb\n", "x", "y").empty());
  CHECK(core::unified_diff("a\nb\nc\n", "a\nB\nc\n", "old", "new") ==
        "--- old\n+++ new\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n");
  SUBCASE("distant changes make separate hunks with context")
  {
    std::string before;
    for (int i = 0; i < 20; ++i) {
      before += std::to_string(i) + "\n";
    }
    std::string after = before;
    after.replace(after.find("2\n"), 2, "two\n");
    after.replace(after.find("17\n"), 3, "seventeen\n");
    const std::string diff = core::unified_diff(before, after, "a", "b", 1);
    CHECK(diff == "--- a\n+++ b\n@@ -2,3 +2,3 @@\n 1\n-2\n+two\n 3\n@@ -17,3 +17,3 @@\n "
                  "16\n-17\n+seventeen\n 18\n");
  }
  SUBCASE("added lines at the end")
  {
    CHECK(core::unified_diff("a\n", "a\nb\n", "x", "y") ==
          "--- x\n+++ y\n@@ -1,1 +1,2 @@\n a\n+b\n");
  }
}
