// SPDX-License-Identifier: Apache-2.0
#include "cli/options.hpp"
#include "cli/read_progress.hpp"
#include "cli/stages.hpp"
#include "core/exit_code.hpp"
#include "core/report_text.hpp"
#include "sys/file.hpp"
#include "verify/byte_source.hpp"
#include "verify/collect.hpp"
#include "verify/evaluate.hpp"
#include "verify/policy.hpp"
#include "verify/record.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <optional>

namespace fipsrock::cli {

namespace {

// Options of `verify` (shared/DESIGN.md §3 verify).
struct VerifyOptions {
  std::vector<std::string> rocks;
  std::string expect_name;
  std::string expect_version;
  std::string expect_platform;
  std::string policy; // empty: the built-in defaults
  // Budget overrides; 0 keeps the policy's (or the default) value.
  std::uint64_t max_total_bytes = 0;
  std::uint64_t max_entries = 0;
  std::uint64_t max_entry_bytes = 0;
  std::uint64_t max_ratio = 0;
};

core::Expected<verify::VerifyPolicy> load_policy(const VerifyOptions& options)
{
  verify::VerifyPolicy policy;
  if (!options.policy.empty()) {
    auto text = sys::read_file(options.policy);
    if (!text) {
      return tl::make_unexpected(text.error());
    }
    auto parsed = verify::parse_policy(*text, options.policy);
    if (!parsed) {
      return tl::make_unexpected(parsed.error());
    }
    policy = std::move(*parsed);
  }
  const std::pair<const std::string*, std::string*> expectations[] = {
      {&options.expect_name, &policy.expect_name},
      {&options.expect_version, &policy.expect_version},
      {&options.expect_platform, &policy.expect_platform}};
  for (const auto& [given, target] : expectations) {
    if (!given->empty()) {
      *target = *given;
    }
  }
  const std::pair<std::uint64_t, std::uint64_t*> budgets[] = {
      {options.max_total_bytes, &policy.budgets.max_total_bytes},
      {options.max_entries, &policy.budgets.max_entries},
      {options.max_entry_bytes, &policy.budgets.max_entry_bytes},
      {options.max_ratio, &policy.budgets.max_ratio}};
  for (const auto& [given, target] : budgets) {
    if (given != 0) {
      *target = given;
    }
  }
  return policy;
}

std::string verdict_for(const verify::RockOutcome& outcome)
{
  if (!outcome.result) {
    return fmt::format("verify: {} could not be read as a rock", outcome.file);
  }
  const core::Report& report = outcome.result->report;
  const std::string counts = core::summarize_counts(report);
  const std::string waived = outcome.result->waived.empty()
                                 ? std::string()
                                 : fmt::format(" ({} waived)", outcome.result->waived.size());
  switch (core::overall_status(report)) {
  case core::Status::fail:
    return fmt::format(
        "verify: {} is NOT a compliant FIPS rock: {}{}", outcome.file, counts, waived);
  case core::Status::error:
    return fmt::format(
        "verify: {} could not be fully verified: {}{}", outcome.file, counts, waived);
  default:
    return fmt::format("verify: {} is a compliant FIPS rock: {}{}", outcome.file, counts, waived);
  }
}

int run_verify(const VerifyOptions& options, const GlobalOptions& global)
{
  auto policy = load_policy(options);
  if (!policy) {
    print_error(policy.error());
    return core::to_int(core::ExitCode::error);
  }
  std::vector<verify::RockOutcome> outcomes;
  for (const std::string& rock : options.rocks) {
    verify::RockOutcome outcome;
    outcome.file = rock;
    const auto started = std::chrono::steady_clock::now();
    std::optional<ReadDisplay> display(std::in_place, global, "verify", rock);
    auto facts = verify::collect(rock, policy->budgets, display->progress());
    display.reset();
    if (!facts) {
      print_error(facts.error());
      outcome.error = facts.error();
    } else {
      verify::VerifyResult result = verify::evaluate(*facts, *policy);
      const auto seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      result.report.context.emplace_back("inflate", verify::inflate_implementation());
      result.report.context.emplace_back("seconds", fmt::format("{:.3f}", seconds));
      if (global.verbose) {
        std::fprintf(stderr,
                     "fipsrock: verify: read %s in %.2f s (%.1f MB uncompressed)\n",
                     rock.c_str(),
                     seconds,
                     static_cast<double>(facts->uncompressed_total) / 1e6);
      }
      outcome.result = std::move(result);
    }
    outcomes.push_back(std::move(outcome));
  }

  if (global.json) {
    std::fputs(verify::render_verify_json(outcomes).c_str(), stdout);
  } else {
    for (const auto& outcome : outcomes) {
      if (outcome.result) {
        print_report(outcome.result->report, global, verdict_for(outcome));
      } else {
        std::fputs((verdict_for(outcome) + "\n").c_str(), stdout);
      }
    }
  }

  // As core::exit_code_for over all rocks: a failure decides, then anything not checked.
  bool failed = false;
  bool unchecked = false;
  for (const auto& outcome : outcomes) {
    const std::string status = verify::outcome_status(outcome);
    failed = failed || status == "fail";
    unchecked = unchecked || status == "error";
  }
  if (failed) {
    return core::to_int(core::ExitCode::check_failed);
  }
  return core::to_int(unchecked ? core::ExitCode::error : core::ExitCode::ok);
}

} // namespace

void add_verify(CLI::App& app, const GlobalOptions& global, int& exit_code)
{
  auto options = std::make_shared<VerifyOptions>();
  CLI::App* sub = app.add_subcommand(
      "verify", "Check that .rock files are intact, are the rocks meant, and are FIPS-built");
  sub->add_option("rocks", options->rocks, "The .rock files (<name>_<version>_<platform>.rock)")
      ->required();
  sub->add_option("--expect-name", options->expect_name, "The rock name it must have");
  sub->add_option("--expect-version", options->expect_version, "The version it must have");
  sub->add_option("--expect-platform", options->expect_platform, "The platform it must be for");
  sub->add_option("--policy",
                  options->policy,
                  "YAML policy: Go pins, expectations, budgets, waivers {rule, subject, reason}");
  sub->add_option("--max-total-bytes",
                  options->max_total_bytes,
                  "Budget: uncompressed bytes of all layers (default 64 GiB)");
  sub->add_option(
      "--max-entries", options->max_entries, "Budget: tar entries of all layers (default 2000000)");
  sub->add_option(
      "--max-entry-bytes", options->max_entry_bytes, "Budget: size of one file (default 16 GiB)");
  sub->add_option("--max-ratio",
                  options->max_ratio,
                  "Budget: compression ratio of a layer past 256 MiB (default 200)");
  sub->callback([options, &global, &exit_code]() { exit_code = run_verify(*options, global); });
}

} // namespace fipsrock::cli
