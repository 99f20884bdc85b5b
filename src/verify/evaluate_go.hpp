// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/finding.hpp"
#include "verify/go_buildinfo.hpp"
#include "verify/parse_elf.hpp"

#include <string>
#include <vector>

namespace fipsrock::verify {

// What a Go binary in the rock must satisfy beyond the fixed FIPS rules.
struct GoPolicy {
  std::string expected_go_version;    // "1.26.4"; empty: any version
  std::string expected_msgo_revision; // "1": toolset id go<X.Y.Z>-<R>-microsoft; empty: any
  bool accept_boringcrypto = false;   // test-only: let GOEXPERIMENT=boringcrypto pass
  bool require_ms_tls13kdf_for_123_124 = true;
};

// Rule ids, one finding each per Go binary.
inline constexpr const char* k_rule_go_cgo = "go.cgo-enabled";
inline constexpr const char* k_rule_go_crypto = "go.crypto-backend";
inline constexpr const char* k_rule_go_toolchain = "go.toolchain";
inline constexpr const char* k_rule_go_dynamic = "go.dynamic";
inline constexpr const char* k_rule_go_tags = "go.tags";

// The FIPS findings for the Go binary at `subject` (its path in the image), from its ELF facts
// `elf`, its build info `info` and `policy`: go.cgo-enabled, go.crypto-backend, go.toolchain,
// go.dynamic and go.tags, in that order. Pure; never fails.
std::vector<core::Finding> evaluate_go_binary(const std::string& subject,
                                              const ElfInfo& elf,
                                              const GoBuildInfo& info,
                                              const GoPolicy& policy);

} // namespace fipsrock::verify
