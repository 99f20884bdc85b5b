// SPDX-License-Identifier: Apache-2.0
#include "records.hpp"

#include "attest/check_statement.hpp"
#include "attest/parse_records.hpp"
#include "attest/statement.hpp"
#include "core/digest.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace fipsrock::attest;
using namespace fipsrock::attest::test;
using Json = nlohmann::json;

namespace {

const std::string k_rock_sha = std::string(64, '1'); // as pack.json records it
const std::string k_manifest_hex = std::string(64, '2');

// The facts of the hand-made build in records.hpp, as collect() would gather them.
AttestFacts facts()
{
  AttestFacts f;
  f.render = *parse_render_record(k_render_json, "render.json");
  f.pack = *parse_pack_record(k_pack_json, "pack.json");
  f.rock_file = "metallb-controller_v0.16.1_amd64.rock";
  f.rock_sha256 = k_rock_sha;
  f.manifest_digest = "sha256:" + k_manifest_hex;
  f.pack_record_sha256 = fipsrock::core::sha256_hex(k_pack_json);
  f.rockcraft_yaml_sha256 = f.render.rockcraft_yaml.sha256;
  f.pack_log = FileRef{"build/metallb-controller/pack.log", std::string(64, '3')};
  f.builder_id = "https://fipsrock.dev/builder/ci-runner-7";
  f.verifier_id = "https://fipsrock.dev/verifier/ci-runner-7";
  f.mode = "guest-attach";
  return f;
}

AttestFacts verified_facts(const std::string& verify_json = k_verify_json)
{
  AttestFacts f = facts();
  f.verify = *parse_verify_record(verify_json, "verify.json", f.rock_file);
  f.verify_report = FileRef{"build/metallb-controller/verify.json", std::string(64, '4')};
  f.time_verified = "2026-12-04T10:25:00Z";
  return f;
}

// The statement as a reader sees it (through its bytes).
Json reread(const nlohmann::ordered_json& statement)
{
  return Json::parse(statement_bytes(statement));
}

// The resolved dependency named `name`.
Json dependency(const Json& statement, const std::string& name)
{
  for (const auto& d : statement["predicate"]["buildDefinition"]["resolvedDependencies"]) {
    if (d["name"] == name) {
      return d;
    }
  }
  FAIL("no resolved dependency " << name);
  return {};
}

} // namespace

TEST_CASE("attest::provenance_statement")
{
  const AttestFacts f = facts();
  const Json s = reread(provenance_statement(f));

  SUBCASE("a valid in-toto Statement v1 with a SLSA Provenance v1 predicate")
  {
    CHECK(statement_problems(s).empty());
    CHECK(s["_type"] == "https://in-toto.io/Statement/v1");
    CHECK(s["predicateType"] == "https://slsa.dev/provenance/v1");
  }
  SUBCASE("subjects: the .rock file and the image manifest")
  {
    REQUIRE(s["subject"].size() == 2);
    CHECK(s["subject"][0]["name"] == "metallb-controller_v0.16.1_amd64.rock");
    CHECK(s["subject"][0]["digest"] == Json{{"sha256", k_rock_sha}});
    CHECK(s["subject"][1]["name"] == "metallb-controller:v0.16.1");
    CHECK(s["subject"][1]["digest"] == Json{{"sha256", k_manifest_hex}});
    CHECK(s["subject"][1]["mediaType"] == "application/vnd.oci.image.manifest.v1+json");
  }
  SUBCASE("buildDefinition: our buildType, the parameters from the records")
  {
    const Json& def = s["predicate"]["buildDefinition"];
    CHECK(def["buildType"] == "https://fipsrock.dev/buildtypes/rockcraft-pro/v1");
    CHECK(def["externalParameters"] == Json{{"project", "rockcraft/metallb.yaml"},
                                            {"rock", "metallb-controller"},
                                            {"platform", "amd64"},
                                            {"proServices", {"fips-updates"}}});
    CHECK(def["internalParameters"]["strategy"] ==
          Json{{"go", "msgo-tarball"}, {"openssl", "fips-debs"}, {"requirefips", false}});
    CHECK(def["internalParameters"]["mode"] == "guest-attach");
    CHECK(def["internalParameters"]["rockcraftCommand"] ==
          Json{"rockcraft", "pack", "--pro=fips-updates", "--platform", "amd64"});
  }
  SUBCASE("resolvedDependencies: every pinned input")
  {
    const Json source = dependency(s, "metallb");
    CHECK(source["uri"] == "git+https://github.com/metallb/metallb@refs/tags/v0.16.1");
    CHECK(source["digest"] == Json{{"gitCommit", "791dfcc63ced7a6b3e869131eae75e645150fff0"}});

    const Json go = dependency(s, "go-toolchain");
    CHECK(go["uri"] == "https://aka.ms/golang/release/latest/go1.26.4-1.linux-amd64.tar.gz");
    CHECK(go["digest"]["sha256"] ==
          "fe7d72e1e83e15633d0a99bd67ce5ffbb67d8a5f71dcea309ff274457ef3c927");
    CHECK(go["annotations"]["version"] == "1.26.4-1");

    const Json module = dependency(s, "openssl-fips-module-3");
    CHECK(module["uri"] ==
          "pkg:deb/ubuntu/openssl-fips-module-3@3.0.5-0ubuntu0.1%2BFips2.1?arch=amd64");
    CHECK(module["annotations"]["version"] == "3.0.5-0ubuntu0.1+Fips2.1");
    CHECK(module["annotations"]["pinned"] == true);
    const Json openssl = dependency(s, "openssl");
    CHECK(openssl["uri"] == "pkg:deb/ubuntu/openssl?arch=amd64");
    CHECK(openssl["annotations"]["pinned"] == false);

    const Json rockcraft = dependency(s, "rockcraft");
    CHECK(rockcraft["annotations"] == Json{{"version", "1.20.0"}, {"revision", "3374"}});

    CHECK(dependency(s, "rockcraft/metallb.yaml")["digest"]["sha256"] == f.render.project.sha256);
    CHECK(dependency(s, "rockcraft/pins.yaml")["digest"]["sha256"] == f.render.pins.sha256);
    for (const auto& t : f.render.templates) {
      const Json dep = dependency(s, t.path);
      CHECK(dep["digest"]["sha256"] == t.sha256);
      CHECK(dep["annotations"]["source"] == "embedded");
    }
    const Json recipe = dependency(s, "build/metallb-controller/rockcraft.yaml");
    CHECK(recipe["digest"]["sha256"] == f.render.rockcraft_yaml.sha256);
    CHECK(recipe["annotations"]["role"] == "rockcraft.yaml");
    // source, Go, 2 debs, rockcraft, project, pins, 2 templates, the recipe
    CHECK(s["predicate"]["buildDefinition"]["resolvedDependencies"].size() == 10);
  }
  SUBCASE("runDetails: builder, times of the pack, byproducts")
  {
    const Json& run = s["predicate"]["runDetails"];
    CHECK(run["builder"]["id"] == "https://fipsrock.dev/builder/ci-runner-7");
    CHECK(run["builder"]["version"]["fipsrock"] == FIPSROCK_VERSION);
    CHECK(run["metadata"]["startedOn"] == "2026-12-04T10:00:00Z");
    CHECK(run["metadata"]["finishedOn"] == "2026-12-04T10:21:42Z");
    CHECK(run["metadata"]["invocationId"] == invocation_id(f.pack_record_sha256));
    REQUIRE(run["byproducts"].size() == 1); // no verify report yet
    CHECK(run["byproducts"][0]["name"] == "pack.log");
    CHECK(run["byproducts"][0]["digest"]["sha256"] == std::string(64, '3'));
  }
  SUBCASE("the verify report is a byproduct when there is one")
  {
    const Json v = reread(provenance_statement(verified_facts()));
    REQUIRE(v["predicate"]["runDetails"]["byproducts"].size() == 2);
    CHECK(v["predicate"]["runDetails"]["byproducts"][1] ==
          Json{{"name", "verify.json"},
               {"digest", {{"sha256", std::string(64, '4')}}},
               {"mediaType", "application/json"}});
  }
  SUBCASE("another platform takes its own Go archive")
  {
    AttestFacts arm = facts();
    arm.pack.platform = "arm64";
    const Json a = reread(provenance_statement(arm));
    CHECK(dependency(a, "go-toolchain")["digest"]["sha256"] ==
          "9c1c8660dd3cec69415c476232ffb32d529e158d2b2deca4038804f1766f2f78");
    CHECK(dependency(a, "openssl")["uri"] == "pkg:deb/ubuntu/openssl?arch=arm64");
  }
  SUBCASE("the snap strategies")
  {
    AttestFacts snaps = facts();
    snaps.render.go_strategy = "go-snap";
    snaps.render.go_snap_channel = "1.25-fips/stable";
    snaps.render.openssl_strategy = "core22-snap";
    snaps.render.openssl_snap = "core22/fips-updates/stable";
    const Json a = reread(provenance_statement(snaps));
    CHECK(statement_problems(a).empty());
    const Json go = dependency(a, "go-toolchain");
    CHECK(go["uri"] == "https://snapcraft.io/go");
    CHECK(go["annotations"]["channel"] == "1.25-fips/stable");
    const Json core22 = dependency(a, "core22");
    CHECK(core22["uri"] == "https://snapcraft.io/core22");
    CHECK(core22["annotations"]["channel"] == "fips-updates/stable");
  }
}

TEST_CASE("attest::verification_summary")
{
  const FileRef provenance{"attestation.intoto.json", std::string(64, '5')};
  SUBCASE("verify passed, with a waiver")
  {
    const AttestFacts f = verified_facts();
    const Json s = reread(verification_summary(f, provenance));
    CHECK(statement_problems(s).empty());
    CHECK(s["predicateType"] == "https://slsa.dev/verification_summary/v1");
    CHECK(s["subject"] == reread(provenance_statement(f))["subject"]);
    const Json& p = s["predicate"];
    CHECK(p["verifier"]["id"] == "https://fipsrock.dev/verifier/ci-runner-7");
    CHECK(p["timeVerified"] == "2026-12-04T10:25:00Z");
    CHECK(p["resourceUri"] ==
          "pkg:oci/metallb-controller@sha256%3A" + k_manifest_hex + "?arch=amd64&tag=v0.16.1");
    CHECK(p["policy"] ==
          Json{{"uri",
                std::string("https://fipsrock.dev/policies/verify-builtin@") + FIPSROCK_VERSION}});
    CHECK(p["inputAttestations"] ==
          Json::array({{{"uri", "attestation.intoto.json"},
                        {"digest", {{"sha256", std::string(64, '5')}}}}}));
    CHECK(p["verificationResult"] == "PASSED");
    CHECK(p["verifiedLevels"] == Json{"SLSA_BUILD_LEVEL_1", "FIPSROCK_FIPS_VERIFIED"});
    CHECK(p["slsaVersion"] == "1.0");
    const Json& waived = p["https://fipsrock.dev/vsa/waived-rules/v1"];
    REQUIRE(waived.size() == 1);
    CHECK(waived[0]["rule"] == "pebble.fips");
    CHECK(waived[0]["subject"] == "/usr/bin/pebble");
    CHECK(waived[0]["reason"] == "rockcraft 1.20 ships the FIPS Pebble; this rock predates it");
    CHECK(waived[0]["originalStatus"] == "warn");
    const Json& report = p["https://fipsrock.dev/vsa/verify-report/v1"];
    CHECK(report["status"] == "pass");
    CHECK(report["findings"] == 2);
    CHECK(report["failed"].empty());
    CHECK(report["report"]["digest"]["sha256"] == std::string(64, '4'));
  }
  SUBCASE("verify failed")
  {
    auto doc = Json::parse(k_verify_json);
    doc["status"] = "fail";
    doc["findings"][0]["status"] = "fail";
    doc["findings"][0]["message"] = "blob sha256:abc does not match its digest";
    const Json s = reread(verification_summary(verified_facts(doc.dump()), provenance));
    CHECK(statement_problems(s).empty());
    CHECK(s["predicate"]["verificationResult"] == "FAILED");
    CHECK(s["predicate"]["verifiedLevels"] == Json{"FAILED"});
    const Json& failed = s["predicate"]["https://fipsrock.dev/vsa/verify-report/v1"]["failed"];
    REQUIRE(failed.size() == 1);
    CHECK(failed[0] == Json{{"rule", "oci.blob-digest"},
                            {"status", "fail"},
                            {"subject", "blobs"},
                            {"message", "blob sha256:abc does not match its digest"}});
  }
  SUBCASE("verify could not decide: not PASSED")
  {
    auto doc = Json::parse(k_verify_json);
    doc["status"] = "error";
    const Json s = reread(verification_summary(verified_facts(doc.dump()), provenance));
    CHECK(s["predicate"]["verificationResult"] == "FAILED");
  }
  SUBCASE("a policy file is named with its digest")
  {
    AttestFacts f = verified_facts();
    f.policy = FileRef{"policy.yaml", std::string(64, '6')};
    const Json s = reread(verification_summary(f, provenance));
    CHECK(s["predicate"]["policy"] ==
          Json{{"uri", "policy.yaml"}, {"digest", {{"sha256", std::string(64, '6')}}}});
  }
}

TEST_CASE("attest::record_mismatches")
{
  CHECK(record_mismatches(facts()).empty());
  SUBCASE("the rock is not the one pack made")
  {
    AttestFacts f = facts();
    f.rock_sha256 = std::string(64, '9');
    const auto m = record_mismatches(f);
    REQUIRE(m.size() == 1);
    CHECK(m[0] == "metallb-controller_v0.16.1_amd64.rock has sha256:" + std::string(64, '9') +
                      ", but pack.json recorded sha256:" + k_rock_sha +
                      ": it is not the artifact this build packed");
  }
  SUBCASE("the recipe changed after render")
  {
    AttestFacts f = facts();
    f.rockcraft_yaml_sha256 = std::string(64, '7');
    CHECK(record_mismatches(f).at(0).find("rockcraft.yaml changed since render") == 0);
    f.rockcraft_yaml_sha256.reset(); // gone: nothing to compare
    CHECK(record_mismatches(f).empty());
  }
  SUBCASE("verify read another image")
  {
    auto doc = Json::parse(k_verify_json);
    doc["manifest"] = "sha256:" + std::string(64, '8');
    const auto m = record_mismatches(verified_facts(doc.dump()));
    REQUIRE(m.size() == 1);
    CHECK(m[0] ==
          "the verify report is of image sha256:" + std::string(64, '8') +
              ", but metallb-controller_v0.16.1_amd64.rock holds image sha256:" + k_manifest_hex);
    CHECK(record_mismatches(verified_facts()).empty());
  }
  SUBCASE("records of different rocks or platforms")
  {
    AttestFacts f = facts();
    f.pack.rock = "metallb-speaker";
    f.pack.platform = "s390x";
    const auto m = record_mismatches(f);
    REQUIRE(m.size() == 2);
    CHECK(m[0] ==
          "render.json is of rock metallb-controller, but pack.json of rock metallb-speaker");
    CHECK(m[1] == "pack.json is for platform s390x, which render.json does not build for");
  }
}

TEST_CASE("attest::invocation_id")
{
  const std::string id = invocation_id(fipsrock::core::sha256_hex("pack record"));
  CHECK(id == invocation_id(fipsrock::core::sha256_hex("pack record")));
  CHECK(id != invocation_id(fipsrock::core::sha256_hex("another pack record")));
  REQUIRE(id.size() == 45);
  CHECK(id.rfind("urn:uuid:", 0) == 0);
  CHECK(id[9 + 8] == '-');
  CHECK(id[9 + 14] == '8');                                         // version 8
  CHECK(std::string("89ab").find(id[9 + 19]) != std::string::npos); // variant 0b10
  CHECK(invocation_id(std::string(64, 'f')) == "urn:uuid:ffffffff-ffff-8fff-bfff-ffffffffffff");
}

TEST_CASE("attest::purl_escape")
{
  CHECK(purl_escape("3.0.5-0ubuntu0.1+Fips2.1") == "3.0.5-0ubuntu0.1%2BFips2.1");
  CHECK(purl_escape("1:2.3~rc1") == "1%3A2.3~rc1");
  CHECK(purl_escape("a/b c") == "a%2Fb%20c");
}

TEST_CASE("attest::pro_services")
{
  CHECK(pro_services({"rockcraft", "pack", "--pro=fips-updates"}) ==
        std::vector<std::string>{"fips-updates"});
  CHECK(pro_services({"rockcraft", "pack", "--pro", "esm-apps,fips-updates"}) ==
        std::vector<std::string>{"esm-apps", "fips-updates"});
  CHECK(pro_services({"rockcraft", "pack"}).empty());
}
