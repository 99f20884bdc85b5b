// SPDX-License-Identifier: Apache-2.0
#pragma once

// Writes small, valid ELF files of either class and byte order, so tests can reach layouts the
// local toolchain does not produce (big-endian s390x, 32-bit) and corrupt one field at a time.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace fipsrock::test {

struct TinyElf {
  bool is64 = true;
  bool big_endian = false;
  std::uint16_t type = 2; // ET_EXEC
  std::uint16_t machine = 62;
  std::string interp = "/lib64/ld-linux-x86-64.so.2"; // empty: no PT_INTERP
  std::vector<std::string> needed = {"libc.so.6"};    // empty: no PT_DYNAMIC
  std::string buildinfo;        // a blob stored 16-byte aligned in the writable PT_LOAD
  bool sections = false;        // section headers: null, .shstrtab, .go.buildinfo (the blob)
  std::uint32_t load_flags = 6; // PF_R | PF_W
};

// Where make_elf put things, for tests that corrupt them.
struct TinyElfLayout {
  std::size_t phoff = 0;
  std::size_t phentsize = 0;
  std::size_t shoff = 0;
  std::size_t shentsize = 0;
  std::size_t blob = 0; // file offset of the build info blob
};

inline constexpr std::uint64_t k_tiny_vaddr = 0x10000;

// Stores `value` as `width` bytes at `at` in the byte order of `big_endian`.
inline void
put(std::string& out, std::size_t at, std::uint64_t value, std::size_t width, bool big_endian)
{
  if (out.size() < at + width) {
    out.resize(at + width, '\0');
  }
  for (std::size_t i = 0; i < width; ++i) {
    const std::size_t index = big_endian ? at + width - 1 - i : at + i;
    out[index] = static_cast<char>((value >> (8 * i)) & 0xff);
  }
}

inline std::string make_elf(const TinyElf& spec, TinyElfLayout* layout = nullptr)
{
  const bool be = spec.big_endian;
  const std::size_t word = spec.is64 ? 8 : 4;
  const std::size_t ehsize = spec.is64 ? 64 : 52;
  const std::size_t phentsize = spec.is64 ? 56 : 32;
  const std::size_t shentsize = spec.is64 ? 64 : 40;
  const std::size_t phnum = 1 + (spec.interp.empty() ? 0 : 1) + (spec.needed.empty() ? 0 : 1);
  std::string out(ehsize + phnum * phentsize, '\0');
  auto append = [&](const std::string& bytes, std::size_t align) {
    out.resize((out.size() + align - 1) / align * align, '\0');
    const std::size_t at = out.size();
    out += bytes;
    return at;
  };
  const std::size_t interp = append(spec.interp + '\0', 1);
  std::string dynstr(1, '\0');
  std::vector<std::size_t> names;
  for (const auto& name : spec.needed) {
    names.push_back(dynstr.size());
    dynstr += name + '\0';
  }
  const std::size_t strtab = append(dynstr, 1);
  std::string dynamic;
  std::size_t entry = 0;
  auto dyn = [&](std::uint64_t tag, std::uint64_t value) {
    put(dynamic, entry, tag, word, be);
    put(dynamic, entry + word, value, word, be);
    entry += 2 * word;
  };
  for (const auto offset : names) {
    dyn(1, offset);
  }
  dyn(5, k_tiny_vaddr + strtab);
  dyn(10, dynstr.size());
  dyn(0, 0);
  const std::size_t dynamic_at = append(dynamic, word);
  const std::size_t blob = append(spec.buildinfo, 16);
  const std::size_t shstrtab = append(std::string("\0.shstrtab\0.go.buildinfo\0", 25), 1);
  const std::size_t shoff = spec.sections ? append(std::string(3 * shentsize, '\0'), 8) : 0;
  if (spec.sections) {
    auto section = [&](std::size_t index,
                       std::uint32_t name,
                       std::uint32_t type,
                       std::uint64_t addr,
                       std::uint64_t offset,
                       std::uint64_t size) {
      const std::size_t at = shoff + index * shentsize;
      put(out, at, name, 4, be);
      put(out, at + 4, type, 4, be);
      put(out, at + (spec.is64 ? 16 : 12), addr, word, be);
      put(out, at + (spec.is64 ? 24 : 16), offset, word, be);
      put(out, at + (spec.is64 ? 32 : 20), size, word, be);
    };
    section(1, 1, 3, 0, shstrtab, 25);
    section(2, 11, 1, k_tiny_vaddr + blob, blob, spec.buildinfo.size());
  }
  out[0] = '\x7f';
  out[1] = 'E';
  out[2] = 'L';
  out[3] = 'F';
  out[4] = spec.is64 ? 2 : 1;
  out[5] = be ? 2 : 1;
  out[6] = 1;
  put(out, 16, spec.type, 2, be);
  put(out, 18, spec.machine, 2, be);
  put(out, 20, 1, 4, be);
  put(out, spec.is64 ? 32 : 28, ehsize, word, be);
  put(out, spec.is64 ? 40 : 32, shoff, word, be);
  const std::size_t fields = spec.is64 ? 52 : 40;
  put(out, fields, ehsize, 2, be);
  put(out, fields + 2, phentsize, 2, be);
  put(out, fields + 4, phnum, 2, be);
  put(out, fields + 6, shentsize, 2, be);
  put(out, fields + 8, spec.sections ? 3 : 0, 2, be);
  put(out, fields + 10, spec.sections ? 1 : 0, 2, be);
  std::size_t ph = ehsize;
  auto segment =
      [&](std::uint32_t type, std::uint32_t flags, std::uint64_t offset, std::uint64_t size) {
        put(out, ph, type, 4, be);
        if (spec.is64) {
          put(out, ph + 4, flags, 4, be);
          put(out, ph + 8, offset, 8, be);
          put(out, ph + 16, k_tiny_vaddr + offset, 8, be);
          put(out, ph + 32, size, 8, be);
          put(out, ph + 40, size, 8, be);
        } else {
          put(out, ph + 4, offset, 4, be);
          put(out, ph + 8, k_tiny_vaddr + offset, 4, be);
          put(out, ph + 16, size, 4, be);
          put(out, ph + 20, size, 4, be);
          put(out, ph + 24, flags, 4, be);
        }
        ph += phentsize;
      };
  if (!spec.interp.empty()) {
    segment(3, 4, interp, spec.interp.size() + 1);
  }
  segment(1, spec.load_flags, 0, out.size());
  if (!spec.needed.empty()) {
    segment(2, 6, dynamic_at, dynamic.size());
  }
  if (layout != nullptr) {
    *layout = TinyElfLayout{ehsize, phentsize, shoff, shentsize, blob};
  }
  return out;
}

} // namespace fipsrock::test
