// SPDX-License-Identifier: Apache-2.0
// `fipsrock attest verify`: an attestation's signature, structure and subjects against rocks.
#include "attest/collect.hpp"
#include "attest/dsse.hpp"
#include "attest/evaluate.hpp"
#include "cli/attest.hpp"
#include "cli/stages.hpp"
#include "core/report_text.hpp"
#include "sys/file.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <optional>

namespace fipsrock::cli {

int run_attest_verify(const AttestVerifyOptions& options, const GlobalOptions& global)
{
  std::optional<attest::Key> key;
  if (!options.key.empty()) {
    auto pem = sys::read_file(options.key);
    if (!pem) {
      print_error(pem.error());
      return core::to_int(core::ExitCode::error);
    }
    auto loaded = attest::Key::public_from_pem(*pem, options.key);
    if (!loaded) {
      print_error(loaded.error());
      return core::to_int(core::ExitCode::error);
    }
    key = std::move(*loaded);
  }
  auto facts = attest::collect_attestation(options.attestation, options.rocks);
  if (!facts) {
    print_error(facts.error());
    return core::to_int(core::ExitCode::error);
  }
  auto report = attest::evaluate_attestation(*facts, key ? &*key : nullptr);
  if (!report) {
    print_error(report.error());
    return core::to_int(core::ExitCode::error);
  }
  for (const auto& f : report->findings) {
    if (f.status == core::Status::fail || f.status == core::Status::error) {
      std::fprintf(stderr, "fipsrock: error: %s\n", f.message.c_str());
    }
  }
  const bool failed = core::overall_status(*report) != core::Status::pass;
  std::string signature = "unsigned";
  for (const auto& [k, v] : report->context) {
    if (k == "signed" && v == "yes") {
      signature = key ? "signature verified" : "signed, signature not checked: no --key";
    }
  }
  const std::string verdict = failed ? fmt::format("attest verify: {} does NOT hold: {}",
                                                   options.attestation,
                                                   core::summarize_counts(*report))
                                     : fmt::format("attest verify: {} holds ({}): {}",
                                                   options.attestation,
                                                   signature,
                                                   core::summarize_counts(*report));
  print_report(*report, global, verdict);
  return core::to_int(core::exit_code_for(*report));
}

} // namespace fipsrock::cli
