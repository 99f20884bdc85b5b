// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/exit_code.hpp"
#include "core/finding.hpp"

#include <string>
#include <vector>

namespace fipsrock::core {

// The findings of one stage run, in the order the rules produced them.
struct Report {
  std::string command;                                      // "doctor", "verify", ...
  std::vector<std::pair<std::string, std::string>> context; // extra top-level JSON fields
  std::vector<Finding> findings;
};

// The overall verdict of `report`: any `fail` makes it `fail`; otherwise any `error` (a check
// that could not be decided) makes it `error`; otherwise `pass`.
Status overall_status(const Report& report);

// The exit code that goes with `overall_status(report)` (0, 1 or 2).
ExitCode exit_code_for(const Report& report);

// Counts of findings with `status` in `report`.
std::size_t count_status(const Report& report, Status status);

} // namespace fipsrock::core
