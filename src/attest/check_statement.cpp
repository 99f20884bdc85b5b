// SPDX-License-Identifier: Apache-2.0
#include "attest/check_statement.hpp"

#include "attest/parse_records.hpp"
#include "attest/statement.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace fipsrock::attest {

namespace {

using Json = nlohmann::json;

// Collects "<field>: <what>" problems of one statement.
class Problems {
public:
  void add(const std::string& field, const std::string& what)
  {
    m_list.push_back(fmt::format("{}: {}", field, what));
  }

  // The object at `key` of `parent`, or nullptr (and a problem when `required`).
  const Json* object(const Json& parent, const char* key, const std::string& field, bool required)
  {
    if (!parent.contains(key)) {
      if (required) {
        add(field, "missing");
      }
      return nullptr;
    }
    if (!parent[key].is_object()) {
      add(field, "not an object");
      return nullptr;
    }
    return &parent[key];
  }

  // A required non-empty string at `key` of `parent`; "" (and a problem) otherwise.
  std::string string(const Json& parent, const char* key, const std::string& field)
  {
    if (!parent.contains(key) || !parent[key].is_string() ||
        parent[key].get_ref<const std::string&>().empty()) {
      add(field, parent.contains(key) ? "empty or not a string" : "missing");
      return {};
    }
    return parent[key].get<std::string>();
  }

  void timestamp(const Json& parent, const char* key, const std::string& field, bool required)
  {
    if (!parent.contains(key) && !required) {
      return;
    }
    const std::string value = string(parent, key, field);
    if (!value.empty() && !is_utc_timestamp(value)) {
      add(field,
          fmt::format("'{}' is not an RFC 3339 UTC timestamp (YYYY-MM-DDThh:mm:ssZ)", value));
    }
  }

  // A DigestSet: lowercase hex of the right length for the algorithms we know.
  void digest_set(const Json& digest, const std::string& field)
  {
    if (!digest.is_object() || digest.empty()) {
      add(field, "empty or not an object");
      return;
    }
    for (const auto& [algorithm, value] : digest.items()) {
      const std::string at = fmt::format("{}.{}", field, algorithm);
      if (!value.is_string() || value.get_ref<const std::string&>().empty()) {
        add(at, "empty or not a string");
        continue;
      }
      const std::string& hex = value.get_ref<const std::string&>();
      const bool bad =
          (algorithm == "sha256" && !is_lower_hex(hex, 64)) ||
          (algorithm == "sha512" && !is_lower_hex(hex, 128)) ||
          (algorithm == "gitCommit" && !is_lower_hex(hex, 40) && !is_lower_hex(hex, 64));
      if (bad) {
        add(at, fmt::format("'{}' is not lowercase hex of the right length", hex));
      }
    }
  }

  // An optional array of ResourceDescriptors (resource_descriptor.md: uri, digest or content).
  void descriptors(const Json& parent, const char* key, const std::string& field)
  {
    if (!parent.contains(key)) {
      return;
    }
    if (!parent[key].is_array()) {
      add(field, "not an array");
      return;
    }
    for (std::size_t i = 0; i < parent[key].size(); ++i) {
      const Json& rd = parent[key][i];
      const std::string at = fmt::format("{}[{}]", field, i);
      if (!rd.is_object()) {
        add(at, "not an object");
        continue;
      }
      if (!rd.contains("uri") && !rd.contains("digest") && !rd.contains("content")) {
        add(at, "has none of uri, digest, content");
      }
      if (rd.contains("digest")) {
        digest_set(rd["digest"], at + ".digest");
      }
    }
  }

  std::vector<std::string> take() { return std::move(m_list); }

private:
  std::vector<std::string> m_list;
};

void check_provenance(const Json& predicate, Problems& p)
{
  if (const Json* def = p.object(predicate, "buildDefinition", "predicate.buildDefinition", true)) {
    p.string(*def, "buildType", "predicate.buildDefinition.buildType");
    const Json* external =
        p.object(*def, "externalParameters", "predicate.buildDefinition.externalParameters", true);
    if (external != nullptr && external->empty()) {
      p.add("predicate.buildDefinition.externalParameters", "empty");
    }
    p.object(*def, "internalParameters", "predicate.buildDefinition.internalParameters", false);
    p.descriptors(*def, "resolvedDependencies", "predicate.buildDefinition.resolvedDependencies");
  }
  if (const Json* run = p.object(predicate, "runDetails", "predicate.runDetails", true)) {
    if (const Json* builder = p.object(*run, "builder", "predicate.runDetails.builder", true)) {
      p.string(*builder, "id", "predicate.runDetails.builder.id");
    }
    if (const Json* meta = p.object(*run, "metadata", "predicate.runDetails.metadata", false)) {
      p.timestamp(*meta, "startedOn", "predicate.runDetails.metadata.startedOn", false);
      p.timestamp(*meta, "finishedOn", "predicate.runDetails.metadata.finishedOn", false);
    }
    p.descriptors(*run, "byproducts", "predicate.runDetails.byproducts");
  }
}

void check_comparison(const Json& predicate, Problems& p)
{
  if (const Json* comparator = p.object(predicate, "comparator", "predicate.comparator", true)) {
    p.string(*comparator, "id", "predicate.comparator.id");
  }
  p.timestamp(predicate, "timeCompared", "predicate.timeCompared", true);
  p.descriptors(predicate, "inputAttestations", "predicate.inputAttestations");
  const std::string result = p.string(predicate, "result", "predicate.result");
  if (!result.empty() && result != "EQUIVALENT" && result != "DIFFERENT") {
    p.add("predicate.result", fmt::format("'{}' is not EQUIVALENT or DIFFERENT", result));
  }
  if (!predicate.contains("bitForBit") || !predicate["bitForBit"].is_boolean()) {
    p.add("predicate.bitForBit", "missing or not a boolean");
  }
  for (const char* side : {"a", "b"}) {
    const std::string where = std::string("predicate.") + side;
    if (const Json* rock = p.object(predicate, side, where, true)) {
      p.string(*rock, "sha256", where + ".sha256");
      p.string(*rock, "manifest", where + ".manifest");
    }
  }
  if (!predicate.contains("differences") || !predicate["differences"].is_array()) {
    p.add("predicate.differences", "missing or not an array");
  } else if (result == "EQUIVALENT" && !predicate["differences"].empty()) {
    p.add("predicate.differences", "not empty, yet the result is EQUIVALENT");
  }
}

void check_summary(const Json& predicate, Problems& p)
{
  if (const Json* verifier = p.object(predicate, "verifier", "predicate.verifier", true)) {
    p.string(*verifier, "id", "predicate.verifier.id");
  }
  p.timestamp(predicate, "timeVerified", "predicate.timeVerified", true);
  p.string(predicate, "resourceUri", "predicate.resourceUri");
  if (const Json* policy = p.object(predicate, "policy", "predicate.policy", true)) {
    p.string(*policy, "uri", "predicate.policy.uri");
  }
  p.descriptors(predicate, "inputAttestations", "predicate.inputAttestations");
  const std::string result =
      p.string(predicate, "verificationResult", "predicate.verificationResult");
  if (!result.empty() && result != "PASSED" && result != "FAILED") {
    p.add("predicate.verificationResult", fmt::format("'{}' is not PASSED or FAILED", result));
  }
  if (!predicate.contains("verifiedLevels") || !predicate["verifiedLevels"].is_array() ||
      predicate["verifiedLevels"].empty()) {
    p.add("predicate.verifiedLevels", "missing, empty or not an array");
  } else {
    for (const auto& level : predicate["verifiedLevels"]) {
      if (!level.is_string()) {
        p.add("predicate.verifiedLevels", "not all strings");
        break;
      }
    }
  }
}

} // namespace

std::vector<std::string> statement_problems(const nlohmann::json& statement)
{
  Problems p;
  if (!statement.is_object()) {
    p.add("statement", "not a JSON object");
    return p.take();
  }
  if (!statement.contains("_type")) {
    p.add("_type", "missing");
  } else if (!statement["_type"].is_string() ||
             statement["_type"].get<std::string>() != k_statement_type) {
    p.add("_type", fmt::format("{} is not {}", statement["_type"].dump(), k_statement_type));
  }
  if (!statement.contains("subject") || !statement["subject"].is_array() ||
      statement["subject"].empty()) {
    p.add("subject", "missing, empty or not an array");
  } else {
    for (std::size_t i = 0; i < statement["subject"].size(); ++i) {
      const Json& s = statement["subject"][i];
      const std::string at = fmt::format("subject[{}]", i);
      if (!s.is_object() || !s.contains("digest")) {
        p.add(at, "has no digest");
        continue;
      }
      p.digest_set(s["digest"], at + ".digest");
      if (s["digest"].is_object() && !s["digest"].contains("sha256")) {
        p.add(at + ".digest", "has no sha256");
      }
    }
  }
  const std::string type = p.string(statement, "predicateType", "predicateType");
  const Json* predicate = p.object(statement, "predicate", "predicate", true);
  if (predicate == nullptr) {
    return p.take();
  }
  if (type == k_provenance_type) {
    check_provenance(*predicate, p);
  } else if (type == k_vsa_type) {
    check_summary(*predicate, p);
  } else if (type == k_compare_type) {
    check_comparison(*predicate, p);
  } else if (!type.empty()) {
    p.add("predicateType",
          fmt::format(
              "{} is none of {}, {}, {}", type, k_provenance_type, k_vsa_type, k_compare_type));
  }
  return p.take();
}

} // namespace fipsrock::attest
