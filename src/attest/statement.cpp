// SPDX-License-Identifier: Apache-2.0
#include "attest/statement.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace fipsrock::attest {

namespace {

using Json = nlohmann::ordered_json;

Json sha256_set(const std::string& hex)
{
  return Json{{"sha256", hex}};
}

const GoArchive* go_archive_for(const RenderRecord& render, const std::string& platform)
{
  for (const auto& archive : render.go_archives) {
    if (archive.platform == platform) {
      return &archive;
    }
  }
  return nullptr;
}

// "https://github.com/metallb/metallb(.git)" -> "metallb".
std::string repository_name(std::string repo)
{
  while (!repo.empty() && repo.back() == '/') {
    repo.pop_back();
  }
  std::string name = repo.substr(repo.find_last_of('/') + 1);
  if (name.size() > 4 && name.compare(name.size() - 4, 4, ".git") == 0) {
    name.resize(name.size() - 4);
  }
  return name;
}

std::string file_name(const std::string& path)
{
  return path.substr(path.find_last_of('/') + 1);
}

Json file_dependency(const FileRef& file, const char* role)
{
  return Json{
      {"name", file.path}, {"digest", sha256_set(file.sha256)}, {"annotations", {{"role", role}}}};
}

// Every pinned input of the build (DESIGN §3 attest): source, Go, OpenSSL, rockcraft, the
// templates, the lock file and the recipe they made.
Json resolved_dependencies(const AttestFacts& facts)
{
  const RenderRecord& r = facts.render;
  const std::string& platform = facts.pack.platform;
  Json deps = Json::array();
  deps.push_back({{"name", repository_name(r.source_repo)},
                  {"uri", fmt::format("git+{}@refs/tags/{}", r.source_repo, r.source_tag)},
                  {"digest", {{"gitCommit", r.source_commit}}}});

  if (r.go_strategy == "msgo-tarball") {
    if (const GoArchive* archive = go_archive_for(r, platform)) {
      deps.push_back({{"name", "go-toolchain"},
                      {"uri", archive->url},
                      {"digest", sha256_set(archive->sha256)},
                      {"annotations", {{"strategy", "msgo-tarball"}, {"version", r.go_version}}}});
    }
  } else {
    deps.push_back({{"name", "go-toolchain"},
                    {"uri", "https://snapcraft.io/go"},
                    {"annotations", {{"strategy", "go-snap"}, {"channel", r.go_snap_channel}}}});
  }

  if (r.openssl_strategy == "fips-debs") {
    for (const auto& deb : r.openssl_debs) {
      std::string uri = "pkg:deb/ubuntu/" + purl_escape(deb.name);
      if (!deb.version.empty()) {
        uri += "@" + purl_escape(deb.version);
      }
      uri += "?arch=" + purl_escape(platform);
      Json annotations{{"strategy", "fips-debs"},
                       {"archive", "Ubuntu Pro fips-updates"},
                       {"pinned", !deb.version.empty()}};
      if (!deb.version.empty()) {
        annotations["version"] = deb.version;
      }
      deps.push_back({{"name", deb.name}, {"uri", uri}, {"annotations", annotations}});
    }
  } else {
    // "core22/fips-updates/stable": the snap, then its channel.
    const auto slash = r.openssl_snap.find('/');
    const std::string snap = r.openssl_snap.substr(0, slash);
    const std::string channel =
        slash == std::string::npos ? std::string("stable") : r.openssl_snap.substr(slash + 1);
    deps.push_back({{"name", snap},
                    {"uri", "https://snapcraft.io/" + snap},
                    {"annotations", {{"strategy", "core22-snap"}, {"channel", channel}}}});
  }

  deps.push_back(
      {{"name", "rockcraft"},
       {"uri", "https://snapcraft.io/rockcraft"},
       {"annotations",
        {{"version", facts.pack.rockcraft_version}, {"revision", facts.pack.rockcraft_revision}}}});
  deps.push_back(file_dependency(r.project, "project"));
  deps.push_back(file_dependency(r.pins, "pins"));
  for (const auto& t : r.templates) {
    Json dep = file_dependency(t, "template");
    dep["annotations"]["source"] = r.templates_source;
    deps.push_back(dep);
  }
  Json recipe = file_dependency(r.rockcraft_yaml, "rockcraft.yaml");
  recipe["mediaType"] = "application/yaml";
  deps.push_back(recipe);
  return deps;
}

Json byproducts(const AttestFacts& facts)
{
  Json out = Json::array();
  if (facts.pack_log) {
    out.push_back({{"name", file_name(facts.pack_log->path)},
                   {"digest", sha256_set(facts.pack_log->sha256)},
                   {"mediaType", "text/plain"}});
  }
  if (facts.verify_report) {
    out.push_back({{"name", file_name(facts.verify_report->path)},
                   {"digest", sha256_set(facts.verify_report->sha256)},
                   {"mediaType", "application/json"}});
  }
  return out;
}

Json verify_report_extension(const AttestFacts& facts)
{
  const VerifyRecord& v = *facts.verify;
  Json failed = Json::array();
  for (const auto& f : v.failed) {
    failed.push_back(
        {{"rule", f.id}, {"status", f.status}, {"subject", f.subject}, {"message", f.message}});
  }
  Json out{{"status", v.status}, {"findings", v.findings}, {"failed", failed}};
  if (facts.verify_report) {
    out["report"] = {{"name", file_name(facts.verify_report->path)},
                     {"digest", sha256_set(facts.verify_report->sha256)}};
  }
  return out;
}

Json waived_rules(const VerifyRecord& v)
{
  Json out = Json::array();
  for (const auto& w : v.waived) {
    Json item{{"rule", w.id}, {"subject", w.subject}, {"reason", w.reason}};
    if (!w.original_status.empty()) {
      item["originalStatus"] = w.original_status;
    }
    item["message"] = w.message;
    out.push_back(item);
  }
  return out;
}

} // namespace

std::vector<std::string> record_mismatches(const AttestFacts& facts)
{
  const RenderRecord& r = facts.render;
  const PackRecord& p = facts.pack;
  std::vector<std::string> out;
  if (r.rock != p.rock) {
    out.push_back(
        fmt::format("render.json is of rock {}, but pack.json of rock {}", r.rock, p.rock));
  }
  if (r.version != p.version) {
    out.push_back(fmt::format(
        "render.json says version {}, but pack.json packed version {}", r.version, p.version));
  }
  if (std::find(r.platforms.begin(), r.platforms.end(), p.platform) == r.platforms.end()) {
    out.push_back(fmt::format("pack.json is for platform {}, which render.json does not build for",
                              p.platform));
  } else if (r.go_strategy == "msgo-tarball" && go_archive_for(r, p.platform) == nullptr) {
    out.push_back(fmt::format("render.json pins no Go archive for platform {}", p.platform));
  }
  if (facts.rock_sha256 != p.artifact_sha256) {
    out.push_back(fmt::format("{} has sha256:{}, but pack.json recorded sha256:{}: it is not the "
                              "artifact this build packed",
                              facts.rock_file,
                              facts.rock_sha256,
                              p.artifact_sha256));
  }
  if (facts.rockcraft_yaml_sha256 && *facts.rockcraft_yaml_sha256 != r.rockcraft_yaml.sha256) {
    out.push_back(fmt::format("rockcraft.yaml changed since render: it has sha256:{}, "
                              "render.json recorded sha256:{}",
                              *facts.rockcraft_yaml_sha256,
                              r.rockcraft_yaml.sha256));
  }
  if (facts.verify && !facts.verify->manifest.empty() &&
      facts.verify->manifest != facts.manifest_digest) {
    out.push_back(fmt::format("the verify report is of image {}, but {} holds image {}",
                              facts.verify->manifest,
                              facts.rock_file,
                              facts.manifest_digest));
  }
  return out;
}

nlohmann::ordered_json subjects(const AttestFacts& facts)
{
  const std::string manifest_hex =
      facts.manifest_digest.substr(facts.manifest_digest.find(':') + 1);
  return Json::array({{{"name", facts.rock_file}, {"digest", sha256_set(facts.rock_sha256)}},
                      {{"name", fmt::format("{}:{}", facts.render.rock, facts.pack.version)},
                       {"digest", sha256_set(manifest_hex)},
                       {"mediaType", k_manifest_media_type},
                       {"annotations", {{"platform", facts.pack.platform}}}}});
}

nlohmann::ordered_json provenance_statement(const AttestFacts& facts)
{
  const RenderRecord& r = facts.render;
  const PackRecord& p = facts.pack;
  Json build_definition;
  build_definition["buildType"] = k_build_type;
  build_definition["externalParameters"] = {{"project", r.project.path},
                                            {"rock", r.rock},
                                            {"platform", p.platform},
                                            {"proServices", pro_services(p.argv)}};
  build_definition["internalParameters"] = {
      {"strategy",
       {{"go", r.go_strategy}, {"openssl", r.openssl_strategy}, {"requirefips", r.requirefips}}},
      {"mode", facts.mode},
      {"rockcraftCommand", p.argv}};
  build_definition["resolvedDependencies"] = resolved_dependencies(facts);

  Json run_details;
  run_details["builder"] = {{"id", facts.builder_id},
                            {"version", {{"fipsrock", FIPSROCK_VERSION}}}};
  run_details["metadata"] = {{"invocationId", invocation_id(facts.pack_record_sha256)},
                             {"startedOn", p.started},
                             {"finishedOn", p.finished}};
  run_details["byproducts"] = byproducts(facts);

  Json statement;
  statement["_type"] = k_statement_type;
  statement["subject"] = subjects(facts);
  statement["predicateType"] = k_provenance_type;
  statement["predicate"] = {{"buildDefinition", build_definition}, {"runDetails", run_details}};
  return statement;
}

nlohmann::ordered_json verification_summary(const AttestFacts& facts, const FileRef& provenance)
{
  const VerifyRecord& v = *facts.verify;
  const bool passed = v.status == "pass";
  Json policy;
  if (facts.policy) {
    policy["uri"] = facts.policy->path;
    if (!facts.policy->sha256.empty()) {
      policy["digest"] = sha256_set(facts.policy->sha256);
    }
  } else {
    // verify's built-in defaults: they are what this version of fipsrock compiled in.
    policy["uri"] =
        fmt::format("https://fipsrock.dev/policies/verify-builtin@{}", FIPSROCK_VERSION);
  }
  const std::string manifest_hex =
      facts.manifest_digest.substr(facts.manifest_digest.find(':') + 1);

  Json predicate;
  predicate["verifier"] = {{"id", facts.verifier_id},
                           {"version", {{"fipsrock", FIPSROCK_VERSION}}}};
  predicate["timeVerified"] = facts.time_verified;
  predicate["resourceUri"] = fmt::format("pkg:oci/{}@sha256%3A{}?arch={}&tag={}",
                                         purl_escape(facts.render.rock),
                                         manifest_hex,
                                         purl_escape(facts.pack.platform),
                                         purl_escape(facts.pack.version));
  predicate["policy"] = policy;
  predicate["inputAttestations"] =
      Json::array({{{"uri", provenance.path}, {"digest", sha256_set(provenance.sha256)}}});
  predicate["verificationResult"] = passed ? "PASSED" : "FAILED";
  // Build L1 is what the provenance beside this summary shows (its L1 fields are checked before
  // it is written); FIPSROCK_FIPS_VERIFIED is verify's verdict on the rock itself.
  predicate["verifiedLevels"] = passed
                                    ? Json::array({"SLSA_BUILD_LEVEL_1", "FIPSROCK_FIPS_VERIFIED"})
                                    : Json::array({"FAILED"});
  predicate["slsaVersion"] = "1.0";
  predicate[std::string(k_verify_report_field)] = verify_report_extension(facts);
  predicate[std::string(k_waived_rules_field)] = waived_rules(v);

  Json statement;
  statement["_type"] = k_statement_type;
  statement["subject"] = subjects(facts);
  statement["predicateType"] = k_vsa_type;
  statement["predicate"] = predicate;
  return statement;
}

nlohmann::ordered_json comparison_statement(const AttestFacts& facts,
                                            const nlohmann::ordered_json& comparison,
                                            const FileRef& provenance,
                                            const std::string& time_compared)
{
  Json predicate;
  predicate["comparator"] = {{"id", k_comparator_id}, {"version", FIPSROCK_VERSION}};
  predicate["timeCompared"] = time_compared;
  predicate["inputAttestations"] =
      Json::array({{{"uri", provenance.path}, {"digest", sha256_set(provenance.sha256)}}});
  for (const auto& [key, value] : comparison.items()) {
    predicate[key] = value;
  }
  Json statement;
  statement["_type"] = k_statement_type;
  statement["subject"] = subjects(facts);
  statement["predicateType"] = k_compare_type;
  statement["predicate"] = predicate;
  return statement;
}

std::vector<std::string> pro_services(const std::vector<std::string>& argv)
{
  std::string value;
  for (std::size_t i = 0; i < argv.size(); ++i) {
    if (argv[i].rfind("--pro=", 0) == 0) {
      value = argv[i].substr(6);
    } else if (argv[i] == "--pro" && i + 1 < argv.size()) {
      value = argv[i + 1];
    }
  }
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < value.size()) {
    const std::size_t comma = std::min(value.find(',', start), value.size());
    if (comma > start) {
      out.push_back(value.substr(start, comma - start));
    }
    start = comma + 1;
  }
  return out;
}

std::string invocation_id(std::string_view pack_record_sha256)
{
  // RFC 9562 §5.8 (UUIDv8), filled as its SHA-256 name-based example: 128 bits of the hash,
  // then version 8 in the high nibble of octet 6 and variant 0b10 in the top bits of octet 8.
  std::string hex(pack_record_sha256.substr(0, 32));
  hex.resize(32, '0');
  hex[12] = '8';
  const auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
  hex[16] = "0123456789abcdef"[8 | (nibble(hex[16]) & 0x3)];
  return fmt::format("urn:uuid:{}-{}-{}-{}-{}",
                     hex.substr(0, 8),
                     hex.substr(8, 4),
                     hex.substr(12, 4),
                     hex.substr(16, 4),
                     hex.substr(20, 12));
}

std::string purl_escape(std::string_view text)
{
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if ((u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u == '.' ||
        u == '-' || u == '_' || u == '~') {
      out += c;
    } else {
      out += fmt::format("%{:02X}", u);
    }
  }
  return out;
}

std::string statement_bytes(const nlohmann::ordered_json& statement)
{
  return statement.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

} // namespace fipsrock::attest
