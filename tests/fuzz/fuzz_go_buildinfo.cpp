// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: the build info blob decoder, the module info parser and Go unquoting.
// Built and run by scripts/fuzz.
#include "verify/evaluate_go.hpp"
#include "verify/go_buildinfo.hpp"
#include "verify/go_quote.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace verify = fipsrock::verify;

namespace {

void exercise(const verify::GoBuildInfo& info)
{
  (void)info.go_release();
  (void)info.goexperiments();
  (void)info.tags();
  verify::GoPolicy policy;
  policy.expected_go_version = "1.24.3";
  policy.expected_msgo_revision = "2";
  policy.accept_boringcrypto = true;
  if (verify::evaluate_go_binary("/fuzz", verify::ElfInfo{}, info, policy).size() != 5) {
    __builtin_trap();
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // As a whole blob, and behind a valid inline-format header so that mutations reach the
  // uvarint strings and the module info without having to rediscover the magic.
  if (const auto info = verify::parse_go_buildinfo(bytes)) {
    exercise(*info);
  }
  std::string blob("\xff Go buildinf:\x08\x02", 16);
  blob.resize(32, '\0');
  blob.append(bytes);
  if (const auto info = verify::parse_go_buildinfo(blob)) {
    exercise(*info);
  }
  if (const auto info = verify::parse_go_modinfo(bytes)) {
    exercise(*info);
  }
  const auto prefix = verify::go_quoted_prefix(bytes);
  if (prefix && *prefix > bytes.size()) {
    __builtin_trap();
  }
  const auto unquoted = verify::go_unquote(bytes);
  if (unquoted && (!prefix || *prefix != bytes.size())) {
    __builtin_trap(); // Unquote accepted what QuotedPrefix did not cover
  }
  return 0;
}
