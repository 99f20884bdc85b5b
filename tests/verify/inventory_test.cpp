// SPDX-License-Identifier: Apache-2.0
#include "core/digest.hpp"
#include "verify/collect.hpp"
#include "verify/inventory.hpp"
#include "verify/rock_builder.hpp"

#include <doctest/doctest.h>

namespace verify = fipsrock::verify;
using namespace fipsrock::test;

namespace {

fipsrock::core::ImageInventory inventory_of(const RockSpec& spec)
{
  const std::string bytes = make_rock(spec);
  auto facts = verify::collect_from_memory(bytes, "metallb-controller_v0.14.9_amd64.rock", {});
  REQUIRE(facts);
  return verify::inventory(*facts);
}

} // namespace

TEST_CASE("inventory: the merged root filesystem, the config and a content digest per layer")
{
  RockSpec spec;
  spec.env = {"PATH=/usr/bin"};
  spec.payload = {{tar_file("usr/bin/pebble", "pebble", 0755),
                   tar_file("etc/os-release", "ID=ubuntu\n"),
                   {"usr/lib/libcrypto.so", 'l', {}, "libcrypto.so.3", 0777}},
                  // A later layer deletes os-release.
                  {tar_file("etc/.wh.os-release", "")}};
  const auto inv = inventory_of(spec);
  CHECK(inv.problems.empty());
  REQUIRE(inv.layers.size() == 4);
  CHECK(inv.layers[0].entries == 3);
  CHECK(inv.layers[0].content_digest.rfind("sha256:", 0) == 0);
  CHECK(inv.layers[0].diff_id.rfind("sha256:", 0) == 0);
  CHECK(inv.manifest_digest.rfind("sha256:", 0) == 0);

  REQUIRE(inv.files.count("usr/bin/pebble") == 1);
  const auto& pebble = inv.files.at("usr/bin/pebble");
  CHECK(pebble.type == "file");
  CHECK(pebble.mode == 0755);
  CHECK(pebble.size == 6);
  CHECK(pebble.sha256 == fipsrock::core::sha256_hex("pebble"));
  CHECK(inv.files.at("usr/lib/libcrypto.so").type == "symlink");
  CHECK(inv.files.at("usr/lib/libcrypto.so").link_target == "libcrypto.so.3");
  CHECK(inv.files.count("etc/os-release") == 0); // whited out
  CHECK(inv.files.count("etc/.wh.os-release") == 0);

  CHECK(inv.config.at("/architecture") == "\"amd64\"");
  CHECK(inv.config.at("/config/Env") == R"(["PATH=/usr/bin"])");
  CHECK(inv.config.at("/config/Labels/org.opencontainers.image.version") == "\"v0.14.9\"");
  CHECK(inv.config.count("/rootfs/diff_ids") == 1);
}

TEST_CASE("inventory: the same files in another order and with other times digest the same")
{
  RockSpec a;
  a.payload = {{tar_file("usr/bin/pebble", "pebble", 0755), tar_file("etc/x", "x")}};
  RockSpec b;
  b.payload = {{tar_file("etc/x", "x"), tar_file("usr/bin/pebble", "pebble", 0755)}};
  const auto one = inventory_of(a);
  const auto two = inventory_of(b);
  CHECK(one.layers[0].diff_id != two.layers[0].diff_id);
  CHECK(one.layers[0].content_digest == two.layers[0].content_digest);
  RockSpec c = a;
  c.payload[0][1].mode = 0600;
  CHECK(inventory_of(c).layers[0].content_digest != one.layers[0].content_digest);
}

TEST_CASE("inventory: .rock/metadata.yaml is digested without its created key")
{
  const std::string one = "name: x\nversion: '1'\ncreated: '2026-01-01T00:00:00+00:00'\n";
  const std::string two = "created: '2026-06-01T12:00:00+00:00'\nname: x\nversion: '1'\n";
  const std::string other = "name: y\nversion: '1'\ncreated: '2026-01-01T00:00:00+00:00'\n";
  const std::string a = verify::metadata_digest_without_created(one);
  CHECK(a.size() == 64);
  CHECK(a == verify::metadata_digest_without_created(two));
  CHECK(a != verify::metadata_digest_without_created(other));
  CHECK(verify::metadata_digest_without_created("- a list\n").empty());
  CHECK(verify::metadata_digest_without_created("name: [unclosed\n").empty());

  RockSpec spec;
  const auto inv = inventory_of(spec);
  const auto& metadata = inv.files.at(".rock/metadata.yaml");
  CHECK(!metadata.normalized.empty());
  CHECK(metadata.sha256 ==
        verify::metadata_digest_without_created(
            "architecture: amd64\nbase: bare\nname: metallb-controller\nversion: v0.14.9\n"));
  CHECK(metadata.raw_sha256.size() == 64);
}

TEST_CASE("inventory: a rock that cannot be read whole has problems")
{
  RockSpec spec;
  std::string bytes = make_rock(spec);
  // Damage the first layer blob (the outer tar lists the blobs first): one byte inside it.
  bytes[512 + 40] = static_cast<char>(bytes[512 + 40] ^ 0x55);
  auto facts = verify::collect_from_memory(bytes, "metallb-controller_v0.14.9_amd64.rock", {});
  REQUIRE(facts);
  const auto inv = verify::inventory(*facts);
  REQUIRE_FALSE(inv.problems.empty());
  CHECK(inv.problems.front().find("oci.blob-digest") != std::string::npos);
}
