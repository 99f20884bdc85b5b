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

// The stages after render, in pipeline order; none is in this version yet.
const char* const k_missing_stages[] = {"pack", "verify", "attest"};

struct BuildOptions {
  HostOptions host;
  RenderOptions render;
};

int run_build(BuildOptions& options, const GlobalOptions& global)
{
  nlohmann::ordered_json stages = nlohmann::ordered_json::array();

  // 1. doctor: is this host able to pack?
  const core::Report doctor = doctor_report(options.host);
  const core::Status doctor_status = core::overall_status(doctor);
  nlohmann::ordered_json doctor_stage;
  doctor_stage["stage"] = "doctor";
  doctor_stage["status"] = std::string(core::to_string(doctor_status));
  doctor_stage["report"] = core::to_json(doctor);
  stages.push_back(doctor_stage);
  if (!global.json) {
    print_report(doctor, global, fmt::format("build: doctor: {}", core::summarize_counts(doctor)));
  }

  // 2. render: needs nothing of the host, so it runs even when the doctor failed; its recipes
  // are worth reading while the host is being fixed.
  options.render.print_json = false;
  const RenderOutcome render = render_rocks(options.render, global);
  nlohmann::ordered_json render_stage;
  render_stage["stage"] = "render";
  render_stage["status"] =
      render.exit_code == core::ExitCode::ok
          ? "pass"
          : (render.exit_code == core::ExitCode::check_failed ? "fail" : "error");
  if (!render.json.empty()) {
    render_stage["report"] = nlohmann::ordered_json::parse(render.json);
  }
  stages.push_back(render_stage);

  // 3. the rest: a failed doctor stops everything before any pack.
  const bool can_go_on =
      doctor_status == core::Status::pass && render.exit_code == core::ExitCode::ok;
  for (const char* name : k_missing_stages) {
    nlohmann::ordered_json stage;
    stage["stage"] = name;
    stage["status"] = can_go_on ? "not-implemented" : "not-run";
    stages.push_back(stage);
  }
  core::ExitCode code = core::ExitCode::error; // a build with missing stages is not complete
  if (doctor_status == core::Status::fail) {
    code = core::ExitCode::check_failed;
  } else if (render.exit_code != core::ExitCode::ok) {
    code = render.exit_code;
  }

  if (global.json) {
    nlohmann::ordered_json doc;
    doc["fipsrock"] = FIPSROCK_VERSION;
    doc["command"] = "build";
    doc["project"] = global.project;
    doc["status"] = code == core::ExitCode::check_failed ? "fail" : "error";
    doc["stages"] = stages;
    std::fputs((doc.dump(2) + "\n").c_str(), stdout);
    return core::to_int(code);
  }
  if (doctor_status != core::Status::pass) {
    std::fprintf(
        stderr,
        "fipsrock: error: build stopped before pack: the doctor found this host %s; fix the "
        "findings above and run `fipsrock build` again\n",
        doctor_status == core::Status::fail ? "not ready" : "undecidable");
    return core::to_int(code);
  }
  if (render.exit_code != core::ExitCode::ok) {
    std::fprintf(stderr, "fipsrock: error: build stopped: render failed\n");
    return core::to_int(code);
  }
  for (const char* name : k_missing_stages) {
    std::fprintf(stderr, "fipsrock: %s: not in this version of fipsrock yet\n", name);
  }
  std::fprintf(stderr,
               "fipsrock: error: build incomplete: pack, verify and attest do not exist yet\n");
  return core::to_int(code);
}

} // namespace

void add_build(CLI::App& app, const GlobalOptions& global, int& exit_code)
{
  auto options = std::make_shared<BuildOptions>();
  CLI::App* sub = app.add_subcommand("build", "Run every stage for every rock of the project");
  add_host_options(*sub, options->host);
  sub->add_option("rocks", options->render.rocks, "Rocks to build (default: all)");
  sub->add_option("--out", options->render.out, "Build folder")->capture_default_str();
  sub->add_option(
      "--pins", options->render.pins, "The lock file (default: pins.yaml beside the project)");
  sub->add_option("--templates", options->render.templates, "Use the templates in this folder");
  sub->callback([options, &global, &exit_code]() { exit_code = run_build(*options, global); });
}

} // namespace fipsrock::cli
