// SPDX-License-Identifier: Apache-2.0
#include "attest/evaluate.hpp"

#include "attest/check_statement.hpp"
#include "attest/statement.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <filesystem>

namespace fipsrock::attest {

namespace {

using Json = nlohmann::json;
using core::Finding;
using core::Status;

Finding finding(const char* id, Status status, std::string subject, std::string message)
{
  Finding f;
  f.id = id;
  f.status = status;
  f.subject = std::move(subject);
  f.message = std::move(message);
  return f;
}

bool looks_like_envelope(const Json& doc)
{
  return doc.is_object() &&
         (doc.contains("payload") || doc.contains("payloadType") || doc.contains("signatures"));
}

std::string keyids(const Envelope& envelope)
{
  std::vector<std::string> ids;
  for (const auto& s : envelope.signatures) {
    ids.push_back(s.keyid.empty() ? std::string("(none)") : s.keyid);
  }
  return fmt::format("{}", fmt::join(ids, ", "));
}

// The signature findings of an envelope; sets `payload` to the statement text when it could be
// decoded.
void check_envelope(const AttestationFacts& facts,
                    const Json& doc,
                    const Key* key,
                    core::Report& report,
                    std::optional<std::string>& payload)
{
  auto envelope = parse_envelope(doc.dump());
  if (!envelope) {
    report.findings.push_back(
        finding("attest.signature", Status::fail, facts.path, envelope.error().message));
    return;
  }
  payload = envelope->payload;
  if (envelope->payload_type != k_payload_type) {
    report.findings.push_back(finding(
        "attest.signature",
        Status::fail,
        facts.path,
        fmt::format("payloadType is '{}', not {}", envelope->payload_type, k_payload_type)));
    return;
  }
  report.context.emplace_back("signed", envelope->signatures.empty() ? "no" : "yes");
  if (envelope->signatures.empty()) {
    report.findings.push_back(finding("attest.signature",
                                      key != nullptr ? Status::fail : Status::info,
                                      facts.path,
                                      "the envelope carries no signature"));
    return;
  }
  if (key == nullptr) {
    report.findings.push_back(
        finding("attest.signature",
                Status::info,
                facts.path,
                fmt::format("signed (keyid {}); the signature was not checked: give --key PUB.pem",
                            keyids(*envelope))));
    return;
  }
  if (envelope_verifies(*envelope, *key)) {
    report.findings.push_back(
        finding("attest.signature",
                Status::pass,
                facts.path,
                fmt::format("signature verifies with {} (keyid {})", key->name(), key->keyid())));
  } else {
    Finding f = finding("attest.signature",
                        Status::fail,
                        facts.path,
                        fmt::format("signature does not verify with {}", key->name()));
    f.evidence = {{"key keyid", key->keyid()}, {"signature keyids", keyids(*envelope)}};
    f.remediation = "the attestation was changed after signing, or was signed by another key";
    report.findings.push_back(std::move(f));
  }
}

void check_subjects(const AttestationFacts& facts, const Json& statement, core::Report& report)
{
  const Json empty = Json::array();
  const Json& subjects = statement.contains("subject") && statement["subject"].is_array()
                             ? statement["subject"]
                             : empty;
  for (const auto& rock : facts.rocks) {
    const std::string file = std::filesystem::path(rock.path).filename().string();
    std::string named_digest; // the digest of the subject named like this file
    bool matched = false;
    std::string matched_name;
    for (const auto& s : subjects) {
      if (!s.is_object() || !s.contains("digest") || !s["digest"].is_object()) {
        continue;
      }
      const std::string digest = s["digest"].value("sha256", "");
      const std::string name = s.value("name", "");
      if (digest == rock.sha256) {
        matched = true;
        matched_name = name;
      }
      if (name == file) {
        named_digest = digest;
      }
    }
    if (matched) {
      report.findings.push_back(finding(
          "attest.subject",
          Status::pass,
          rock.path,
          fmt::format("{} is subject '{}' (sha256:{})", rock.path, matched_name, rock.sha256)));
    } else if (!named_digest.empty()) {
      report.findings.push_back(finding(
          "attest.subject",
          Status::fail,
          rock.path,
          fmt::format("subject digest mismatch: {} has sha256:{}, attestation names sha256:{}",
                      rock.path,
                      rock.sha256,
                      named_digest)));
    } else {
      report.findings.push_back(finding(
          "attest.subject",
          Status::fail,
          rock.path,
          fmt::format(
              "{} (sha256:{}) is not a subject of {}", rock.path, rock.sha256, facts.path)));
    }
  }
}

void check_verdict(const AttestationFacts& facts, const Json& statement, core::Report& report)
{
  if (statement.value("predicateType", "") != k_vsa_type || !statement.contains("predicate") ||
      !statement["predicate"].is_object()) {
    return;
  }
  const Json& predicate = statement["predicate"];
  const std::string result = predicate.value("verificationResult", "");
  const std::string levels =
      predicate.contains("verifiedLevels") ? predicate["verifiedLevels"].dump() : "[]";
  if (result == "PASSED") {
    report.findings.push_back(finding("attest.verdict",
                                      Status::pass,
                                      facts.path,
                                      fmt::format("verification summary: PASSED {}", levels)));
  } else if (result == "FAILED") {
    report.findings.push_back(
        finding("attest.verdict",
                Status::fail,
                facts.path,
                fmt::format("verification summary: FAILED: the rock did not pass {}",
                            predicate.contains("policy") && predicate["policy"].is_object()
                                ? predicate["policy"].value("uri", "its policy")
                                : std::string("its policy"))));
  }
}

void check_statement(const AttestationFacts& facts, const Json& statement, core::Report& report)
{
  if (statement.is_object() && statement.contains("predicateType") &&
      statement["predicateType"].is_string()) {
    report.context.emplace_back("predicateType", statement["predicateType"].get<std::string>());
  }
  const auto problems = statement_problems(statement);
  for (const auto& problem : problems) {
    report.findings.push_back(
        finding("attest.statement", Status::fail, facts.path, "statement: " + problem));
  }
  if (problems.empty()) {
    report.findings.push_back(finding("attest.statement",
                                      Status::pass,
                                      facts.path,
                                      fmt::format("an in-toto Statement v1 of {}",
                                                  statement["predicateType"].get<std::string>())));
  }
  check_subjects(facts, statement, report);
  check_verdict(facts, statement, report);
}

} // namespace

core::Expected<core::Report> evaluate_attestation(const AttestationFacts& facts, const Key* key)
{
  nlohmann::json doc;
  try {
    doc = Json::parse(facts.text);
  } catch (const Json::exception& e) {
    return core::make_error(
        fmt::format("cannot read attestation: {}: not JSON: {}", facts.path, e.what()),
        "give the attestation.intoto.json that `fipsrock attest` wrote");
  }
  core::Report report;
  report.command = "attest verify";
  report.context.emplace_back("attestation", facts.path);

  std::optional<std::string> payload;
  if (looks_like_envelope(doc)) {
    check_envelope(facts, doc, key, report, payload);
  } else {
    report.context.emplace_back("signed", "no");
    payload = facts.text;
    if (key != nullptr) {
      report.findings.push_back(
          finding("attest.signature",
                  Status::fail,
                  facts.path,
                  fmt::format("{} is an unsigned statement, but --key {} was given: refusing it",
                              facts.path,
                              key->name())));
    } else {
      report.findings.push_back(
          finding("attest.signature",
                  Status::info,
                  facts.path,
                  fmt::format("unsigned: {} is a plain statement, not a signed DSSE envelope",
                              facts.path)));
    }
  }
  if (!payload) {
    return report;
  }

  Json statement;
  try {
    statement = Json::parse(*payload);
    check_statement(facts, statement, report);
  } catch (const Json::exception& e) {
    report.findings.push_back(finding("attest.statement",
                                      Status::fail,
                                      facts.path,
                                      fmt::format("cannot read the statement: {}", e.what())));
  }
  return report;
}

} // namespace fipsrock::attest
