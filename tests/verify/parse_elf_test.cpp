// SPDX-License-Identifier: Apache-2.0
#include "testutil.hpp"

#include "verify/go_programs.hpp"
#include "verify/parse_elf.hpp"
#include "verify/tiny_elf.hpp"

#include <doctest/doctest.h>

#include <string>

namespace verify = fipsrock::verify;
using fipsrock::test::go_binary;
using fipsrock::test::GoProgram;
using fipsrock::test::make_elf;
using fipsrock::test::put;
using fipsrock::test::TinyElf;
using fipsrock::test::TinyElfLayout;

namespace {

std::string error_of(const fipsrock::core::Expected<verify::ElfInfo>& result)
{
  REQUIRE_FALSE(result.has_value());
  return result.error().message;
}

bool has_needed(const verify::ElfInfo& elf, const std::string& name)
{
  for (const auto& needed : elf.needed) {
    if (needed == name) {
      return true;
    }
  }
  return false;
}

} // namespace

TEST_CASE("verify::looks_like_elf")
{
  CHECK(verify::looks_like_elf(std::string("\x7f"
                                           "ELF\x02\x01",
                                           6)));
  CHECK(verify::looks_like_elf("\x7f"
                               "ELF"));
  CHECK_FALSE(verify::looks_like_elf("\x7f"
                                     "EL"));
  CHECK_FALSE(verify::looks_like_elf(""));
  CHECK_FALSE(verify::looks_like_elf("#!/bin/sh\n"));
  CHECK_FALSE(verify::looks_like_elf("MZ\x90"));
}

TEST_CASE("verify::parse_elf real Go binaries")
{
  SUBCASE("cgo: dynamic executable with an interpreter and libc")
  {
    const auto* binary = go_binary(GoProgram::cgo);
    if (binary == nullptr) {
      return;
    }
    const auto elf = verify::parse_elf(binary->bytes);
    REQUIRE_MESSAGE(elf.has_value(), (elf ? "" : elf.error().message));
    CHECK(elf->elf_class == verify::ElfClass::elf64);
    CHECK(elf->endian == verify::ElfEndian::little);
    CHECK(elf->type == verify::ElfType::exec);
    CHECK(elf->has_interp);
    CHECK(elf->interpreter.find("/ld-") != std::string::npos);
    CHECK(has_needed(*elf, "libc.so.6"));
    CHECK(elf->has_go_buildinfo_section);
    CHECK(elf->go_buildinfo_section.file.size >= 32);
    CHECK(elf->go_buildinfo_section.file.offset % 16 == 0);
    CHECK_FALSE(elf->segments.empty());
  }
  SUBCASE("CGO_ENABLED=0: static, no interpreter, no DT_NEEDED")
  {
    const auto* binary = go_binary(GoProgram::nocgo);
    if (binary == nullptr) {
      return;
    }
    const auto elf = verify::parse_elf(binary->bytes);
    REQUIRE(elf.has_value());
    CHECK(elf->type == verify::ElfType::exec);
    CHECK_FALSE(elf->has_interp);
    CHECK(elf->interpreter.empty());
    CHECK(elf->needed.empty());
    CHECK(elf->has_go_buildinfo_section);
  }
  SUBCASE("-buildmode=pie: ET_DYN with an interpreter")
  {
    const auto* binary = go_binary(GoProgram::pie);
    if (binary == nullptr) {
      return;
    }
    const auto elf = verify::parse_elf(binary->bytes);
    REQUIRE(elf.has_value());
    CHECK(elf->type == verify::ElfType::dyn);
    CHECK(elf->raw_type == 3);
    CHECK(elf->has_interp);
    CHECK(has_needed(*elf, "libc.so.6"));
  }
  SUBCASE("truncated real binaries are errors, never crashes")
  {
    const auto* binary = go_binary(GoProgram::cgo);
    if (binary == nullptr) {
      return;
    }
    const std::string& bytes = binary->bytes;
    CHECK(error_of(verify::parse_elf(bytes.substr(0, bytes.size() / 2))).find("truncated") !=
          std::string::npos);
    CHECK(error_of(verify::parse_elf(bytes.substr(0, 40))) == "truncated ELF header");
    CHECK(error_of(verify::parse_elf(bytes.substr(0, 100))).find("program header table") !=
          std::string::npos);
    for (std::size_t size = 0; size < 4096; size += 7) {
      (void)verify::parse_elf(bytes.substr(0, size));
    }
  }
}

TEST_CASE("verify::parse_elf synthesized")
{
  SUBCASE("64-bit little-endian")
  {
    const auto elf = verify::parse_elf(make_elf(TinyElf{}));
    REQUIRE_MESSAGE(elf.has_value(), (elf ? "" : elf.error().message));
    CHECK(elf->interpreter == "/lib64/ld-linux-x86-64.so.2");
    CHECK(elf->needed == std::vector<std::string>{"libc.so.6"});
    CHECK(verify::elf_architecture(*elf) == "amd64");
    CHECK_FALSE(elf->has_go_buildinfo_section);
  }
  SUBCASE("64-bit big-endian s390x")
  {
    TinyElf spec;
    spec.big_endian = true;
    spec.machine = 22;
    spec.type = 3;
    spec.interp = "/lib/ld64.so.1";
    spec.needed = {"libpthread.so.0", "libc.so.6"};
    const auto elf = verify::parse_elf(make_elf(spec));
    REQUIRE_MESSAGE(elf.has_value(), (elf ? "" : elf.error().message));
    CHECK(elf->endian == verify::ElfEndian::big);
    CHECK(elf->type == verify::ElfType::dyn);
    CHECK(elf->interpreter == "/lib/ld64.so.1");
    CHECK(elf->needed == spec.needed);
    CHECK(verify::elf_architecture(*elf) == "s390x");
  }
  SUBCASE("32-bit, both byte orders, with sections")
  {
    for (const bool big : {false, true}) {
      TinyElf spec;
      spec.is64 = false;
      spec.big_endian = big;
      spec.machine = 40;
      spec.sections = true;
      spec.buildinfo = std::string(48, 'x');
      spec.interp = "/lib/ld-linux-armhf.so.3";
      TinyElfLayout layout;
      const auto elf = verify::parse_elf(make_elf(spec, &layout));
      REQUIRE_MESSAGE(elf.has_value(), (elf ? "" : elf.error().message));
      CHECK(elf->elf_class == verify::ElfClass::elf32);
      CHECK(elf->interpreter == "/lib/ld-linux-armhf.so.3");
      CHECK(elf->needed == std::vector<std::string>{"libc.so.6"});
      CHECK(elf->has_go_buildinfo_section);
      CHECK(elf->go_buildinfo_section.file.offset == layout.blob);
      CHECK(elf->go_buildinfo_section.file.size == 48);
      CHECK(verify::elf_architecture(*elf) == "arm");
    }
  }
  SUBCASE("architecture names")
  {
    verify::ElfInfo elf;
    elf.machine = 21;
    CHECK(verify::elf_architecture(elf) == "ppc64le");
    elf.endian = verify::ElfEndian::big;
    CHECK(verify::elf_architecture(elf) == "ppc64");
    elf.machine = 183;
    CHECK(verify::elf_architecture(elf) == "arm64");
    elf.machine = 9999;
    CHECK(verify::elf_architecture(elf) == "unknown(9999)");
  }
  SUBCASE("file range of a virtual address")
  {
    const auto elf = verify::parse_elf(make_elf(TinyElf{}));
    REQUIRE(elf.has_value());
    const auto range = verify::elf_file_range_at(*elf, fipsrock::test::k_tiny_vaddr + 10);
    CHECK(range.offset == 10);
    CHECK(verify::elf_file_range_at(*elf, 0x10).size == 0);
    CHECK(verify::elf_file_range_at(*elf, UINT64_MAX).size == 0);
  }
}

TEST_CASE("verify::parse_elf malformed")
{
  TinyElf spec;
  spec.sections = true;
  spec.buildinfo = std::string(32, 'x');
  TinyElfLayout layout;
  const std::string good = make_elf(spec, &layout);
  REQUIRE(verify::parse_elf(good).has_value());
  auto corrupt = [&](std::size_t at, std::uint64_t value, std::size_t width) {
    std::string bytes = good;
    put(bytes, at, value, width, false);
    return bytes;
  };
  const std::size_t interp_ph = layout.phoff;
  const std::size_t load_ph = layout.phoff + layout.phentsize;
  const std::size_t dynamic_ph = layout.phoff + 2 * layout.phentsize;

  CHECK(error_of(verify::parse_elf("")) == "not an ELF file (no \\x7fELF magic)");
  CHECK(error_of(verify::parse_elf("garbage that is not an executable")) ==
        "not an ELF file (no \\x7fELF magic)");
  CHECK(error_of(verify::parse_elf(std::string("\x7f"
                                               "ELF",
                                               4))) == "truncated ELF header");
  CHECK(error_of(verify::parse_elf(corrupt(4, 3, 1))) == "unknown ELF class 3");
  CHECK(error_of(verify::parse_elf(corrupt(5, 0, 1))) == "unknown ELF data encoding 0");
  CHECK(error_of(verify::parse_elf(corrupt(6, 2, 1))) == "unknown ELF version 2");
  // e_phoff far past the end, e_phnum huge, e_phentsize too small.
  CHECK(error_of(verify::parse_elf(corrupt(32, UINT64_MAX - 8, 8))) ==
        "ELF program header table is out of bounds (truncated file?)");
  CHECK(error_of(verify::parse_elf(corrupt(56, 0xfffe, 2))) ==
        "ELF program header table is out of bounds (truncated file?)");
  CHECK(error_of(verify::parse_elf(corrupt(54, 8, 2))) ==
        "ELF program header table is out of bounds (truncated file?)");
  // PN_XNUM with a section 0 whose sh_info claims 4 billion segments.
  {
    std::string bytes = corrupt(56, 0xffff, 2);
    put(bytes, layout.shoff + 44, 0xffffffff, 4, false);
    CHECK(error_of(verify::parse_elf(bytes)) ==
          "ELF program header table is out of bounds (truncated file?)");
  }
  // Section table: offset out of bounds, e_shnum = 0 with a huge count in section 0.
  CHECK(error_of(verify::parse_elf(corrupt(40, good.size() - 10, 8))) ==
        "ELF section header table is out of bounds (truncated file?)");
  CHECK(error_of(verify::parse_elf(corrupt(58, 20, 2))) ==
        "ELF section header table is out of bounds (truncated file?)");
  {
    std::string bytes = corrupt(60, 0, 2);
    put(bytes, layout.shoff + 32, UINT64_MAX, 8, false);
    CHECK(error_of(verify::parse_elf(bytes)) ==
          "ELF section header table is out of bounds (truncated file?)");
  }
  CHECK(error_of(verify::parse_elf(corrupt(62, 7, 2))) == "ELF e_shstrndx is out of range");
  // .shstrtab offset past the end; .go.buildinfo size past the end; a name offset past the
  // string table is no match.
  CHECK(error_of(verify::parse_elf(corrupt(layout.shoff + 64 + 24, good.size(), 8))) ==
        "ELF section name table is out of bounds");
  CHECK(error_of(verify::parse_elf(corrupt(layout.shoff + 128 + 32, UINT64_MAX, 8))) ==
        "ELF section .go.buildinfo is out of bounds");
  {
    const auto elf = verify::parse_elf(corrupt(layout.shoff + 128, 0xffffff, 4));
    REQUIRE(elf.has_value());
    CHECK_FALSE(elf->has_go_buildinfo_section);
  }
  // Segments that point outside the file.
  CHECK(error_of(verify::parse_elf(corrupt(interp_ph + 8, good.size(), 8))) ==
        "ELF segment 0 (PT_INTERP) extends past the end of the file (truncated file?)");
  CHECK(error_of(verify::parse_elf(corrupt(load_ph + 32, good.size() + 1, 8))) ==
        "ELF segment 1 (PT_LOAD) extends past the end of the file (truncated file?)");
  CHECK(error_of(verify::parse_elf(corrupt(dynamic_ph + 32, UINT64_MAX, 8))) ==
        "ELF segment 2 (PT_DYNAMIC) extends past the end of the file (truncated file?)");
  // A DT_NEEDED offset past the string table; DT_STRTAB not backed by the file.
  {
    const std::size_t data = layout.phoff + 3 * layout.phentsize;
    const std::size_t dynamic = good.find(std::string("\x01\0\0\0\0\0\0\0", 8), data);
    REQUIRE(dynamic != std::string::npos);
    CHECK(error_of(verify::parse_elf(corrupt(dynamic + 8, 0x7fffffff, 8))) ==
          "ELF DT_NEEDED name is out of bounds or unterminated");
    CHECK(error_of(verify::parse_elf(corrupt(dynamic + 24, 0x10, 8))) ==
          "ELF DT_STRTAB is missing or not backed by the file");
  }
  // Caps on what a few bytes may make us allocate.
  {
    TinyElf big = spec;
    big.interp = std::string(5000, 'i');
    CHECK(error_of(verify::parse_elf(make_elf(big))) == "ELF PT_INTERP path is implausibly long");
    big = spec;
    big.needed.assign(4097, "libc.so.6");
    CHECK(error_of(verify::parse_elf(make_elf(big))) ==
          "ELF dynamic section has too many DT_NEEDED entries");
    big.needed.resize(4096);
    const auto elf = verify::parse_elf(make_elf(big));
    REQUIRE(elf.has_value());
    CHECK(elf->needed.size() == 4096);
  }
  // An interpreter path without a terminating NUL is read up to the segment's end.
  {
    std::string bytes = good;
    const auto at = bytes.find('\0', bytes.find("/lib64/ld-linux"));
    bytes[at] = 'X';
    const auto elf = verify::parse_elf(bytes);
    REQUIRE(elf.has_value());
    CHECK(elf->interpreter == "/lib64/ld-linux-x86-64.so.2X");
  }
}
