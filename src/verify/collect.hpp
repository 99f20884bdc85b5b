// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/error.hpp"
#include "verify/facts.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace fipsrock::verify {

// How far one pass over a .rock has got, for a progress display.
struct ReadProgress {
  std::uint64_t bytes_read = 0; // of the .rock's entries, so far
  std::string entry;            // the entry being read ("blobs/sha256/…"); empty at the end
  bool layer = false;           // the entry is being decoded as a layer
};
// Called on the reading thread: as each entry starts, every few MB within a layer, and once at
// the end.
using ProgressFn = std::function<void(const ReadProgress&)>;

// Reads the .rock at `path` in one streaming pass (libarchive; nothing is extracted, no root
// needed): every blob is hashed, JSON blobs are kept, every other blob is decoded as a layer.
// An error only when `path` cannot be opened or is not a tar at all (a .rock that could not be
// read as a rock: exit 2); anything wrong later is recorded in the facts for the rules.
core::Expected<RockFacts>
collect(const std::string& path, const Budgets& budgets, const ProgressFn& progress = {});

// The same from `bytes` already in memory (tests, the fuzzer); `name` stands for the file name.
core::Expected<RockFacts> collect_from_memory(std::string_view bytes,
                                              const std::string& name,
                                              const Budgets& budgets,
                                              const ProgressFn& progress = {});

} // namespace fipsrock::verify
