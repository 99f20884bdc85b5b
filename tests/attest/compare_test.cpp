// SPDX-License-Identifier: Apache-2.0
#include "attest/compare.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace attest = fipsrock::attest;
using fipsrock::core::ImageInventory;
using fipsrock::core::InventoryFile;
using fipsrock::core::InventoryLayer;
using fipsrock::core::Status;

namespace {

InventoryFile regular(const std::string& sha256, std::uint32_t mode = 0644)
{
  InventoryFile file;
  file.type = "file";
  file.mode = mode;
  file.size = 10;
  file.sha256 = sha256;
  return file;
}

// A small complete inventory: three files, a symlink, one layer, a config.
ImageInventory image(const std::string& name)
{
  ImageInventory out;
  out.file = name;
  out.file_sha256 = std::string(64, 'f');
  out.manifest_digest = "sha256:" + std::string(64, '1');
  out.config_digest = "sha256:" + std::string(64, '2');
  InventoryLayer layer;
  layer.digest = "sha256:" + std::string(64, '3');
  layer.diff_id = "sha256:" + std::string(64, '4');
  layer.content_digest = "sha256:" + std::string(64, '5');
  layer.entries = 4;
  out.layers.push_back(layer);
  out.config["/architecture"] = "\"amd64\"";
  out.config["/config/Entrypoint"] = R"(["/bin/pebble","enter","--args","controller"])";
  out.config["/created"] = "\"2026-01-01T00:00:00Z\"";
  out.config["/config/Labels/org.opencontainers.image.created"] = "\"2026-01-01T00:00:00Z\"";
  out.files["controller"] = regular(std::string(64, 'a'), 0755);
  out.files["etc/os-release"] = regular(std::string(64, 'b'));
  InventoryFile metadata = regular(std::string(64, 'c'));
  metadata.raw_sha256 = std::string(64, 'd');
  metadata.normalized = "the `created` key (the pack time) is left out";
  out.files[".rock/metadata.yaml"] = metadata;
  InventoryFile link;
  link.type = "symlink";
  link.mode = 0777;
  link.link_target = "../lib";
  out.files["usr/bin/libdir"] = link;
  return out;
}

std::size_t count(const attest::Comparison& c, const char* id, Status status)
{
  return static_cast<std::size_t>(
      std::count_if(c.report.findings.begin(), c.report.findings.end(), [&](const auto& f) {
        return f.id == id && f.status == status;
      }));
}

} // namespace

TEST_CASE("compare: the same inventory is bit for bit the same")
{
  const auto c = attest::compare_inventories(image("a.rock"), image("b.rock"));
  CHECK(c.bit_for_bit);
  CHECK(c.equivalent);
  CHECK(c.differences.empty());
  CHECK(c.ignored.empty());
  CHECK(fipsrock::core::exit_code_for(c.report) == fipsrock::core::ExitCode::ok);
  CHECK(count(c, attest::k_rule_compare_strict, Status::pass) == 1);
  CHECK(count(c, attest::k_rule_compare_files, Status::pass) == 1);
}

TEST_CASE("compare: known noise is ignored and named; anything else is a difference")
{
  ImageInventory a = image("a.rock");
  ImageInventory b = image("b.rock");
  b.manifest_digest = "sha256:" + std::string(64, '9');
  b.layers[0].digest = "sha256:" + std::string(64, '8');
  b.config["/created"] = "\"2026-02-02T00:00:00Z\"";
  b.config["/config/Labels/org.opencontainers.image.created"] = "\"2026-02-02T00:00:00Z\"";
  b.config["/history"] = "[]"; // only in B, still noise
  b.files[".rock/metadata.yaml"].raw_sha256 = std::string(64, 'e');

  SUBCASE("noise only: equivalent, not bit for bit")
  {
    const auto c = attest::compare_inventories(a, b);
    CHECK_FALSE(c.bit_for_bit);
    CHECK(c.equivalent);
    CHECK(c.ignored.size() == 4);
    CHECK(count(c, attest::k_rule_compare_noise, Status::info) == 4);
    CHECK(count(c, attest::k_rule_compare_strict, Status::info) == 1);
    // The layer's blob differs, its normalised content does not.
    CHECK(count(c, attest::k_rule_compare_layer, Status::pass) == 1);
    CHECK(fipsrock::core::exit_code_for(c.report) == fipsrock::core::ExitCode::ok);
    const auto json = attest::comparison_json(c, a, b);
    CHECK(json["result"] == "EQUIVALENT");
    CHECK(json["bitForBit"] == false);
    CHECK(json["differences"].empty());
  }
  SUBCASE("a label that is not the pack time is a difference")
  {
    b.config["/config/Labels/org.opencontainers.image.version"] = "\"v2\"";
    const auto c = attest::compare_inventories(a, b);
    CHECK_FALSE(c.equivalent);
    REQUIRE(c.differences.size() == 1);
    CHECK(c.differences[0].kind == "config");
    CHECK(c.differences[0].path == "/config/Labels/org.opencontainers.image.version");
    CHECK(c.differences[0].change == "added");
    CHECK(fipsrock::core::exit_code_for(c.report) == fipsrock::core::ExitCode::check_failed);
  }
  SUBCASE("a file's content, mode, owner, link target; added and removed files")
  {
    b.files["etc/os-release"].sha256 = std::string(64, '0');
    b.files["controller"].mode = 0700;
    b.files["controller"].uid = 1000;
    b.files["usr/bin/libdir"].link_target = "../lib64";
    b.files.erase(".rock/metadata.yaml");
    b.files["usr/bin/extra"] = regular(std::string(64, '7'));
    const auto c = attest::compare_inventories(a, b);
    CHECK_FALSE(c.equivalent);
    REQUIRE(c.differences.size() == 5);
    const auto find = [&](const std::string& path) {
      return *std::find_if(c.differences.begin(), c.differences.end(), [&](const auto& d) {
        return d.path == path;
      });
    };
    CHECK(find("/etc/os-release").what.find("content sha256:bbbbbbbbbbbb -> sha256:000000000000") ==
          0);
    CHECK(find("/etc/os-release").a_sha256 == std::string(64, 'b'));
    CHECK(find("/etc/os-release").b_sha256 == std::string(64, '0'));
    CHECK(find("/controller").what == "mode 0755 -> 0700, owner 0:0 -> 1000:0");
    CHECK(find("/usr/bin/libdir").what == "link target ../lib -> ../lib64");
    CHECK(find("/.rock/metadata.yaml").change == "removed");
    CHECK(find("/usr/bin/extra").change == "added");
    CHECK(find("/usr/bin/extra").b_sha256 == std::string(64, '7'));
    CHECK(count(c, attest::k_rule_compare_file, Status::fail) == 5);
    const auto json = attest::comparison_json(c, a, b);
    CHECK(json["result"] == "DIFFERENT");
    CHECK(json["differences"].size() == 5);
  }
  SUBCASE("a file that became a directory")
  {
    InventoryFile dir;
    dir.type = "dir";
    dir.mode = 0755;
    b.files["etc/os-release"] = dir;
    const auto c = attest::compare_inventories(a, b);
    REQUIRE(c.differences.size() == 1);
    CHECK(c.differences[0].what == "type file -> dir");
  }
}

TEST_CASE("compare: an unreadable rock is an error, and nothing is compared")
{
  ImageInventory a = image("a.rock");
  ImageInventory b = image("b.rock");
  b.problems.push_back("layer 1 (sha256:33) could not be read to its end: truncated gzip data");
  const auto c = attest::compare_inventories(a, b);
  CHECK_FALSE(c.equivalent);
  REQUIRE(c.report.findings.size() == 1);
  CHECK(c.report.findings[0].id == attest::k_rule_compare_readable);
  CHECK(c.report.findings[0].subject == "b.rock");
  CHECK(fipsrock::core::exit_code_for(c.report) == fipsrock::core::ExitCode::error);
}
