// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/error.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fipsrock::host {

// An entry of `errors`/`warnings` in Pro's output. The `pro api` envelope uses
// {code, title, meta.service}; `pro status` uses {message_code, message, service}; both land here.
struct ProMessage {
  std::string code;
  std::string title;
  std::string service;
};

// The common part of every `pro api <endpoint>` reply.
struct ProApiEnvelope {
  std::string schema_version; // "v1" is the only one known
  std::string result;         // "success" | "failure"
  std::string version;        // the Pro client version, e.g. "37.1ubuntu0~22.04"
  std::vector<ProMessage> errors;
  std::vector<ProMessage> warnings;
};

// `pro api u.pro.status.is_attached.v1`. The attribute fields are only meaningful when
// `envelope.result == "success"`.
struct ProIsAttached {
  ProApiEnvelope envelope;
  bool is_attached = false;
  bool is_attached_and_contract_valid = false;
  std::string contract_status; // "active", "expired", ... or "" for null
  std::optional<long> contract_remaining_days;
};

// `pro api u.pro.status.enabled_services.v1`.
struct ProEnabledServices {
  ProApiEnvelope envelope;
  std::vector<std::string> names; // services whose status is enabled or warning
};

// One entry of `services` in `pro status --format json [--all]`. Unattached output has only
// name/available, so `entitled` and `status` are then empty.
struct ProService {
  std::string name;
  std::string available; // "yes" | "no"
  std::string entitled;  // "yes" | "no" | ""
  std::string status;    // enabled | disabled | n/a | warning | "\u2014" (not entitled) | ""
  std::string status_details;
  std::optional<ProMessage> warning;
  std::vector<std::string> blocked_by; // reason codes
};

// `pro status --format json [--all]` (a success or an error document). The legacy
// /var/lib/ubuntu-advantage/status.json cache (client 27.x) parses too, with `result` "".
struct ProStatus {
  std::string schema_version; // "0.1" is the only one known
  std::string result;         // "success" | "failure" | "" (absent, legacy cache file)
  std::string version;
  bool attached = false;
  std::string expires; // RFC 3339 or ""
  std::string execution_status;
  std::optional<std::string> lxd_guest_attach; // config.ua_config.lxd_guest_attach
  std::vector<ProService> services;
  std::vector<ProMessage> errors;
  std::vector<ProMessage> warnings;
};

// Pure parsers of Pro's JSON outputs. An error means `text` is not the expected JSON shape
// (not JSON, not an object, a required key missing or of the wrong type); the message names
// the key. A well-formed failure envelope is a success of the parser.
core::Expected<ProApiEnvelope> parse_pro_api_envelope(std::string_view text);
core::Expected<ProIsAttached> parse_pro_is_attached(std::string_view text);
core::Expected<ProEnabledServices> parse_pro_enabled_services(std::string_view text);
core::Expected<ProStatus> parse_pro_status(std::string_view text);

// The value of `key` in the output of `pro config show [key]` ("lxd_guest_attach off");
// an error when the key is not listed.
core::Expected<std::string> parse_pro_config_value(std::string_view text, std::string_view key);

// The service named `name` in `status`, or nullptr.
const ProService* find_service(const ProStatus& status, std::string_view name);

} // namespace fipsrock::host
