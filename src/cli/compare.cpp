// SPDX-License-Identifier: Apache-2.0
#include "cli/compare.hpp"

#include "cli/options.hpp"
#include "cli/read_progress.hpp"
#include "cli/stages.hpp"
#include "core/report_json.hpp"
#include "sys/file.hpp"
#include "verify/collect.hpp"
#include "verify/inventory.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <optional>

namespace fipsrock::cli {

namespace {

core::Expected<core::ImageInventory> read_inventory(const std::string& path,
                                                    const GlobalOptions& global)
{
  std::optional<ReadDisplay> display(std::in_place, global, "compare", path);
  auto facts = verify::collect(path, verify::Budgets{}, display->progress());
  display.reset();
  if (!facts) {
    return tl::make_unexpected(facts.error());
  }
  core::ImageInventory inventory = verify::inventory(*facts);
  auto digest = sys::digest_file(path);
  if (!digest) {
    return tl::make_unexpected(digest.error());
  }
  inventory.file_sha256 = digest->sha256;
  return inventory;
}

struct CompareOptions {
  std::string a;
  std::string b;
};

int run_compare(const CompareOptions& options, const GlobalOptions& global)
{
  auto compared = compare_rocks(options.a, options.b, global);
  if (!compared) {
    print_error(compared.error());
    return core::to_int(core::ExitCode::error);
  }
  const core::Report& report = compared->comparison.report;
  if (global.json) {
    nlohmann::ordered_json doc = core::to_json(report);
    doc["comparison"] = attest::comparison_json(compared->comparison, compared->a, compared->b);
    std::fputs((doc.dump(2) + "\n").c_str(), stdout);
  } else {
    print_report(report, global, compare_verdict(*compared));
  }
  return core::to_int(core::exit_code_for(report));
}

} // namespace

core::Expected<ComparedRocks>
compare_rocks(const std::string& a, const std::string& b, const GlobalOptions& global)
{
  ComparedRocks out;
  auto first = read_inventory(a, global);
  if (!first) {
    return tl::make_unexpected(first.error());
  }
  auto second = read_inventory(b, global);
  if (!second) {
    return tl::make_unexpected(second.error());
  }
  out.a = std::move(*first);
  out.b = std::move(*second);
  out.comparison = attest::compare_inventories(out.a, out.b);
  return out;
}

std::string compare_verdict(const ComparedRocks& compared)
{
  const attest::Comparison& c = compared.comparison;
  if (!compared.a.problems.empty() || !compared.b.problems.empty()) {
    return fmt::format("compare: could not compare {} with {}: a rock could not be read whole",
                       compared.a.file,
                       compared.b.file);
  }
  if (c.bit_for_bit) {
    return fmt::format(
        "compare: {} and {} are bit for bit the same image", compared.a.file, compared.b.file);
  }
  if (c.equivalent) {
    return fmt::format("compare: {} and {} are the same software (not bit for bit; {} known "
                       "noise difference{} ignored)",
                       compared.a.file,
                       compared.b.file,
                       c.ignored.size(),
                       c.ignored.size() == 1 ? "" : "s");
  }
  return fmt::format("compare: {} and {} are NOT the same software: {} difference{}",
                     compared.a.file,
                     compared.b.file,
                     c.differences.size(),
                     c.differences.size() == 1 ? "" : "s");
}

void add_compare(CLI::App& app, const GlobalOptions& global, int& exit_code)
{
  auto options = std::make_shared<CompareOptions>();
  CLI::App* sub = app.add_subcommand(
      "compare",
      "Tell whether two builds of a rock are the same software (strict digests, then every file "
      "of the merged root filesystem, ignoring only known build noise)");
  sub->add_option("a", options->a, "The first .rock")->required();
  sub->add_option("b", options->b, "The second .rock")->required();
  sub->callback([options, &global, &exit_code]() { exit_code = run_compare(*options, global); });
}

} // namespace fipsrock::cli
