// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/error.hpp"
#include "core/report.hpp"
#include "verify/evaluate_go.hpp"
#include "verify/facts.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fipsrock::verify {

// A justified exception: findings of rule `rule` on `subject` (exact, or a glob with `*` and
// `?`) do not count. `reason` is mandatory and travels with the finding into the report.
struct Waiver {
  std::string rule;
  std::string subject;
  std::string reason;
};

// What a rock is verified against: the --policy file, then the command-line options.
struct VerifyPolicy {
  GoPolicy go;
  std::string expect_name;
  std::string expect_version;
  std::string expect_platform;
  bool require_fips_pebble = false; // pebble.fips fails instead of warning
  Budgets budgets;
  std::vector<Waiver> waivers;
};

// Parses the policy file `text` (named `path` in messages) over the defaults:
//   go: {expected-version, msgo-revision, accept-boringcrypto, require-ms-tls13kdf}
//   expect: {name, version, platform}
//   pebble: {require-fips}
//   budgets: {max-total-bytes, max-entries, max-entry-bytes, max-ratio, ratio-floor,
//             max-json-bytes, max-elf-bytes, max-outer-entries}
//   waivers: [{rule, subject, reason}]
// Errors read "<path>:<line>: <key>: <what>"; unknown keys get "did you mean".
core::Expected<VerifyPolicy> parse_policy(std::string_view text, const std::string& path);

// A finding whose failure a waiver excused.
struct AppliedWaiver {
  std::size_t finding = 0; // index into the report's findings
  core::Status original = core::Status::fail;
  Waiver waiver;
};

// The report of one rock with the waivers that were applied to it.
struct VerifyResult {
  core::Report report;
  std::vector<AppliedWaiver> waived;
};

// Applies `waivers` to the warn/fail/error findings of `report`: each match becomes `info`
// (so it no longer decides the verdict), its message notes the waiver, and the match is
// recorded. A waiver that matched nothing adds a `policy.waiver` warning.
VerifyResult apply_waivers(core::Report report, const std::vector<Waiver>& waivers);

// True when `subject` matches the waiver pattern `pattern` (`*` any run, `?` one character).
bool subject_matches(std::string_view pattern, std::string_view subject);

} // namespace fipsrock::verify
