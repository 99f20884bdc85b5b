// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/inventory.hpp"
#include "core/report.hpp"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

// `fipsrock compare`: are two builds of a rock the same software? (shared/DESIGN.md §3,
// research/verify-attest.md §4). Rockcraft builds are not byte-reproducible: pack times sit in
// labels, annotations, `.rock/metadata.yaml` and the history, and tar headers carry build-tree
// times and user names. So two verdicts: bit for bit (the manifest digests) and equivalent (the
// same files with the same content, mode, owner and link targets over the merged root
// filesystem, and the same config apart from the known noise, each ignored field named).

namespace fipsrock::attest {

inline constexpr const char* k_rule_compare_readable = "compare.readable";
inline constexpr const char* k_rule_compare_strict = "compare.strict";
inline constexpr const char* k_rule_compare_layer = "compare.layer";
inline constexpr const char* k_rule_compare_config = "compare.config";
inline constexpr const char* k_rule_compare_file = "compare.file";
inline constexpr const char* k_rule_compare_noise = "compare.noise";
inline constexpr const char* k_rule_compare_files = "compare.files";

// A config field that differs between builds for reasons that are not the software.
struct NoiseField {
  const char* pointer; // JSON Pointer into the flattened config (see core::ImageInventory)
  const char* reason;
};
const std::vector<NoiseField>& known_noise();

// One difference that is not noise.
struct Difference {
  std::string kind;   // "file" or "config"
  std::string path;   // "/usr/bin/speaker" or "/config/Env"
  std::string change; // "added", "removed", "changed"
  std::string what;   // "content", "mode 0755 -> 0700", ... ("" for added/removed)
  std::string a;      // a description of A's side ("" when absent)
  std::string b;
  std::string a_sha256; // files: the content digests (hex; "" when absent or not a file)
  std::string b_sha256;
};

struct Comparison {
  bool bit_for_bit = false; // the same manifest digest
  bool equivalent = false;  // no difference but known noise
  std::vector<Difference> differences;
  std::vector<std::string> ignored; // "<field>: <reason>", for noise that did differ
  core::Report report;              // the findings, for the human and --json output
};

// PURE: compares `a` with `b` (both complete: their `problems` empty; otherwise the report
// holds one compare.readable error per problem and nothing else is compared).
Comparison compare_inventories(const core::ImageInventory& a, const core::ImageInventory& b);

// The JSON form of `comparison` as the compare statement's predicate and `compare --json` carry
// it: {"result": "EQUIVALENT"|"DIFFERENT", "bitForBit", "a": {...}, "b": {...},
// "differences": [...], "ignored": [...]}.
nlohmann::ordered_json comparison_json(const Comparison& comparison,
                                       const core::ImageInventory& a,
                                       const core::ImageInventory& b);

} // namespace fipsrock::attest
