// SPDX-License-Identifier: Apache-2.0
#include "host/evaluate.hpp"

#include "core/version.hpp"
#include "host/parse_os_release.hpp"
#include "host/rules.hpp"

#include <fmt/format.h>

namespace fipsrock::host {

using core::Status;
using rules::make;

std::string_view to_string(Mode mode)
{
  switch (mode) {
  case Mode::auto_detect:
    return "auto";
  case Mode::guest_attach:
    return "guest-attach";
  case Mode::pro_sources:
    return "pro-sources";
  case Mode::destructive:
    return "destructive";
  }
  return "auto";
}

std::optional<Mode> parse_mode(std::string_view text)
{
  for (Mode m : {Mode::auto_detect, Mode::guest_attach, Mode::pro_sources, Mode::destructive}) {
    if (to_string(m) == text) {
      return m;
    }
  }
  return std::nullopt;
}

ModeChoice choose_mode(const HostFacts& facts, Mode requested)
{
  if (requested != Mode::auto_detect) {
    return {requested, "asked for with --mode"};
  }
  if (facts.build_environment_host) {
    return {Mode::destructive, "CRAFT_BUILD_ENVIRONMENT=host makes the host the build environment"};
  }
  const auto snap = rules::snap_from_probe(facts.rockcraft_snap, "rockcraft");
  if (!snap || !snap->installed) {
    return {Mode::guest_attach, "rockcraft is not installed; guest attachment is the current way"};
  }
  if (core::version_at_least(snap->version, "1.18")) {
    return {Mode::guest_attach,
            fmt::format("rockcraft {} (>= 1.18) uses LXD guest attachment", snap->version)};
  }
  const bool on_branch =
      normalize_channel(snap->tracking_channel) == "latest/edge/pro-sources" ||
      (snap->channel_truncated && snap->tracking_channel.rfind("latest/edge/", 0) == 0);
  if (on_branch) {
    return {Mode::pro_sources,
            fmt::format("rockcraft {} tracks {}", snap->version, snap->tracking_channel)};
  }
  return {Mode::guest_attach,
          fmt::format("rockcraft {} has no Pro support; guest attachment needs >= 1.18",
                      snap->version)};
}

namespace {

std::string trim(const std::string& text)
{
  const auto begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) {
    return {};
  }
  const auto end = text.find_last_not_of(" \t\r\n");
  return text.substr(begin, end - begin + 1);
}

void check_os(const HostFacts& facts, Mode mode, const DoctorPolicy& policy, rules::Findings& out)
{
  const std::string id = "host.os";
  const std::string subject = "os";
  const std::string hint_root = "check --root; it must point at the host's root filesystem";
  if (!facts.os_release.error.empty()) {
    out.push_back(make(id, Status::error, subject, facts.os_release.error, hint_root));
    return;
  }
  if (!facts.os_release.exists) {
    out.push_back(make(id,
                       Status::error,
                       subject,
                       fmt::format("no os-release file: {}", facts.os_release.path),
                       hint_root));
    return;
  }
  const auto fields = parse_os_release(facts.os_release.content);
  if (!fields) {
    out.push_back(make(id,
                       Status::error,
                       subject,
                       fmt::format("{}: {}", facts.os_release.path, fields.error().message),
                       "the file is damaged or truncated; restore it from the base-files package"));
    return;
  }
  const auto get = [&fields](const char* key) {
    const auto it = fields->find(key);
    return it == fields->end() ? std::string() : it->second;
  };
  const std::string os_id = get("ID");
  const std::string version_id = get("VERSION_ID");
  core::Evidence evidence{
      {"file", facts.os_release.path}, {"ID", os_id}, {"VERSION_ID", version_id}};
  if (os_id.empty() || version_id.empty()) {
    out.push_back(make(
        id,
        Status::error,
        subject,
        fmt::format("{} has no {}", facts.os_release.path, os_id.empty() ? "ID" : "VERSION_ID"),
        "the file is damaged or truncated; restore it from the base-files package",
        evidence));
    return;
  }
  const std::string name = fmt::format("{} {}", os_id, version_id);
  if (os_id != "ubuntu") {
    out.push_back(
        make(id,
             Status::fail,
             subject,
             fmt::format(
                 "{}: Ubuntu Pro builds need an Ubuntu host (the Pro client is Ubuntu-only)", name),
             fmt::format("build on an Ubuntu {} machine or VM, e.g. `multipass launch {}`",
                         policy.build_base_version,
                         policy.build_base_version),
             evidence));
    return;
  }
  if (version_id == policy.build_base_version) {
    out.push_back(
        make(id,
             Status::pass,
             subject,
             fmt::format("{}, the rocks' build base (ubuntu@{})", name, policy.build_base_version),
             {},
             evidence));
    return;
  }
  if (mode == Mode::destructive) {
    out.push_back(
        make(id,
             Status::fail,
             subject,
             fmt::format(
                 "{}: destructive mode builds on the host, which must be the build base ubuntu@{}",
                 name,
                 policy.build_base_version),
             fmt::format("build on Ubuntu {}, or use guest-attach mode (`--mode guest-attach`)",
                         policy.build_base_version),
             evidence));
    return;
  }
  out.push_back(make(id,
                     Status::warn,
                     subject,
                     fmt::format("{}: upstream runs its Pro builds on Ubuntu {} hosts",
                                 name,
                                 policy.build_base_version),
                     fmt::format("prefer an Ubuntu {} build host", policy.build_base_version),
                     evidence));
}

bool check_fips_kernel(const HostFacts& facts, rules::Findings& out)
{
  const std::string enabled = facts.fips_enabled.exists ? trim(facts.fips_enabled.content) : "";
  const std::string kernel = trim(facts.kernel_release.content);
  const bool fips_suffix = kernel.size() >= 5 && kernel.compare(kernel.size() - 5, 5, "-fips") == 0;
  core::Evidence evidence{{"fips_enabled", facts.fips_enabled.exists ? enabled : "absent"},
                          {"kernel", kernel.empty() ? "unknown" : kernel}};
  if (enabled == "1" || fips_suffix) {
    out.push_back(
        make("host.fips-kernel",
             Status::warn,
             "kernel",
             fmt::format("the host runs a FIPS kernel ({}); rockcraft has crashed at start-up "
                         "on FIPS-enabled hosts (canonical/rockcraft#901)",
                         enabled == "1" ? "fips_enabled=1" : kernel),
             "build on a Pro-attached host that does not run the FIPS kernel; the rock "
             "gets its FIPS packages inside the build, not from the host kernel",
             evidence));
    return true;
  }
  out.push_back(make("host.fips-kernel",
                     Status::pass,
                     "kernel",
                     fmt::format("the host kernel is not in FIPS mode (fips_enabled={})",
                                 facts.fips_enabled.exists ? enabled : "absent"),
                     {},
                     evidence));
  return false;
}

void check_privileges(const HostFacts& facts, Mode mode, rules::Findings& out)
{
  const std::string id = "host.privileges";
  if (!rules::needs_root(mode)) {
    out.push_back(make(id,
                       Status::info,
                       "privileges",
                       fmt::format("{} mode does not need root{}",
                                   to_string(mode),
                                   facts.is_root ? " (running as root anyway)" : "")));
    return;
  }
  if (facts.is_root) {
    out.push_back(make(id, Status::pass, "privileges", "running as root"));
    return;
  }
  if (facts.sudo_check.state == CommandOutcome::State::exited && facts.sudo_check.exit_code == 0) {
    out.push_back(
        make(id, Status::pass, "privileges", "non-interactive sudo works (`sudo -n true`)"));
    return;
  }
  out.push_back(make(
      id,
      Status::fail,
      "privileges",
      fmt::format("{} mode runs rockcraft as root, but this user is not root and `sudo -n true` "
                  "does not work{}",
                  to_string(mode),
                  facts.sudo_check.state == CommandOutcome::State::not_found ? " (no sudo)" : ""),
      "run `sudo -v` first so sudo does not prompt, or run fipsrock as root"));
}

} // namespace

core::Report evaluate(const HostFacts& facts, const DoctorPolicy& policy)
{
  const ModeChoice choice = choose_mode(facts, policy.mode);
  core::Report report;
  report.command = "doctor";
  report.context.emplace_back("mode", std::string(to_string(choice.mode)));
  report.context.emplace_back("mode_reason", choice.reason);

  rules::Findings& out = report.findings;
  check_os(facts, choice.mode, policy, out);
  rules::ProState pro;
  rules::check_pro(facts, choice.mode, out, pro);
  const bool fips_kernel = check_fips_kernel(facts, out);
  rules::check_rockcraft(facts, choice.mode, fips_kernel, out);
  rules::check_lxd(facts, choice.mode, out);
  check_privileges(facts, choice.mode, out);
  return report;
}

namespace rules {

core::Finding make(std::string id,
                   core::Status status,
                   std::string subject,
                   std::string message,
                   std::string remediation,
                   core::Evidence evidence)
{
  return core::Finding{std::move(id),
                       status,
                       std::move(subject),
                       std::move(message),
                       std::move(remediation),
                       std::move(evidence)};
}

std::string first_line(const std::string& text)
{
  return trim(text.substr(0, text.find('\n')));
}

std::string command_line(const CommandOutcome& outcome)
{
  std::string out;
  for (const auto& arg : outcome.argv) {
    if (!out.empty()) {
      out += ' ';
    }
    out += arg;
  }
  return out;
}

std::string outcome_problem(const CommandOutcome& outcome)
{
  const std::string cmd = command_line(outcome);
  switch (outcome.state) {
  case CommandOutcome::State::not_run:
    return fmt::format("`{}` was not run", cmd);
  case CommandOutcome::State::not_found:
    return fmt::format("`{}`: not found on PATH", cmd);
  case CommandOutcome::State::failed:
    return fmt::format("`{}` could not be started: {}", cmd, outcome.error);
  case CommandOutcome::State::timed_out:
    return fmt::format("`{}` did not finish in time and was killed", cmd);
  case CommandOutcome::State::exited:
    if (outcome.exit_code == 0) {
      return {};
    }
    {
      const std::string detail = first_line(outcome.err.empty() ? outcome.out : outcome.err);
      return detail.empty() ? fmt::format("`{}` exited {}", cmd, outcome.exit_code)
                            : fmt::format("`{}` exited {}: {}", cmd, outcome.exit_code, detail);
    }
  }
  return {};
}

bool needs_root(Mode mode)
{
  return mode == Mode::pro_sources || mode == Mode::destructive;
}

core::Expected<SnapInfo> snap_from_probe(const SnapProbe& probe, const std::string& name)
{
  switch (probe.source) {
  case SnapProbe::Source::rest:
    return parse_snapd_snap(probe.text);
  case SnapProbe::Source::snap_info:
    return parse_snap_info(probe.text);
  case SnapProbe::Source::snap_list:
    return parse_snap_list(probe.text, name);
  case SnapProbe::Source::none:
    break;
  }
  return core::make_error(probe.error.empty() ? "snapd could not be asked" : probe.error);
}

} // namespace rules

} // namespace fipsrock::host
