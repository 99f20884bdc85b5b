// SPDX-License-Identifier: Apache-2.0
#include "verify/collect.hpp"
#include "verify/go_programs.hpp"
#include "verify/rock_builder.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

namespace verify = fipsrock::verify;
using namespace fipsrock::test;

namespace {

const verify::LayerEntry* find_entry(const verify::LayerFacts& layer, const std::string& path)
{
  for (const auto& e : layer.entries) {
    if (e.path == path) {
      return &e;
    }
  }
  return nullptr;
}

verify::RockFacts collect_rock(const std::string& bytes, verify::Budgets budgets = {})
{
  auto facts = verify::collect_from_memory(bytes, "metallb-controller_v0.14.9_amd64.rock", budgets);
  REQUIRE_MESSAGE(facts.has_value(), (facts ? "" : facts.error().message));
  return *facts;
}

} // namespace

TEST_CASE("verify::collect reads every blob once")
{
  for (const std::string filter : {"gzip", "zstd", "none"}) {
    CAPTURE(filter);
    RockSpec spec;
    spec.filter = filter;
    spec.payload = {{tar_file("usr/bin/pebble", "pebble", 0755),
                     {"bin", 'l', {}, "usr/bin", 0777},
                     {"usr/bin/pebble2", 'h', {}, "usr/bin/pebble", 0755}}};
    const auto facts = collect_rock(make_rock(spec));
    CHECK(facts.outer_error.empty());
    REQUIRE(facts.oci_layout.has_value());
    REQUIRE(facts.index_json.has_value());
    CHECK(facts.blobs.size() == 5); // 3 layers, config, manifest
    REQUIRE(facts.layers.size() == 3);
    for (const auto& blob : facts.blobs) {
      CHECK(blob.complete);
      CHECK(blob.sha256 == blob.encoded);
    }
    const auto& payload = facts.layers[0];
    CHECK(payload.error.empty());
    CHECK(payload.diff_id == digest_of(make_tar(spec.payload[0])));
    CHECK(payload.compression == (filter == "gzip"   ? verify::Compression::gzip
                                  : filter == "zstd" ? verify::Compression::zstd
                                                     : verify::Compression::none));
    const auto* pebble = find_entry(payload, "usr/bin/pebble");
    REQUIRE(pebble != nullptr);
    CHECK(pebble->sha256 == fipsrock::core::sha256_hex("pebble"));
    CHECK(pebble->mode == 0755);
    CHECK(find_entry(payload, "bin")->link_target == "usr/bin");
    CHECK(find_entry(payload, "usr/bin/pebble2")->type == verify::EntryType::hardlink);
    const auto* metadata = find_entry(facts.layers[2], ".rock/metadata.yaml");
    REQUIRE(metadata != nullptr);
    REQUIRE(metadata->content.has_value());
    CHECK(metadata->content->find("name: metallb-controller") != std::string::npos);
    CHECK_FALSE(pebble->content.has_value());
  }
}

TEST_CASE("verify::collect parses ELF files and keeps only the largest one's worth of memory")
{
  const GoBinary* go = go_binary(GoProgram::cgo);
  if (go == nullptr) {
    return;
  }
  RockSpec spec;
  spec.payload = {{tar_file("controller", go->bytes, 0755),
                   tar_file("small",
                            "\x7f"
                            "ELF",
                            0755)}};
  const auto facts = collect_rock(make_rock(spec));
  const auto* controller = find_entry(facts.layers[0], "controller");
  REQUIRE(controller != nullptr);
  REQUIRE(controller->elf.has_value());
  CHECK(controller->elf->error.empty());
  REQUIRE(controller->elf->elf.has_value());
  CHECK(controller->elf->elf->has_interp);
  REQUIRE(controller->elf->go.has_value());
  CHECK(controller->elf->go->setting("CGO_ENABLED") == "1");
  CHECK(facts.largest_buffered == go->bytes.size());
  const auto* small = find_entry(facts.layers[0], "small");
  REQUIRE(small->elf.has_value());
  CHECK_FALSE(small->elf->elf.has_value());
  CHECK_FALSE(small->elf->error.empty());

  verify::Budgets budgets;
  budgets.max_elf_bytes = 1000;
  const auto capped = collect_rock(make_rock(spec), budgets);
  const auto* big = find_entry(capped.layers[0], "controller");
  REQUIRE(big->elf.has_value());
  CHECK(big->elf->error.find("max_elf_bytes") != std::string::npos);
  CHECK(big->elf->go_magic); // still known to be a Go binary
  CHECK(capped.largest_buffered < 1000);
}

TEST_CASE("verify::collect scans the FIPS provider for its identity")
{
  RockSpec spec;
  spec.payload = {{tar_file("usr/lib/x86_64-linux-gnu/ossl-modules-3/fips.so",
                            std::string("\x7f"
                                        "ELF\0\0",
                                        6) +
                                "Ubuntu 22.04 OpenSSL Cryptographic Module" + std::string(1, '\0') +
                                "3.0.5-0ubuntu0.1+Fips2.1" + std::string(1, '\0'))}};
  const auto facts = collect_rock(make_rock(spec));
  const auto* fips = find_entry(facts.layers[0], "usr/lib/x86_64-linux-gnu/ossl-modules-3/fips.so");
  REQUIRE(fips != nullptr);
  REQUIRE(fips->strings.size() == 2);
  CHECK(fips->strings[0] == "Ubuntu 22.04 OpenSSL Cryptographic Module");
  CHECK(fips->strings[1] == "3.0.5-0ubuntu0.1+Fips2.1");
}

TEST_CASE("verify::collect budgets")
{
  RockSpec spec;
  spec.payload = {{tar_file("zeros", std::string(4 << 20, '\0'))}};
  const std::string rock = make_rock(spec);

  SUBCASE("total bytes: the layer stops, later layers are not decoded")
  {
    verify::Budgets budgets;
    budgets.max_total_bytes = 1 << 20;
    const auto facts = collect_rock(rock, budgets);
    CHECK(facts.layers[0].budget.find("max_total_bytes") != std::string::npos);
    CHECK(facts.layers[0].diff_id.empty());
    CHECK(facts.layers[1].budget.find("not decoded") == 0);
    CHECK(facts.budget.find("max_total_bytes") != std::string::npos);
    for (const auto& blob : facts.blobs) {
      CHECK(blob.sha256 == blob.encoded); // blobs are still hashed
    }
  }
  SUBCASE("compression ratio")
  {
    verify::Budgets budgets;
    budgets.ratio_floor = 1 << 20;
    budgets.max_ratio = 20;
    const auto facts = collect_rock(rock, budgets);
    CHECK(facts.layers[0].budget.find("compression ratio above 20:1") == 0);
    CHECK(facts.layers[1].budget.empty());
  }
  SUBCASE("entry size and count")
  {
    verify::Budgets budgets;
    budgets.max_entry_bytes = 1000;
    CHECK(collect_rock(rock, budgets).layers[0].budget.find("max_entry_bytes") !=
          std::string::npos);
    budgets = {};
    budgets.max_entries = 2;
    CHECK(collect_rock(rock, budgets).budget.find("max_entries") != std::string::npos);
  }
}

TEST_CASE("verify::collect on broken input")
{
  SUBCASE("not a tar")
  {
    const auto facts = verify::collect_from_memory("hello", "x.rock", {});
    REQUIRE_FALSE(facts.has_value());
    CHECK(facts.error().message.find("x.rock: not a tar archive") == 0);
  }
  SUBCASE("a missing file")
  {
    const auto facts = verify::collect("/nonexistent/x.rock", {});
    REQUIRE_FALSE(facts.has_value());
    CHECK(facts.error().message.find("cannot read /nonexistent/x.rock") == 0);
  }
  SUBCASE("truncated in the middle of a blob")
  {
    // An incompressible payload makes the first blob most of the file.
    std::string noise;
    for (std::uint32_t x = 1; noise.size() < 200000;) {
      x = x * 1103515245U + 12345U;
      noise += static_cast<char>(x >> 24);
    }
    RockSpec spec;
    spec.payload = {{tar_file("noise", noise)}};
    const std::string rock = make_rock(spec);
    const auto facts = collect_rock(rock.substr(0, rock.size() / 2));
    CHECK_FALSE(facts.outer_error.empty());
    bool incomplete = false;
    for (const auto& blob : facts.blobs) {
      incomplete = incomplete || !blob.complete;
    }
    CHECK(incomplete);
  }
  SUBCASE("a layer blob that is not a tar")
  {
    const std::string junk(5000, 'j');
    const std::string rock =
        make_tar({tar_file("blobs/sha256/" + digest_of(junk).substr(7), junk)});
    const auto facts = collect_rock(rock);
    REQUIRE(facts.layers.size() == 1);
    CHECK_FALSE(facts.layers[0].error.empty());
    CHECK(facts.blobs[0].sha256 == facts.blobs[0].encoded);
  }
}

TEST_CASE("verify::collect reports its progress: each entry, each layer, more than 8 MB in a layer")
{
  RockSpec spec;
  // 12 MB of incompressible data: at least one report from inside the layer.
  std::string noise(12u << 20, '\0');
  std::uint32_t x = 2463534242u;
  for (char& c : noise) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    c = static_cast<char>(x);
  }
  spec.payload = {{tar_file("usr/bin/pebble", "pebble", 0755), tar_file("usr/share/noise", noise)}};
  const std::string bytes = make_rock(spec);
  std::vector<verify::ReadProgress> seen;
  auto facts = verify::collect_from_memory(
      bytes, "metallb-controller_v0.14.9_amd64.rock", {}, [&seen](const verify::ReadProgress& p) {
        seen.push_back(p);
      });
  REQUIRE(facts);
  REQUIRE(seen.size() >= 2);
  for (std::size_t i = 1; i < seen.size(); ++i) {
    CHECK(seen[i].bytes_read >= seen[i - 1].bytes_read);
  }
  // The last report is the end: everything read, no entry.
  CHECK(seen.back().entry.empty());
  std::uint64_t total = facts->index_json->size() + facts->oci_layout->size();
  for (const auto& blob : facts->blobs) {
    total += blob.size;
  }
  CHECK(facts->outer_bytes == total);
  CHECK(seen.back().bytes_read == total);
  // Every blob is announced as it starts; the three layers as layers, one of them from inside.
  for (const auto& blob : facts->blobs) {
    CHECK(
        std::any_of(seen.begin(), seen.end(), [&](const auto& p) { return p.entry == blob.name; }));
  }
  const auto layer_reports =
      std::count_if(seen.begin(), seen.end(), [](const auto& p) { return p.layer; });
  CHECK(layer_reports >= 3 + 1);
  const auto inside = std::find_if(
      seen.begin(), seen.end(), [](const auto& p) { return p.layer && p.bytes_read > (8u << 20); });
  CHECK(inside != seen.end());
}
