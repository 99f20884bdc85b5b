// SPDX-License-Identifier: Apache-2.0
#include "verify/elf_reader.hpp"

namespace fipsrock::verify {

ElfReader::ElfReader(std::string_view bytes, ElfClass elf_class, ElfEndian endian)
    : m_bytes(bytes), m_class(elf_class), m_endian(endian)
{
}

bool ElfReader::fits(std::uint64_t offset, std::uint64_t size) const
{
  return offset <= m_bytes.size() && size <= m_bytes.size() - offset;
}

bool ElfReader::table_fits(std::uint64_t offset, std::uint64_t count, std::uint64_t entsize) const
{
  if (count == 0) {
    return true;
  }
  if (entsize == 0 || count > UINT64_MAX / entsize) {
    return false;
  }
  return fits(offset, count * entsize);
}

std::uint16_t ElfReader::u16(std::uint64_t offset) const
{
  return static_cast<std::uint16_t>(read(offset, 2));
}

std::uint32_t ElfReader::u32(std::uint64_t offset) const
{
  return static_cast<std::uint32_t>(read(offset, 4));
}

std::uint64_t ElfReader::word(std::uint64_t offset) const
{
  return read(offset, is64() ? 8 : 4);
}

std::string_view ElfReader::slice(std::uint64_t offset, std::uint64_t size) const
{
  return m_bytes.substr(static_cast<std::size_t>(offset), static_cast<std::size_t>(size));
}

std::uint64_t ElfReader::read(std::uint64_t offset, std::size_t width) const
{
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < width; ++i) {
    const std::size_t index = m_endian == ElfEndian::little ? width - 1 - i : i;
    value = (value << 8) |
            static_cast<unsigned char>(m_bytes[static_cast<std::size_t>(offset) + index]);
  }
  return value;
}

} // namespace fipsrock::verify
