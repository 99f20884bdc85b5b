// SPDX-License-Identifier: Apache-2.0
#include "records.hpp"

#include "attest/parse_records.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace fipsrock::attest;
using namespace fipsrock::attest::test;

namespace {

// `base` with the JSON pointer `field` set to `value` (or removed when `value` is discarded).
std::string with(const char* base, const std::string& field, const nlohmann::json& value)
{
  auto doc = nlohmann::json::parse(base);
  if (value.is_discarded()) {
    const nlohmann::json::json_pointer pointer(field);
    doc.at(pointer.parent_pointer()).erase(pointer.back());
  } else {
    doc[nlohmann::json::json_pointer(field)] = value;
  }
  return doc.dump();
}

const nlohmann::json k_removed = nlohmann::json::value_t::discarded;

} // namespace

TEST_CASE("attest::parse_render_record")
{
  SUBCASE("every field attest needs")
  {
    auto r = parse_render_record(k_render_json, "build/x/render.json");
    REQUIRE(r);
    CHECK(r->rock == "metallb-controller");
    CHECK(r->version == "v0.16.1");
    CHECK(r->platforms == std::vector<std::string>{"amd64", "arm64"});
    CHECK(r->source_repo == "https://github.com/metallb/metallb");
    CHECK(r->source_commit == "791dfcc63ced7a6b3e869131eae75e645150fff0");
    CHECK(r->go_strategy == "msgo-tarball");
    CHECK(r->go_version == "1.26.4-1");
    REQUIRE(r->go_archives.size() == 2);
    CHECK(r->go_archives[1].platform == "arm64");
    CHECK(r->go_archives[1].sha256 ==
          "9c1c8660dd3cec69415c476232ffb32d529e158d2b2deca4038804f1766f2f78");
    REQUIRE(r->openssl_debs.size() == 2);
    CHECK(r->openssl_debs[0].version == "3.0.5-0ubuntu0.1+Fips2.1");
    CHECK(r->openssl_debs[1].version.empty()); // null: not pinned
    CHECK(r->project.path == "rockcraft/metallb.yaml");
    CHECK(r->templates.size() == 2);
    CHECK(r->templates_source == "embedded");
    CHECK(r->rockcraft_yaml.sha256 ==
          "12f627e86d8411fd1ef5ca6173358d62870437ca6f6defae3fe67a5ad292ce98");
  }
  SUBCASE("the other strategies")
  {
    auto doc = nlohmann::json::parse(k_render_json);
    doc["strategy"] = {{"go", "go-snap"}, {"openssl", "core22-snap"}, {"requirefips", true}};
    doc["go_toolchain"] = {{"kind", "go-snap"}, {"channel", "1.25-fips/stable"}};
    doc["openssl"] = {{"kind", "core22-snap"}, {"snap", "core22/fips-updates/stable"}};
    auto r = parse_render_record(doc.dump(), "render.json");
    REQUIRE(r);
    CHECK(r->go_snap_channel == "1.25-fips/stable");
    CHECK(r->openssl_snap == "core22/fips-updates/stable");
    CHECK(r->requirefips);
  }
  SUBCASE("errors name the file and the field")
  {
    auto missing = parse_render_record(with(k_render_json, "/source/commit", k_removed), "r.json");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().message == "r.json: /source/commit: missing");
    CHECK(missing.error().hint.find("fipsrock render") != std::string::npos);

    auto short_commit =
        parse_render_record(with(k_render_json, "/source/commit", "791dfcc"), "r.json");
    REQUIRE_FALSE(short_commit);
    CHECK(short_commit.error().message ==
          "r.json: /source/commit: not a full git commit id (40 or 64 lowercase hex digits)");

    auto upper = parse_render_record(
        with(k_render_json, "/inputs/pins/sha256", std::string(64, 'A')), "r.json");
    REQUIRE_FALSE(upper);
    CHECK(upper.error().message.find("r.json: /inputs/pins/sha256: 'AAAA") == 0);

    auto strategy = parse_render_record(with(k_render_json, "/strategy/go", "gccgo"), "r.json");
    REQUIRE_FALSE(strategy);
    CHECK(strategy.error().message == "r.json: /strategy/go: unknown strategy 'gccgo'");

    auto not_json = parse_render_record("{\"rock\": ", "r.json");
    REQUIRE_FALSE(not_json);
    CHECK(not_json.error().message.find("r.json: not valid JSON") == 0);

    auto array = parse_render_record("[]", "r.json");
    REQUIRE_FALSE(array);
    CHECK(array.error().message == "r.json: not a JSON object");

    auto wrong_type = parse_render_record(with(k_render_json, "/platforms", "amd64"), "r.json");
    REQUIRE_FALSE(wrong_type);
    CHECK(wrong_type.error().message == "r.json: /platforms: expected an array");
  }
}

TEST_CASE("attest::parse_pack_record")
{
  SUBCASE("a pack that passed")
  {
    auto p = parse_pack_record(k_pack_json, "pack.json");
    REQUIRE(p);
    CHECK(p->platform == "amd64");
    CHECK(p->argv.size() == 5);
    CHECK(p->rockcraft_version == "1.20.0");
    CHECK(p->rockcraft_revision == "3374");
    CHECK(p->started == "2026-12-04T10:00:00Z");
    CHECK(p->finished == "2026-12-04T10:21:42Z");
    CHECK(p->log_path == "build/metallb-controller/pack.log");
    CHECK(p->artifact_sha256 == std::string(64, '1'));
    CHECK(p->artifact_size == 1234567);
    CHECK(p->mode.empty());
  }
  SUBCASE("a failed pack has nothing to attest")
  {
    auto doc = nlohmann::json::parse(k_pack_json);
    doc["status"] = "fail";
    doc["artifact"] = nullptr;
    doc["failure"] = {{"id", "pack.pro-detached"}};
    auto p = parse_pack_record(doc.dump(), "pack.json");
    REQUIRE_FALSE(p);
    CHECK(p.error().message ==
          "pack.json: the pack of metallb-controller failed [pack.pro-detached]: there is no "
          "artifact to attest");
    CHECK(p.error().hint == "pack again: fipsrock pack metallb-controller");
  }
  SUBCASE("timestamps must be RFC 3339 UTC")
  {
    auto p = parse_pack_record(with(k_pack_json, "/started", "2026-12-04 10:00:00"), "pack.json");
    REQUIRE_FALSE(p);
    CHECK(p.error().message ==
          "pack.json: /started: '2026-12-04 10:00:00' is not an RFC 3339 UTC timestamp");
  }
  SUBCASE("the artifact's size is a byte count")
  {
    auto p = parse_pack_record(with(k_pack_json, "/artifact/size", -1), "pack.json");
    REQUIRE_FALSE(p);
    CHECK(p.error().message == "pack.json: /artifact/size: expected a byte count");
  }
}

TEST_CASE("attest::parse_verify_record")
{
  const std::string rock = "metallb-controller_v0.16.1_amd64.rock";
  SUBCASE("one rock's report with a waiver")
  {
    auto v = parse_verify_record(k_verify_json, "verify.json", rock);
    REQUIRE(v);
    CHECK(v->status == "pass");
    CHECK(v->findings == 2);
    CHECK(v->failed.empty());
    CHECK(v->manifest == "sha256:" + std::string(64, '2'));
    REQUIRE(v->waived.size() == 1);
    CHECK(v->waived[0].id == "pebble.fips");
    CHECK(v->waived[0].subject == "/usr/bin/pebble");
    CHECK(v->waived[0].reason == "rockcraft 1.20 ships the FIPS Pebble; this rock predates it");
    CHECK(v->waived[0].original_status == "warn");
  }
  SUBCASE("failed findings are kept")
  {
    auto doc = nlohmann::json::parse(k_verify_json);
    doc["status"] = "fail";
    doc["findings"][0]["status"] = "fail";
    auto v = parse_verify_record(doc.dump(), "verify.json", rock);
    REQUIRE(v);
    REQUIRE(v->failed.size() == 1);
    CHECK(v->failed[0].id == "oci.blob-digest");
    CHECK(v->failed[0].status == "fail");
  }
  SUBCASE("the report of several rocks: the entry of this rock")
  {
    auto one = nlohmann::json::parse(k_verify_json);
    auto other = one;
    other["rock"] = "elsewhere/metallb-speaker_v0.16.1_amd64.rock";
    other["status"] = "fail";
    nlohmann::json doc{{"command", "verify"}, {"status", "fail"}, {"rocks", {other, one}}};
    auto v = parse_verify_record(doc.dump(), "verify.json", rock);
    REQUIRE(v);
    CHECK(v->status == "pass");
    auto none = parse_verify_record(doc.dump(), "verify.json", "x.rock");
    REQUIRE_FALSE(none);
    CHECK(none.error().message == "verify.json: /rocks: no report of x.rock");
  }
  SUBCASE("a waiver needs its reason; status and findings are required")
  {
    auto no_reason = parse_verify_record(
        with(k_verify_json, "/findings/1/waiver_reason", k_removed), "verify.json", rock);
    REQUIRE_FALSE(no_reason);
    CHECK(no_reason.error().message == "verify.json: /findings/1/waiver_reason: missing");
    auto no_status = parse_verify_record(with(k_verify_json, "/status", k_removed), "v.json", rock);
    REQUIRE_FALSE(no_status);
    CHECK(no_status.error().message == "v.json: /status: missing");
    auto bad_status = parse_verify_record(with(k_verify_json, "/status", "ok"), "v.json", rock);
    REQUIRE_FALSE(bad_status);
    CHECK(bad_status.error().message == "v.json: /status: 'ok' is not pass, fail or error");
    auto no_findings =
        parse_verify_record(with(k_verify_json, "/findings", k_removed), "v.json", rock);
    REQUIRE_FALSE(no_findings);
    CHECK(no_findings.error().message == "v.json: /findings: missing");
  }
}

TEST_CASE("attest::build_mode")
{
  PackRecord p;
  p.argv = {"rockcraft", "pack", "--pro=fips-updates"};
  CHECK(build_mode(p) == "guest-attach");
  p.argv = {"sudo", "-n", "-E", "rockcraft", "pack", "--pro=fips-updates"};
  CHECK(build_mode(p) == "pro-sources");
  p.argv.push_back("--destructive-mode");
  CHECK(build_mode(p) == "destructive");
  p.mode = "guest-attach"; // the record's own word wins
  CHECK(build_mode(p) == "guest-attach");
}

TEST_CASE("attest::is_utc_timestamp")
{
  CHECK(is_utc_timestamp("2026-12-04T10:00:00Z"));
  CHECK(is_utc_timestamp("1985-04-12T23:20:50.52Z"));
  CHECK_FALSE(is_utc_timestamp("2026-12-04T10:00:00+01:00"));
  CHECK_FALSE(is_utc_timestamp("2026-12-04T10:00Z"));
  CHECK_FALSE(is_utc_timestamp("2026-13-04T10:00:00Z"));
  CHECK_FALSE(is_utc_timestamp("2026-12-04T10:00:00.Z"));
  CHECK_FALSE(is_utc_timestamp(""));
}
