// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "attest/evaluate.hpp"
#include "attest/facts.hpp"
#include "core/error.hpp"

#include <string>
#include <vector>

namespace fipsrock::attest {

// Where attest finds the records of one build, and what the command line overrides.
struct CollectOptions {
  std::string rock;          // the .rock file; empty: pack.json's artifact in `build_dir`
  std::string build_dir;     // build/<rock>; empty: the folder of `rock`
  std::string verify_report; // empty: <build_dir>/verify.json when it exists
  std::string policy;        // the verify policy file; empty: the one the verify report names
  std::string builder_id;    // empty: https://fipsrock.dev/builder/<hostname>
  std::string mode;          // empty: the pack record's (build_mode)
};

// EFFECTS: reads render.json, pack.json (and verify.json when there) of `options.build_dir`,
// hashes the rock, its pack log and the rendered rockcraft.yaml, and reads the rock's
// index.json (libarchive; nothing extracted). An error names the file that cannot be read or
// is not a good record; record_mismatches() judges the rest.
core::Expected<AttestFacts> collect(const CollectOptions& options);

// EFFECTS: the attestation at `path` and the sha256 of every file in `rocks`. An error when one
// of them cannot be read.
core::Expected<AttestationFacts> collect_attestation(const std::string& path,
                                                     const std::vector<std::string>& rocks);

// EFFECTS: the text of index.json in the .rock (an OCI archive tar) at `path`. An error when the
// file cannot be read as a tar or has no index.json.
core::Expected<std::string> read_rock_index(const std::string& path);

} // namespace fipsrock::attest
