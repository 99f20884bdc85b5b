// SPDX-License-Identifier: Apache-2.0
#include "verify/policy.hpp"

#include <doctest/doctest.h>

namespace verify = fipsrock::verify;
using fipsrock::core::Finding;
using fipsrock::core::Report;
using fipsrock::core::Status;

TEST_CASE("verify::parse_policy")
{
  SUBCASE("every section")
  {
    const auto p = verify::parse_policy(R"(
go:
  expected-version: "1.26.4"
  msgo-revision: "1"
  accept-boringcrypto: true
  require-ms-tls13kdf: false
expect: {name: metallb-controller, version: v0.14.9, platform: amd64}
pebble: {require-fips: true}
budgets: {max-total-bytes: 1000, max-ratio: 50}
waivers:
  - rule: pebble.fips
    subject: /usr/bin/pebble
    reason: MetalLB's docs say Pebble is not FIPS-built
)",
                                        "policy.yaml");
    REQUIRE_MESSAGE(p.has_value(), (p ? "" : p.error().message));
    CHECK(p->go.expected_go_version == "1.26.4");
    CHECK(p->go.expected_msgo_revision == "1");
    CHECK(p->go.accept_boringcrypto);
    CHECK_FALSE(p->go.require_ms_tls13kdf_for_123_124);
    CHECK(p->expect_platform == "amd64");
    CHECK(p->require_fips_pebble);
    CHECK(p->budgets.max_total_bytes == 1000);
    CHECK(p->budgets.max_ratio == 50);
    CHECK(p->budgets.max_entries == verify::Budgets{}.max_entries);
    REQUIRE(p->waivers.size() == 1);
    CHECK(p->waivers[0].rule == "pebble.fips");
  }
  SUBCASE("empty is the defaults")
  {
    const auto p = verify::parse_policy("", "policy.yaml");
    REQUIRE(p.has_value());
    CHECK_FALSE(p->go.accept_boringcrypto);
    CHECK(p->waivers.empty());
  }
  SUBCASE("errors say where")
  {
    CHECK(verify::parse_policy("go:\n  acept-boringcrypto: true\n", "p.yaml").error().message ==
          "p.yaml:2: go.acept-boringcrypto: unknown key (did you mean 'accept-boringcrypto'?)");
    CHECK(verify::parse_policy("waivers:\n  - rule: a\n    subject: b\n", "p.yaml")
              .error()
              .message.find("p.yaml:2: waivers[0].reason: missing") == 0);
    CHECK(verify::parse_policy("waivers:\n  - {rule: a, subject: b, reason: ''}\n", "p.yaml")
              .error()
              .message == "p.yaml:2: waivers[0].reason: must not be empty");
    CHECK(verify::parse_policy("budgets: {max-ratio: -3}\n", "p.yaml").error().message ==
          "p.yaml:1: budgets.max-ratio: expected a whole number, got '-3'");
    CHECK(verify::parse_policy("go: {accept-boringcrypto: maybe}\n", "p.yaml").error().message ==
          "p.yaml:1: go.accept-boringcrypto: expected true or false");
    CHECK(verify::parse_policy("go: [\n", "p.yaml").error().message.find("p.yaml:") == 0);
  }
}

TEST_CASE("verify::subject_matches")
{
  CHECK(verify::subject_matches("/usr/bin/pebble", "/usr/bin/pebble"));
  CHECK_FALSE(verify::subject_matches("/usr/bin/pebble", "/usr/bin/pebble2"));
  CHECK(verify::subject_matches("/usr/bin/*", "/usr/bin/pebble"));
  CHECK(verify::subject_matches("layer ?*: *", "layer 2 (sha256:ab): usr/x"));
  CHECK_FALSE(verify::subject_matches("/usr/lib/*.so", "/usr/lib/a.so.3"));
  CHECK(verify::subject_matches("*", ""));
  CHECK(verify::subject_matches(std::string(50, '*') + "x", std::string(5000, 'a') + "x"));
}

TEST_CASE("verify::apply_waivers")
{
  Report report;
  report.command = "verify";
  report.findings = {
      Finding{"go.crypto-backend", Status::fail, "/controller", "no backend", "", {}},
      Finding{"go.crypto-backend", Status::fail, "/speaker", "no backend", "", {}},
      Finding{"pebble.fips", Status::pass, "/usr/bin/pebble", "ok", "", {}}};
  const auto result =
      verify::apply_waivers(report,
                            {{"go.crypto-backend", "/controller", "a test stand-in"},
                             {"pebble.fips", "/usr/bin/pebble", "passes anyway"},
                             {"rock.name", "x", "matches nothing"}});
  REQUIRE(result.waived.size() == 1);
  CHECK(result.waived[0].finding == 0);
  CHECK(result.waived[0].original == Status::fail);
  const auto& findings = result.report.findings;
  CHECK(findings[0].status == Status::info);
  CHECK(findings[0].message == "no backend [waived fail: a test stand-in]");
  CHECK(findings[1].status == Status::fail);
  // Waivers that matched nothing (a pass is not waived) are reported.
  REQUIRE(findings.size() == 5);
  CHECK(findings[3].id == "policy.waiver");
  CHECK(findings[3].status == Status::warn);
  CHECK(findings[4].message == "the waiver of rock.name for x matched no finding");
}
