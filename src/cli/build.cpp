// SPDX-License-Identifier: Apache-2.0
#include "cli/attest.hpp"
#include "cli/options.hpp"
#include "cli/stages.hpp"
#include "core/report_json.hpp"
#include "core/report_text.hpp"
#include "sys/file.hpp"
#include "verify/collect.hpp"
#include "verify/evaluate.hpp"
#include "verify/record.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>

namespace fipsrock::cli {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct BuildOptions {
  HostOptions host;
  RenderOptions render;
  PackOptions pack;
  bool dry_run = false;
};

// Verifies the packed `artifact` of `rock` against what was asked for and writes
// build/<rock>/verify.json (the `fipsrock verify --json` document) for attest.
core::ExitCode verify_artifact(const std::string& artifact,
                               const nlohmann::ordered_json& pack_record,
                               const fs::path& dir,
                               const GlobalOptions& global)
{
  verify::VerifyPolicy policy;
  policy.expect_name = pack_record.value("rock", "");
  policy.expect_version = pack_record.value("version", "");
  policy.expect_platform = pack_record.value("platform", "");
  verify::RockOutcome outcome;
  outcome.file = artifact;
  auto facts = verify::collect(artifact, policy.budgets);
  if (!facts) {
    print_error(facts.error());
    outcome.error = facts.error();
  } else {
    outcome.result = verify::evaluate(*facts, policy);
    if (!global.json && !global.quiet) {
      print_report(outcome.result->report,
                   global,
                   fmt::format("build: verify {}: {}",
                               artifact,
                               core::summarize_counts(outcome.result->report)));
    }
  }
  const std::string json = verify::render_verify_json({outcome});
  if (auto written = sys::write_atomic((dir / "verify.json").string(), json); !written) {
    print_error(written.error());
    return core::ExitCode::error;
  }
  const std::string status = verify::outcome_status(outcome);
  return status == "pass"
             ? core::ExitCode::ok
             : (status == "fail" ? core::ExitCode::check_failed : core::ExitCode::error);
}

double seconds_since(Clock::time_point start)
{
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string status_of(core::ExitCode code)
{
  switch (code) {
  case core::ExitCode::ok:
    return "pass";
  case core::ExitCode::check_failed:
    return "fail";
  case core::ExitCode::interrupted:
    return "interrupted";
  default:
    return "error";
  }
}

// One row of the summary: a rock on a platform through every stage.
struct Row {
  std::string rock;
  std::string platform;
  std::vector<std::pair<std::string, std::string>> stages; // stage -> "pass 12.3s"
  std::string artifact;
  std::string sha256;
};

std::string summary_table(const std::vector<Row>& rows)
{
  std::string out = fmt::format("{:<20} {:<8} {:<14} {:<14} {:<14} {:<16} {:<16} {}\n",
                                "ROCK",
                                "PLATFORM",
                                "DOCTOR",
                                "RENDER",
                                "PACK",
                                "VERIFY",
                                "ATTEST",
                                "ARTIFACT");
  for (const auto& row : rows) {
    std::string line = fmt::format("{:<20} {:<8}", row.rock, row.platform);
    for (const char* stage : {"doctor", "render", "pack", "verify", "attest"}) {
      std::string cell = "-";
      for (const auto& [name, value] : row.stages) {
        if (name == stage) {
          cell = value;
        }
      }
      line +=
          fmt::format(" {:<{}}",
                      cell,
                      std::string(stage) == "verify" || std::string(stage) == "attest" ? 16 : 14);
    }
    line += row.artifact.empty()
                ? " -"
                : fmt::format(" {} sha256:{}", row.artifact, row.sha256.substr(0, 16));
    out += line + "\n";
  }
  return out;
}

int run_build(BuildOptions& options, const GlobalOptions& global)
{
  nlohmann::ordered_json doc;
  doc["fipsrock"] = FIPSROCK_VERSION;
  doc["command"] = "build";
  doc["project"] = global.project;
  doc["dry_run"] = options.dry_run;
  nlohmann::ordered_json stages = nlohmann::ordered_json::array();
  std::vector<Row> rows;

  // 1. doctor: can this host pack? Its mode decides how rockcraft runs.
  auto start = Clock::now();
  const core::Report doctor = doctor_report(options.host);
  const core::Status doctor_status = core::overall_status(doctor);
  const std::string doctor_cell =
      fmt::format("{} {:.1f}s", core::to_string(doctor_status), seconds_since(start));
  for (const auto& [key, value] : doctor.context) {
    if (key == "mode") {
      options.pack.mode = value;
    }
  }
  stages.push_back({{"stage", "doctor"},
                    {"status", std::string(core::to_string(doctor_status))},
                    {"report", core::to_json(doctor)}});
  if (!global.json) {
    print_report(doctor,
                 global,
                 fmt::format("build: doctor ({} mode): {}",
                             options.pack.mode,
                             core::summarize_counts(doctor)));
  }

  // 2. render: needs nothing of the host, so it runs even when the doctor failed.
  start = Clock::now();
  options.render.print_json = false;
  options.render.out = options.pack.dir;
  const RenderOutcome render = render_rocks(options.render, global);
  const std::string render_cell =
      fmt::format("{} {:.1f}s", status_of(render.exit_code), seconds_since(start));
  nlohmann::ordered_json render_stage{{"stage", "render"}, {"status", status_of(render.exit_code)}};
  if (!render.json.empty()) {
    render_stage["report"] = nlohmann::ordered_json::parse(render.json);
  }
  stages.push_back(render_stage);

  std::vector<std::string> rocks;
  for (const auto& path : render.rendered) {
    rocks.push_back(fs::path(path).parent_path().filename().string());
  }
  const std::string platform = options.pack.platform.empty() ? "(host)" : options.pack.platform;

  core::ExitCode code = core::ExitCode::ok;
  if (render.exit_code != core::ExitCode::ok) {
    code = render.exit_code;
  } else if (options.dry_run) {
    // 3'. the dry run: what pack would run, host ready or not.
    nlohmann::ordered_json planned = nlohmann::ordered_json::array();
    for (const auto& rock : rocks) {
      auto argv = planned_pack_argv(options.pack, options.pack.platform);
      if (!argv) {
        print_error(argv.error());
        code = core::ExitCode::error;
        break;
      }
      const std::string cwd = (fs::path(options.pack.dir) / rock).string();
      planned.push_back({{"rock", rock}, {"cwd", cwd}, {"argv", *argv}});
      if (!global.json) {
        std::printf(
            "would run in %s: %s\n", cwd.c_str(), fmt::format("{}", fmt::join(*argv, " ")).c_str());
      }
      rows.push_back({rock,
                      platform,
                      {{"doctor", doctor_cell}, {"render", render_cell}, {"pack", "dry-run"}},
                      "",
                      ""});
    }
    stages.push_back({{"stage", "pack"}, {"status", "dry-run"}, {"planned", planned}});
  } else if (doctor_status != core::Status::pass) {
    // A host that is not ready stops everything before any pack.
    code =
        doctor_status == core::Status::fail ? core::ExitCode::check_failed : core::ExitCode::error;
    std::fprintf(stderr,
                 "fipsrock: error: build stopped before pack: the doctor found this host %s; fix "
                 "the findings above and run `fipsrock build` again\n",
                 doctor_status == core::Status::fail ? "not ready" : "undecidable");
    stages.push_back({{"stage", "pack"}, {"status", "not-run"}});
  } else {
    // 3. pack, rock by rock: a failed rock stops the build unless --keep-going.
    nlohmann::ordered_json packs = nlohmann::ordered_json::array();
    nlohmann::ordered_json verifies = nlohmann::ordered_json::array();
    nlohmann::ordered_json attests = nlohmann::ordered_json::array();
    for (const auto& rock : rocks) {
      start = Clock::now();
      PackOptions one = options.pack;
      one.rocks = {rock};
      one.print_json = false;
      const PackOutcome packed = pack_rocks(one, global);
      Row row{
          rock,
          platform,
          {{"doctor", doctor_cell},
           {"render", render_cell},
           {"pack", fmt::format("{} {:.1f}s", status_of(packed.exit_code), seconds_since(start))}},
          "",
          ""};
      nlohmann::ordered_json pack_record;
      for (const auto& record : packed.records) {
        pack_record = nlohmann::ordered_json::parse(record);
        packs.push_back(pack_record);
        row.platform = pack_record.value("platform", platform);
        if (pack_record["artifact"].is_object()) {
          row.artifact = pack_record["artifact"].value("path", "");
          row.sha256 = pack_record["artifact"].value("sha256", "");
        }
      }
      core::ExitCode rock_code = packed.exit_code;
      // 4. verify the artifact; 5. attest it, also when verify failed (the verdict is evidence).
      if (rock_code == core::ExitCode::ok) {
        const fs::path dir = fs::path(options.pack.dir) / rock;
        start = Clock::now();
        rock_code = verify_artifact(row.artifact, pack_record, dir, global);
        row.stages.emplace_back(
            "verify", fmt::format("{} {:.1f}s", status_of(rock_code), seconds_since(start)));
        verifies.push_back({{"rock", rock},
                            {"status", status_of(rock_code)},
                            {"record", (dir / "verify.json").string()}});
        start = Clock::now();
        AttestOptions attest;
        attest.rock = row.artifact;
        attest.build_dir = dir.string();
        attest.mode = options.pack.mode;
        attest.print_json = false;
        const core::ExitCode attested = attest_rock(attest, global);
        row.stages.emplace_back(
            "attest", fmt::format("{} {:.1f}s", status_of(attested), seconds_since(start)));
        attests.push_back({{"rock", rock},
                           {"status", status_of(attested)},
                           {"statement", (dir / "attestation.intoto.json").string()}});
        if (rock_code == core::ExitCode::ok) {
          rock_code = attested;
        }
      } else {
        row.stages.emplace_back("verify", "not-run");
        row.stages.emplace_back("attest", "not-run");
      }
      rows.push_back(row);
      if (rock_code == core::ExitCode::interrupted) {
        code = core::ExitCode::interrupted;
        break;
      }
      if (rock_code != core::ExitCode::ok) {
        // a failed check outranks a stage that could not complete
        code = code == core::ExitCode::check_failed ? code : rock_code;
        if (!options.pack.keep_going) {
          break;
        }
      }
    }
    stages.push_back({{"stage", "pack"}, {"records", packs}});
    stages.push_back({{"stage", "verify"}, {"results", verifies}});
    stages.push_back({{"stage", "attest"}, {"results", attests}});
  }

  doc["status"] = status_of(code);
  doc["stages"] = stages;
  nlohmann::ordered_json summary = nlohmann::ordered_json::array();
  for (const auto& row : rows) {
    nlohmann::ordered_json item{{"rock", row.rock}, {"platform", row.platform}};
    for (const auto& [name, value] : row.stages) {
      item[name] = value;
    }
    item["artifact"] = row.artifact;
    item["sha256"] = row.sha256;
    summary.push_back(item);
  }
  doc["summary"] = summary;
  const std::string json = doc.dump(2) + "\n";
  if (auto written = sys::write_atomic((fs::path(options.pack.dir) / "build.json").string(), json);
      !written) {
    print_error(written.error());
  }
  if (global.json) {
    std::fputs(json.c_str(), stdout);
  } else if (!rows.empty()) {
    std::printf("\n%s", summary_table(rows).c_str());
  }
  return core::to_int(code);
}

} // namespace

void add_build(CLI::App& app, const GlobalOptions& global, int& exit_code)
{
  auto options = std::make_shared<BuildOptions>();
  CLI::App* sub = app.add_subcommand("build", "Run every stage for every rock of the project");
  add_host_options(*sub, options->host);
  sub->add_option("rocks", options->render.rocks, "Rocks to build (default: all)");
  sub->add_option("--rock",
                  options->render.rocks,
                  "A rock to build (repeatable; same as the positional names)");
  sub->add_option("--out", options->pack.dir, "Build folder")->capture_default_str();
  sub->add_option(
      "--pins", options->render.pins, "The lock file (default: pins.yaml beside the project)");
  sub->add_option("--templates", options->render.templates, "Use the templates in this folder");
  add_pack_options(*sub, options->pack);
  sub->add_flag("--dry-run",
                options->dry_run,
                "Run doctor and render, print what pack would run, run nothing");
  sub->callback([options, &global, &exit_code]() { exit_code = run_build(*options, global); });
}

} // namespace fipsrock::cli
