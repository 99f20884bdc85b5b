// SPDX-License-Identifier: Apache-2.0
#include "testutil.hpp"

#include "verify/buildinfo_blob.hpp"
#include "verify/go_buildinfo.hpp"
#include "verify/go_programs.hpp"
#include "verify/go_quote.hpp"
#include "verify/tiny_elf.hpp"

#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

namespace verify = fipsrock::verify;
using fipsrock::core::Expected;
using fipsrock::test::buildinfo_blob;
using fipsrock::test::framed;
using fipsrock::test::go_binary;
using fipsrock::test::GoProgram;
using fipsrock::test::make_elf;
using fipsrock::test::modinfo_text;
using fipsrock::test::TinyElf;
using fipsrock::test::uvarint;
using Settings = std::vector<std::pair<std::string, std::string>>;

namespace {

template <typename T> std::string error_of(const Expected<T>& result)
{
  REQUIRE_FALSE(result.has_value());
  return result.error().message;
}

// The Go build info of a real binary, which must have some.
verify::GoBuildInfo read_real(const std::string& bytes)
{
  const auto elf = verify::parse_elf(bytes);
  REQUIRE_MESSAGE(elf.has_value(), (elf ? "" : elf.error().message));
  const auto info = verify::read_go_buildinfo(bytes, *elf);
  REQUIRE_MESSAGE(info.has_value(), (info ? "" : info.error().message));
  REQUIRE(info->has_value());
  return **info;
}

// The `build` lines of `go version -m` output, keys and values still quoted as printed.
std::vector<std::string> printed_settings(const std::string& version_m)
{
  std::vector<std::string> lines;
  std::size_t at = 0;
  while ((at = version_m.find("\tbuild\t", at)) != std::string::npos) {
    at += 7;
    lines.push_back(version_m.substr(at, version_m.find('\n', at) - at));
  }
  return lines;
}

// Checks our reading of a real binary against what the toolchain itself prints.
void check_against_go_version_m(const fipsrock::test::GoBinary& binary)
{
  const auto info = read_real(binary.bytes);
  const auto first_line = binary.version_m.substr(0, binary.version_m.find('\n'));
  CHECK(first_line.substr(first_line.find(": ") + 2) == info.go_version);
  const auto printed = printed_settings(binary.version_m);
  REQUIRE(printed.size() == info.settings.size());
  for (std::size_t i = 0; i < printed.size(); ++i) {
    const auto eq = printed[i].find('=');
    const auto raw_value = printed[i].substr(eq + 1);
    CHECK(printed[i].substr(0, eq) == info.settings[i].first);
    const auto value = raw_value.empty() || raw_value[0] != '"' ? Expected<std::string>(raw_value)
                                                                : verify::go_unquote(raw_value);
    REQUIRE(value.has_value());
    CHECK(*value == info.settings[i].second);
  }
}

} // namespace

TEST_CASE("verify::go_buildinfo real Go binaries")
{
  SUBCASE("cgo")
  {
    const auto* binary = go_binary(GoProgram::cgo);
    if (binary == nullptr) {
      return;
    }
    const auto info = read_real(binary->bytes);
    CHECK(info.go_version.rfind("go1.", 0) == 0);
    CHECK_FALSE(info.go_release().empty());
    CHECK(info.go_release().rfind("1.", 0) == 0);
    CHECK(info.path == "example.com/fipstest");
    CHECK(info.main.path == "example.com/fipstest");
    CHECK(info.main.version == "(devel)");
    CHECK(info.deps.empty());
    CHECK(info.setting("CGO_ENABLED") == "1");
    CHECK(info.setting("GOOS") == "linux");
    CHECK(info.setting("-compiler") == "gc");
    CHECK_FALSE(info.setting("-tags").has_value());
    CHECK(info.tags().empty());
    CHECK(info.goexperiments().empty());
    check_against_go_version_m(*binary);
  }
  SUBCASE("CGO_ENABLED=0 -trimpath -tags")
  {
    const auto* binary = go_binary(GoProgram::nocgo);
    if (binary == nullptr) {
      return;
    }
    const auto info = read_real(binary->bytes);
    CHECK(info.setting("CGO_ENABLED") == "0");
    CHECK(info.setting("-trimpath") == "true");
    CHECK(info.setting("-tags") == "ms_tls13kdf,requirefips");
    CHECK(info.tags() == std::vector<std::string>{"ms_tls13kdf", "requirefips"});
    check_against_go_version_m(*binary);
  }
  SUBCASE("GOEXPERIMENT=boringcrypto")
  {
    const auto* binary = go_binary(GoProgram::boringcrypto);
    if (binary == nullptr) {
      return;
    }
    const auto info = read_real(binary->bytes);
    CHECK(info.setting("GOEXPERIMENT") == "boringcrypto");
    CHECK(info.go_version.find(" X:boringcrypto") != std::string::npos);
    CHECK(info.goexperiments() == std::vector<std::string>{"boringcrypto"});
    check_against_go_version_m(*binary);
  }
  SUBCASE("PIE with a quoted -ldflags value")
  {
    const auto* binary = go_binary(GoProgram::pie);
    if (binary == nullptr) {
      return;
    }
    const auto info = read_real(binary->bytes);
    CHECK(info.setting("-ldflags") == fipsrock::test::k_pie_ldflags);
    CHECK(binary->version_m.find("-ldflags=\"-X \\\"main.version=v1 2\\\"\"") != std::string::npos);
    check_against_go_version_m(*binary);
  }
  SUBCASE("fallback to the first writable PT_LOAD without section headers")
  {
    const auto* binary = go_binary(GoProgram::nocgo);
    if (binary == nullptr) {
      return;
    }
    std::string bytes = binary->bytes;
    fipsrock::test::put(bytes, 40, 0, 8, false); // e_shoff
    fipsrock::test::put(bytes, 60, 0, 2, false); // e_shnum
    fipsrock::test::put(bytes, 62, 0, 2, false); // e_shstrndx
    const auto elf = verify::parse_elf(bytes);
    REQUIRE(elf.has_value());
    CHECK_FALSE(elf->has_go_buildinfo_section);
    const auto info = read_real(bytes);
    CHECK(info.go_version == read_real(binary->bytes).go_version);
    CHECK(info.setting("CGO_ENABLED") == "0");
  }
}

TEST_CASE("verify::go_buildinfo synthesized")
{
  const std::string modinfo = modinfo_text(fipsrock::test::microsoft_settings()) +
                              "dep\tgo.universe.tf/metallb\tv0.15.2\th1:abc=\n"
                              "=>\t../metallb\t(devel)\t\n"
                              "dep\tgithub.com/x/y\tv1.0.0\n";
  SUBCASE("Microsoft settings in a tiny ELF, found through the writable PT_LOAD")
  {
    TinyElf spec;
    spec.buildinfo = buildinfo_blob("go1.26.4 X:systemcrypto", framed(modinfo));
    const std::string bytes = make_elf(spec);
    const auto elf = verify::parse_elf(bytes);
    REQUIRE(elf.has_value());
    const auto info = verify::read_go_buildinfo(bytes, *elf);
    REQUIRE_MESSAGE(info.has_value(), (info ? "" : info.error().message));
    REQUIRE(info->has_value());
    const auto& bi = **info;
    CHECK(bi.go_version == "go1.26.4 X:systemcrypto");
    CHECK(bi.go_release() == "1.26.4");
    CHECK(bi.setting("microsoft_toolset_version") == "go1.26.4-1-microsoft");
    CHECK(bi.goexperiments() == std::vector<std::string>{"systemcrypto"});
    REQUIRE(bi.deps.size() == 2);
    CHECK(bi.deps[0].path == "go.universe.tf/metallb");
    CHECK(bi.deps[0].sum == "h1:abc=");
    REQUIRE(bi.deps[0].replace.has_value());
    CHECK(bi.deps[0].replace->path == "../metallb");
    CHECK_FALSE(bi.deps[1].replace.has_value());
    CHECK(bi.deps[1].sum.empty());
  }
  SUBCASE("a section in a big-endian 32-bit ELF")
  {
    TinyElf spec;
    spec.is64 = false;
    spec.big_endian = true;
    spec.sections = true;
    spec.load_flags = 5; // R+X: only the section can lead to the blob
    spec.buildinfo = buildinfo_blob("go1.25.0", framed(modinfo));
    const std::string bytes = make_elf(spec);
    const auto elf = verify::parse_elf(bytes);
    REQUIRE(elf.has_value());
    const auto info = verify::read_go_buildinfo(bytes, *elf);
    REQUIRE(info.has_value());
    REQUIRE(info->has_value());
    CHECK((*info)->go_version == "go1.25.0");
    spec.sections = false;
    const std::string no_section = make_elf(spec);
    const auto elf2 = verify::parse_elf(no_section);
    REQUIRE(elf2.has_value());
    const auto none = verify::read_go_buildinfo(no_section, *elf2);
    REQUIRE(none.has_value());
    CHECK_FALSE(none->has_value());
  }
  SUBCASE("a non-Go ELF has no build info")
  {
    const std::string bytes = make_elf(TinyElf{});
    const auto elf = verify::parse_elf(bytes);
    REQUIRE(elf.has_value());
    CHECK_FALSE(verify::find_go_buildinfo(bytes, *elf).has_value());
  }
  SUBCASE("the magic counts only at 16-byte alignment with 32 bytes left")
  {
    TinyElf spec;
    spec.buildinfo = std::string(8, 'x') + fipsrock::test::k_buildinfo_magic;
    spec.buildinfo.resize(64, '\0');
    const std::string misaligned = make_elf(spec);
    const auto elf = verify::parse_elf(misaligned);
    REQUIRE(elf.has_value());
    CHECK_FALSE(verify::find_go_buildinfo(misaligned, *elf).has_value());
  }
  SUBCASE("version forms")
  {
    verify::GoBuildInfo bi;
    for (const auto& [stored, release] :
         std::vector<std::pair<std::string, std::string>>{{"go1.25.0 X:opensslcrypto", "1.25.0"},
                                                          {"go1.26.0-1-microsoft", "1.26.0"},
                                                          {"go1.26.3-microsoft", "1.26.3"},
                                                          {"go1.24.3", "1.24.3"},
                                                          {"devel go1.27-abc", ""},
                                                          {"", ""}}) {
      bi.go_version = stored;
      CHECK(bi.go_release() == release);
    }
    bi.go_version = "go1.25.0 X:opensslcrypto,loopvar";
    bi.settings = {{"GOEXPERIMENT", "loopvar,,systemcrypto"}, {"-tags", "a,,b"}};
    CHECK(bi.goexperiments() ==
          std::vector<std::string>{"loopvar", "systemcrypto", "opensslcrypto"});
    CHECK(bi.tags() == std::vector<std::string>{"a", "b"});
  }
}

TEST_CASE("verify::parse_go_buildinfo malformed")
{
  const std::string good_mod = framed(modinfo_text({{"CGO_ENABLED", "1"}}));
  REQUIRE(verify::parse_go_buildinfo(buildinfo_blob("go1.26.4", good_mod)).has_value());
  const std::string header = buildinfo_blob("", "").substr(0, 32);

  CHECK(error_of(verify::parse_go_buildinfo("")) ==
        "no Go build info header (\"\\xff Go buildinf:\")");
  CHECK(error_of(verify::parse_go_buildinfo(header.substr(0, 31))) ==
        "no Go build info header (\"\\xff Go buildinf:\")");
  const auto legacy = verify::parse_go_buildinfo(buildinfo_blob("go1.17", good_mod, 0));
  CHECK(error_of(legacy) ==
        "Go build info uses the pointer format of Go < 1.18, which is not supported");
  CHECK(legacy.error().hint == "rebuild the binary with Go 1.18 or later");
  // The version's length runs past the end, is huge, or is an unterminated uvarint.
  CHECK(error_of(verify::parse_go_buildinfo(header + uvarint(10) + "go1.2")) ==
        "Go build info: the Go version string is out of bounds");
  CHECK(error_of(verify::parse_go_buildinfo(header + uvarint(UINT64_MAX) + "go")) ==
        "Go build info: the Go version string is out of bounds");
  CHECK(error_of(verify::parse_go_buildinfo(header + std::string(11, '\xff'))) ==
        "Go build info: the Go version string is out of bounds");
  CHECK(error_of(verify::parse_go_buildinfo(header + "\x80")) ==
        "Go build info: the Go version string is out of bounds");
  // Go's bound: a string must leave at least one byte after it.
  CHECK(error_of(verify::parse_go_buildinfo(header + uvarint(4) + "go12")) ==
        "Go build info: the Go version string is out of bounds");
  CHECK(error_of(verify::parse_go_buildinfo(header + uvarint(0) + uvarint(0) + "pad")) ==
        "Go build info: empty Go version");
  CHECK(error_of(verify::parse_go_buildinfo(header + uvarint(4) + "go12" + uvarint(500) + "x")) ==
        "Go build info: the module info string is out of bounds");
  // No sentinels around the module info.
  CHECK(error_of(verify::parse_go_buildinfo(buildinfo_blob("go1.26.4", modinfo_text({})))) ==
        "Go build info: module info lacks its 16-byte sentinels");
  CHECK(error_of(verify::parse_go_buildinfo(buildinfo_blob("go1.26.4", "path\tx\n"))) ==
        "Go build info: module info lacks its 16-byte sentinels");
  // No module info at all (a GOPATH-mode build) is valid and has no settings.
  const auto bare = verify::parse_go_buildinfo(buildinfo_blob("go1.26.4", ""));
  REQUIRE(bare.has_value());
  CHECK(bare->settings.empty());
}

TEST_CASE("verify::parse_go_modinfo")
{
  SUBCASE("quoted keys and values")
  {
    const auto info = verify::parse_go_modinfo(
        "build\t-ldflags=\"-X \\\"main.v=1 2\\\" -s\"\n"
        "build\t\"odd key=\"=`raw \\n`\n"
        "build\tempty=\n"
        "build\tescapes=\"\\a\\b\\f\\n\\r\\t\\v\\\\\\x41\\101\\u00e9\\U0001F600\"\n"
        "unknown\tline\n"
        "build\tno-newline=1");
    REQUIRE_MESSAGE(info.has_value(), (info ? "" : info.error().message));
    REQUIRE(info->settings.size() == 4);
    CHECK(info->settings[0].second == "-X \"main.v=1 2\" -s");
    CHECK(info->settings[1].first == "odd key=");
    CHECK(info->settings[1].second == "raw \\n");
    CHECK(info->settings[2].second.empty());
    CHECK(info->settings[3].second == "\a\b\f\n\r\t\v\\AA\xc3\xa9\xf0\x9f\x98\x80");
  }
  SUBCASE("errors name the line")
  {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"path\tx\nmod\ta\n", "line 2: expected 2 or 3 columns; got 1"},
        {"dep\ta\tb\tc\td\n", "line 1: expected 2 or 3 columns; got 4"},
        {"=>\ta\tb\tc\n", "line 1: replacement with no module on previous line"},
        {"mod\ta\tb\n=>\ta\tb\n", "line 2: expected 3 columns for replacement; got 2"},
        {"build\t\n", "line 1: build line missing '='"},
        {"build\t=x\n", "line 1: build line with missing key"},
        {"build\tkey\n", "line 1: build line missing '=' after key"},
        {"build\t\"k\n", "line 1: invalid quoted key in build line"},
        {"build\t\"k\"\n", "line 1: build line missing '=' after quoted key"},
        {"build\t\"k\"x=1\n", "line 1: unexpected character after quoted key: 'x'"},
        {"build\tk ey=1\n", "line 1: unquoted key \"k ey\" must be quoted"},
        {"build\tk=a b\n", "line 1: unquoted value \"a b\" must be quoted"},
        {"build\tk=\"a\\q\"\n", "line 1: invalid quoted value in build line"},
        {"build\tk=\"a\"b\n", "line 1: invalid quoted value in build line"},
    };
    for (const auto& entry : cases) {
      const std::string& text = entry.first;
      CAPTURE(text);
      CHECK(error_of(verify::parse_go_modinfo(text)) ==
            "could not parse Go build info: " + entry.second);
    }
  }
}

TEST_CASE("verify::go_unquote")
{
  CHECK(verify::go_unquote("\"\"") == "");
  CHECK(verify::go_unquote("`a\r\nb`") == "a\nb");
  CHECK(verify::go_unquote("\"\\x00\\377\"") == std::string("\0\xff", 2));
  CHECK(verify::go_unquote("\"caf\xc3\xa9\"") == "caf\xc3\xa9");
  CHECK(verify::go_unquote("\"bad \xff byte\"") == "bad \xef\xbf\xbd byte");
  CHECK(verify::go_unquote("\"\xed\xa0\x80\"") == "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
  for (const std::string bad : {"",
                                "\"",
                                "`",
                                "\"abc",
                                "'a'",
                                "x",
                                "\"a\nb\"",
                                "\"\\'\"",
                                "\"\\400\"",
                                "\"\\12\"",
                                "\"\\xZZ\"",
                                "\"\\uD800\"",
                                "\"\\U00110000\"",
                                "\"\\u12\"",
                                "\"\\\"",
                                "\"a\"x"}) {
    CAPTURE(bad);
    CHECK_FALSE(verify::go_unquote(bad).has_value());
  }
  CHECK(verify::go_quoted_prefix("\"a\\\"b\"=rest") == 6);
  CHECK(verify::go_quoted_prefix("`raw`x") == 5);
  CHECK_FALSE(verify::go_quoted_prefix("noquote").has_value());
}
