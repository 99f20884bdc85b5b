// SPDX-License-Identifier: Apache-2.0
#include "verify/collect.hpp"
#include "verify/evaluate.hpp"
#include "verify/go_programs.hpp"
#include "verify/rock_builder.hpp"
#include "verify/rules.hpp"

#include <doctest/doctest.h>

namespace verify = fipsrock::verify;
using namespace fipsrock::test;
using fipsrock::core::Finding;
using fipsrock::core::Status;

namespace {

const std::string k_t = "usr/lib/x86_64-linux-gnu";

std::vector<const Finding*> with_id(const std::vector<Finding>& findings, const std::string& id)
{
  std::vector<const Finding*> out;
  for (const auto& f : findings) {
    if (f.id == id) {
      out.push_back(&f);
    }
  }
  return out;
}

// The one finding with `id` (fails the test when there is not exactly one).
const Finding& only(const std::vector<Finding>& findings, const std::string& id)
{
  const auto hits = with_id(findings, id);
  REQUIRE_MESSAGE(hits.size() == 1, id << ": " << hits.size() << " findings");
  return *hits.front();
}

std::string evidence(const Finding& f, const std::string& key)
{
  for (const auto& [k, v] : f.evidence) {
    if (k == key) {
      return v;
    }
  }
  return {};
}

// The image model the rules see, over hand-made layers.
struct Fixture {
  std::vector<verify::LayerFacts> layers;
  verify::Image image;
  verify::RockFacts facts;

  explicit Fixture(std::vector<verify::LayerFacts> l, std::vector<std::string> env = {})
      : layers(std::move(l))
  {
    verify::OciConfig config;
    config.architecture = "amd64";
    config.env = std::move(env);
    image.config = config;
    for (std::size_t i = 0; i < layers.size(); ++i) {
      image.layers.push_back(&layers[i]);
      image.layer_subjects.push_back("layer " + std::to_string(i + 1));
    }
    facts.file_name = "x_1_amd64.rock";
  }
  verify::RootFs root() const { return verify::RootFs(image.layers); }
};

std::vector<Finding> openssl_rules(const Fixture& fx)
{
  std::vector<Finding> out;
  verify::check_openssl(fx.image, fx.root(), out);
  return out;
}

std::vector<Finding> archive_rules(const Fixture& fx)
{
  std::vector<Finding> out;
  verify::check_archive(fx.facts, fx.image, fx.root(), out);
  return out;
}

verify::LayerEntry fips_libcrypto(const std::string& path, const std::string& modulesdir)
{
  return file_with_strings(path, {"OpenSSL 3.0.2 15 Mar 2022", modulesdir});
}

verify::LayerEntry fips_provider(const std::string& path)
{
  return file_with_strings(
      path, {"Ubuntu 22.04 OpenSSL Cryptographic Module", "3.0.5-0ubuntu0.1+Fips2.1"});
}

} // namespace

TEST_CASE("verify rule openssl.* (22.04 layout: ossl-modules-3)")
{
  const auto libcrypto = fips_libcrypto(k_t + "/libcrypto.so.3.0.2", "/" + k_t + "/ossl-modules-3");
  SUBCASE("pass: libcrypto through its symlink, the provider where libcrypto looks")
  {
    const Fixture fx({layer({libcrypto,
                             slink(k_t + "/libcrypto.so.3", "libcrypto.so.3.0.2"),
                             fips_provider(k_t + "/ossl-modules-3/fips.so")})});
    const auto out = openssl_rules(fx);
    const auto& lib = only(out, "openssl.libcrypto");
    CHECK(lib.status == Status::pass);
    CHECK(evidence(lib, "path") == "/" + k_t + "/libcrypto.so.3.0.2");
    CHECK(evidence(lib, "version") == "OpenSSL 3.0.2 15 Mar 2022");
    const auto& provider = only(out, "openssl.fips-provider");
    CHECK(provider.status == Status::pass);
    CHECK(evidence(provider, "module") == "Ubuntu 22.04 OpenSSL Cryptographic Module");
    CHECK(evidence(provider, "version") == "3.0.5-0ubuntu0.1+Fips2.1");
    CHECK(only(out, "openssl.shadow").status == Status::pass);
  }
  SUBCASE("fail: a later layer's whiteout deletes fips.so")
  {
    const Fixture fx({layer({libcrypto,
                             slink(k_t + "/libcrypto.so.3", "libcrypto.so.3.0.2"),
                             fips_provider(k_t + "/ossl-modules-3/fips.so")}),
                      layer({file(k_t + "/ossl-modules-3/.wh.fips.so")})});
    CHECK(only(openssl_rules(fx), "openssl.fips-provider").status == Status::fail);
  }
  SUBCASE("fail: the provider is not where libcrypto loads providers from")
  {
    const Fixture fx({layer({libcrypto,
                             slink(k_t + "/libcrypto.so.3", "libcrypto.so.3.0.2"),
                             fips_provider(k_t + "/ossl-modules/fips.so")})});
    const auto out = openssl_rules(fx);
    const auto& provider = only(out, "openssl.fips-provider");
    CHECK(provider.status == Status::fail);
    CHECK(provider.message.find("libcrypto loads providers from /" + k_t + "/ossl-modules-3") !=
          std::string::npos);
  }
  SUBCASE("warn: a fips.so that does not name itself")
  {
    const Fixture fx({layer({libcrypto,
                             slink(k_t + "/libcrypto.so.3", "libcrypto.so.3.0.2"),
                             file(k_t + "/ossl-modules-3/fips.so")})});
    CHECK(only(openssl_rules(fx), "openssl.fips-provider").status == Status::warn);
  }
  SUBCASE("fail: no libcrypto at all; a dangling symlink is not one")
  {
    const Fixture fx({layer({slink(k_t + "/libcrypto.so.3", "libcrypto.so.3.0.2")})});
    const auto out = openssl_rules(fx);
    CHECK(only(out, "openssl.libcrypto").status == Status::fail);
    CHECK(only(out, "openssl.fips-provider").status == Status::fail);
  }
  SUBCASE("a lib -> usr/lib symlink finds the same file twice: no shadow")
  {
    const Fixture fx({layer({slink("lib", "usr/lib"), file(k_t + "/libcrypto.so.3")})});
    const auto out = openssl_rules(fx);
    CHECK(only(out, "openssl.libcrypto").status == Status::pass);
    CHECK(only(out, "openssl.shadow").status == Status::pass);
  }
  SUBCASE("shadow: a copy in /usr/lib is found after the multiarch one: warn")
  {
    const Fixture fx({layer({file(k_t + "/libcrypto.so.3"), file("usr/lib/libcrypto.so.3")})});
    CHECK(only(openssl_rules(fx), "openssl.shadow").status == Status::warn);
  }
  SUBCASE("shadow: /lib/libcrypto.so.3 alone beside a multiarch one in /usr/lib/<triplet>")
  {
    // glibc searches lib/<triplet>, usr/lib/<triplet>, lib, usr/lib: the multiarch one wins.
    const Fixture fx({layer({file("lib/libcrypto.so.3"), file(k_t + "/libcrypto.so.3")})});
    CHECK(only(openssl_rules(fx), "openssl.shadow").status == Status::warn);
  }
  SUBCASE("shadow: LD_LIBRARY_PATH puts another libcrypto first: fail")
  {
    const Fixture fx({layer({file(k_t + "/libcrypto.so.3"), file("opt/ssl/libcrypto.so.3")})},
                     {"PATH=/bin", "LD_LIBRARY_PATH=/opt/ssl:/nowhere"});
    const auto out = openssl_rules(fx);
    const auto& shadow = only(out, "openssl.shadow");
    CHECK(shadow.status == Status::fail);
    CHECK(shadow.message.find("/opt/ssl/libcrypto.so.3 shadows /" + k_t) == 0);
  }
}

TEST_CASE("verify rule openssl.fips-provider (24.04 layout: ossl-modules)")
{
  const Fixture fx({layer({fips_libcrypto(k_t + "/libcrypto.so.3", "/" + k_t + "/ossl-modules"),
                           fips_provider(k_t + "/ossl-modules/fips.so")})});
  CHECK(only(openssl_rules(fx), "openssl.fips-provider").status == Status::pass);
}

TEST_CASE("verify rules archive.*")
{
  const std::vector<std::string> ids = {"archive.path-traversal",
                                        "archive.absolute-path",
                                        "archive.link-escape",
                                        "archive.whiteout",
                                        "archive.duplicate",
                                        "archive.special-file",
                                        "archive.budget"};
  SUBCASE("a clean layer passes every rule")
  {
    const Fixture fx({layer({dir("usr"),
                             file("usr/x"),
                             slink("usr/y", "x"),
                             slink("bin", "/usr/bin"),
                             hlink("usr/z", "usr/x"),
                             file("usr/.wh.old"),
                             file("etc/.wh..wh..opq")})});
    const auto out = archive_rules(fx);
    for (const auto& id : ids) {
      CAPTURE(id);
      CHECK(only(out, id).status == Status::pass);
    }
  }
  auto status_of = [&](std::vector<verify::LayerEntry> entries, const std::string& id) {
    const Fixture fx({layer(std::move(entries))});
    const auto out = archive_rules(fx);
    const auto hits = with_id(out, id);
    REQUIRE_FALSE(hits.empty());
    return hits.front()->status;
  };
  CHECK(status_of({file("../../etc/passwd")}, "archive.path-traversal") == Status::fail);
  CHECK(status_of({file("/etc/passwd")}, "archive.absolute-path") == Status::warn);
  CHECK(status_of({slink("a/b", "../../..")}, "archive.link-escape") == Status::fail);
  CHECK(status_of({hlink("a", "../../etc/shadow")}, "archive.link-escape") == Status::fail);
  CHECK(status_of({slink(".", "/tmp")}, "archive.link-escape") == Status::fail);
  CHECK(status_of({slink("etc", "/tmp"), file("etc/cron")}, "archive.link-escape") == Status::fail);
  CHECK(status_of({file("a/.wh.")}, "archive.whiteout") == Status::fail);
  CHECK(status_of({file("a"), file("./a")}, "archive.duplicate") == Status::fail);
  CHECK(status_of({entry("dev/kmsg", verify::EntryType::char_device)}, "archive.special-file") ==
        Status::fail);
  CHECK(status_of({file("usr/bin/su", 04755)}, "archive.special-file") == Status::warn);

  SUBCASE("writing through a lower layer's symlink is only a warning")
  {
    const Fixture fx({layer({slink("lib", "usr/lib")}), layer({file("lib/x")})});
    CHECK(only(archive_rules(fx), "archive.link-escape").status == Status::warn);
  }
  SUBCASE("a flood of problems is summarised, not listed")
  {
    std::vector<verify::LayerEntry> entries;
    for (int i = 0; i < 100; ++i) {
      entries.push_back(file("../x" + std::to_string(i)));
    }
    const Fixture fx({layer(entries)});
    const auto out = archive_rules(fx);
    const auto hits = with_id(out, "archive.path-traversal");
    CHECK(hits.size() == 21);
    CHECK(hits.back()->message == "80 more findings of this rule not listed");
  }
}

TEST_CASE("verify rule pebble.fips")
{
  verify::VerifyPolicy policy;
  auto pebble_with = [](std::vector<std::string> strings) {
    return file_with_strings("usr/bin/pebble", std::move(strings));
  };
  auto pebble_status = [&](const Fixture& fx) {
    std::vector<Finding> out;
    verify::check_binaries(fx.root(), policy, out);
    return only(out, "pebble.fips");
  };
  SUBCASE("a -fips version passes, through a bin -> usr/bin symlink too")
  {
    const Fixture fx({layer({slink("bin", "usr/bin"),
                             pebble_with({"xx/pebble/cmd.Versionv1.18.0-fipsstartupenabled"})})});
    const auto f = pebble_status(fx);
    CHECK(f.status == Status::pass);
    CHECK(evidence(f, "version") == "v1.18.0-fips");
  }
  SUBCASE("no -fips version: a warning, or a failure when the policy requires it")
  {
    const Fixture fx({layer({pebble_with({})})});
    CHECK(pebble_status(fx).status == Status::warn);
    policy.require_fips_pebble = true;
    CHECK(pebble_status(fx).status == Status::fail);
  }
}

TEST_CASE("verify rules on Go binaries of the merged root filesystem")
{
  const GoBinary* go = go_binary(GoProgram::nocgo);
  if (go == nullptr) {
    return;
  }
  RockSpec spec;
  spec.payload = {{tar_file("controller", go->bytes, 0755), tar_file("old", go->bytes, 0755)},
                  {tar_file(".wh.old", "")}};
  auto facts =
      verify::collect_from_memory(make_rock(spec), "metallb-controller_v0.14.9_amd64.rock", {});
  REQUIRE(facts.has_value());
  const auto result = verify::evaluate(*facts, {});
  const auto& findings = result.report.findings;
  bool controller = false;
  for (const auto& f : findings) {
    CHECK(f.subject != "/old");
    if (f.subject == "/controller" && f.id == "go.cgo-enabled") {
      controller = true;
      CHECK(f.status == Status::fail);
    }
  }
  CHECK(controller);
  CHECK(only(findings, "go.binaries").status == Status::pass);
  CHECK(only(findings, "oci.archive").status == Status::pass);
  for (const auto* f : with_id(findings, "oci.diff-ids")) {
    CHECK(f->status == Status::pass);
  }
}

TEST_CASE("verify rules rock.*")
{
  RockSpec spec;
  spec.payload = {{tar_file("usr/bin/pebble", "pebble", 0755)}};
  auto facts =
      verify::collect_from_memory(make_rock(spec), "metallb-controller_v0.14.9_amd64.rock", {});
  REQUIRE(facts.has_value());
  SUBCASE("everything agrees")
  {
    verify::VerifyPolicy policy;
    policy.expect_name = "metallb-controller";
    policy.expect_version = "v0.14.9";
    policy.expect_platform = "amd64";
    const auto out = verify::evaluate(*facts, policy).report.findings;
    for (const char* id : {"rock.metadata",
                           "rock.name",
                           "rock.version",
                           "rock.platform",
                           "rock.entrypoint",
                           "rock.pebble-layer"}) {
      CAPTURE(id);
      CHECK(only(out, id).status == Status::pass);
    }
    CHECK(only(out, "rock.entrypoint").message == "Pebble starts service 'controller'");
  }
  SUBCASE("expectations that do not hold")
  {
    verify::VerifyPolicy policy;
    policy.expect_version = "v0.15.0";
    policy.expect_platform = "arm64";
    const auto out = verify::evaluate(*facts, policy).report.findings;
    CHECK(only(out, "rock.version").status == Status::fail);
    CHECK(only(out, "rock.version").message ==
          "version 'v0.14.9' from metadata.yaml, but --expect-version says 'v0.15.0'");
    CHECK(only(out, "rock.platform").status == Status::fail);
  }
  SUBCASE("a renamed file")
  {
    facts->file_name = "metallb-speaker_v0.14.9_amd64.rock";
    const auto out = verify::evaluate(*facts, {}).report.findings;
    CHECK(only(out, "rock.name").status == Status::fail);
  }
}

TEST_CASE("verify rules elf.parse and go.buildinfo on ELF files that were not parsed")
{
  auto too_big = file("usr/bin/huge", 0755);
  too_big.elf = verify::ElfFacts{};
  too_big.elf->error = "not parsed: 900.0 MiB is larger than max_elf_bytes (512.0 MiB)";
  too_big.elf->go_magic = true;
  auto broken = file("usr/lib/libbroken.so");
  broken.elf = verify::ElfFacts{};
  broken.elf->error = "truncated program header table";
  const Fixture fx({layer({too_big, broken})});
  std::vector<Finding> out;
  verify::check_binaries(fx.root(), {}, out);
  const auto& go = only(out, "go.buildinfo");
  CHECK(go.status == Status::error);
  CHECK(go.subject == "/usr/bin/huge");
  const auto& elf = only(out, "elf.parse");
  CHECK(elf.status == Status::warn);
  CHECK(elf.subject == "/usr/lib/libbroken.so");
  CHECK(only(out, "go.binaries").status == Status::warn);
}
