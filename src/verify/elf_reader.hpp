// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "verify/parse_elf.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace fipsrock::verify {

// Reads the fixed-size fields of an ELF file in its class and byte order. `fits` and
// `table_fits` check a range against the buffer without overflow; the readers expect a range
// the caller has checked (they do not check again).
class ElfReader {
public:
  ElfReader(std::string_view bytes, ElfClass elf_class, ElfEndian endian);

  // True when [`offset`, `offset` + `size`) lies inside the buffer.
  bool fits(std::uint64_t offset, std::uint64_t size) const;
  // True when `count` entries of `entsize` bytes at `offset` lie inside the buffer.
  bool table_fits(std::uint64_t offset, std::uint64_t count, std::uint64_t entsize) const;

  std::uint16_t u16(std::uint64_t offset) const;
  std::uint32_t u32(std::uint64_t offset) const;
  // An address, offset or size: 4 bytes in ELF32, 8 in ELF64.
  std::uint64_t word(std::uint64_t offset) const;
  std::string_view slice(std::uint64_t offset, std::uint64_t size) const;
  bool is64() const { return m_class == ElfClass::elf64; }

private:
  std::uint64_t read(std::uint64_t offset, std::size_t width) const;

  std::string_view m_bytes;
  ElfClass m_class;
  ElfEndian m_endian;
};

} // namespace fipsrock::verify
