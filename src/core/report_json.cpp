// SPDX-License-Identifier: Apache-2.0
#include "core/report_json.hpp"

#include <nlohmann/json.hpp>

namespace fipsrock::core {

nlohmann::ordered_json to_json(const Finding& finding)
{
  nlohmann::ordered_json evidence = nlohmann::ordered_json::object();
  for (const auto& [key, value] : finding.evidence) {
    evidence[key] = value;
  }
  nlohmann::ordered_json out;
  out["id"] = finding.id;
  out["status"] = std::string(to_string(finding.status));
  out["subject"] = finding.subject;
  out["message"] = finding.message;
  out["remediation"] = finding.remediation;
  out["evidence"] = evidence;
  return out;
}

nlohmann::ordered_json to_json(const Report& report)
{
  nlohmann::ordered_json doc = nlohmann::ordered_json::object();
  doc["fipsrock"] = FIPSROCK_VERSION;
  doc["command"] = report.command;
  for (const auto& [key, value] : report.context) {
    doc[key] = value;
  }
  doc["status"] = std::string(to_string(overall_status(report)));
  nlohmann::ordered_json findings = nlohmann::ordered_json::array();
  for (const auto& finding : report.findings) {
    findings.push_back(to_json(finding));
  }
  doc["findings"] = findings;
  return doc;
}

std::string render_json(const Report& report)
{
  // Invalid UTF-8 from a tool's output is replaced rather than thrown on.
  return to_json(report).dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) +
         "\n";
}

} // namespace fipsrock::core
