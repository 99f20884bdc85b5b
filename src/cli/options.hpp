// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

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

// Options of `render`, which `build` passes on.
struct RenderOptions {
  std::vector<std::string> rocks; // empty: every rock of the project
  std::string out = "build";
  std::string check;     // compare with this folder instead of writing
  std::string pins;      // empty: pins.yaml beside the project
  std::string templates; // empty: the built-in templates
  bool print_json = true;
};

// Options of `pack`, which `build` passes on.
struct PackOptions {
  std::vector<std::string> rocks; // empty: every rock rendered under `dir`
  std::string dir = "build";
  std::string platform; // empty: this machine's
  std::string mode = "guest-attach";
  std::string sudo = "auto";
  int retries = 2;
  double retry_delay_seconds = 30;
  int timeout_seconds = 4 * 3600;
  bool keep_going = false;
  bool print_json = true;
};

// Adds --platform, --sudo, --retries, --retry-delay, --pack-timeout and --keep-going.
void add_pack_options(CLI::App& sub, PackOptions& options);

// Adds --mode, --root, --snapd-socket and --timeout to `app`, bound to `options`.
void add_host_options(CLI::App& app, HostOptions& options);

// Each subcommand registers itself: parses into its options struct, then runs.
void add_doctor(CLI::App& app, const GlobalOptions& global, int& exit_code);
void add_render(CLI::App& app, const GlobalOptions& global, int& exit_code);
void add_pack(CLI::App& app, const GlobalOptions& global, int& exit_code);
void add_attest(CLI::App& app, const GlobalOptions& global, int& exit_code);
void add_verify(CLI::App& app, const GlobalOptions& global, int& exit_code);
void add_compare(CLI::App& app, const GlobalOptions& global, int& exit_code);
void add_build(CLI::App& app, const GlobalOptions& global, int& exit_code);

} // namespace fipsrock::cli
