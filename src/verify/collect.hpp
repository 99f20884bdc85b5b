// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/error.hpp"
#include "verify/facts.hpp"

#include <string>
#include <string_view>

namespace fipsrock::verify {

// Reads the .rock at `path` in one streaming pass (libarchive; nothing is extracted, no root
// needed): every blob is hashed, JSON blobs are kept, every other blob is decoded as a layer.
// An error only when `path` cannot be opened or is not a tar at all (a .rock that could not be
// read as a rock: exit 2); anything wrong later is recorded in the facts for the rules.
core::Expected<RockFacts> collect(const std::string& path, const Budgets& budgets);

// The same from `bytes` already in memory (tests, the fuzzer); `name` stands for the file name.
core::Expected<RockFacts>
collect_from_memory(std::string_view bytes, const std::string& name, const Budgets& budgets);

} // namespace fipsrock::verify
