// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "cli/options.hpp"
#include "core/report.hpp"

#include <string>

namespace fipsrock::cli {

// Collects the host facts and evaluates the doctor's rules for `options`.
core::Report doctor_report(const HostOptions& options);

// Prints `report` to stdout as JSON or text per `global`, followed (text only) by `verdict`.
void print_report(const core::Report& report, const GlobalOptions& global, const std::string& verdict);

} // namespace fipsrock::cli
