// SPDX-License-Identifier: Apache-2.0
#include "verify/evaluate_go.hpp"

#include "core/version.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <optional>
#include <string_view>

// Rules from shared/DESIGN.md §3 "verify" and research/msgo-fips.md §2 ("Suggested verification
// rules"). Build settings, not the version string, decide: Microsoft Go <= 1.25 reports the
// upstream version.

namespace fipsrock::verify {

namespace {

using core::Finding;
using core::Status;

constexpr std::string_view k_not_recorded = "(not recorded)";

bool contains(const std::vector<std::string>& items, std::string_view wanted)
{
  return std::find(items.begin(), items.end(), wanted) != items.end();
}

std::string joined(const std::vector<std::string>& items, std::string_view separator)
{
  return items.empty() ? std::string("(none)") : fmt::format("{}", fmt::join(items, separator));
}

std::string_view yes_no(bool value)
{
  return value ? "yes" : "no";
}

Finding make_finding(const char* id, const std::string& subject)
{
  Finding finding;
  finding.id = id;
  finding.subject = subject;
  return finding;
}

// "go1.26.4" and "v1.26.4" mean "1.26.4" in a policy.
std::string_view bare_version(std::string_view version)
{
  for (const std::string_view prefix : {"go", "v"}) {
    if (version.substr(0, prefix.size()) == prefix) {
      return version.substr(prefix.size());
    }
  }
  return version;
}

Finding cgo_rule(const std::string& subject, const GoBuildInfo& info)
{
  Finding f = make_finding(k_rule_go_cgo, subject);
  const auto cgo = info.setting("CGO_ENABLED");
  f.evidence = {{"CGO_ENABLED", cgo.value_or(std::string(k_not_recorded))}};
  if (cgo == "1") {
    f.message = "built with CGO_ENABLED=1";
    return f;
  }
  f.status = Status::fail;
  f.message = cgo ? fmt::format("built with CGO_ENABLED={}; the OpenSSL backend needs cgo", *cgo)
                  : "no CGO_ENABLED build setting recorded; the OpenSSL backend needs cgo";
  f.remediation = "build with CGO_ENABLED=1 and a C toolchain (build-essential) installed";
  return f;
}

Finding crypto_rule(const std::string& subject, const GoBuildInfo& info, const GoPolicy& policy)
{
  Finding f = make_finding(k_rule_go_crypto, subject);
  const auto experiments = info.goexperiments();
  const auto tags = info.tags();
  const auto systemcrypto = info.setting("microsoft_systemcrypto");
  f.evidence = {{"GOEXPERIMENT", info.setting("GOEXPERIMENT").value_or("(not set)")},
                {"experiments", joined(experiments, ",")},
                {"microsoft_systemcrypto", systemcrypto.value_or(std::string(k_not_recorded))},
                {"-tags", info.setting("-tags").value_or("(not set)")}};
  auto has = [&](std::string_view name) {
    return contains(experiments, name) || contains(tags, fmt::format("goexperiment.{}", name));
  };
  std::vector<std::string> backends;
  for (const std::string_view name : {"systemcrypto", "opensslcrypto"}) {
    if (has(name)) {
      backends.emplace_back(name);
    }
  }
  if (systemcrypto == "1") {
    backends.emplace_back("microsoft_systemcrypto=1");
  }
  std::vector<std::string> disabling;
  for (const std::string_view name : {"nosystemcrypto", "allowcryptofallback"}) {
    if (has(name)) {
      disabling.emplace_back(name);
    }
  }
  const bool boring = has("boringcrypto");
  if (!disabling.empty()) {
    f.status = Status::fail;
    f.message = fmt::format("built with {}: the binary may run without the system OpenSSL backend",
                            joined(disabling, " and "));
    f.remediation =
        fmt::format("remove {} from GOEXPERIMENT and -tags", joined(disabling, " and "));
  } else if (boring && policy.accept_boringcrypto) {
    f.message = "built with boringcrypto, accepted by a test policy (accept_boringcrypto); a "
                "release rock needs the system OpenSSL backend";
  } else if (boring) {
    f.status = Status::fail;
    f.message = "built with boringcrypto (upstream BoringCrypto), not the system OpenSSL backend";
    f.remediation = "build with the Microsoft build of Go and GOEXPERIMENT=systemcrypto instead "
                    "of boringcrypto";
  } else if (!backends.empty()) {
    f.message = fmt::format("system crypto backend: {}", joined(backends, ", "));
  } else {
    f.status = Status::fail;
    f.message = "no system crypto backend recorded (no systemcrypto or opensslcrypto experiment "
                "or goexperiment tag, no microsoft_systemcrypto=1)";
    f.remediation = "build with the Microsoft build of Go and GOEXPERIMENT=systemcrypto (the "
                    "default from Go 1.25)";
  }
  return f;
}

Finding toolchain_rule(const std::string& subject, const GoBuildInfo& info, const GoPolicy& policy)
{
  Finding f = make_finding(k_rule_go_toolchain, subject);
  const std::string release = info.go_release();
  const auto toolset = info.setting("microsoft_toolset_version");
  const std::string_view expected = bare_version(policy.expected_go_version);
  f.evidence = {{"go_version", info.go_version},
                {"release", release},
                {"microsoft_toolset_version", toolset.value_or(std::string(k_not_recorded))}};
  if (!expected.empty()) {
    f.evidence.emplace_back("expected_go_version", std::string(expected));
  }
  const auto parsed = core::Version::parse(release);
  if (!parsed) {
    f.status = Status::fail;
    f.message = fmt::format("cannot read a Go release from version \"{}\"", info.go_version);
    f.remediation = "build with a released Microsoft Go toolchain";
    return f;
  }
  std::vector<std::string> problems;
  std::vector<std::string> fixes;
  if (!expected.empty()) {
    const auto wanted = core::Version::parse(expected);
    if (!wanted) {
      f.status = Status::error;
      f.message = fmt::format("the policy's Go version \"{}\" is not a version", expected);
      f.remediation = "pin the Go version as X.Y.Z";
      return f;
    }
    if (!(*parsed == *wanted)) {
      problems.push_back(fmt::format("built with Go {}, expected {}", release, expected));
      fixes.push_back(fmt::format("build with Go {}", expected));
    }
  }
  const bool has_toolset_setting = core::version_at_least(release, "1.26");
  if (has_toolset_setting && !toolset) {
    problems.emplace_back("no microsoft_toolset_version build setting: not built by the "
                          "Microsoft build of Go");
    fixes.emplace_back("build with the Microsoft build of Go");
  } else if (has_toolset_setting && !policy.expected_msgo_revision.empty()) {
    const auto wanted_id = fmt::format("go{}-{}-microsoft",
                                       expected.empty() ? std::string_view(release) : expected,
                                       policy.expected_msgo_revision);
    f.evidence.emplace_back("expected_toolset", wanted_id);
    if (*toolset != wanted_id) {
      problems.push_back(
          fmt::format("microsoft_toolset_version is {}, expected {}", *toolset, wanted_id));
      fixes.push_back(fmt::format("build with Microsoft Go {}", wanted_id));
    }
  }
  if (!problems.empty()) {
    f.status = Status::fail;
    f.message = fmt::format("{}", fmt::join(problems, "; "));
    f.remediation = fmt::format("{}", fmt::join(fixes, "; "));
    return f;
  }
  f.message = fmt::format("built with Go {}", release);
  if (toolset) {
    f.message += fmt::format(" (toolset {})", *toolset);
  } else {
    f.message += " (the toolset id is recorded from Go 1.26 on)";
  }
  if (!expected.empty()) {
    f.message += ", as pinned";
  }
  return f;
}

Finding dynamic_rule(const std::string& subject, const ElfInfo& elf)
{
  Finding f = make_finding(k_rule_go_dynamic, subject);
  f.evidence = {{"PT_INTERP", elf.has_interp ? elf.interpreter : std::string("(none)")},
                {"DT_NEEDED", joined(elf.needed, ", ")}};
  if (elf.has_interp) {
    f.message = fmt::format("dynamically linked through {}; libcrypto is dlopen'ed at run time",
                            elf.interpreter);
    return f;
  }
  f.status = Status::fail;
  f.message = "statically linked (no PT_INTERP): the binary cannot dlopen the system libcrypto";
  f.remediation = "link dynamically: build with CGO_ENABLED=1 and without -extldflags=-static";
  return f;
}

Finding tags_rule(const std::string& subject, const GoBuildInfo& info, const GoPolicy& policy)
{
  Finding f = make_finding(k_rule_go_tags, subject);
  f.status = Status::info;
  const auto tags = info.tags();
  const bool requirefips = contains(tags, "requirefips");
  const bool tls13kdf = contains(tags, "ms_tls13kdf");
  f.evidence = {{"-tags", info.setting("-tags").value_or("(not set)")},
                {"requirefips", std::string(yes_no(requirefips))},
                {"ms_tls13kdf", std::string(yes_no(tls13kdf))}};
  const std::string release = info.go_release();
  const auto version = core::Version::parse(release);
  const bool needs_tls13kdf = version && version->components().size() >= 2 &&
                              version->components()[0] == 1 &&
                              (version->components()[1] == 23 || version->components()[1] == 24);
  if (policy.require_ms_tls13kdf_for_123_124 && needs_tls13kdf && !tls13kdf) {
    f.status = Status::warn;
    f.message = fmt::format("Go {} without the ms_tls13kdf tag: TLS 1.3 can panic on Ubuntu "
                            "22.04 FIPS OpenSSL (microsoft/go#1626)",
                            release);
    f.remediation = "add ms_tls13kdf to -tags (Microsoft Go 1.24.3-1 or later 1.23/1.24 releases)";
    return f;
  }
  f.message = fmt::format("ms_tls13kdf {}, requirefips {}",
                          tls13kdf ? "set" : "not set",
                          requirefips ? "set (the binary refuses to start unless OpenSSL is in "
                                        "FIPS mode)"
                                      : "not set");
  return f;
}

} // namespace

std::vector<Finding> evaluate_go_binary(const std::string& subject,
                                        const ElfInfo& elf,
                                        const GoBuildInfo& info,
                                        const GoPolicy& policy)
{
  return {cgo_rule(subject, info),
          crypto_rule(subject, info, policy),
          toolchain_rule(subject, info, policy),
          dynamic_rule(subject, elf),
          tags_rule(subject, info, policy)};
}

} // namespace fipsrock::verify
