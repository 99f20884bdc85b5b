// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

namespace fipsrock::host {

// One external command as the doctor ran it. Raw output is kept: the rules parse it, so they
// can be tested on the real captures in shared/fixtures.
struct CommandOutcome {
  enum class State {
    not_run,   // a rule decided it was not needed (e.g. `pro status` on a detached host)
    not_found, // the program is not on PATH
    failed,    // could not be started (message in `error`)
    timed_out, // killed after the timeout
    exited,    // ran to the end: see `exit_code`
  };
  std::vector<std::string> argv;
  State state = State::not_run;
  int exit_code = -1;
  std::string out;
  std::string err;
  std::string error;
};

// A host file read under --root.
struct FileProbe {
  std::string path; // as shown to the user (root joined with the relative path)
  bool exists = false;
  std::string content;
  std::string error; // set when it exists but could not be read
};

// What snapd says about one snap, by whichever way could be used: the REST API on the snapd
// socket, else `snap info`, else `snap list`.
struct SnapProbe {
  enum class Source { none, rest, snap_info, snap_list };
  Source source = Source::none;
  int http_status = 0; // for Source::rest
  std::string text;    // REST body or command stdout
  std::string error;   // why no source could be read (all of them failed)
};

// Everything the doctor collected about the host. Collection never judges.
struct HostFacts {
  std::string root = "/";
  FileProbe os_release;     // etc/os-release, else usr/lib/os-release
  FileProbe fips_enabled;   // proc/sys/crypto/fips_enabled
  FileProbe kernel_release; // proc/sys/kernel/osrelease

  std::string pro_path;       // first of pro, ua, ubuntu-advantage on PATH; empty when none
  CommandOutcome pro_version; // pro version
  CommandOutcome pro_enabled_services; // pro api u.pro.status.enabled_services.v1
  CommandOutcome pro_is_attached;      // pro api u.pro.status.is_attached.v1
  CommandOutcome pro_status;           // pro status --format json --all (attached hosts only)
  CommandOutcome pro_guest_attach;     // pro config show lxd_guest_attach

  SnapProbe rockcraft_snap;
  std::string rockcraft_path;
  CommandOutcome rockcraft_pack_help; // rockcraft pack --help

  SnapProbe lxd_snap;
  std::string lxd_path;
  CommandOutcome lxd_version;  // lxd version
  CommandOutcome lxc_profile;  // lxc profile show default
  std::string lxd_socket_path; // the first socket that exists, or the snap one
  bool lxd_socket_exists = false;
  bool lxd_socket_writable = false;

  bool is_root = false;
  CommandOutcome sudo_check;           // sudo -n true (only when not root)
  bool build_environment_host = false; // CRAFT_BUILD_ENVIRONMENT=host
};

} // namespace fipsrock::host
