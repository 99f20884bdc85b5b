// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "verify/byte_source.hpp"
#include "verify/facts.hpp"

#include <cstdint>
#include <functional>
#include <string>

namespace fipsrock::verify {

// The budgets of one rock and what its layers have spent of them so far.
struct BudgetState {
  Budgets limits;
  std::uint64_t total_bytes = 0;      // uncompressed layer bytes so far
  std::uint64_t entries = 0;          // layer entries so far
  std::uint64_t largest_buffered = 0; // the largest file held in memory so far
  std::string exhausted;              // the rock-wide budget that ran out, if any
};

// Decodes the layer blob `blob` (its compression sniffed as `compression`; `compressed_read`
// counts the blob bytes read so far, for the ratio budget; `blob` advances it, and both are
// used on a worker thread until read_layer returns) and records every tar entry in
// `layer`: the uncompressed stream is hashed for the diff_id, each regular file for its digest,
// ELF files are parsed (the one file held in memory at a time), a few files are scanned for
// identification strings or kept (`.rock/metadata.yaml`, Pebble layers). Never fails: corrupt
// data and exhausted budgets are recorded in `layer` and reading stops. `blob` is not drained.
// `on_read`, when set, is called on the caller's thread every few MB with the blob bytes read.
void read_layer(ByteSource& blob,
                Compression compression,
                const std::uint64_t& compressed_read,
                LayerFacts& layer,
                BudgetState& budget,
                const std::function<void(std::uint64_t)>& on_read = {});

// True when the file at image path `path` is one the rules read in full (small: at most 1 MiB).
bool keeps_content(const std::string& path);

} // namespace fipsrock::verify
