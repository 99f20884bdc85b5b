// SPDX-License-Identifier: Apache-2.0
#include "verify/go_buildinfo.hpp"

#include "verify/go_quote.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>

// Format: research/msgo-fips.md §2.6, after golang/go src/debug/buildinfo/buildinfo.go and
// src/runtime/debug/mod.go.

namespace fipsrock::verify {

namespace {

constexpr std::string_view k_magic{"\xff Go buildinf:", 14};
constexpr std::size_t k_align = 16;
constexpr std::size_t k_header_size = 32;
constexpr std::uint64_t k_window = std::uint64_t{64} * 1024;
constexpr unsigned char k_flag_inline = 2;
constexpr std::size_t k_sentinel_size = 16;

// encoding/binary.Uvarint: the value and the bytes used; used == 0 when `data` ends first and
// used < 0 on overflow (more than 64 bits).
std::pair<std::uint64_t, int> uvarint(std::string_view data)
{
  std::uint64_t value = 0;
  unsigned shift = 0;
  for (std::size_t i = 0; i < data.size(); ++i) {
    const auto byte = static_cast<unsigned char>(data[i]);
    if (i == 10) {
      return {0, -static_cast<int>(i + 1)};
    }
    if (byte < 0x80) {
      if (i == 9 && byte > 1) {
        return {0, -static_cast<int>(i + 1)};
      }
      return {value | static_cast<std::uint64_t>(byte) << shift, static_cast<int>(i + 1)};
    }
    value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
    shift += 7;
  }
  return {0, 0};
}

// buildinfo.decodeString: a uvarint length and that many bytes. Like Go, rejects a length that
// does not leave at least one byte after the string (`u >= len(data)-n`).
std::optional<std::string_view> decode_string(std::string_view& data)
{
  const auto [length, used] = uvarint(data);
  if (used <= 0 || length >= data.size() - static_cast<std::size_t>(used)) {
    return std::nullopt;
  }
  const auto value = data.substr(static_cast<std::size_t>(used), static_cast<std::size_t>(length));
  data.remove_prefix(static_cast<std::size_t>(used) + value.size());
  return value;
}

std::vector<std::string_view> split(std::string_view text, char separator)
{
  std::vector<std::string_view> parts;
  while (true) {
    const auto at = text.find(separator);
    parts.push_back(text.substr(0, at));
    if (at == std::string_view::npos) {
      return parts;
    }
    text.remove_prefix(at + 1);
  }
}

void append_unique(std::vector<std::string>& out, std::string_view list)
{
  for (const auto item : split(list, ',')) {
    if (!item.empty() && std::find(out.begin(), out.end(), item) == out.end()) {
      out.emplace_back(item);
    }
  }
}

bool starts_with(std::string_view text, std::string_view prefix)
{
  return text.substr(0, prefix.size()) == prefix;
}

bool ends_with(std::string_view text, std::string_view suffix)
{
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool needs_quoting_key(std::string_view key)
{
  return key.empty() || key.find_first_of("= \t\r\n\"`") != std::string_view::npos;
}

bool needs_quoting_value(std::string_view value)
{
  return value.find_first_of(" \t\r\n\"`") != std::string_view::npos;
}

core::Expected<GoModule> module_line(std::string_view columns)
{
  const auto elem = split(columns, '\t');
  if (elem.size() != 2 && elem.size() != 3) {
    return core::make_error(fmt::format("expected 2 or 3 columns; got {}", elem.size()));
  }
  GoModule module;
  module.path = std::string(elem[0]);
  module.version = std::string(elem[1]);
  if (elem.size() == 3) {
    module.sum = std::string(elem[2]);
  }
  return module;
}

core::Expected<std::pair<std::string, std::string>> build_line(std::string_view kv)
{
  if (kv.empty()) {
    return core::make_error("build line missing '='");
  }
  std::string key;
  std::string_view raw_value;
  if (kv[0] == '=') {
    return core::make_error("build line with missing key");
  }
  if (kv[0] == '"' || kv[0] == '`') {
    const auto length = go_quoted_prefix(kv);
    if (!length) {
      return core::make_error("invalid quoted key in build line");
    }
    if (*length == kv.size()) {
      return core::make_error("build line missing '=' after quoted key");
    }
    if (kv[*length] != '=') {
      return core::make_error(
          fmt::format("unexpected character after quoted key: '{}'", kv[*length]));
    }
    key = go_unquote(kv.substr(0, *length)).value_or(std::string());
    raw_value = kv.substr(*length + 1);
  } else {
    const auto at = kv.find('=');
    if (at == std::string_view::npos) {
      return core::make_error("build line missing '=' after key");
    }
    key = std::string(kv.substr(0, at));
    raw_value = kv.substr(at + 1);
    if (needs_quoting_key(key)) {
      return core::make_error(fmt::format("unquoted key \"{}\" must be quoted", key));
    }
  }
  std::string value;
  if (!raw_value.empty() && (raw_value[0] == '"' || raw_value[0] == '`')) {
    auto unquoted = go_unquote(raw_value);
    if (!unquoted) {
      return core::make_error("invalid quoted value in build line");
    }
    value = std::move(*unquoted);
  } else {
    value = std::string(raw_value);
    if (needs_quoting_value(value)) {
      return core::make_error(fmt::format("unquoted value \"{}\" must be quoted", value));
    }
  }
  return std::pair{std::move(key), std::move(value)};
}

// One line of module info into `info`; `last` is the module a following `=>` replaces.
core::Expected<void> modinfo_line(std::string_view line, GoBuildInfo& info, GoModule*& last)
{
  if (starts_with(line, "path\t")) {
    info.path = std::string(line.substr(5));
  } else if (starts_with(line, "mod\t") || starts_with(line, "dep\t")) {
    auto module = module_line(line.substr(4));
    if (!module) {
      return tl::make_unexpected(module.error());
    }
    if (line[0] == 'm') {
      info.main = std::move(*module);
      last = &info.main;
    } else {
      info.deps.push_back(std::move(*module));
      last = &info.deps.back();
    }
  } else if (starts_with(line, "=>\t")) {
    const auto elem = split(line.substr(3), '\t');
    if (elem.size() != 3) {
      return core::make_error(
          fmt::format("expected 3 columns for replacement; got {}", elem.size()));
    }
    if (last == nullptr) {
      return core::make_error("replacement with no module on previous line");
    }
    last->replace =
        GoModuleReplacement{std::string(elem[0]), std::string(elem[1]), std::string(elem[2])};
    last = nullptr;
  } else if (starts_with(line, "build\t")) {
    auto setting = build_line(line.substr(6));
    if (!setting) {
      return tl::make_unexpected(setting.error());
    }
    info.settings.push_back(std::move(*setting));
  }
  return {};
}

} // namespace

std::optional<std::string> GoBuildInfo::setting(std::string_view key) const
{
  for (const auto& [name, value] : settings) {
    if (name == key) {
      return value;
    }
  }
  return std::nullopt;
}

std::string GoBuildInfo::go_release() const
{
  std::string_view version = go_version;
  version = version.substr(0, version.find(' '));
  if (!starts_with(version, "go")) {
    return {};
  }
  version.remove_prefix(2);
  if (ends_with(version, "-microsoft")) {
    version.remove_suffix(std::string_view("-microsoft").size());
    const auto dash = version.rfind('-');
    const auto revision = dash == std::string_view::npos ? "" : version.substr(dash + 1);
    if (!revision.empty() && revision.find_first_not_of("0123456789") == std::string_view::npos) {
      version = version.substr(0, dash);
    }
  }
  return std::string(version);
}

std::vector<std::string> GoBuildInfo::goexperiments() const
{
  std::vector<std::string> experiments;
  if (const auto value = setting("GOEXPERIMENT")) {
    append_unique(experiments, *value);
  }
  const std::string_view version = go_version;
  if (const auto at = version.find(" X:"); at != std::string_view::npos) {
    const auto rest = version.substr(at + 3);
    append_unique(experiments, rest.substr(0, rest.find(' ')));
  }
  return experiments;
}

std::vector<std::string> GoBuildInfo::tags() const
{
  std::vector<std::string> tags;
  if (const auto value = setting("-tags")) {
    for (const auto tag : split(*value, ',')) {
      if (!tag.empty()) {
        tags.emplace_back(tag);
      }
    }
  }
  return tags;
}

std::optional<std::string_view> find_go_buildinfo(std::string_view elf_bytes, const ElfInfo& elf)
{
  FileRange window;
  if (elf.has_go_buildinfo_section) {
    // Go reads from the section's address through the segment that maps it.
    window = elf_file_range_at(elf, elf.go_buildinfo_section.addr);
    if (window.size == 0) {
      window = elf.go_buildinfo_section.file;
    }
  } else {
    for (const auto& segment : elf.segments) {
      if (segment.type == k_pt_load && (segment.flags & (k_pf_x | k_pf_w)) == k_pf_w) {
        window = FileRange{segment.offset, segment.filesz};
        break;
      }
    }
  }
  if (window.offset >= elf_bytes.size()) {
    return std::nullopt;
  }
  const auto data = elf_bytes.substr(static_cast<std::size_t>(window.offset),
                                     static_cast<std::size_t>(std::min(window.size, k_window)));
  for (std::size_t at = 0; data.size() - at >= k_header_size; at += k_align) {
    if (data.substr(at, k_magic.size()) == k_magic) {
      return data.substr(at);
    }
  }
  return std::nullopt;
}

core::Expected<GoBuildInfo> parse_go_buildinfo(std::string_view blob)
{
  if (blob.size() < k_header_size || blob.substr(0, k_magic.size()) != k_magic) {
    return core::make_error("no Go build info header (\"\\xff Go buildinf:\")");
  }
  const auto flags = static_cast<unsigned char>(blob[15]);
  if ((flags & k_flag_inline) == 0) {
    return core::make_error("Go build info uses the pointer format of Go < 1.18, which is not "
                            "supported",
                            "rebuild the binary with Go 1.18 or later");
  }
  std::string_view data = blob.substr(k_header_size);
  const auto version = decode_string(data);
  if (!version) {
    return core::make_error("Go build info: the Go version string is out of bounds");
  }
  if (version->empty()) {
    return core::make_error("Go build info: empty Go version");
  }
  auto modinfo = decode_string(data);
  if (!modinfo) {
    return core::make_error("Go build info: the module info string is out of bounds");
  }
  // cmd/go frames module info with 16-byte sentinels; Go's reader checks only for the newline
  // before the closing one.
  if (!modinfo->empty()) {
    const auto size = modinfo->size();
    if (size < 2 * k_sentinel_size + 1 || (*modinfo)[size - k_sentinel_size - 1] != '\n') {
      return core::make_error("Go build info: module info lacks its 16-byte sentinels");
    }
    *modinfo = modinfo->substr(k_sentinel_size, size - 2 * k_sentinel_size);
  }
  auto info = parse_go_modinfo(*modinfo);
  if (!info) {
    return info;
  }
  info->go_version = std::string(*version);
  return info;
}

core::Expected<GoBuildInfo> parse_go_modinfo(std::string_view text)
{
  GoBuildInfo info;
  GoModule* last = nullptr;
  std::size_t line_number = 1;
  while (!text.empty()) {
    const auto end = text.find('\n');
    if (end == std::string_view::npos) {
      break;
    }
    const auto line = text.substr(0, end);
    text.remove_prefix(end + 1);
    if (auto done = modinfo_line(line, info, last); !done) {
      return core::make_error(fmt::format(
          "could not parse Go build info: line {}: {}", line_number, done.error().message));
    }
    ++line_number;
  }
  return info;
}

core::Expected<std::optional<GoBuildInfo>> read_go_buildinfo(std::string_view elf_bytes,
                                                             const ElfInfo& elf)
{
  const auto blob = find_go_buildinfo(elf_bytes, elf);
  if (!blob) {
    return std::optional<GoBuildInfo>();
  }
  auto info = parse_go_buildinfo(*blob);
  if (!info) {
    return tl::make_unexpected(info.error());
  }
  return std::optional<GoBuildInfo>(std::move(*info));
}

} // namespace fipsrock::verify
