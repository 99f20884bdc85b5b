// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: parse_elf, then the build info lookup and the Go rules on whatever parses.
// Built and run by scripts/fuzz.
#include "verify/evaluate_go.hpp"
#include "verify/go_buildinfo.hpp"
#include "verify/parse_elf.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace verify = fipsrock::verify;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const bool magic = verify::looks_like_elf(bytes);
  const auto elf = verify::parse_elf(bytes);
  if (!elf) {
    return 0;
  }
  if (!magic) {
    __builtin_trap(); // parse_elf accepted a file without the ELF magic
  }
  (void)verify::elf_architecture(*elf);
  if (const auto blob = verify::find_go_buildinfo(bytes, *elf)) {
    // The blob must be a view into the input, at a 16-byte aligned place in its window.
    if (blob->data() < bytes.data() || blob->data() + blob->size() > bytes.data() + bytes.size()) {
      __builtin_trap();
    }
  }
  const auto info = verify::read_go_buildinfo(bytes, *elf);
  if (info && info->has_value()) {
    verify::GoPolicy policy;
    policy.expected_go_version = "1.26.4";
    policy.expected_msgo_revision = "1";
    if (verify::evaluate_go_binary("/fuzz", *elf, **info, policy).size() != 5) {
      __builtin_trap();
    }
  }
  return 0;
}
