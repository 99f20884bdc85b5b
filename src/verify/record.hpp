// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/error.hpp"
#include "verify/policy.hpp"

#include <string>
#include <vector>

namespace fipsrock::verify {

// The outcome of verifying one .rock: a report, or why the file could not be read as a rock.
struct RockOutcome {
  std::string file;
  std::optional<VerifyResult> result; // nullopt: `error` says why there is no report
  core::Error error;
};

// The --json output of `fipsrock verify`. One rock: the core report document (as every stage
// writes it) whose findings also carry "waived" and, when waived, "waiver_reason" and
// "original_status". Several rocks: {"fipsrock", "command": "verify", "status", "rocks": [...]}
// with one such document per rock. A rock that could not be read has "status": "error" and
// "error": {"message", "hint"}.
std::string render_verify_json(const std::vector<RockOutcome>& outcomes);

// "pass", "fail" or "error" for `outcome` (error when it could not be read).
std::string outcome_status(const RockOutcome& outcome);

} // namespace fipsrock::verify
