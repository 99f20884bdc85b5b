// SPDX-License-Identifier: Apache-2.0
#include "cli/options.hpp"
#include "cli/stages.hpp"
#include "core/report_json.hpp"
#include "core/report_text.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdio>

namespace fipsrock::cli {

namespace {

// The stages after the doctor, in pipeline order; none is in this version yet.
const char* const k_missing_stages[] = {"render", "pack", "verify", "attest"};

int run_build(const HostOptions& options, const GlobalOptions& global)
{
  const core::Report doctor = doctor_report(options);
  const core::Status status = core::overall_status(doctor);
  const bool doctor_ok = status == core::Status::pass;

  nlohmann::ordered_json stages = nlohmann::ordered_json::array();
  nlohmann::ordered_json doctor_stage;
  doctor_stage["stage"] = "doctor";
  doctor_stage["status"] = std::string(core::to_string(status));
  doctor_stage["report"] = core::to_json(doctor);
  stages.push_back(doctor_stage);
  for (const char* name : k_missing_stages) {
    nlohmann::ordered_json stage;
    stage["stage"] = name;
    stage["status"] = doctor_ok ? "not-implemented" : "not-run";
    stages.push_back(stage);
  }
  // The build is complete only when every stage ran; until then a passing doctor still
  // leaves the build unfinished (exit 2), never a success.
  const core::ExitCode code = doctor_ok ? core::ExitCode::error : core::exit_code_for(doctor);

  if (global.json) {
    nlohmann::ordered_json doc;
    doc["fipsrock"] = FIPSROCK_VERSION;
    doc["command"] = "build";
    doc["project"] = global.project;
    doc["status"] = doctor_ok ? "error" : std::string(core::to_string(status));
    doc["stages"] = stages;
    std::fputs((doc.dump(2) + "\n").c_str(), stdout);
    return core::to_int(code);
  }
  print_report(doctor, global, fmt::format("build: doctor {}", core::summarize_counts(doctor)));
  if (!doctor_ok) {
    std::fprintf(stderr,
                 "fipsrock: error: build stopped: the doctor found this host not ready; fix the "
                 "findings above and run `fipsrock build` again\n");
    return core::to_int(code);
  }
  for (const char* name : k_missing_stages) {
    std::fprintf(stderr, "fipsrock: %s: not in this version of fipsrock yet\n", name);
  }
  std::fprintf(stderr,
               "fipsrock: error: build incomplete: only the doctor stage exists so far\n");
  return core::to_int(code);
}

} // namespace

void add_build(CLI::App& app, const GlobalOptions& global, int& exit_code)
{
  auto options = std::make_shared<HostOptions>();
  CLI::App* sub = app.add_subcommand("build", "Run every stage for every rock of the project");
  add_host_options(*sub, *options);
  sub->callback([options, &global, &exit_code]() { exit_code = run_build(*options, global); });
}

} // namespace fipsrock::cli
