// SPDX-License-Identifier: Apache-2.0
#pragma once

// Writes Go build info blobs as cmd/link does (inline format, Go >= 1.18), so that tests can
// state build settings the Debian toolchain cannot produce (Microsoft Go's).

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fipsrock::test {

inline const std::string k_buildinfo_magic{"\xff Go buildinf:", 14};
// cmd/go's modload infoStart / infoEnd.
inline const std::string k_info_start{
    "\x30\x77\xaf\x0c\x92\x74\x08\x02\x41\xe1\xc1\x07\xe6\xd6\x18\xe6", 16};
inline const std::string k_info_end{
    "\xf9\x32\x43\x31\x86\x18\x20\x72\x00\x82\x42\x10\x41\x16\xd8\xf2", 16};

inline std::string uvarint(std::uint64_t value)
{
  std::string out;
  while (value >= 0x80) {
    out += static_cast<char>((value & 0x7f) | 0x80);
    value >>= 7;
  }
  out += static_cast<char>(value);
  return out;
}

// `text` framed by the sentinels, as cmd/go embeds module info.
inline std::string framed(std::string_view text)
{
  return k_info_start + std::string(text) + k_info_end;
}

// A blob: magic, pointer size 8, `flags`, zero padding to 32 bytes, the two uvarint-prefixed
// strings, zero padding to a multiple of 16 (cmd/link pads the same way).
inline std::string
buildinfo_blob(std::string_view version, std::string_view modinfo, unsigned char flags = 2)
{
  std::string blob = k_buildinfo_magic;
  blob += '\x08';
  blob += static_cast<char>(flags);
  blob.resize(32, '\0');
  blob += uvarint(version.size()) + std::string(version);
  blob += uvarint(modinfo.size()) + std::string(modinfo);
  blob.resize((blob.size() + 15) / 16 * 16 + 16, '\0');
  return blob;
}

// Module info text for a main module example.com/fipstest with `settings` as build lines
// (already quoted where Go would quote them).
inline std::string modinfo_text(const std::vector<std::pair<std::string, std::string>>& settings)
{
  std::string text = "path\texample.com/fipstest\nmod\texample.com/fipstest\t(devel)\t\n";
  for (const auto& [key, value] : settings) {
    text += "build\t" + key + "=" + value + "\n";
  }
  return text;
}

// Settings of a Microsoft Go 1.26.4-1 build as the MetalLB rocks are built.
inline std::vector<std::pair<std::string, std::string>> microsoft_settings()
{
  return {{"-compiler", "gc"},
          {"-tags", "ms_tls13kdf"},
          {"CGO_ENABLED", "1"},
          {"GOARCH", "amd64"},
          {"GOEXPERIMENT", "systemcrypto"},
          {"GOOS", "linux"},
          {"microsoft_systemcrypto", "1"},
          {"microsoft_toolset_version", "go1.26.4-1-microsoft"}};
}

} // namespace fipsrock::test
