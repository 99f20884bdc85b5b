// SPDX-License-Identifier: Apache-2.0
// Writes the seed corpora for scripts/fuzz: synthesized ELF files and build info blobs (the
// generators the unit tests use) plus, for every Go binary named on the command line, the
// binary itself and its build info blob.
// Usage: make_seeds <elf-dir> <buildinfo-dir> [go-binary...]
#include "verify/buildinfo_blob.hpp"
#include "verify/go_buildinfo.hpp"
#include "verify/parse_elf.hpp"
#include "verify/tiny_elf.hpp"

#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace test = fipsrock::test;
namespace verify = fipsrock::verify;

namespace {

void write(const std::string& path, const std::string& bytes)
{
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

std::string read(const std::string& path)
{
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

} // namespace

int main(int argc, char** argv)
{
  if (argc < 3) {
    std::cerr << "usage: make_seeds <elf-dir> <buildinfo-dir> [go-binary...]\n";
    return 2;
  }
  const std::string elf_dir = argv[1];
  const std::string blob_dir = argv[2];
  auto settings = test::microsoft_settings();
  settings.emplace_back("-ldflags", "\"-X \\\"main.version=v1 2\\\" -s\"");
  settings.emplace_back("\"odd key\"", "`raw`");
  settings.emplace_back("esc", "\"\\a\\x41\\101\\u00e9\\U0001F600\"");
  const std::string modinfo = test::modinfo_text(settings) +
                              "dep\tgo.universe.tf/metallb\tv0.15.2\th1:abc=\n"
                              "=>\t../metallb\t(devel)\t\n";
  const std::vector<std::pair<std::string, std::string>> blobs = {
      {"microsoft", test::buildinfo_blob("go1.26.4 X:systemcrypto", test::framed(modinfo))},
      {"legacy", test::buildinfo_blob("go1.17", test::framed(modinfo), 0)},
      {"empty-modinfo", test::buildinfo_blob("go1.25.0", "")},
      {"no-sentinels", test::buildinfo_blob("go1.25.0", modinfo)},
  };
  for (const auto& [name, blob] : blobs) {
    write(blob_dir + "/" + name, blob);
  }
  write(blob_dir + "/modinfo", modinfo);
  int index = 0;
  for (const bool is64 : {true, false}) {
    for (const bool big : {false, true}) {
      for (const bool sections : {false, true}) {
        test::TinyElf spec;
        spec.is64 = is64;
        spec.big_endian = big;
        spec.sections = sections;
        spec.buildinfo = blobs[0].second;
        write(elf_dir + "/tiny-" + std::to_string(index++), test::make_elf(spec));
      }
    }
  }
  for (int i = 3; i < argc; ++i) {
    const std::string bytes = read(argv[i]);
    write(elf_dir + "/go-" + std::to_string(i), bytes);
    const auto elf = verify::parse_elf(bytes);
    const auto blob = elf ? verify::find_go_buildinfo(bytes, *elf) : std::nullopt;
    if (!blob) {
      std::cerr << "make_seeds: no Go build info in " << argv[i] << "\n";
      return 1;
    }
    write(blob_dir + "/go-" + std::to_string(i), std::string(blob->substr(0, 4096)));
  }
  return 0;
}
