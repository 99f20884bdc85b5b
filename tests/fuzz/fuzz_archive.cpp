// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: the whole verify pipeline on a .rock held in memory. The outer tar, every
// blob (JSON, gzip, zstd, plain tar layers), the layer tars, ELF and Go build info parsing, the
// root filesystem model, every rule and the JSON report. A malicious archive must produce
// findings: never a crash, a hang or an allocation beyond the budgets.
//
// Build (clang++ with libFuzzer, from the repository root):
//   clang++ -std=c++17 -g -O1 -Isrc -fsanitize=fuzzer,address,undefined \
//     tests/fuzz/fuzz_archive.cpp src/verify/*.cpp
//     src/core/{digest,report,report_json,spellcheck,version}.cpp \ -DFIPSROCK_VERSION='"fuzz"'
//     -larchive -lz -lyaml-cpp -lcrypto -lfmt -o fuzz_archive
//   (add -DFIPSROCK_HAVE_ISAL=1 -lisal to fuzz the ISA-L inflate path)
// Seeds: any .rock, e.g. those tests/integration/suites/verify.bash builds.
#include "verify/collect.hpp"
#include "verify/evaluate.hpp"
#include "verify/record.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace verify = fipsrock::verify;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // Budgets small enough for libFuzzer's memory limit; the checks below hold them to it.
  verify::Budgets budgets;
  budgets.max_total_bytes = 64 << 20;
  budgets.max_entries = 20'000;
  budgets.max_entry_bytes = 32 << 20;
  budgets.max_elf_bytes = 16 << 20;
  budgets.max_json_bytes = 1 << 20;
  budgets.max_outer_entries = 10'000;
  budgets.ratio_floor = 1 << 20;
  auto facts = verify::collect_from_memory(bytes, "fuzz_1.0_amd64.rock", budgets);
  if (!facts) {
    if (facts.error().message.empty()) {
      __builtin_trap(); // every error says what went wrong
    }
    return 0;
  }
  // Reading stops within one decoded piece (and one sparse-hole chunk) of the byte budget.
  if (facts->uncompressed_total > budgets.max_total_bytes + (4 << 20)) {
    __builtin_trap();
  }
  if (facts->largest_buffered > budgets.max_elf_bytes) {
    __builtin_trap();
  }
  std::size_t entries = 0;
  for (const auto& layer : facts->layers) {
    entries += layer.entries.size();
    if (!layer.diff_id.empty() && layer.diff_id.size() != 71) {
      __builtin_trap();
    }
  }
  if (entries > budgets.max_entries) {
    __builtin_trap();
  }
  verify::VerifyPolicy policy;
  policy.budgets = budgets;
  policy.waivers = {{"oci.blob-digest", "*", "fuzz"}};
  const verify::VerifyResult result = verify::evaluate(*facts, policy);
  for (const auto& finding : result.report.findings) {
    if (finding.id.empty() || finding.subject.empty()) {
      __builtin_trap();
    }
  }
  verify::RockOutcome outcome;
  outcome.file = "fuzz_1.0_amd64.rock";
  outcome.result = result;
  (void)verify::render_verify_json({outcome});
  return 0;
}
