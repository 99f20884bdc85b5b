// SPDX-License-Identifier: Apache-2.0
#include "pack/record.hpp"

#include "pack/plan.hpp"

#include <nlohmann/json.hpp>

namespace fipsrock::pack {

namespace {

nlohmann::ordered_json failure_json(const std::optional<FailureClass>& failure)
{
  if (!failure) {
    return nullptr;
  }
  nlohmann::ordered_json out;
  out["id"] = failure->id;
  out["transient"] = failure->transience == Transience::transient;
  out["message"] = failure->message;
  out["remediation"] = failure->remediation;
  out["evidence"] = failure->evidence;
  return out;
}

} // namespace

std::string pack_record(const PackRequest& request, const PackResult& result)
{
  nlohmann::ordered_json doc;
  doc["fipsrock"] = FIPSROCK_VERSION;
  doc["stage"] = "pack";
  doc["rock"] = request.rock;
  doc["version"] = request.version;
  doc["platform"] = request.platform;
  doc["status"] = result.outcome == Outcome::success ? "pass" : "fail";
  doc["argv"] = request.argv;
  doc["environment"] = redact_environment(request.env);
  doc["rockcraft"] = {{"version", result.rockcraft_version},
                      {"revision", result.rockcraft_revision}};
  doc["started"] = result.started;
  doc["finished"] = result.finished;
  nlohmann::ordered_json attempts = nlohmann::ordered_json::array();
  for (const auto& a : result.attempts) {
    nlohmann::ordered_json item;
    item["number"] = a.number;
    item["started"] = a.started;
    item["finished"] = a.finished;
    item["exit_code"] = a.exit_code;
    item["signal"] = a.signal;
    item["timed_out"] = a.timed_out;
    item["failure"] = failure_json(a.failure);
    attempts.push_back(item);
  }
  doc["attempts"] = attempts;
  doc["failure"] = result.outcome == Outcome::success ? nullptr : failure_json(result.failure);
  doc["log"] = result.log_path;
  if (result.outcome == Outcome::success) {
    doc["artifact"] = {{"path", result.artifact_path},
                       {"sha256", result.artifact_sha256},
                       {"size", result.artifact_size}};
  } else {
    doc["artifact"] = nullptr;
  }
  return doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

} // namespace fipsrock::pack
