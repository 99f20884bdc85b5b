// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

namespace CLI {
class App;
}

namespace fipsrock::cli {

// Options every subcommand accepts (shared/DESIGN.md §2).
struct GlobalOptions {
  std::string project = "rockcraft/metallb.yaml";
  bool json = false;
  bool verbose = false;
  bool quiet = false;
  bool no_color = false;
};

// Host options of the doctor, which `build` passes on.
struct HostOptions {
  std::string mode = "auto";
  std::string root = "/";
  std::string snapd_socket = "/run/snapd.socket";
  int timeout_seconds = 20;
};

// Adds --mode, --root, --snapd-socket and --timeout to `app`, bound to `options`.
void add_host_options(CLI::App& app, HostOptions& options);

// Each subcommand registers itself: parses into its options struct, then runs.
void add_doctor(CLI::App& app, const GlobalOptions& global, int& exit_code);
void add_build(CLI::App& app, const GlobalOptions& global, int& exit_code);

} // namespace fipsrock::cli
