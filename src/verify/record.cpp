// SPDX-License-Identifier: Apache-2.0
#include "verify/record.hpp"

#include "core/report_json.hpp"

#include <nlohmann/json.hpp>

namespace fipsrock::verify {

namespace {

nlohmann::ordered_json rock_document(const RockOutcome& outcome)
{
  if (!outcome.result) {
    nlohmann::ordered_json doc = nlohmann::ordered_json::object();
    doc["fipsrock"] = FIPSROCK_VERSION;
    doc["command"] = "verify";
    doc["rock"] = outcome.file;
    doc["status"] = "error";
    doc["error"] = {{"message", outcome.error.message}, {"hint", outcome.error.hint}};
    doc["findings"] = nlohmann::ordered_json::array();
    return doc;
  }
  nlohmann::ordered_json doc = core::to_json(outcome.result->report);
  auto& findings = doc["findings"];
  for (auto& finding : findings) {
    finding["waived"] = false;
  }
  for (const AppliedWaiver& applied : outcome.result->waived) {
    auto& finding = findings.at(applied.finding);
    finding["waived"] = true;
    finding["waiver_reason"] = applied.waiver.reason;
    finding["original_status"] = std::string(core::to_string(applied.original));
  }
  return doc;
}

} // namespace

std::string outcome_status(const RockOutcome& outcome)
{
  if (!outcome.result) {
    return "error";
  }
  return std::string(core::to_string(core::overall_status(outcome.result->report)));
}

std::string render_verify_json(const std::vector<RockOutcome>& outcomes)
{
  nlohmann::ordered_json doc;
  if (outcomes.size() == 1) {
    doc = rock_document(outcomes.front());
  } else {
    doc = nlohmann::ordered_json::object();
    doc["fipsrock"] = FIPSROCK_VERSION;
    doc["command"] = "verify";
    // As core::overall_status: a failure decides, then anything that could not be checked.
    std::string status = "pass";
    for (const auto& outcome : outcomes) {
      const std::string s = outcome_status(outcome);
      if (s == "fail" || (s == "error" && status == "pass")) {
        status = s;
      }
    }
    doc["status"] = status;
    doc["rocks"] = nlohmann::ordered_json::array();
    for (const auto& outcome : outcomes) {
      doc["rocks"].push_back(rock_document(outcome));
    }
  }
  return doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

} // namespace fipsrock::verify
