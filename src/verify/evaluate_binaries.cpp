// SPDX-License-Identifier: Apache-2.0
// The executables of the merged root filesystem: every Go binary a container would see gets the
// Go FIPS rules (evaluate_go_binary); Pebble, which rockcraft supplies and which MetalLB's own
// documentation calls not FIPS-built, is judged by pebble.fips instead.
#include "verify/evaluate_go.hpp"
#include "verify/rules.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <regex>
#include <set>

namespace fipsrock::verify {

namespace {

using core::Status;

constexpr std::size_t k_max_elf_warnings = 20;

// "v1.18.0-fips" from a string excerpt of the Pebble binary; "" when none.
std::string fips_version(const std::string& excerpt)
{
  static const std::regex k_version(R"(v?[0-9]+\.[0-9]+(\.[0-9]+)?[0-9A-Za-z.+~_]*-fips)");
  std::smatch match;
  if (std::regex_search(excerpt, match, k_version)) {
    return match.str(0);
  }
  return {};
}

const RootNode* pebble_binary(const RootFs& root, std::string& path)
{
  for (const char* candidate : {"usr/bin/pebble", "bin/pebble"}) {
    const auto lookup = root.resolve(candidate);
    if (lookup && lookup->node != nullptr && lookup->node->type == EntryType::regular) {
      path = lookup->path;
      return lookup->node;
    }
  }
  return nullptr;
}

void check_pebble(const RootNode* node,
                  const std::string& path,
                  const VerifyPolicy& policy,
                  Findings& out)
{
  const Status weak = policy.require_fips_pebble ? Status::fail : Status::warn;
  const char* fix = "build with rockcraft >= 1.20 and --pro=fips-updates, which stages "
                    "pebble/fips/stable";
  if (node == nullptr) {
    out.push_back(make(k_rule_pebble_fips,
                       weak,
                       "pebble",
                       "no Pebble binary at /usr/bin/pebble or /bin/pebble",
                       fix));
    return;
  }
  const std::string subject = image_path(path);
  core::Evidence evidence;
  std::string version;
  if (node->entry != nullptr) {
    for (const std::string& s : node->entry->strings) {
      version = fips_version(s);
      if (!version.empty()) {
        break;
      }
    }
  }
  if (!version.empty()) {
    evidence.emplace_back("version", version);
  }
  bool go_fips = false;
  const ElfFacts* facts = node->entry != nullptr && node->entry->elf ? &*node->entry->elf : nullptr;
  if (facts != nullptr && facts->elf && facts->go) {
    evidence.emplace_back("go", facts->go->go_version);
    std::vector<std::string> failing;
    for (const auto& f : evaluate_go_binary(subject, *facts->elf, *facts->go, policy.go)) {
      if (f.status == Status::fail || f.status == Status::error) {
        failing.push_back(f.id);
      }
    }
    go_fips = failing.empty();
    evidence.emplace_back("go rules failing",
                          failing.empty() ? std::string("none")
                                          : fmt::format("{}", fmt::join(failing, ", ")));
  }
  if (!version.empty()) {
    out.push_back(make(k_rule_pebble_fips,
                       Status::pass,
                       subject,
                       fmt::format("FIPS build of Pebble ({})", version),
                       {},
                       evidence));
  } else if (go_fips) {
    out.push_back(make(k_rule_pebble_fips,
                       Status::pass,
                       subject,
                       "Pebble passes the Go FIPS rules",
                       {},
                       evidence));
  } else {
    out.push_back(make(k_rule_pebble_fips,
                       weak,
                       subject,
                       "Pebble is not a FIPS build (no '-fips' version, Go FIPS rules fail)",
                       fix,
                       evidence));
  }
}

} // namespace

void check_binaries(const RootFs& root, const VerifyPolicy& policy, Findings& out)
{
  std::string pebble_path;
  const RootNode* pebble = pebble_binary(root, pebble_path);
  std::size_t go_binaries = 0;
  std::size_t elf_warnings = 0;
  for (const auto& [path, node] : root.nodes()) {
    if (node.type != EntryType::regular || node.entry == nullptr || !node.entry->elf) {
      continue;
    }
    const ElfFacts& facts = *node.entry->elf;
    const std::string subject = image_path(path);
    if (!facts.elf && facts.go_magic) {
      out.push_back(make(k_rule_go_buildinfo,
                         Status::error,
                         subject,
                         "a Go binary that was not checked: " + facts.error,
                         "raise budgets.max-elf-bytes in the policy to check it"));
      continue;
    }
    if (!facts.elf) {
      if (++elf_warnings <= k_max_elf_warnings) {
        out.push_back(make(k_rule_elf_parse,
                           Status::warn,
                           subject,
                           "ELF file not parsed, so not checked as a Go binary: " + facts.error));
      }
      continue;
    }
    if (!facts.error.empty()) {
      out.push_back(make(k_rule_go_buildinfo,
                         Status::fail,
                         subject,
                         "malformed Go build info: " + facts.error,
                         "rebuild the binary with a released Go toolchain"));
      continue;
    }
    if (!facts.go || path == pebble_path) {
      continue;
    }
    go_binaries += 1;
    auto findings = evaluate_go_binary(subject, *facts.elf, *facts.go, policy.go);
    out.insert(out.end(),
               std::make_move_iterator(findings.begin()),
               std::make_move_iterator(findings.end()));
  }
  if (elf_warnings > k_max_elf_warnings) {
    out.push_back(
        make(k_rule_elf_parse,
             Status::warn,
             "ELF files",
             fmt::format("{} more ELF files not parsed", elf_warnings - k_max_elf_warnings)));
  }
  if (go_binaries == 0) {
    out.push_back(make(k_rule_go_binaries,
                       Status::warn,
                       "Go binaries",
                       "no Go binary besides Pebble in the image: nothing uses Go's OpenSSL "
                       "backend"));
  } else {
    out.push_back(make(k_rule_go_binaries,
                       Status::pass,
                       "Go binaries",
                       fmt::format("{} Go binaries checked", go_binaries)));
  }
  check_pebble(pebble, pebble_path, policy, out);
}

} // namespace fipsrock::verify
