// SPDX-License-Identifier: Apache-2.0
#include "keys.hpp"

#include "attest/evaluate.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace fipsrock::attest;
using namespace fipsrock::attest::test;
using fipsrock::core::Status;
using Json = nlohmann::json;

namespace {

const std::string k_rock_sha = std::string(64, 'a');

std::string statement(const std::string& predicate_type = "https://slsa.dev/provenance/v1",
                      const std::string& result = "PASSED")
{
  Json s{
      {"_type", "https://in-toto.io/Statement/v1"},
      {"subject",
       {{{"name", "metallb-controller_v0.16.1_amd64.rock"}, {"digest", {{"sha256", k_rock_sha}}}},
        {{"name", "metallb-controller:v0.16.1"}, {"digest", {{"sha256", std::string(64, 'b')}}}}}},
      {"predicateType", predicate_type}};
  if (predicate_type == "https://slsa.dev/provenance/v1") {
    s["predicate"] = {{"buildDefinition",
                       {{"buildType", "https://fipsrock.dev/buildtypes/rockcraft-pro/v1"},
                        {"externalParameters", {{"rock", "metallb-controller"}}}}},
                      {"runDetails", {{"builder", {{"id", "https://fipsrock.dev/builder/h"}}}}}};
  } else {
    s["predicate"] = {{"verifier", {{"id", "https://fipsrock.dev/verifier/h"}}},
                      {"timeVerified", "2026-12-04T10:25:00Z"},
                      {"resourceUri", "pkg:oci/metallb-controller@sha256%3Abb"},
                      {"policy", {{"uri", "policy.yaml"}}},
                      {"verificationResult", result},
                      {"verifiedLevels", {result == "PASSED" ? "SLSA_BUILD_LEVEL_1" : "FAILED"}}};
  }
  return s.dump(2) + "\n";
}

std::string signed_envelope(const std::string& payload)
{
  return envelope_json(*sign_envelope(payload, *Key::private_from_pem(k_private_pem, "key.pem")));
}

Key public_key(const char* pem = k_public_pem, const std::string& name = "pub.pem")
{
  return *Key::public_from_pem(pem, name);
}

fipsrock::core::Report
run(const std::string& text, const Key* key, std::vector<RockDigest> rocks = {})
{
  auto report = evaluate_attestation({"att.json", text, std::move(rocks)}, key);
  REQUIRE(report);
  return *report;
}

// The findings of `report` with `id`, as "status: message" lines.
std::vector<std::string> findings(const fipsrock::core::Report& report, const std::string& id)
{
  std::vector<std::string> out;
  for (const auto& f : report.findings) {
    if (f.id == id) {
      out.push_back(std::string(fipsrock::core::to_string(f.status)) + ": " + f.message);
    }
  }
  return out;
}

} // namespace

TEST_CASE("attest::evaluate_attestation")
{
  const Key pub = public_key();
  const RockDigest rock{"build/x/metallb-controller_v0.16.1_amd64.rock", k_rock_sha};

  SUBCASE("a signed provenance, the right key, the right rock")
  {
    const auto report = run(signed_envelope(statement()), &pub, {rock});
    CHECK(findings(report, "attest.signature") ==
          std::vector<std::string>{std::string("pass: signature verifies with pub.pem (keyid ") +
                                   k_keyid + ")"});
    CHECK(findings(report, "attest.statement") ==
          std::vector<std::string>{
              "pass: an in-toto Statement v1 of https://slsa.dev/provenance/v1"});
    CHECK(findings(report, "attest.subject") ==
          std::vector<std::string>{"pass: build/x/metallb-controller_v0.16.1_amd64.rock is subject "
                                   "'metallb-controller_v0.16.1_amd64.rock' (sha256:" +
                                   k_rock_sha + ")"});
    CHECK(fipsrock::core::overall_status(report) == Status::pass);
  }
  SUBCASE("one byte of the statement changed after signing")
  {
    auto doc = Json::parse(signed_envelope(statement()));
    std::string payload = *base64_decode(doc["payload"].get<std::string>());
    payload[payload.find("rockcraft-pro")] = 'R';
    doc["payload"] = base64_encode(payload);
    const auto report = run(doc.dump(), &pub, {rock});
    CHECK(findings(report, "attest.signature") ==
          std::vector<std::string>{"fail: signature does not verify with pub.pem"});
    CHECK(fipsrock::core::overall_status(report) == Status::fail);
  }
  SUBCASE("one byte of the signature changed")
  {
    auto doc = Json::parse(signed_envelope(statement()));
    std::string sig = *base64_decode(doc["signatures"][0]["sig"].get<std::string>());
    sig[sig.size() - 1] = static_cast<char>(sig[sig.size() - 1] ^ 0x40);
    doc["signatures"][0]["sig"] = base64_encode(sig);
    CHECK(findings(run(doc.dump(), &pub), "attest.signature") ==
          std::vector<std::string>{"fail: signature does not verify with pub.pem"});
  }
  SUBCASE("another key")
  {
    const Key other = public_key(k_other_public_pem, "other.pem");
    CHECK(findings(run(signed_envelope(statement()), &other), "attest.signature") ==
          std::vector<std::string>{"fail: signature does not verify with other.pem"});
  }
  SUBCASE("a payload that is not base64 is a failed check, not a crash")
  {
    auto doc = Json::parse(signed_envelope(statement()));
    doc["payload"] = "%%%";
    CHECK(
        findings(run(doc.dump(), &pub), "attest.signature") ==
        std::vector<std::string>{"fail: DSSE envelope: payload: not base64: unexpected character"});
  }
  SUBCASE("an envelope of another payloadType")
  {
    auto doc = Json::parse(signed_envelope(statement()));
    doc["payloadType"] = "application/json";
    CHECK(findings(run(doc.dump(), &pub), "attest.signature") ==
          std::vector<std::string>{
              "fail: payloadType is 'application/json', not application/vnd.in-toto+json"});
  }
  SUBCASE("unsigned: refused with a key, reported without one")
  {
    CHECK(findings(run(statement(), &pub), "attest.signature") ==
          std::vector<std::string>{
              "fail: att.json is an unsigned statement, but --key pub.pem was given: refusing it"});
    const auto report = run(statement(), nullptr, {rock});
    CHECK(findings(report, "attest.signature") ==
          std::vector<std::string>{
              "info: unsigned: att.json is a plain statement, not a signed DSSE envelope"});
    CHECK(fipsrock::core::overall_status(report) == Status::pass);
  }
  SUBCASE("signed, but no key to check it with")
  {
    const auto report = run(signed_envelope(statement()), nullptr);
    CHECK(findings(report, "attest.signature") ==
          std::vector<std::string>{std::string("info: signed (keyid ") + k_keyid +
                                   "); the signature was not checked: give --key PUB.pem"});
  }
  SUBCASE("subject digest mismatch, or not a subject at all")
  {
    const RockDigest changed{rock.path, std::string(64, 'c')};
    CHECK(findings(run(statement(), nullptr, {changed}), "attest.subject") ==
          std::vector<std::string>{"fail: subject digest mismatch: " + rock.path +
                                   " has sha256:" + std::string(64, 'c') +
                                   ", attestation names sha256:" + k_rock_sha});
    const RockDigest stranger{"other.rock", std::string(64, 'c')};
    CHECK(findings(run(statement(), nullptr, {stranger}), "attest.subject") ==
          std::vector<std::string>{"fail: other.rock (sha256:" + std::string(64, 'c') +
                                   ") is not a subject of att.json"});
    // in-toto matches purely by digest: a renamed copy is still the subject
    const RockDigest renamed{"renamed.rock", k_rock_sha};
    CHECK(findings(run(statement(), nullptr, {renamed}), "attest.subject").at(0).find("pass:") ==
          0);
  }
  SUBCASE("a broken statement: one finding per problem")
  {
    auto doc = Json::parse(statement());
    doc["predicate"]["runDetails"]["builder"]["id"] = "";
    doc.erase("_type");
    const auto report = run(signed_envelope(doc.dump()), &pub);
    CHECK(findings(report, "attest.statement") ==
          std::vector<std::string>{
              "fail: statement: _type: missing",
              "fail: statement: predicate.runDetails.builder.id: empty or not a string"});
    CHECK(findings(report, "attest.signature").at(0).find("pass:") == 0);
    CHECK(findings(run("{\"payload\": \"bm90IGpzb24=\", \"payloadType\": "
                       "\"application/vnd.in-toto+json\", \"signatures\": []}",
                       nullptr),
                   "attest.statement")
              .at(0)
              .find("fail: cannot read the statement:") == 0);
  }
  SUBCASE("a verification summary must say PASSED")
  {
    const std::string vsa = "https://slsa.dev/verification_summary/v1";
    CHECK(findings(run(statement(vsa), nullptr), "attest.verdict") ==
          std::vector<std::string>{"pass: verification summary: PASSED [\"SLSA_BUILD_LEVEL_1\"]"});
    CHECK(findings(run(statement(vsa, "FAILED"), nullptr), "attest.verdict") ==
          std::vector<std::string>{
              "fail: verification summary: FAILED: the rock did not pass policy.yaml"});
  }
  SUBCASE("text that is not JSON cannot be read")
  {
    auto report = evaluate_attestation({"att.json", "not json", {}}, nullptr);
    REQUIRE_FALSE(report);
    CHECK(report.error().message.find("cannot read attestation: att.json: not JSON") == 0);
  }
}
