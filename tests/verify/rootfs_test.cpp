// SPDX-License-Identifier: Apache-2.0
#include "verify/rock_builder.hpp"
#include "verify/rootfs.hpp"

#include <doctest/doctest.h>

namespace verify = fipsrock::verify;
using namespace fipsrock::test;
using verify::EntryType;

namespace {

verify::RootFs build(const std::vector<verify::LayerFacts>& layers)
{
  std::vector<const verify::LayerFacts*> pointers;
  for (const auto& l : layers) {
    pointers.push_back(&l);
  }
  return verify::RootFs(pointers);
}

} // namespace

TEST_CASE("verify::RootFs applies layers in order")
{
  SUBCASE("a later file replaces an earlier one; untouched files stay")
  {
    const std::vector<verify::LayerFacts> layers = {
        layer({dir("usr"), dir("usr/bin"), file("usr/bin/a"), file("usr/bin/b")}),
        layer({file("usr/bin/a", 0755)})};
    const auto root = build(layers);
    REQUIRE(root.find("usr/bin/a") != nullptr);
    CHECK(root.find("usr/bin/a")->layer == 1);
    CHECK(root.find("usr/bin/a")->mode == 0755);
    CHECK(root.find("usr/bin/b")->layer == 0);
  }
  SUBCASE("a file whiteout deletes the lower path and everything under it")
  {
    const std::vector<verify::LayerFacts> layers = {
        layer({dir("etc"), dir("etc/ssl"), file("etc/ssl/a"), file("etc/x")}),
        layer({file("etc/.wh.ssl")})};
    const auto root = build(layers);
    CHECK(root.find("etc/ssl") == nullptr);
    CHECK(root.find("etc/ssl/a") == nullptr);
    CHECK(root.find("etc/x") != nullptr);
    CHECK(root.find("etc/.wh.ssl") == nullptr);
  }
  SUBCASE("whiteouts only hide lower layers, wherever they sit in the tar")
  {
    const std::vector<verify::LayerFacts> layers = {
        layer({file("fips.so")}), layer({file("fips.so", 0600), file(".wh.fips.so")})};
    const auto root = build(layers);
    REQUIRE(root.find("fips.so") != nullptr);
    CHECK(root.find("fips.so")->layer == 1);
  }
  SUBCASE("an opaque whiteout empties the directory of lower content, keeps the layer's own")
  {
    const std::vector<verify::LayerFacts> layers = {
        layer({dir("m"), file("m/fips.so"), file("m/legacy.so"), file("mx")}),
        layer({file("m/new.so"), file("m/.wh..wh..opq")})};
    const auto root = build(layers);
    CHECK(root.find("m/fips.so") == nullptr);
    CHECK(root.find("m/legacy.so") == nullptr);
    CHECK(root.find("m/new.so") != nullptr);
    CHECK(root.find("m") != nullptr);
    CHECK(root.find("mx") != nullptr);
  }
  SUBCASE("a non-directory over a directory removes the directory's tree")
  {
    const std::vector<verify::LayerFacts> layers = {layer({dir("lib"), file("lib/x")}),
                                                    layer({slink("lib", "usr/lib")})};
    const auto root = build(layers);
    CHECK(root.find("lib")->type == EntryType::symlink);
    CHECK(root.find("lib/x") == nullptr);
  }
  SUBCASE("a directory over a directory keeps its children")
  {
    const std::vector<verify::LayerFacts> layers = {layer({dir("d"), file("d/x")}),
                                                    layer({dir("d")})};
    const auto root = build(layers);
    CHECK(root.find("d")->layer == 1);
    CHECK(root.find("d/x") != nullptr);
  }
  SUBCASE("a hardlink shares its target's file and facts")
  {
    auto target = file("usr/bin/tool", 0755);
    target.size = 42;
    target.sha256 = "abc";
    const std::vector<verify::LayerFacts> layers = {
        layer({target}), layer({hlink("usr/bin/tool2", "usr/bin/tool")})};
    const auto root = build(layers);
    const auto* node = root.find("usr/bin/tool2");
    REQUIRE(node != nullptr);
    CHECK(node->type == EntryType::regular);
    CHECK(node->size == 42);
    REQUIRE(node->entry != nullptr);
    CHECK(node->entry->sha256 == "abc");
  }
  SUBCASE("an entry written through a lower layer's symlink lands where the symlink points")
  {
    const std::vector<verify::LayerFacts> layers = {
        layer({dir("usr"), dir("usr/lib"), slink("lib", "usr/lib")}),
        layer({file("lib/libcrypto.so.3")})};
    const auto root = build(layers);
    CHECK(root.find("usr/lib/libcrypto.so.3") != nullptr);
    CHECK(root.find("lib/libcrypto.so.3") == nullptr);
    REQUIRE(root.redirects().size() == 1);
    CHECK(root.redirects()[0].via == "lib");
    CHECK(root.redirects()[0].via_layer == 0);
    CHECK(root.redirects()[0].layer == 1);
  }
}

TEST_CASE("verify::RootFs::resolve")
{
  const std::vector<verify::LayerFacts> layers = {layer({
      dir("usr"),
      dir("usr/lib"),
      dir("usr/lib/x86_64-linux-gnu"),
      file("usr/lib/x86_64-linux-gnu/libcrypto.so.3.0.2"),
      slink("usr/lib/x86_64-linux-gnu/libcrypto.so.3", "libcrypto.so.3.0.2"),
      slink("lib", "usr/lib"),
      slink("bin", "/usr/bin"),
      slink("up", "../../../../usr"),
      slink("loop-a", "loop-b"),
      slink("loop-b", "loop-a"),
      slink("etc", "/nowhere/etc"),
  })};
  const auto root = build(layers);

  SUBCASE("relative symlinks, also in the middle of the path")
  {
    const auto r = root.resolve("lib/x86_64-linux-gnu/libcrypto.so.3");
    REQUIRE(r.has_value());
    CHECK(r->path == "usr/lib/x86_64-linux-gnu/libcrypto.so.3.0.2");
    REQUIRE(r->node != nullptr);
    CHECK(r->node->type == EntryType::regular);
    CHECK(r->first_link == "lib");
  }
  SUBCASE("the last symlink is kept when not following it")
  {
    const auto r = root.resolve("usr/lib/x86_64-linux-gnu/libcrypto.so.3", false);
    REQUIRE(r.has_value());
    CHECK(r->node->type == EntryType::symlink);
  }
  SUBCASE("absolute targets restart at the image root")
  {
    const auto r = root.resolve("bin/pebble");
    REQUIRE(r.has_value());
    CHECK(r->path == "usr/bin/pebble");
    CHECK(r->node == nullptr);
  }
  SUBCASE(".. stops at the root")
  {
    const auto r = root.resolve("up/lib");
    REQUIRE(r.has_value());
    CHECK(r->path == "usr/lib");
    CHECK(r->clamped);
  }
  SUBCASE("a loop is reported, not followed forever")
  {
    CHECK_FALSE(root.resolve("loop-a").has_value());
    CHECK_FALSE(root.resolve("loop-a/x").has_value());
  }
  SUBCASE("a dangling symlink leads nowhere")
  {
    const auto r = root.resolve("etc/passwd");
    REQUIRE(r.has_value());
    CHECK(r->path == "nowhere/etc/passwd");
    CHECK(r->node == nullptr);
  }
}
