// SPDX-License-Identifier: Apache-2.0
#include "cli/options.hpp"
#include "cli/stages.hpp"
#include "core/report_json.hpp"
#include "core/report_text.hpp"
#include "host/collect.hpp"
#include "host/evaluate.hpp"
#include "sys/process.hpp"
#include "sys/terminal.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>

namespace fipsrock::cli {

core::Report doctor_report(const HostOptions& options)
{
  host::CollectOptions collect;
  collect.root = options.root;
  collect.snapd_socket = options.snapd_socket;
  collect.timeout = std::chrono::seconds(options.timeout_seconds);
  collect.env = sys::current_environment();
  const host::HostFacts facts = host::collect(collect);

  host::DoctorPolicy policy;
  policy.mode = host::parse_mode(options.mode).value_or(host::Mode::auto_detect);
  return host::evaluate(facts, policy);
}

void print_report(const core::Report& report,
                  const GlobalOptions& global,
                  const std::string& verdict)
{
  if (global.json) {
    std::fputs(core::render_json(report).c_str(), stdout);
    return;
  }
  const bool color = sys::use_color(sys::Fd::out, global.no_color);
  core::Report shown = report;
  if (global.quiet) {
    shown.findings.clear();
    for (const auto& f : report.findings) {
      if (f.status == core::Status::warn || f.status == core::Status::fail ||
          f.status == core::Status::error) {
        shown.findings.push_back(f);
      }
    }
  }
  std::fputs(core::render_text(shown,
                               color ? core::Color::yes : core::Color::no,
                               global.verbose ? core::Detail::verbose : core::Detail::normal)
                 .c_str(),
             stdout);
  std::fputs((verdict + "\n").c_str(), stdout);
}

namespace {

std::string context_value(const core::Report& report, const std::string& key)
{
  for (const auto& [k, v] : report.context) {
    if (k == key) {
      return v;
    }
  }
  return {};
}

int run_doctor(const HostOptions& options, const GlobalOptions& global)
{
  const core::Report report = doctor_report(options);
  const std::string mode = context_value(report, "mode");
  std::string verdict;
  switch (core::overall_status(report)) {
  case core::Status::fail:
    verdict = fmt::format("doctor: this host is NOT ready to build FIPS rocks ({} mode): {}",
                          mode,
                          core::summarize_counts(report));
    break;
  case core::Status::error:
    verdict = fmt::format("doctor: could not decide whether this host is ready ({} mode): {}",
                          mode,
                          core::summarize_counts(report));
    break;
  default:
    verdict = fmt::format("doctor: this host is ready to build FIPS rocks ({} mode): {}",
                          mode,
                          core::summarize_counts(report));
    break;
  }
  print_report(report, global, verdict);
  return core::to_int(core::exit_code_for(report));
}

} // namespace

void add_doctor(CLI::App& app, const GlobalOptions& global, int& exit_code)
{
  auto options = std::make_shared<HostOptions>();
  CLI::App* sub =
      app.add_subcommand("doctor", "Check that this host can build the project's FIPS rocks");
  add_host_options(*sub, *options);
  sub->callback([options, &global, &exit_code]() { exit_code = run_doctor(*options, global); });
}

} // namespace fipsrock::cli
