// SPDX-License-Identifier: Apache-2.0
// The Ubuntu Pro rules: host.pro.client, host.pro.api, host.pro.attached,
// host.pro.fips-updates, host.pro.guest-attach.
#include "core/version.hpp"
#include "host/rules.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace fipsrock::host::rules {

using core::Status;

namespace {

const char* const k_install_pro = "sudo apt-get update && sudo apt-get install ubuntu-pro-client";
const char* const k_repair_pro =
    "run `pro api u.pro.status.enabled_services.v1` to see the error; reinstall the client with "
    "`sudo apt-get install --reinstall ubuntu-pro-client`";
const char* const k_guest_attach_fix =
    "sudo pro config set lxd_guest_attach=available && sudo snap restart lxd";
const char* const k_min_pro_for_guest_attach = "35.1";

std::string join(const std::vector<std::string>& items, const char* sep = ", ")
{
  std::string out;
  for (const auto& item : items) {
    out += (out.empty() ? "" : sep) + item;
  }
  return out;
}

std::string codes_of(const std::vector<ProMessage>& messages)
{
  std::vector<std::string> codes;
  codes.reserve(messages.size());
  for (const auto& m : messages) {
    codes.push_back(m.title.empty() ? m.code : fmt::format("{} ({})", m.code, first_line(m.title)));
  }
  return join(codes, "; ");
}

// A `pro api` reply that can be trusted, or the finding that says why not.
template <typename T, typename Parser>
std::optional<T> read_api(const CommandOutcome& outcome,
                          Parser parse,
                          const std::string& id,
                          Status broken,
                          Findings& out)
{
  const std::string problem = outcome_problem(outcome);
  if (outcome.state != CommandOutcome::State::exited) {
    out.push_back(make(id, broken, "pro", problem, k_repair_pro));
    return std::nullopt;
  }
  auto parsed = parse(outcome.out);
  if (!parsed) {
    out.push_back(make(
        id,
        broken,
        "pro",
        fmt::format("`{}` printed something fipsrock cannot read: {}{}",
                    command_line(outcome),
                    parsed.error().message,
                    outcome.exit_code != 0 ? fmt::format(" (exit {})", outcome.exit_code) : ""),
        k_repair_pro,
        {{"stdout", first_line(outcome.out)}, {"stderr", first_line(outcome.err)}}));
    return std::nullopt;
  }
  const ProApiEnvelope& env = parsed->envelope;
  if (env.schema_version != "v1") {
    out.push_back(make(id,
                       Status::error,
                       "pro",
                       fmt::format("`{}` answered with schema version '{}'; fipsrock knows v1",
                                   command_line(outcome),
                                   env.schema_version),
                       "upgrade fipsrock, or report the new Pro client version",
                       {{"version", env.version}}));
    return std::nullopt;
  }
  if (outcome.exit_code != 0 || env.result != "success") {
    out.push_back(make(id,
                       broken,
                       "pro",
                       fmt::format("`{}` failed (exit {}, result '{}'): {}",
                                   command_line(outcome),
                                   outcome.exit_code,
                                   env.result,
                                   codes_of(env.errors)),
                       k_repair_pro,
                       {{"version", env.version}}));
    return std::nullopt;
  }
  return std::move(*parsed);
}

void check_client(const HostFacts& facts, Mode mode, const std::string& api_version, Findings& out)
{
  std::string version = first_line(facts.pro_version.out);
  if (facts.pro_version.state != CommandOutcome::State::exited ||
      facts.pro_version.exit_code != 0 || !core::Version::parse(version)) {
    version = api_version;
  }
  core::Evidence evidence{{"path", facts.pro_path},
                          {"version", version.empty() ? "unknown" : version}};
  if (version.empty() || !core::Version::parse(version)) {
    out.push_back(make("host.pro.client",
                       Status::warn,
                       "pro",
                       fmt::format("Ubuntu Pro client at {}, version unknown", facts.pro_path),
                       "check `pro version`",
                       evidence));
    return;
  }
  if (mode == Mode::guest_attach && !core::version_at_least(version, k_min_pro_for_guest_attach)) {
    out.push_back(
        make("host.pro.client",
             Status::fail,
             "pro",
             fmt::format("Ubuntu Pro client {} is too old for LXD guest attachment (needs >= {})",
                         version,
                         k_min_pro_for_guest_attach),
             "sudo apt-get update && sudo apt-get install --only-upgrade ubuntu-pro-client",
             evidence));
    return;
  }
  out.push_back(make("host.pro.client",
                     Status::pass,
                     "pro",
                     fmt::format("Ubuntu Pro client {} at {}", version, facts.pro_path),
                     {},
                     evidence));
}

void check_fips_updates(const HostFacts& facts, Mode mode, const ProState& state, Findings& out)
{
  const std::string id = "host.pro.fips-updates";
  if (state.attached != true) {
    out.push_back(make(id,
                       Status::info,
                       "pro",
                       state.attached
                           ? "not checked: the host is not attached to Ubuntu Pro"
                           : "not checked: could not tell whether the host is attached"));
    return;
  }
  const CommandOutcome& run = facts.pro_status;
  if (run.state != CommandOutcome::State::exited) {
    out.push_back(make(id,
                       Status::error,
                       "pro",
                       outcome_problem(run),
                       "run `pro status --all` and fix what it reports"));
    return;
  }
  const auto status = parse_pro_status(run.out);
  if (!status) {
    out.push_back(make(id,
                       Status::error,
                       "pro",
                       fmt::format("`{}` printed something fipsrock cannot read: {}",
                                   command_line(run),
                                   status.error().message),
                       "run `pro status --all` and fix what it reports"));
    return;
  }
  if (status->schema_version != "0.1") {
    out.push_back(make(id,
                       Status::error,
                       "pro",
                       fmt::format("`{}` answered with schema version '{}'; fipsrock knows 0.1",
                                   command_line(run),
                                   status->schema_version),
                       "upgrade fipsrock, or report the new Pro client version"));
    return;
  }
  if (run.exit_code != 0 || status->result != "success") {
    out.push_back(make(id,
                       Status::error,
                       "pro",
                       fmt::format("`{}` failed (exit {}): {}",
                                   command_line(run),
                                   run.exit_code,
                                   codes_of(status->errors)),
                       "run `pro status --all` and fix what it reports"));
    return;
  }
  const ProService* svc = find_service(*status, "fips-updates");
  if (svc == nullptr) {
    out.push_back(
        make(id,
             Status::fail,
             "pro",
             "fips-updates is not offered to this host (no such service in `pro status --all`)",
             "use a Pro subscription that includes FIPS, on a release and architecture that has "
             "fips-updates (Ubuntu 22.04 amd64/arm64)"));
    return;
  }
  core::Evidence evidence{{"entitled", svc->entitled},
                          {"available", svc->available},
                          {"status", svc->status},
                          {"status_details", svc->status_details}};
  if (svc->warning) {
    evidence.emplace_back("warning",
                          fmt::format("{}: {}", svc->warning->code, svc->warning->title));
  }
  if (svc->entitled != "yes") {
    out.push_back(make(
        id,
        Status::fail,
        "pro",
        fmt::format("the Pro subscription does not entitle this host to fips-updates (status {})",
                    svc->status),
        "attach a token whose subscription includes FIPS: `sudo pro detach && sudo pro attach "
        "<token>`; "
        "`pro status --all` shows the ENTITLED column",
        evidence));
    return;
  }
  const std::string host_state =
      svc->status + (svc->status_details.empty() ? "" : fmt::format(" ({})", svc->status_details)) +
      (svc->warning ? fmt::format(", warning {}", svc->warning->code) : "");
  const bool enabled =
      state.enabled ? std::find(state.enabled->begin(), state.enabled->end(), "fips-updates") !=
                          state.enabled->end()
                    : (svc->status == "enabled" || svc->status == "warning");
  if (mode == Mode::guest_attach) {
    out.push_back(make(
        id,
        Status::pass,
        "pro",
        fmt::format("fips-updates is entitled; on the host it is {} (guest attachment enables it "
                    "inside the build instance)",
                    host_state),
        {},
        evidence));
    return;
  }
  if (!enabled) {
    out.push_back(make(id,
                       Status::fail,
                       "pro",
                       fmt::format("{} mode needs fips-updates enabled on the host; it is {}",
                                   to_string(mode),
                                   host_state),
                       "sudo pro enable fips-updates",
                       evidence));
    return;
  }
  if (svc->status == "warning") {
    out.push_back(make(id,
                       Status::warn,
                       "pro",
                       fmt::format("fips-updates is enabled with a warning: {}", host_state),
                       svc->warning && svc->warning->code == "fips-packages-missing"
                           ? "sudo apt-get install ubuntu-fips"
                           : "run `pro status --all` and fix what it reports",
                       evidence));
    return;
  }
  out.push_back(make(id,
                     Status::pass,
                     "pro",
                     fmt::format("fips-updates is entitled and {}", host_state),
                     {},
                     evidence));
}

void check_guest_attach(const HostFacts& facts, Mode mode, const ProState& state, Findings& out)
{
  const std::string id = "host.pro.guest-attach";
  if (mode != Mode::guest_attach) {
    out.push_back(make(id,
                       Status::info,
                       "pro",
                       fmt::format("lxd_guest_attach is not used in {} mode", to_string(mode))));
    return;
  }
  std::optional<std::string> value;
  std::string source = command_line(facts.pro_guest_attach);
  if (facts.pro_guest_attach.state == CommandOutcome::State::exited &&
      facts.pro_guest_attach.exit_code == 0) {
    if (auto parsed = parse_pro_config_value(facts.pro_guest_attach.out, "lxd_guest_attach")) {
      value = *parsed;
    }
  }
  if (!value && state.guest_attach) {
    value = state.guest_attach;
    source = "pro status";
  }
  if (!value) {
    const std::string problem = outcome_problem(facts.pro_guest_attach);
    out.push_back(
        make(id,
             Status::error,
             "pro",
             fmt::format("cannot read lxd_guest_attach: {}",
                         problem.empty() ? "no lxd_guest_attach line (Pro client older than 35?)"
                                         : problem),
             "sudo apt-get install --only-upgrade ubuntu-pro-client, then " +
                 std::string(k_guest_attach_fix)));
    return;
  }
  core::Evidence evidence{{"lxd_guest_attach", *value}, {"source", source}};
  if (*value == "available" || *value == "on") {
    out.push_back(
        make(id, Status::pass, "pro", fmt::format("lxd_guest_attach is {}", *value), {}, evidence));
    return;
  }
  out.push_back(make(
      id,
      Status::fail,
      "pro",
      fmt::format("lxd_guest_attach is {}: the build instance cannot attach itself to Pro", *value),
      k_guest_attach_fix,
      evidence));
}

} // namespace

void check_pro(const HostFacts& facts, Mode mode, Findings& out, ProState& state)
{
  if (facts.pro_path.empty()) {
    out.push_back(make("host.pro.client",
                       Status::fail,
                       "pro",
                       "no Ubuntu Pro client (pro, ua or ubuntu-advantage) on PATH",
                       k_install_pro));
    for (const char* id :
         {"host.pro.api", "host.pro.attached", "host.pro.fips-updates", "host.pro.guest-attach"}) {
      out.push_back(make(id, Status::info, "pro", "not checked: no Ubuntu Pro client"));
    }
    return;
  }
  state.client = true;

  Findings api_findings;
  const auto enabled = read_api<ProEnabledServices>(facts.pro_enabled_services,
                                                    parse_pro_enabled_services,
                                                    "host.pro.api",
                                                    Status::fail,
                                                    api_findings);
  const auto attached = read_api<ProIsAttached>(facts.pro_is_attached,
                                                parse_pro_is_attached,
                                                "host.pro.attached",
                                                Status::error,
                                                api_findings);
  std::string api_version =
      enabled ? enabled->envelope.version : (attached ? attached->envelope.version : "");
  check_client(facts, mode, api_version, out);

  if (enabled) {
    state.enabled = enabled->names;
    core::Evidence evidence{{"enabled_services", join(enabled->names)}};
    if (!enabled->envelope.warnings.empty()) {
      evidence.emplace_back("warnings", codes_of(enabled->envelope.warnings));
    }
    out.push_back(make("host.pro.api",
                       Status::pass,
                       "pro",
                       fmt::format("the Pro API answers; enabled services: {}",
                                   enabled->names.empty() ? "none" : join(enabled->names)),
                       {},
                       evidence));
  }
  for (auto& f : api_findings) {
    if (f.id == "host.pro.api") {
      f.message += "; rockcraft calls this API whenever it loads a project, so every rockcraft run "
                   "would fail";
      out.push_back(f);
    }
  }
  for (auto& f : api_findings) {
    if (f.id == "host.pro.attached") {
      out.push_back(f);
    }
  }
  if (attached) {
    state.attached = attached->is_attached;
    core::Evidence evidence{{"is_attached", attached->is_attached ? "true" : "false"},
                            {"contract_status", attached->contract_status},
                            {"is_attached_and_contract_valid",
                             attached->is_attached_and_contract_valid ? "true" : "false"}};
    if (attached->contract_remaining_days) {
      evidence.emplace_back("contract_remaining_days",
                            std::to_string(*attached->contract_remaining_days));
    }
    if (!attached->is_attached) {
      out.push_back(
          make("host.pro.attached",
               Status::fail,
               "pro",
               "the host is not attached to Ubuntu Pro",
               "sudo pro attach <token>   (your token is at https://ubuntu.com/pro/dashboard)",
               evidence));
    } else if (!attached->is_attached_and_contract_valid) {
      out.push_back(make(
          "host.pro.attached",
          Status::warn,
          "pro",
          fmt::format("attached, but the contract is not valid (status {})",
                      attached->contract_status.empty() ? "unknown" : attached->contract_status),
          "renew the subscription, then `sudo pro refresh`",
          evidence));
    } else {
      out.push_back(make("host.pro.attached",
                         Status::pass,
                         "pro",
                         fmt::format("attached; contract {}", attached->contract_status),
                         {},
                         evidence));
    }
  }
  if (state.attached == true && facts.pro_status.state == CommandOutcome::State::exited) {
    if (auto status = parse_pro_status(facts.pro_status.out)) {
      state.guest_attach = status->lxd_guest_attach;
    }
  }
  check_fips_updates(facts, mode, state, out);
  check_guest_attach(facts, mode, state, out);
}

} // namespace fipsrock::host::rules
