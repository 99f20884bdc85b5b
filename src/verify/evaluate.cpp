// SPDX-License-Identifier: Apache-2.0
#include "verify/evaluate.hpp"

#include "verify/rules.hpp"

#include <fmt/format.h>

namespace fipsrock::verify {

core::Finding make(const char* id,
                   core::Status status,
                   std::string subject,
                   std::string message,
                   std::string remediation,
                   core::Evidence evidence)
{
  core::Finding f;
  f.id = id;
  f.status = status;
  f.subject = std::move(subject);
  f.message = std::move(message);
  f.remediation = std::move(remediation);
  f.evidence = std::move(evidence);
  return f;
}

std::string image_path(const std::string& path)
{
  return "/" + path;
}

std::string multiarch_triplet(const std::string& architecture)
{
  static const std::pair<const char*, const char*> k_triplets[] = {
      {"amd64", "x86_64-linux-gnu"},
      {"arm64", "aarch64-linux-gnu"},
      {"armhf", "arm-linux-gnueabihf"},
      {"arm", "arm-linux-gnueabihf"},
      {"ppc64le", "powerpc64le-linux-gnu"},
      {"s390x", "s390x-linux-gnu"},
      {"riscv64", "riscv64-linux-gnu"},
      {"386", "i386-linux-gnu"},
      {"i386", "i386-linux-gnu"},
  };
  for (const auto& [arch, triplet] : k_triplets) {
    if (architecture == arch) {
      return triplet;
    }
  }
  return {};
}

std::string string_with(const RootNode* node, std::string_view needle)
{
  if (node == nullptr || node->entry == nullptr) {
    return {};
  }
  for (const std::string& s : node->entry->strings) {
    if (s.find(needle) != std::string::npos) {
      return s;
    }
  }
  return {};
}

std::string token_around(const std::string& text, std::string_view needle, bool path)
{
  const auto at = text.find(needle);
  if (at == std::string::npos) {
    return {};
  }
  auto part_of = [path](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' ||
           c == '+' || c == '~' || c == '-' || c == '_' || (path && c == '/');
  };
  std::size_t begin = at;
  while (begin > 0 && part_of(text[begin - 1])) {
    --begin;
  }
  std::size_t end = at + needle.size();
  while (end < text.size() && part_of(text[end])) {
    ++end;
  }
  return text.substr(begin, end - begin);
}

VerifyResult evaluate(const RockFacts& facts, const VerifyPolicy& policy)
{
  core::Report report;
  report.command = "verify";
  Findings& out = report.findings;

  const Image image = check_oci(facts, policy, out);
  const RootFs root(image.layers);
  check_archive(facts, image, root, out);
  check_identity(facts, image, root, policy, out);
  check_openssl(image, root, out);
  check_binaries(root, policy, out);

  report.context = {{"rock", facts.file}};
  if (image.config) {
    report.context.emplace_back("architecture", image.config->architecture);
  }
  report.context.emplace_back("manifest", image.manifest_digest);
  report.context.emplace_back("config", image.config_digest);
  report.context.emplace_back("layers", std::to_string(image.layers.size()));
  report.context.emplace_back("files", std::to_string(root.nodes().size()));
  report.context.emplace_back("uncompressed_bytes", std::to_string(facts.uncompressed_total));
  report.context.emplace_back("largest_buffered_bytes", std::to_string(facts.largest_buffered));
  return apply_waivers(std::move(report), policy.waivers);
}

} // namespace fipsrock::verify
