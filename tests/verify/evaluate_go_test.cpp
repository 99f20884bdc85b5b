// SPDX-License-Identifier: Apache-2.0
#include "testutil.hpp"

#include "verify/buildinfo_blob.hpp"
#include "verify/evaluate_go.hpp"
#include "verify/go_programs.hpp"
#include "verify/tiny_elf.hpp"

#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

namespace verify = fipsrock::verify;
using fipsrock::core::Finding;
using fipsrock::core::Status;
using fipsrock::test::GoProgram;

namespace {

const std::string k_subject = "/usr/bin/speaker";

const std::vector<std::string> k_ids = {
    "go.cgo-enabled", "go.crypto-backend", "go.toolchain", "go.dynamic", "go.tags"};

// A Microsoft Go 1.26.4-1 build, read back through the real parser.
verify::GoBuildInfo microsoft_build()
{
  using namespace fipsrock::test;
  const auto info = verify::parse_go_buildinfo(
      buildinfo_blob("go1.26.4", framed(modinfo_text(microsoft_settings()))));
  REQUIRE_MESSAGE(info.has_value(), (info ? "" : info.error().message));
  return *info;
}

verify::ElfInfo elf_with_interp(bool interp)
{
  fipsrock::test::TinyElf spec;
  if (!interp) {
    spec.interp.clear();
    spec.needed.clear();
  }
  const auto elf = verify::parse_elf(fipsrock::test::make_elf(spec));
  REQUIRE(elf.has_value());
  return *elf;
}

// `info` with setting `key` set to `value` (appended when absent), or removed when `value` is
// "-".
verify::GoBuildInfo with(verify::GoBuildInfo info, const std::string& key, const std::string& value)
{
  auto& settings = info.settings;
  for (auto it = settings.begin(); it != settings.end(); ++it) {
    if (it->first == key) {
      if (value == "-") {
        settings.erase(it);
      } else {
        it->second = value;
      }
      return info;
    }
  }
  if (value != "-") {
    settings.emplace_back(key, value);
  }
  return info;
}

verify::GoPolicy pinned()
{
  verify::GoPolicy policy;
  policy.expected_go_version = "1.26.4";
  policy.expected_msgo_revision = "1";
  return policy;
}

// The finding of rule `id`; checks every binary gets exactly one per rule, in order.
Finding rule(const verify::GoBuildInfo& info,
             const std::string& id,
             const verify::GoPolicy& policy = pinned(),
             const verify::ElfInfo& elf = elf_with_interp(true))
{
  const auto findings = verify::evaluate_go_binary(k_subject, elf, info, policy);
  REQUIRE(findings.size() == k_ids.size());
  for (std::size_t i = 0; i < findings.size(); ++i) {
    CHECK(findings[i].id == k_ids[i]);
    CHECK(findings[i].subject == k_subject);
  }
  for (const auto& finding : findings) {
    if (finding.id == id) {
      return finding;
    }
  }
  FAIL("no finding " << id);
  return {};
}

std::string evidence(const Finding& finding, const std::string& key)
{
  for (const auto& [name, value] : finding.evidence) {
    if (name == key) {
      return value;
    }
  }
  return "(absent)";
}

bool contains(const std::string& text, const std::string& part)
{
  return text.find(part) != std::string::npos;
}

} // namespace

TEST_CASE("verify::evaluate_go_binary Microsoft Go 1.26.4-1 passes")
{
  const auto findings =
      verify::evaluate_go_binary(k_subject, elf_with_interp(true), microsoft_build(), pinned());
  REQUIRE(findings.size() == 5);
  for (const auto& finding : findings) {
    CAPTURE(finding.id);
    CAPTURE(finding.message);
    CHECK(finding.status == (finding.id == "go.tags" ? Status::info : Status::pass));
    CHECK(finding.remediation.empty());
    CHECK_FALSE(finding.message.empty());
  }
  CHECK(findings[1].message == "system crypto backend: systemcrypto, microsoft_systemcrypto=1");
  CHECK(findings[2].message == "built with Go 1.26.4 (toolset go1.26.4-1-microsoft), as pinned");
  CHECK(evidence(findings[2], "expected_toolset") == "go1.26.4-1-microsoft");
  CHECK(evidence(findings[3], "PT_INTERP") == "/lib64/ld-linux-x86-64.so.2");
  CHECK(evidence(findings[3], "DT_NEEDED") == "libc.so.6");
  CHECK(findings[4].message == "ms_tls13kdf set, requirefips not set");
}

TEST_CASE("verify::evaluate_go_binary go.cgo-enabled")
{
  const auto off = rule(with(microsoft_build(), "CGO_ENABLED", "0"), "go.cgo-enabled");
  CHECK(off.status == Status::fail);
  CHECK(off.message == "built with CGO_ENABLED=0; the OpenSSL backend needs cgo");
  CHECK(contains(off.remediation, "build with CGO_ENABLED=1"));
  CHECK(evidence(off, "CGO_ENABLED") == "0");
  const auto missing = rule(with(microsoft_build(), "CGO_ENABLED", "-"), "go.cgo-enabled");
  CHECK(missing.status == Status::fail);
  CHECK(evidence(missing, "CGO_ENABLED") == "(not recorded)");
}

TEST_CASE("verify::evaluate_go_binary go.crypto-backend")
{
  const auto bare =
      with(with(microsoft_build(), "GOEXPERIMENT", "-"), "microsoft_systemcrypto", "-");
  const auto id = "go.crypto-backend";
  SUBCASE("each backend marker alone passes")
  {
    CHECK(rule(with(bare, "microsoft_systemcrypto", "1"), id).status == Status::pass);
    CHECK(rule(with(bare, "GOEXPERIMENT", "opensslcrypto"), id).status == Status::pass);
    CHECK(rule(with(bare, "GOEXPERIMENT", "loopvar,systemcrypto"), id).status == Status::pass);
    CHECK(rule(with(bare, "-tags", "goexperiment.systemcrypto"), id).status == Status::pass);
    CHECK(rule(with(bare, "-tags", "linux,goexperiment.opensslcrypto"), id).status == Status::pass);
    auto x_part = bare;
    x_part.go_version = "go1.26.4 X:opensslcrypto";
    CHECK(rule(x_part, id).status == Status::pass);
  }
  SUBCASE("no marker fails")
  {
    const auto none = rule(bare, id);
    CHECK(none.status == Status::fail);
    CHECK(contains(none.message, "no system crypto backend"));
    CHECK(contains(none.remediation, "GOEXPERIMENT=systemcrypto"));
    CHECK(rule(with(bare, "microsoft_systemcrypto", "0"), id).status == Status::fail);
  }
  SUBCASE("nosystemcrypto and allowcryptofallback fail even beside a backend")
  {
    const auto no = rule(with(microsoft_build(), "GOEXPERIMENT", "nosystemcrypto"), id);
    CHECK(no.status == Status::fail);
    CHECK(no.message ==
          "built with nosystemcrypto: the binary may run without the system OpenSSL backend");
    CHECK(no.remediation == "remove nosystemcrypto from GOEXPERIMENT and -tags");
    const auto fallback =
        rule(with(microsoft_build(), "GOEXPERIMENT", "systemcrypto,allowcryptofallback"), id);
    CHECK(fallback.status == Status::fail);
    CHECK(contains(fallback.message, "allowcryptofallback"));
    auto x_part = microsoft_build();
    x_part.go_version = "go1.26.4 X:nosystemcrypto";
    CHECK(rule(x_part, id).status == Status::fail);
    CHECK(rule(with(microsoft_build(), "-tags", "goexperiment.allowcryptofallback"), id).status ==
          Status::fail);
  }
  SUBCASE("boringcrypto fails unless a test policy accepts it")
  {
    const auto boring = with(bare, "GOEXPERIMENT", "boringcrypto");
    const auto failed = rule(boring, id);
    CHECK(failed.status == Status::fail);
    CHECK(contains(failed.message, "boringcrypto"));
    auto policy = pinned();
    policy.accept_boringcrypto = true;
    const auto accepted = rule(boring, id, policy);
    CHECK(accepted.status == Status::pass);
    CHECK(contains(accepted.message, "accepted by a test policy"));
    CHECK(rule(with(boring, "GOEXPERIMENT", "boringcrypto,nosystemcrypto"), id, policy).status ==
          Status::fail);
  }
}

TEST_CASE("verify::evaluate_go_binary go.toolchain")
{
  const auto id = "go.toolchain";
  SUBCASE("wrong Microsoft revision")
  {
    const auto f =
        rule(with(microsoft_build(), "microsoft_toolset_version", "go1.26.4-2-microsoft"), id);
    CHECK(f.status == Status::fail);
    CHECK(f.message ==
          "microsoft_toolset_version is go1.26.4-2-microsoft, expected go1.26.4-1-microsoft");
    CHECK(f.remediation == "build with Microsoft Go go1.26.4-1-microsoft");
    CHECK(evidence(f, "microsoft_toolset_version") == "go1.26.4-2-microsoft");
  }
  SUBCASE("no toolset id on Go >= 1.26")
  {
    const auto f = rule(with(microsoft_build(), "microsoft_toolset_version", "-"), id);
    CHECK(f.status == Status::fail);
    CHECK(contains(f.message, "not built by the Microsoft build of Go"));
  }
  SUBCASE("version differs from the pin")
  {
    auto info = microsoft_build();
    info.go_version = "go1.26.3";
    const auto f = rule(info, id);
    CHECK(f.status == Status::fail);
    CHECK(contains(f.message, "built with Go 1.26.3, expected 1.26.4"));
    CHECK(evidence(f, "release") == "1.26.3");
    CHECK(evidence(f, "expected_go_version") == "1.26.4");
  }
  SUBCASE("versions before 1.26 carry no toolset id")
  {
    auto info = with(microsoft_build(), "microsoft_toolset_version", "-");
    info.go_version = "go1.25.3 X:opensslcrypto";
    auto policy = pinned();
    policy.expected_go_version = "go1.25.3";
    const auto f = rule(info, id, policy);
    CHECK(f.status == Status::pass);
    CHECK(f.message ==
          "built with Go 1.25.3 (the toolset id is recorded from Go 1.26 on), as pinned");
  }
  SUBCASE("no pins: any release with a toolset id")
  {
    const auto f = rule(microsoft_build(), id, verify::GoPolicy{});
    CHECK(f.status == Status::pass);
    CHECK(evidence(f, "expected_go_version") == "(absent)");
  }
  SUBCASE("an unreadable version fails, an unreadable pin is an error")
  {
    auto info = microsoft_build();
    info.go_version = "devel go1.27-abcdef";
    CHECK(rule(info, id).status == Status::fail);
    auto policy = pinned();
    policy.expected_go_version = "latest";
    CHECK(rule(microsoft_build(), id, policy).status == Status::error);
  }
}

TEST_CASE("verify::evaluate_go_binary go.dynamic")
{
  const auto dynamic = rule(microsoft_build(), "go.dynamic");
  CHECK(dynamic.status == Status::pass);
  CHECK(contains(dynamic.message, "dlopen"));
  const auto fixed = rule(microsoft_build(), "go.dynamic", pinned(), elf_with_interp(false));
  CHECK(fixed.status == Status::fail);
  CHECK(evidence(fixed, "PT_INTERP") == "(none)");
  CHECK(evidence(fixed, "DT_NEEDED") == "(none)");
  CHECK(contains(fixed.remediation, "CGO_ENABLED=1"));
}

TEST_CASE("verify::evaluate_go_binary go.tags")
{
  const auto id = "go.tags";
  auto go124 = with(with(microsoft_build(), "microsoft_toolset_version", "-"), "-tags", "-");
  go124.go_version = "go1.24.3";
  verify::GoPolicy policy;
  const auto warned = rule(go124, id, policy);
  CHECK(warned.status == Status::warn);
  CHECK(contains(warned.message, "ms_tls13kdf"));
  CHECK(contains(warned.remediation, "add ms_tls13kdf to -tags"));
  CHECK(evidence(warned, "ms_tls13kdf") == "no");
  go124.go_version = "go1.23.9";
  CHECK(rule(go124, id, policy).status == Status::warn);
  CHECK(rule(with(go124, "-tags", "linux,cgo,ms_tls13kdf"), id, policy).status == Status::info);
  policy.require_ms_tls13kdf_for_123_124 = false;
  CHECK(rule(go124, id, policy).status == Status::info);
  go124.go_version = "go1.25.0";
  CHECK(rule(go124, id, verify::GoPolicy{}).status == Status::info);
  const auto fips = rule(with(microsoft_build(), "-tags", "requirefips"), id);
  CHECK(fips.status == Status::info);
  CHECK(evidence(fips, "requirefips") == "yes");
  CHECK(evidence(fips, "ms_tls13kdf") == "no");
  CHECK(contains(fips.message, "requirefips set"));
}

TEST_CASE("verify::evaluate_go_binary real Go binaries")
{
  auto evaluate = [](GoProgram program, const verify::GoPolicy& policy) {
    std::vector<Finding> findings;
    const auto* binary = fipsrock::test::go_binary(program);
    if (binary == nullptr) {
      return findings;
    }
    const auto elf = verify::parse_elf(binary->bytes);
    REQUIRE(elf.has_value());
    const auto info = verify::read_go_buildinfo(binary->bytes, *elf);
    REQUIRE(info.has_value());
    REQUIRE(info->has_value());
    findings = verify::evaluate_go_binary(k_subject, *elf, **info, policy);
    REQUIRE(findings.size() == 5);
    return findings;
  };
  SUBCASE("boringcrypto with cgo: the positive path under the test policy")
  {
    verify::GoPolicy policy;
    policy.accept_boringcrypto = true;
    const auto findings = evaluate(GoProgram::boringcrypto, policy);
    if (findings.empty()) {
      return;
    }
    CHECK(findings[0].status == Status::pass);
    CHECK(findings[1].status == Status::pass);
    CHECK(findings[2].status == Status::pass); // Debian's Go 1.19: no toolset id expected
    CHECK(findings[3].status == Status::pass);
    CHECK(findings[4].status == Status::info);
    CHECK(evaluate(GoProgram::boringcrypto, verify::GoPolicy{})[1].status == Status::fail);
  }
  SUBCASE("CGO_ENABLED=0: cgo, backend and dynamic linking all fail")
  {
    const auto findings = evaluate(GoProgram::nocgo, verify::GoPolicy{});
    if (findings.empty()) {
      return;
    }
    CHECK(findings[0].status == Status::fail);
    CHECK(findings[1].status == Status::fail);
    CHECK(findings[3].status == Status::fail);
    CHECK(evidence(findings[4], "requirefips") == "yes");
  }
  SUBCASE("a pin on 1.26.4 fails Debian's toolchain")
  {
    const auto findings = evaluate(GoProgram::cgo, pinned());
    if (findings.empty()) {
      return;
    }
    CHECK(findings[2].status == Status::fail);
    CHECK(contains(findings[2].message, "expected 1.26.4"));
  }
}
