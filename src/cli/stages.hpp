// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "cli/options.hpp"
#include "core/error.hpp"
#include "core/exit_code.hpp"
#include "core/report.hpp"

#include <string>
#include <vector>

namespace fipsrock::cli {

// Collects the host facts and evaluates the doctor's rules for `options`.
core::Report doctor_report(const HostOptions& options);

// Prints `report` to stdout as JSON or text per `global`, followed (text only) by `verdict`.
void print_report(const core::Report& report,
                  const GlobalOptions& global,
                  const std::string& verdict);

// Prints "fipsrock: error: <message>" and, when there is one, "fipsrock: hint: <hint>" to stderr.
void print_error(const core::Error& error);

// What a render run produced.
struct RenderOutcome {
  core::ExitCode exit_code = core::ExitCode::error;
  std::vector<std::string> rendered; // paths of the rockcraft.yaml files written
  std::string json;                  // the --json report of the run
};

// Renders (or, with --check, compares) the project's rocks; prints errors and the report.
RenderOutcome render_rocks(const RenderOptions& options, const GlobalOptions& global);

// What a pack run produced.
struct PackOutcome {
  core::ExitCode exit_code = core::ExitCode::error;
  std::vector<std::string> artifacts; // the .rock files packed
  std::vector<std::string> records;   // the pack.json of every finished pack
};

// Packs the rendered rocks; prints progress, failures and (with --json) the report.
PackOutcome pack_rocks(const PackOptions& options, const GlobalOptions& global);

// The argv pack would run for `platform` under `options` (for --dry-run).
core::Expected<std::vector<std::string>> planned_pack_argv(const PackOptions& options,
                                                           const std::string& platform);

} // namespace fipsrock::cli
