// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "attest/compare.hpp"
#include "cli/options.hpp"
#include "core/error.hpp"
#include "core/inventory.hpp"

#include <string>

namespace fipsrock::cli {

// Two rocks read (one streaming pass each, as verify reads them) and compared.
struct ComparedRocks {
  core::ImageInventory a;
  core::ImageInventory b;
  attest::Comparison comparison;
};

// Reads `a` and `b` and compares them. An error only when a file cannot be opened or is not a
// tar at all; a rock read only in part is compared into compare.readable errors.
// Shows reading progress as `global` asks (see ReadDisplay).
core::Expected<ComparedRocks>
compare_rocks(const std::string& a, const std::string& b, const GlobalOptions& global);

// The one-line verdict of `compared` ("compare: A and B are the same software ...").
std::string compare_verdict(const ComparedRocks& compared);

} // namespace fipsrock::cli
