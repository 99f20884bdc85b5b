// SPDX-License-Identifier: Apache-2.0
#include "cli/app.hpp"

#include "cli/options.hpp"
#include "cli/stages.hpp"
#include "core/exit_code.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <exception>

namespace fipsrock::cli {

namespace {

struct Subcommand {
  const char* name;
  void (*add)(CLI::App&, const GlobalOptions&, int&);
};

// Every subcommand, in the order of the pipeline.
const Subcommand k_subcommands[] = {
    {"doctor", add_doctor},
    {"render", add_render},
    {"pack", add_pack},
    {"attest", add_attest},
    {"verify", add_verify},
    {"compare", add_compare},
    {"build", add_build},
};

} // namespace

void print_error(const core::Error& error)
{
  std::fprintf(stderr, "fipsrock: error: %s\n", error.message.c_str());
  if (!error.hint.empty()) {
    std::fprintf(stderr, "fipsrock: hint: %s\n", error.hint.c_str());
  }
}

void add_host_options(CLI::App& app, HostOptions& options)
{
  app.add_option("--mode", options.mode, "How rockcraft gets Pro into the build")
      ->check(CLI::IsMember({"auto", "guest-attach", "pro-sources", "destructive"}))
      ->capture_default_str();
  app.add_option("--root", options.root, "Read host files under this directory")
      ->capture_default_str();
  app.add_option("--snapd-socket", options.snapd_socket, "snapd's REST API socket")
      ->capture_default_str();
  app.add_option("--timeout", options.timeout_seconds, "Seconds each host command may take")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
}

int run(int argc, char** argv)
{
  try {
    CLI::App app{"fipsrock: build MetalLB as FIPS-compliant rocks with rockcraft, and prove it"};
    app.name("fipsrock");
    app.set_version_flag("--version", std::string("fipsrock ") + FIPSROCK_VERSION);
    app.require_subcommand(1);
    app.fallthrough();

    GlobalOptions global;
    app.add_option("--project", global.project, "The project file")->capture_default_str();
    app.add_flag("--json", global.json, "Machine-readable output on stdout");
    app.add_flag("-v,--verbose", global.verbose, "Show evidence and every output line");
    app.add_flag("-q,--quiet", global.quiet, "Print only problems and the verdict");
    app.add_flag("--no-color", global.no_color, "No colours (NO_COLOR is honoured too)");

    int exit_code = core::to_int(core::ExitCode::ok);
    for (const auto& sub : k_subcommands) {
      sub.add(app, global, exit_code);
    }
    try {
      app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
      const int rc = app.exit(e);
      // Help and version are successes; every usage error is exit 2.
      return rc == 0 ? 0 : core::to_int(core::ExitCode::error);
    }
    return exit_code;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fipsrock: internal error: %s\n", e.what());
    return core::to_int(core::ExitCode::error);
  }
}

} // namespace fipsrock::cli
