// SPDX-License-Identifier: Apache-2.0
#include "host/collect.hpp"

#include "host/parse_pro.hpp"
#include "sys/file.hpp"
#include "sys/process.hpp"
#include "sys/unix_http.hpp"

#include <fmt/format.h>

#include <unistd.h>

#include <filesystem>

namespace fipsrock::host {

namespace {

namespace fs = std::filesystem;

// Commands run with LANG=C: Pro translates its messages, and the rules match on text only
// where no code exists.
sys::Environment command_env(const CollectOptions& options)
{
  sys::Environment env = options.env;
  env["LANG"] = "C";
  env["LC_ALL"] = "C";
  return env;
}

CommandOutcome run_command(const std::vector<std::string>& argv, const CollectOptions& options)
{
  CommandOutcome outcome;
  outcome.argv = argv;
  sys::Command cmd;
  cmd.argv = argv;
  cmd.env = command_env(options);
  cmd.timeout = options.timeout;
  cmd.capture_limit = std::size_t{4} * 1024 * 1024;
  if (!sys::find_program(argv.front(), cmd.env)) {
    outcome.state = CommandOutcome::State::not_found;
    return outcome;
  }
  auto done = sys::run(cmd);
  if (!done) {
    outcome.state = CommandOutcome::State::failed;
    outcome.error = done.error().message;
    return outcome;
  }
  outcome.out = std::move(done->out);
  outcome.err = std::move(done->err);
  outcome.exit_code = done->exit_code;
  outcome.state =
      done->timed_out ? CommandOutcome::State::timed_out : CommandOutcome::State::exited;
  if (done->signal != 0 && !done->timed_out) {
    outcome.state = CommandOutcome::State::failed;
    outcome.error = fmt::format("killed by signal {}", done->signal);
  }
  return outcome;
}

std::string under_root(const CollectOptions& options, const std::string& relative)
{
  return (fs::path(options.root) / relative).lexically_normal().string();
}

FileProbe read_host_file(const CollectOptions& options, const std::string& relative)
{
  FileProbe probe;
  probe.path = under_root(options, relative);
  auto content = sys::read_file_if_exists(probe.path);
  if (!content) {
    probe.exists = true;
    probe.error = content.error().message;
  } else if (*content) {
    probe.exists = true;
    probe.content = std::move(**content);
  }
  return probe;
}

// snapd's REST API first (the only source of the full tracking channel), then `snap info`,
// then `snap list`.
SnapProbe probe_snap(const std::string& name, const CollectOptions& options)
{
  SnapProbe probe;
  std::vector<std::string> problems;
  if (fs::exists(options.snapd_socket)) {
    auto reply = sys::http_get_unix(options.snapd_socket, "/v2/snaps/" + name, options.timeout);
    if (reply && (reply->status == 200 || reply->status == 404)) {
      probe.source = SnapProbe::Source::rest;
      probe.http_status = reply->status;
      probe.text = std::move(reply->body);
      return probe;
    }
    problems.push_back(reply ? fmt::format("{}: HTTP {}", options.snapd_socket, reply->status)
                             : reply.error().message);
  } else {
    problems.push_back(fmt::format("no snapd socket at {}", options.snapd_socket));
  }
  auto info = run_command({"snap", "info", name}, options);
  if (info.state == CommandOutcome::State::exited && info.exit_code == 0) {
    probe.source = SnapProbe::Source::snap_info;
    probe.text = std::move(info.out);
    return probe;
  }
  auto list = run_command({"snap", "list", name}, options);
  if (list.state == CommandOutcome::State::exited &&
      (list.exit_code == 0 || list.err.find("no matching snaps installed") != std::string::npos)) {
    probe.source = SnapProbe::Source::snap_list;
    probe.text = list.exit_code == 0 ? std::move(list.out) : std::string();
    return probe;
  }
  problems.push_back(list.state == CommandOutcome::State::not_found
                         ? "no snap command on PATH"
                         : fmt::format("`snap list {}` failed ({})",
                                       name,
                                       list.err.substr(0, list.err.find('\n'))));
  for (const auto& p : problems) {
    probe.error += (probe.error.empty() ? "" : "; ") + p;
  }
  return probe;
}

void collect_pro(HostFacts& facts, const CollectOptions& options)
{
  const auto env = command_env(options);
  for (const char* name : {"pro", "ua", "ubuntu-advantage"}) {
    if (auto path = sys::find_program(name, env)) {
      facts.pro_path = *path;
      break;
    }
  }
  if (facts.pro_path.empty()) {
    return;
  }
  const std::string& pro = facts.pro_path;
  facts.pro_version = run_command({pro, "version"}, options);
  facts.pro_enabled_services =
      run_command({pro, "api", "u.pro.status.enabled_services.v1"}, options);
  facts.pro_is_attached = run_command({pro, "api", "u.pro.status.is_attached.v1"}, options);
  facts.pro_guest_attach = run_command({pro, "config", "show", "lxd_guest_attach"}, options);
  // `pro status` of a detached host asks the contract server; only attached hosts answer
  // from their cached contract, so skip it otherwise.
  const auto attached = parse_pro_is_attached(facts.pro_is_attached.out);
  if (attached && attached->envelope.result == "success" && attached->is_attached) {
    facts.pro_status = run_command({pro, "status", "--format", "json", "--all"}, options);
  } else {
    facts.pro_status.argv = {pro, "status", "--format", "json", "--all"};
  }
}

void collect_lxd(HostFacts& facts, const CollectOptions& options)
{
  const auto env = command_env(options);
  facts.lxd_snap = probe_snap("lxd", options);
  if (auto path = sys::find_program("lxd", env)) {
    facts.lxd_path = *path;
    facts.lxd_version = run_command({"lxd", "version"}, options);
  }
  facts.lxc_profile = run_command({"lxc", "profile", "show", "default"}, options);
  facts.lxd_socket_path = under_root(options, "var/snap/lxd/common/lxd/unix.socket");
  for (const char* relative : {"var/snap/lxd/common/lxd/unix.socket", "var/lib/lxd/unix.socket"}) {
    const std::string path = under_root(options, relative);
    std::error_code ec;
    if (fs::exists(path, ec)) {
      facts.lxd_socket_path = path;
      facts.lxd_socket_exists = true;
      facts.lxd_socket_writable = ::access(path.c_str(), R_OK | W_OK) == 0;
      break;
    }
  }
}

} // namespace

HostFacts collect(const CollectOptions& options)
{
  HostFacts facts;
  facts.root = options.root;
  facts.os_release = read_host_file(options, "etc/os-release");
  if (!facts.os_release.exists) {
    facts.os_release = read_host_file(options, "usr/lib/os-release");
  }
  facts.fips_enabled = read_host_file(options, "proc/sys/crypto/fips_enabled");
  facts.kernel_release = read_host_file(options, "proc/sys/kernel/osrelease");

  collect_pro(facts, options);

  const auto env = command_env(options);
  facts.rockcraft_snap = probe_snap("rockcraft", options);
  if (auto path = sys::find_program("rockcraft", env)) {
    facts.rockcraft_path = *path;
    facts.rockcraft_pack_help = run_command({"rockcraft", "pack", "--help"}, options);
  }
  collect_lxd(facts, options);

  facts.is_root = ::geteuid() == 0;
  if (!facts.is_root) {
    facts.sudo_check = run_command({"sudo", "-n", "true"}, options);
  }
  const auto it = options.env.find("CRAFT_BUILD_ENVIRONMENT");
  facts.build_environment_host = it != options.env.end() && it->second == "host";
  return facts;
}

} // namespace fipsrock::host
