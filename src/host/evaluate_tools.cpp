// SPDX-License-Identifier: Apache-2.0
// The build tool rules: host.rockcraft and host.lxd.
#include "core/version.hpp"
#include "host/parse_lxd.hpp"
#include "host/rules.hpp"

#include <fmt/format.h>

namespace fipsrock::host::rules {

using core::Status;

namespace {

const char* const k_pro_sources = "latest/edge/pro-sources";
const char* const k_install_lxd =
    "sudo snap install lxd --channel 5.21/stable && sudo lxd init --auto";

core::Evidence snap_evidence(const SnapInfo& snap, const SnapProbe& probe)
{
  const char* source = probe.source == SnapProbe::Source::rest        ? "snapd REST API"
                       : probe.source == SnapProbe::Source::snap_info ? "snap info"
                                                                      : "snap list";
  return {{"version", snap.version},
          {"revision", snap.revision},
          {"tracking", snap.tracking_channel.empty() ? "-" : snap.tracking_channel},
          {"source", source}};
}

void check_pack_help(const HostFacts& facts, bool fips_kernel, Findings& out)
{
  const CommandOutcome& run = facts.rockcraft_pack_help;
  if (run.state == CommandOutcome::State::not_run) {
    return;
  }
  const std::string problem = outcome_problem(run);
  if (!problem.empty()) {
    out.push_back(
        make("host.rockcraft",
             Status::error,
             "rockcraft",
             problem + (fips_kernel ? " (on a FIPS kernel: canonical/rockcraft#901)" : ""),
             "run `rockcraft pack --help` and fix what it reports"));
    return;
  }
  if ((run.out + run.err).find("--pro") == std::string::npos) {
    out.push_back(
        make("host.rockcraft",
             Status::fail,
             "rockcraft",
             "`rockcraft pack --help` does not list --pro: this rockcraft cannot build Pro rocks",
             "sudo snap refresh rockcraft --channel latest/stable   (1.18 or newer)"));
    return;
  }
  out.push_back(
      make("host.rockcraft", Status::pass, "rockcraft", "`rockcraft pack --help` lists --pro"));
}

} // namespace

void check_rockcraft(const HostFacts& facts, Mode mode, bool fips_kernel, Findings& out)
{
  const std::string id = "host.rockcraft";
  const auto snap = snap_from_probe(facts.rockcraft_snap, "rockcraft");
  if (!snap) {
    out.push_back(make(id,
                       facts.rockcraft_path.empty() ? Status::fail : Status::warn,
                       "rockcraft",
                       fmt::format("cannot ask snapd about rockcraft: {}", snap.error().message),
                       "check that snapd runs: `snap version`"));
  } else if (!snap->installed) {
    out.push_back(make(id,
                       Status::fail,
                       "rockcraft",
                       facts.rockcraft_path.empty()
                           ? "rockcraft is not installed"
                           : fmt::format("rockcraft at {} is not the snap; fipsrock needs the snap",
                                         facts.rockcraft_path),
                       "sudo snap install rockcraft --classic"));
    return;
  } else {
    const core::Evidence evidence = snap_evidence(*snap, facts.rockcraft_snap);
    const std::string channel = normalize_channel(snap->tracking_channel);
    const std::string what =
        fmt::format("rockcraft {} (revision {}, tracking {})",
                    snap->version,
                    snap->revision,
                    snap->tracking_channel.empty() ? "-" : snap->tracking_channel);
    if (mode == Mode::pro_sources) {
      if (channel == k_pro_sources) {
        out.push_back(make(
            id,
            Status::pass,
            "rockcraft",
            what + "; the pro-sources branch is superseded by rockcraft >= 1.18 guest attachment",
            {},
            evidence));
      } else if (snap->channel_truncated) {
        out.push_back(
            make(id,
                 Status::warn,
                 "rockcraft",
                 what + "; `snap list` hides the branch, so pro-sources cannot be confirmed",
                 "snap info rockcraft | grep tracking",
                 evidence));
      } else {
        out.push_back(
            make(id,
                 Status::fail,
                 "rockcraft",
                 what + fmt::format("; pro-sources mode needs the {} channel", k_pro_sources),
                 fmt::format("sudo snap refresh rockcraft --channel {}   (or use rockcraft >= 1.18 "
                             "with `--mode guest-attach`)",
                             k_pro_sources),
                 evidence));
      }
    } else if (!core::version_at_least(snap->version, "1.18")) {
      out.push_back(make(id,
                         Status::fail,
                         "rockcraft",
                         what + "; Pro builds need rockcraft >= 1.18",
                         "sudo snap refresh rockcraft --channel latest/stable",
                         evidence));
    } else {
      out.push_back(make(id, Status::pass, "rockcraft", what, {}, evidence));
    }
  }
  check_pack_help(facts, fips_kernel, out);
}

void check_lxd(const HostFacts& facts, Mode mode, Findings& out)
{
  const std::string id = "host.lxd";
  if (mode == Mode::destructive) {
    out.push_back(make(id, Status::info, "lxd", "LXD is not used in destructive mode"));
    return;
  }
  const auto snap = snap_from_probe(facts.lxd_snap, "lxd");
  const bool snap_active =
      snap && snap->installed && (snap->status.empty() || snap->status == "active");
  if (!snap_active && facts.lxd_path.empty()) {
    out.push_back(make(id,
                       Status::fail,
                       "lxd",
                       "LXD is not installed (only the LXD backend can build Pro rocks)",
                       k_install_lxd));
    return;
  }
  // Version: what the daemon says, else what the snap says.
  std::string version;
  if (facts.lxd_version.state == CommandOutcome::State::exited &&
      facts.lxd_version.exit_code == 0) {
    version = first_line(facts.lxd_version.out);
  }
  if (!core::Version::parse(version) && snap_active) {
    version = snap->version;
  }
  core::Evidence evidence{{"version", version.empty() ? "unknown" : version}};
  if (snap_active) {
    evidence.emplace_back("tracking", snap->tracking_channel);
  }
  const auto parsed = core::Version::parse(version);
  if (!parsed) {
    out.push_back(
        make(id,
             Status::error,
             "lxd",
             fmt::format("cannot tell the LXD version: {}", outcome_problem(facts.lxd_version)),
             "run `lxd version`",
             evidence));
  } else if (mode == Mode::guest_attach) {
    const bool ok = core::version_at_least(version, "6.3") ||
                    (parsed->components()[0] == 5 && core::version_at_least(version, "5.21.4"));
    out.push_back(
        ok ? make(id,
                  Status::pass,
                  "lxd",
                  fmt::format("LXD {} supports Pro guest attachment", version),
                  {},
                  evidence)
           : make(id,
                  Status::fail,
                  "lxd",
                  fmt::format(
                      "LXD {} is too old for Pro guest attachment (needs >= 5.21.4 or >= 6.3)",
                      version),
                  "sudo snap refresh lxd --channel 5.21/stable",
                  evidence));
  } else {
    const bool ok = core::version_at_least(version, "4.0");
    out.push_back(
        ok ? make(id, Status::pass, "lxd", fmt::format("LXD {}", version), {}, evidence)
           : make(id,
                  Status::fail,
                  "lxd",
                  fmt::format("LXD {} is older than 4.0, the oldest rockcraft uses", version),
                  "sudo snap refresh lxd --channel 5.21/stable",
                  evidence));
  }

  // Initialised: the default profile has a root disk.
  const std::string profile_problem = outcome_problem(facts.lxc_profile);
  if (!profile_problem.empty()) {
    out.push_back(make(id,
                       Status::error,
                       "lxd",
                       fmt::format("cannot read the default profile: {}", profile_problem),
                       "sudo lxd init --auto"));
  } else if (const auto has_root = profile_has_root_disk(facts.lxc_profile.out); !has_root) {
    out.push_back(make(id,
                       Status::error,
                       "lxd",
                       fmt::format("cannot read `{}`: {}",
                                   command_line(facts.lxc_profile),
                                   has_root.error().message),
                       "sudo lxd init --auto"));
  } else if (!*has_root) {
    out.push_back(make(id,
                       Status::fail,
                       "lxd",
                       "LXD is not initialised: the default profile has no root disk",
                       "sudo lxd init --auto"));
  } else {
    out.push_back(
        make(id, Status::pass, "lxd", "LXD is initialised (the default profile has a root disk)"));
  }

  // Socket access: rockcraft talks to LXD as the user who runs it.
  core::Evidence socket{{"socket", facts.lxd_socket_path}};
  if (!facts.lxd_socket_exists) {
    out.push_back(make(id,
                       Status::fail,
                       "lxd",
                       fmt::format("no LXD socket at {}", facts.lxd_socket_path),
                       "sudo snap start lxd",
                       socket));
  } else if (facts.lxd_socket_writable || needs_root(mode)) {
    out.push_back(
        make(id,
             Status::pass,
             "lxd",
             fmt::format("the LXD socket {} is usable{}",
                         facts.lxd_socket_path,
                         facts.lxd_socket_writable ? "" : " by root (rockcraft runs through sudo)"),
             {},
             socket));
  } else {
    out.push_back(
        make(id,
             Status::fail,
             "lxd",
             fmt::format("this user cannot write the LXD socket {}", facts.lxd_socket_path),
             "sudo usermod -aG lxd \"$USER\" && newgrp lxd",
             socket));
  }
}

} // namespace fipsrock::host::rules
