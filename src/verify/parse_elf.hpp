// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/error.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace fipsrock::verify {

enum class ElfClass { elf32, elf64 };

enum class ElfEndian { little, big };

// e_type, with the values this tool cares about named.
enum class ElfType { none, rel, exec, dyn, core, other };

// Program header values from the ELF specification, for readers of ElfSegment.
inline constexpr std::uint32_t k_pt_load = 1;
inline constexpr std::uint32_t k_pt_dynamic = 2;
inline constexpr std::uint32_t k_pt_interp = 3;
inline constexpr std::uint32_t k_pf_x = 1;
inline constexpr std::uint32_t k_pf_w = 2;
inline constexpr std::uint32_t k_pf_r = 4;

// Bytes [offset, offset + size) of the file.
struct FileRange {
  std::uint64_t offset = 0;
  std::uint64_t size = 0;
};

// One program header. Only `offset`/`filesz` of PT_LOAD, PT_INTERP and PT_DYNAMIC segments are
// checked against the file; other segment types are kept as read.
struct ElfSegment {
  std::uint32_t type = 0;
  std::uint32_t flags = 0;
  std::uint64_t offset = 0;
  std::uint64_t vaddr = 0;
  std::uint64_t filesz = 0;
  std::uint64_t memsz = 0;
};

// The `.go.buildinfo` section header: its address and its bytes in the file.
struct ElfSection {
  std::uint64_t addr = 0;
  FileRange file;
};

// What verify needs to know about one ELF file.
struct ElfInfo {
  ElfClass elf_class = ElfClass::elf64;
  ElfEndian endian = ElfEndian::little;
  ElfType type = ElfType::none;
  std::uint16_t raw_type = 0;
  std::uint16_t machine = 0;       // e_machine: 62 x86-64, 183 AArch64, 21 PowerPC64, 22 S/390
  bool has_interp = false;         // a PT_INTERP segment: dynamically linked through ld.so
  std::string interpreter;         // its path, e.g. "/lib64/ld-linux-x86-64.so.2"
  std::vector<std::string> needed; // DT_NEEDED entries in order
  bool has_go_buildinfo_section = false;
  ElfSection go_buildinfo_section;
  std::vector<ElfSegment> segments; // every program header, in file order
};

// True when `first_bytes` start with the ELF magic "\x7fELF"; a cheap test for a streaming
// reader that has only seen the head of a file.
bool looks_like_elf(std::string_view first_bytes);

// Reads the ELF header, program headers, section names and the dynamic section of the complete
// file `bytes` (32/64-bit, either byte order; extended section/segment numbering honoured).
// Every offset and size is checked against `bytes`; an error says which structure is out of
// bounds or malformed ("truncated program header table", ...). Never reads outside `bytes`.
core::Expected<ElfInfo> parse_elf(std::string_view bytes);

// The GOARCH-style name of the machine ("amd64", "arm64", "ppc64le", "s390x", ...), or
// "unknown(<e_machine>)" for other machines.
std::string elf_architecture(const ElfInfo& elf);

// The part of the file that backs virtual address `vaddr`: from its file offset to the end of
// the PT_LOAD segment's file data. Empty (size 0) when no PT_LOAD maps it from the file.
FileRange elf_file_range_at(const ElfInfo& elf, std::uint64_t vaddr);

} // namespace fipsrock::verify
