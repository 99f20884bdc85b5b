// SPDX-License-Identifier: Apache-2.0
#include "verify/parse_elf.hpp"

#include "verify/elf_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstddef>
#include <optional>
#include <utility>

// A hand-written reader rather than libelf: we need five small tables, every offset must be
// checked against an untrusted buffer we can fuzz under ASan/UBSan end to end, and big-endian
// files (s390x rocks) must read the same as little-endian ones without libelf's global state.

namespace fipsrock::verify {

namespace {

// "\x7f" and "ELF" are separate literals: "\x7fELF" would read as one long hex escape.
constexpr std::string_view k_elf_magic{"\x7f"
                                       "ELF",
                                       4};
constexpr std::uint16_t k_pn_xnum = 0xffff;
constexpr std::uint16_t k_shn_xindex = 0xffff;
constexpr std::uint32_t k_sht_nobits = 8;
constexpr std::int64_t k_dt_null = 0;
constexpr std::int64_t k_dt_needed = 1;
constexpr std::int64_t k_dt_strtab = 5;
constexpr std::int64_t k_dt_strsz = 10;
// Caps that keep a hostile file from turning a few bytes into large allocations: real
// binaries have a handful of DT_NEEDED entries and paths shorter than PATH_MAX.
constexpr std::size_t k_max_needed = 4096;
constexpr std::size_t k_max_name = 4096;

// ElfType lists ET_NONE .. ET_CORE in e_type order.
ElfType type_of(std::uint16_t raw)
{
  return raw <= 4 ? static_cast<ElfType>(raw) : ElfType::other;
}

std::string_view segment_name(std::uint32_t type)
{
  return type == k_pt_load ? "PT_LOAD" : (type == k_pt_dynamic ? "PT_DYNAMIC" : "PT_INTERP");
}

// The NUL-terminated string at `offset` within `table`; nullopt when it is unterminated or
// longer than k_max_name.
std::optional<std::string> c_string(std::string_view table, std::uint64_t offset)
{
  if (offset >= table.size()) {
    return std::nullopt;
  }
  const auto rest = table.substr(static_cast<std::size_t>(offset), k_max_name + 1);
  const auto end = rest.find('\0');
  if (end == std::string_view::npos) {
    return std::nullopt;
  }
  return std::string(rest.substr(0, end));
}

struct Header {
  std::uint64_t phoff = 0;
  std::uint64_t shoff = 0;
  std::uint64_t phentsize = 0;
  std::uint64_t phnum = 0;
  std::uint64_t shentsize = 0;
  std::uint64_t shnum = 0;
  std::uint64_t shstrndx = 0;
};

// Section header fields at `offset` (already bounds-checked).
struct Section {
  std::uint32_t name = 0;
  std::uint32_t type = 0;
  std::uint64_t addr = 0;
  std::uint64_t offset = 0;
  std::uint64_t size = 0;
  std::uint32_t link = 0;
  std::uint32_t info = 0;
};

Section read_section(const ElfReader& r, std::uint64_t at)
{
  Section s;
  s.name = r.u32(at);
  s.type = r.u32(at + 4);
  s.addr = r.word(at + (r.is64() ? 16 : 12));
  s.offset = r.word(at + (r.is64() ? 24 : 16));
  s.size = r.word(at + (r.is64() ? 32 : 20));
  s.link = r.u32(at + (r.is64() ? 40 : 24));
  s.info = r.u32(at + (r.is64() ? 44 : 28));
  return s;
}

ElfSegment read_segment(const ElfReader& r, std::uint64_t at)
{
  ElfSegment s;
  s.type = r.u32(at);
  if (r.is64()) {
    s.flags = r.u32(at + 4);
    s.offset = r.word(at + 8);
    s.vaddr = r.word(at + 16);
    s.filesz = r.word(at + 32);
    s.memsz = r.word(at + 40);
  } else {
    s.offset = r.word(at + 4);
    s.vaddr = r.word(at + 8);
    s.filesz = r.word(at + 16);
    s.memsz = r.word(at + 20);
    s.flags = r.u32(at + 24);
  }
  return s;
}

// Header fields, with the extended numbering of section 0 applied (e_phnum == PN_XNUM,
// e_shnum == 0, e_shstrndx == SHN_XINDEX).
core::Expected<Header> read_header(const ElfReader& r)
{
  const bool is64 = r.is64();
  if (!r.fits(0, is64 ? 64 : 52)) {
    return core::make_error("truncated ELF header");
  }
  Header h;
  h.phoff = r.word(is64 ? 32 : 28);
  h.shoff = r.word(is64 ? 40 : 32);
  const std::uint64_t fields = is64 ? 54 : 42;
  h.phentsize = r.u16(fields);
  h.phnum = r.u16(fields + 2);
  h.shentsize = r.u16(fields + 4);
  h.shnum = r.u16(fields + 6);
  h.shstrndx = r.u16(fields + 8);
  const std::uint64_t shdr_size = is64 ? 64 : 40;
  const bool extended =
      h.phnum == k_pn_xnum || h.shstrndx == k_shn_xindex || (h.shnum == 0 && h.shoff != 0);
  const auto section_error = [] {
    return core::make_error("ELF section header table is out of bounds (truncated file?)");
  };
  if (h.shoff != 0 && h.shentsize < shdr_size) {
    return section_error();
  }
  if (extended && h.shoff != 0) {
    if (!r.fits(h.shoff, h.shentsize)) {
      return section_error();
    }
    const Section zero = read_section(r, h.shoff);
    if (h.phnum == k_pn_xnum) {
      h.phnum = zero.info;
    }
    if (h.shnum == 0) {
      h.shnum = zero.size;
    }
    if (h.shstrndx == k_shn_xindex) {
      h.shstrndx = zero.link;
    }
  }
  if (h.shoff == 0) {
    h.shnum = 0;
  }
  if (h.phnum != 0 &&
      (h.phentsize < (is64 ? 56U : 32U) || !r.table_fits(h.phoff, h.phnum, h.phentsize))) {
    return core::make_error("ELF program header table is out of bounds (truncated file?)");
  }
  if (!r.table_fits(h.shoff, h.shnum, h.shentsize)) {
    return section_error();
  }
  return h;
}

core::Expected<void> read_segments(const ElfReader& r, const Header& h, ElfInfo& info)
{
  info.segments.reserve(static_cast<std::size_t>(h.phnum));
  for (std::uint64_t i = 0; i < h.phnum; ++i) {
    const ElfSegment segment = read_segment(r, h.phoff + i * h.phentsize);
    const bool checked =
        segment.type == k_pt_load || segment.type == k_pt_interp || segment.type == k_pt_dynamic;
    if (checked && !r.fits(segment.offset, segment.filesz)) {
      return core::make_error(
          fmt::format("ELF segment {} ({}) extends past the end of the file (truncated file?)",
                      i,
                      segment_name(segment.type)));
    }
    info.segments.push_back(segment);
  }
  return {};
}

core::Expected<void> read_interp(const ElfReader& r, ElfInfo& info)
{
  for (const auto& segment : info.segments) {
    if (segment.type != k_pt_interp) {
      continue;
    }
    const auto bytes = r.slice(segment.offset, segment.filesz);
    const auto path = bytes.substr(0, bytes.find('\0'));
    if (path.size() > k_max_name) {
      return core::make_error("ELF PT_INTERP path is implausibly long");
    }
    info.has_interp = true;
    info.interpreter = std::string(path);
    return {};
  }
  return {};
}

core::Expected<void> read_needed(const ElfReader& r, ElfInfo& info)
{
  const ElfSegment* dynamic = nullptr;
  for (const auto& segment : info.segments) {
    if (segment.type == k_pt_dynamic) {
      dynamic = &segment;
      break;
    }
  }
  if (dynamic == nullptr) {
    return {};
  }
  const std::uint64_t entsize = r.is64() ? 16 : 8;
  std::vector<std::uint64_t> offsets;
  std::uint64_t strtab = 0;
  std::uint64_t strsz = UINT64_MAX;
  bool has_strtab = false;
  for (std::uint64_t at = 0; at + entsize <= dynamic->filesz; at += entsize) {
    const std::uint64_t tag_raw = r.word(dynamic->offset + at);
    // d_tag is signed; sign-extend the 32-bit form.
    const auto tag = r.is64() ? static_cast<std::int64_t>(tag_raw)
                              : static_cast<std::int64_t>(static_cast<std::int32_t>(tag_raw));
    const std::uint64_t value = r.word(dynamic->offset + at + entsize / 2);
    if (tag == k_dt_null) {
      break;
    }
    if (tag == k_dt_needed) {
      if (offsets.size() == k_max_needed) {
        return core::make_error("ELF dynamic section has too many DT_NEEDED entries");
      }
      offsets.push_back(value);
    } else if (tag == k_dt_strtab) {
      strtab = value;
      has_strtab = true;
    } else if (tag == k_dt_strsz) {
      strsz = value;
    }
  }
  if (offsets.empty()) {
    return {};
  }
  const FileRange range = has_strtab ? elf_file_range_at(info, strtab) : FileRange{};
  if (range.size == 0) {
    return core::make_error("ELF DT_STRTAB is missing or not backed by the file");
  }
  const auto table = r.slice(range.offset, std::min(range.size, strsz));
  for (const auto offset : offsets) {
    auto name = c_string(table, offset);
    if (!name) {
      return core::make_error("ELF DT_NEEDED name is out of bounds or unterminated");
    }
    info.needed.push_back(std::move(*name));
  }
  return {};
}

core::Expected<void> read_sections(const ElfReader& r, const Header& h, ElfInfo& info)
{
  if (h.shnum == 0 || h.shstrndx == 0) {
    return {};
  }
  if (h.shstrndx >= h.shnum) {
    return core::make_error("ELF e_shstrndx is out of range");
  }
  const Section names = read_section(r, h.shoff + h.shstrndx * h.shentsize);
  if (names.type == k_sht_nobits || !r.fits(names.offset, names.size)) {
    return core::make_error("ELF section name table is out of bounds");
  }
  const auto table = r.slice(names.offset, names.size);
  constexpr std::string_view k_wanted{".go.buildinfo\0", 14};
  for (std::uint64_t i = 1; i < h.shnum; ++i) {
    const Section s = read_section(r, h.shoff + i * h.shentsize);
    if (s.name >= table.size() || table.substr(s.name, k_wanted.size()) != k_wanted) {
      continue;
    }
    if (s.type == k_sht_nobits || !r.fits(s.offset, s.size)) {
      return core::make_error("ELF section .go.buildinfo is out of bounds");
    }
    info.has_go_buildinfo_section = true;
    info.go_buildinfo_section = ElfSection{s.addr, FileRange{s.offset, s.size}};
    return {};
  }
  return {};
}

} // namespace

bool looks_like_elf(std::string_view first_bytes)
{
  return first_bytes.substr(0, k_elf_magic.size()) == k_elf_magic;
}

core::Expected<ElfInfo> parse_elf(std::string_view bytes)
{
  if (!looks_like_elf(bytes)) {
    return core::make_error("not an ELF file (no \\x7fELF magic)");
  }
  if (bytes.size() < 16) {
    return core::make_error("truncated ELF header");
  }
  ElfInfo info;
  const auto elf_class = static_cast<unsigned char>(bytes[4]);
  const auto data = static_cast<unsigned char>(bytes[5]);
  if (elf_class != 1 && elf_class != 2) {
    return core::make_error(fmt::format("unknown ELF class {}", elf_class));
  }
  if (data != 1 && data != 2) {
    return core::make_error(fmt::format("unknown ELF data encoding {}", data));
  }
  if (bytes[6] != 1) {
    return core::make_error(fmt::format("unknown ELF version {}", static_cast<int>(bytes[6])));
  }
  info.elf_class = elf_class == 2 ? ElfClass::elf64 : ElfClass::elf32;
  info.endian = data == 1 ? ElfEndian::little : ElfEndian::big;
  const ElfReader reader(bytes, info.elf_class, info.endian);
  const auto header = read_header(reader);
  if (!header) {
    return tl::make_unexpected(header.error());
  }
  info.raw_type = reader.u16(16);
  info.type = type_of(info.raw_type);
  info.machine = reader.u16(18);
  if (auto done = read_segments(reader, *header, info); !done) {
    return tl::make_unexpected(done.error());
  }
  if (auto done = read_interp(reader, info); !done) {
    return tl::make_unexpected(done.error());
  }
  if (auto done = read_needed(reader, info); !done) {
    return tl::make_unexpected(done.error());
  }
  if (auto done = read_sections(reader, *header, info); !done) {
    return tl::make_unexpected(done.error());
  }
  return info;
}

std::string elf_architecture(const ElfInfo& elf)
{
  const bool is64 = elf.elf_class == ElfClass::elf64;
  const bool little = elf.endian == ElfEndian::little;
  // e_machine values from the ELF specification's EM_* list.
  const std::pair<std::uint16_t, const char*> names[] = {{3, "386"},
                                                         {40, "arm"},
                                                         {62, "amd64"},
                                                         {183, "arm64"},
                                                         {21, little ? "ppc64le" : "ppc64"},
                                                         {22, is64 ? "s390x" : "s390"},
                                                         {243, is64 ? "riscv64" : "riscv32"},
                                                         {258, "loong64"}};
  for (const auto& [machine, name] : names) {
    if (machine == elf.machine) {
      return name;
    }
  }
  return fmt::format("unknown({})", elf.machine);
}

FileRange elf_file_range_at(const ElfInfo& elf, std::uint64_t vaddr)
{
  for (const auto& segment : elf.segments) {
    if (segment.type == k_pt_load && vaddr >= segment.vaddr &&
        vaddr - segment.vaddr < segment.filesz) {
      const std::uint64_t delta = vaddr - segment.vaddr;
      return FileRange{segment.offset + delta, segment.filesz - delta};
    }
  }
  return FileRange{};
}

} // namespace fipsrock::verify
