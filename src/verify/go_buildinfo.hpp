// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/error.hpp"
#include "verify/parse_elf.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fipsrock::verify {

// A `=>` line: what replaced the module on the line before it.
struct GoModuleReplacement {
  std::string path;
  std::string version;
  std::string sum;
};

// A `mod` or `dep` line of the module info.
struct GoModule {
  std::string path;
  std::string version;
  std::string sum;
  std::optional<GoModuleReplacement> replace;
};

// The build info the Go linker embeds (what `go version -m` prints).
struct GoBuildInfo {
  std::string go_version; // as stored: "go1.25.0 X:opensslcrypto"
  std::string path;       // main package path
  GoModule main;
  std::vector<GoModule> deps;
  std::vector<std::pair<std::string, std::string>> settings; // `build` lines, in order, unquoted

  // The value of the first `build` setting named `key`; nullopt when absent.
  std::optional<std::string> setting(std::string_view key) const;
  // The release number: "go1.25.0 X:opensslcrypto" -> "1.25.0", "go1.26.0-1-microsoft" ->
  // "1.26.0"; empty when the version does not start with "go" (e.g. "devel ...").
  std::string go_release() const;
  // GOEXPERIMENT split on ',' followed by the experiments after " X:" in the version, without
  // duplicates or empty items, in that order.
  std::vector<std::string> goexperiments() const;
  // The -tags setting split on ','; empty when absent.
  std::vector<std::string> tags() const;
};

// The build info blob in the ELF file `elf_bytes` described by `elf`: the magic
// "\xff Go buildinf:" at a 16-byte aligned offset (with >= 32 bytes left) within 64 KiB of the
// start of section .go.buildinfo, or else of the first PT_LOAD that is writable and not
// executable. Returns the bytes from the magic to the end of that window; nullopt when there is
// none (not a Go executable).
std::optional<std::string_view> find_go_buildinfo(std::string_view elf_bytes, const ElfInfo& elf);

// Decodes `blob` (from the magic on): Go version and module info in the inline format of
// Go >= 1.18, sentinels stripped, lines parsed. Errors for the legacy pointer format, a string
// length out of bounds, an empty version, missing sentinels or a malformed line.
core::Expected<GoBuildInfo> parse_go_buildinfo(std::string_view blob);

// Parses module info `text` (sentinels already removed) as runtime/debug.ParseBuildInfo does;
// `go_version` stays empty. An error starts "could not parse Go build info: line N:".
core::Expected<GoBuildInfo> parse_go_modinfo(std::string_view text);

// find_go_buildinfo + parse_go_buildinfo: nullopt when `elf_bytes` holds no Go build info, an
// error when it holds a malformed one.
core::Expected<std::optional<GoBuildInfo>> read_go_buildinfo(std::string_view elf_bytes,
                                                             const ElfInfo& elf);

} // namespace fipsrock::verify
