// SPDX-License-Identifier: Apache-2.0
#include "cli/options.hpp"
#include "cli/stages.hpp"
#include "core/digest.hpp"
#include "core/embedded.hpp"
#include "core/exit_code.hpp"
#include "core/spellcheck.hpp"
#include "core/text_diff.hpp"
#include "render/check_rockcraft.hpp"
#include "render/collect.hpp"
#include "render/record.hpp"
#include "render/rockcraft_yaml.hpp"
#include "sys/file.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>

namespace fipsrock::cli {

namespace {

namespace fs = std::filesystem;

struct Rendered {
  const render::Rock* rock;
  std::string yaml;
  std::string path; // out/<rock>/rockcraft.yaml
};

core::Expected<std::vector<const render::Rock*>> select_rocks(const render::Project& project,
                                                              const std::vector<std::string>& names)
{
  std::vector<const render::Rock*> out;
  std::vector<std::string> known;
  for (const auto& rock : project.rocks) {
    known.push_back(rock.name);
  }
  if (names.empty()) {
    for (const auto& rock : project.rocks) {
      out.push_back(&rock);
    }
    return out;
  }
  for (const auto& name : names) {
    const auto it = std::find_if(project.rocks.begin(),
                                 project.rocks.end(),
                                 [&](const render::Rock& r) { return r.name == name; });
    if (it == project.rocks.end()) {
      return core::make_error(
          fmt::format("no rock '{}' in {}{}", name, project.path, core::did_you_mean(name, known)),
          fmt::format("the project's rocks are: {}", fmt::join(known, ", ")));
    }
    out.push_back(&*it);
  }
  return out;
}

} // namespace

RenderOutcome render_rocks(const RenderOptions& options, const GlobalOptions& global)
{
  RenderOutcome outcome;
  auto inputs = render::load_inputs(global.project, options.pins, options.templates);
  if (!inputs) {
    print_error(inputs.error());
    outcome.exit_code = core::ExitCode::error;
    return outcome;
  }
  auto rocks = select_rocks(inputs->project, options.rocks);
  if (!rocks) {
    print_error(rocks.error());
    outcome.exit_code = core::ExitCode::error;
    return outcome;
  }
  const std::string_view schema = *core::embedded_file("schema/rockcraft.json");

  // Render and check every rock before anything is written: a failing render writes nothing.
  std::vector<Rendered> rendered;
  bool broken = false;
  for (const render::Rock* rock : *rocks) {
    auto yaml =
        render::render_rockcraft_yaml(inputs->project, inputs->pins, *rock, inputs->templates);
    if (!yaml) {
      print_error(yaml.error());
      outcome.exit_code = core::ExitCode::error;
      return outcome;
    }
    auto violations = render::check_rockcraft_yaml(*yaml, schema);
    if (!violations) {
      print_error({fmt::format("rendered rockcraft.yaml of {} is not valid YAML: {}",
                               rock->name,
                               violations.error().message),
                   "fix the templates"});
      outcome.exit_code = core::ExitCode::error;
      return outcome;
    }
    for (const auto& v : *violations) {
      broken = true;
      std::fprintf(stderr,
                   "fipsrock: error: %s: rockcraft.yaml breaks rule '%s' at %s (line %d): %s\n",
                   rock->name.c_str(),
                   v.rule.c_str(),
                   v.path.empty() ? "(top)" : v.path.c_str(),
                   v.line,
                   v.message.c_str());
    }
    rendered.push_back(
        {rock, std::move(*yaml), (fs::path(options.out) / rock->name / "rockcraft.yaml").string()});
  }
  if (broken) {
    std::fprintf(stderr,
                 "fipsrock: hint: nothing was written; fix %s or the templates\n",
                 global.project.c_str());
    outcome.exit_code = core::ExitCode::check_failed;
    return outcome;
  }

  nlohmann::ordered_json report;
  report["fipsrock"] = FIPSROCK_VERSION;
  report["command"] = "render";
  nlohmann::ordered_json files = nlohmann::ordered_json::array();

  if (!options.check.empty()) {
    bool drift = false;
    for (const auto& r : rendered) {
      const std::string committed =
          (fs::path(options.check) / r.rock->name / "rockcraft.yaml").string();
      auto existing = sys::read_file_if_exists(committed);
      if (!existing) {
        print_error(existing.error());
        outcome.exit_code = core::ExitCode::error;
        return outcome;
      }
      const std::string before = existing->value_or("");
      const std::string diff = core::unified_diff(before, r.yaml, committed, "rendered");
      const bool same = existing->has_value() && diff.empty();
      drift = drift || !same;
      files.push_back({{"rock", r.rock->name},
                       {"path", committed},
                       {"status", same ? "same" : (existing->has_value() ? "drifted" : "missing")},
                       {"sha256", core::sha256_hex(r.yaml)}});
      if (!same && !global.json) {
        std::fputs(existing->has_value() ? diff.c_str()
                                         : fmt::format("missing: {}\n", committed).c_str(),
                   stdout);
      }
    }
    report["status"] = drift ? "fail" : "pass";
    report["checked"] = files;
    if (global.json) {
      std::fputs((report.dump(2) + "\n").c_str(), stdout);
    } else {
      std::fprintf(stderr,
                   "%s\n",
                   drift ? "render: the committed recipes drifted from the project; run `fipsrock "
                           "render --out DIR` to update them"
                         : "render: the committed recipes match the project");
    }
    outcome.exit_code = drift ? core::ExitCode::check_failed : core::ExitCode::ok;
    return outcome;
  }

  for (const auto& r : rendered) {
    const std::string record_path = (fs::path(options.out) / r.rock->name / "render.json").string();
    for (const auto& [path, content] :
         {std::pair<std::string, std::string>{r.path, r.yaml},
          {record_path, render::render_record(*inputs, *r.rock, r.yaml, r.path)}}) {
      if (auto written = sys::write_atomic(path, content); !written) {
        print_error(written.error());
        outcome.exit_code = core::ExitCode::error;
        return outcome;
      }
    }
    files.push_back({{"rock", r.rock->name},
                     {"path", r.path},
                     {"sha256", core::sha256_hex(r.yaml)},
                     {"bytes", r.yaml.size()},
                     {"record", record_path}});
    outcome.rendered.push_back(r.path);
    if (!global.json && !global.quiet) {
      std::printf("rendered %s -> %s\n", r.rock->name.c_str(), r.path.c_str());
    }
  }
  report["status"] = "pass";
  report["written"] = files;
  outcome.json = report.dump(2) + "\n";
  if (global.json && options.print_json) {
    std::fputs(outcome.json.c_str(), stdout);
  }
  outcome.exit_code = core::ExitCode::ok;
  return outcome;
}

void add_render(CLI::App& app, const GlobalOptions& global, int& exit_code)
{
  auto options = std::make_shared<RenderOptions>();
  CLI::App* sub = app.add_subcommand(
      "render", "Write rockcraft.yaml for the project's rocks from templates and pins");
  sub->add_option("rocks", options->rocks, "Rocks to render (default: all)");
  sub->add_option("--out", options->out, "Write build/<rock>/rockcraft.yaml under this folder")
      ->capture_default_str();
  sub->add_option("--check",
                  options->check,
                  "Compare with recipes already rendered under this folder; exit 1 on drift");
  sub->add_option("--pins", options->pins, "The lock file (default: pins.yaml beside the project)");
  sub->add_option("--templates",
                  options->templates,
                  "Use the templates in this folder instead of the built-in ones");
  sub->callback([options, &global, &exit_code]() {
    exit_code = core::to_int(render_rocks(*options, global).exit_code);
  });
}

} // namespace fipsrock::cli
