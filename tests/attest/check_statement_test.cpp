// SPDX-License-Identifier: Apache-2.0
#include "attest/check_statement.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace fipsrock::attest;
using Json = nlohmann::json;

namespace {

// The smallest statements that pass, one per predicate attest writes.
Json provenance()
{
  return Json::parse(R"({
    "_type": "https://in-toto.io/Statement/v1",
    "subject": [{"name": "a.rock", "digest": {"sha256": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}}],
    "predicateType": "https://slsa.dev/provenance/v1",
    "predicate": {
      "buildDefinition": {"buildType": "https://fipsrock.dev/buildtypes/rockcraft-pro/v1",
                          "externalParameters": {"rock": "a"},
                          "resolvedDependencies": [{"uri": "git+https://x@refs/tags/v1",
                                                    "digest": {"gitCommit": "791dfcc63ced7a6b3e869131eae75e645150fff0"}}]},
      "runDetails": {"builder": {"id": "https://fipsrock.dev/builder/h"},
                     "metadata": {"startedOn": "2026-12-04T10:00:00Z"}}
    }
  })");
}

Json summary()
{
  return Json::parse(R"({
    "_type": "https://in-toto.io/Statement/v1",
    "subject": [{"name": "a.rock", "digest": {"sha256": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}}],
    "predicateType": "https://slsa.dev/verification_summary/v1",
    "predicate": {
      "verifier": {"id": "https://fipsrock.dev/verifier/h"},
      "timeVerified": "2026-12-04T10:25:00Z",
      "resourceUri": "pkg:oci/a@sha256%3Aaa",
      "policy": {"uri": "policy.yaml"},
      "verificationResult": "PASSED",
      "verifiedLevels": ["SLSA_BUILD_LEVEL_1"]
    }
  })");
}

// The one problem of `statement`.
std::string problem(const Json& statement)
{
  const auto problems = statement_problems(statement);
  REQUIRE(problems.size() == 1);
  return problems.front();
}

} // namespace

TEST_CASE("attest::statement_problems")
{
  CHECK(statement_problems(provenance()).empty());
  CHECK(statement_problems(summary()).empty());

  SUBCASE("the Statement layer")
  {
    Json s = provenance();
    s["_type"] = "https://in-toto.io/Statement/v0.1";
    CHECK(problem(s) ==
          "_type: \"https://in-toto.io/Statement/v0.1\" is not https://in-toto.io/Statement/v1");
    s = provenance();
    s["subject"] = Json::array();
    CHECK(problem(s) == "subject: missing, empty or not an array");
    s["subject"] = provenance()["subject"][0]; // an object, not an array (denoland/deno#25199)
    CHECK(problem(s) == "subject: missing, empty or not an array");
    s = provenance();
    s["subject"][0]["digest"] = Json::object();
    CHECK(statement_problems(s).front() == "subject[0].digest: empty or not an object");
    s["subject"][0]["digest"] = {{"sha256", std::string(64, 'A')}};
    CHECK(problem(s).find("subject[0].digest.sha256: 'AAAA") == 0);
    s["subject"][0]["digest"] = {{"sha512", std::string(128, 'a')}};
    CHECK(problem(s) == "subject[0].digest: has no sha256");
    s = provenance();
    s.erase("predicate");
    CHECK(problem(s) == "predicate: missing");
    s = provenance();
    s["predicateType"] = "https://example.com/other/v1";
    CHECK(problem(s).find("predicateType: https://example.com/other/v1 is none of") == 0);
    CHECK(problem(Json::array()) == "statement: not a JSON object");
  }
  SUBCASE("SLSA Provenance v1: the fields Build L1 requires")
  {
    Json s = provenance();
    s["predicate"]["runDetails"]["builder"]["id"] = ""; // BuildKit's default
    CHECK(problem(s) == "predicate.runDetails.builder.id: empty or not a string");
    s = provenance();
    s["predicate"]["buildDefinition"].erase("externalParameters");
    CHECK(problem(s) == "predicate.buildDefinition.externalParameters: missing");
    s["predicate"]["buildDefinition"]["externalParameters"] = Json::object();
    CHECK(problem(s) == "predicate.buildDefinition.externalParameters: empty");
    s = provenance();
    s["predicate"]["buildDefinition"].erase("buildType");
    CHECK(problem(s) == "predicate.buildDefinition.buildType: missing");
    s = provenance();
    s["predicate"]["runDetails"]["metadata"]["startedOn"] = "2026-12-04T10:00:00+02:00";
    CHECK(problem(s).find("predicate.runDetails.metadata.startedOn: '2026-12-04T10:00:00+02:00' is "
                          "not an RFC 3339 UTC timestamp") == 0);
    s = provenance();
    s["predicate"]["buildDefinition"]["resolvedDependencies"][0] = {{"name", "x"}};
    CHECK(problem(s) ==
          "predicate.buildDefinition.resolvedDependencies[0]: has none of uri, digest, content");
    s = provenance();
    s["predicate"]["buildDefinition"]["resolvedDependencies"][0]["digest"]["gitCommit"] = "791dfcc";
    CHECK(problem(s).find("predicate.buildDefinition.resolvedDependencies[0].digest.gitCommit:") ==
          0);
  }
  SUBCASE("the verification summary's required fields")
  {
    Json s = summary();
    s["predicate"]["verificationResult"] = "OK";
    CHECK(problem(s) == "predicate.verificationResult: 'OK' is not PASSED or FAILED");
    s = summary();
    s["predicate"]["policy"] = {{"digest", {{"sha256", std::string(64, 'a')}}}};
    CHECK(problem(s) == "predicate.policy.uri: missing");
    s = summary();
    s["predicate"]["verifiedLevels"] = Json::array();
    CHECK(problem(s) == "predicate.verifiedLevels: missing, empty or not an array");
    s = summary();
    s["predicate"].erase("timeVerified");
    CHECK(problem(s) == "predicate.timeVerified: missing");
    s = summary();
    s["predicate"]["verifier"] = "fipsrock";
    CHECK(problem(s) == "predicate.verifier: not an object");
  }
}

TEST_CASE("attest::statement_problems of the compare predicate")
{
  Json statement = Json::parse(R"({
    "_type": "https://in-toto.io/Statement/v1",
    "subject": [{"name": "a.rock", "digest": {"sha256": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}}],
    "predicateType": "https://fipsrock.dev/attestation/compare/v1",
    "predicate": {
      "comparator": {"id": "https://fipsrock.dev/compare", "version": "0.1.0"},
      "timeCompared": "2026-12-04T10:30:00Z",
      "inputAttestations": [{"uri": "attestation.intoto.json",
                             "digest": {"sha256": "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"}}],
      "result": "EQUIVALENT",
      "bitForBit": false,
      "a": {"file": "a.rock", "sha256": "aa", "manifest": "sha256:11"},
      "b": {"file": "b.rock", "sha256": "bb", "manifest": "sha256:22"},
      "differences": [],
      "ignored": ["/created: the image creation time"]
    }
  })");
  CHECK(statement_problems(statement).empty());

  SUBCASE("a result that is neither EQUIVALENT nor DIFFERENT")
  {
    statement["predicate"]["result"] = "SAME";
    CHECK(problem(statement) == "predicate.result: 'SAME' is not EQUIVALENT or DIFFERENT");
  }
  SUBCASE("EQUIVALENT with differences listed")
  {
    statement["predicate"]["differences"] = Json::array({{{"path", "/x"}}});
    CHECK(problem(statement) == "predicate.differences: not empty, yet the result is EQUIVALENT");
    statement["predicate"]["result"] = "DIFFERENT";
    CHECK(statement_problems(statement).empty());
  }
  SUBCASE("the other rock's digest missing")
  {
    statement["predicate"]["b"].erase("sha256");
    CHECK(problem(statement).rfind("predicate.b.sha256", 0) == 0);
  }
  SUBCASE("bitForBit not a boolean, timeCompared not UTC")
  {
    statement["predicate"]["bitForBit"] = "no";
    CHECK(problem(statement) == "predicate.bitForBit: missing or not a boolean");
    statement["predicate"]["bitForBit"] = true;
    statement["predicate"]["timeCompared"] = "2026-12-04 10:30";
    CHECK(problem(statement).rfind("predicate.timeCompared", 0) == 0);
  }
  SUBCASE("an unknown predicate type names the three known ones")
  {
    statement["predicateType"] = "https://example.com/other/v1";
    CHECK(problem(statement).find("https://fipsrock.dev/attestation/compare/v1") !=
          std::string::npos);
  }
}
