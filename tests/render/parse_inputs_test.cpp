// SPDX-License-Identifier: Apache-2.0
#include "render/parse_inputs.hpp"
#include "sys/file.hpp"

#include <doctest/doctest.h>

#include <regex>

using namespace fipsrock;
using namespace fipsrock::render;

namespace {

std::string source_file(const std::string& relative)
{
  auto text = sys::read_file(std::string(FIPSROCK_SOURCE_DIR) + "/" + relative);
  REQUIRE(text);
  return *text;
}

// `text` with the first match of `pattern` replaced by `replacement`.
std::string
edit(const std::string& text, const std::string& pattern, const std::string& replacement)
{
  const std::string out = std::regex_replace(
      text, std::regex(pattern), replacement, std::regex_constants::format_first_only);
  REQUIRE(out != text);
  return out;
}

std::string project_error(const std::string& text)
{
  const auto p = parse_project(text, "rockcraft/metallb.yaml");
  REQUIRE_FALSE(p);
  return p.error().message;
}

std::string pins_error(const std::string& text)
{
  const auto p = parse_pins(text, "rockcraft/pins.yaml");
  REQUIRE_FALSE(p);
  return p.error().message;
}

} // namespace

TEST_CASE("render::parse_project")
{
  const std::string project = source_file("rockcraft/metallb.yaml");
  SUBCASE("the project of this repository")
  {
    const auto p = parse_project(project, "rockcraft/metallb.yaml");
    REQUIRE(p);
    CHECK(p->source_tag == "v0.16.1");
    CHECK(p->source_commit == "791dfcc63ced7a6b3e869131eae75e645150fff0");
    CHECK(p->go_requirement == "1.25.0");
    CHECK(p->platforms == std::vector<std::string>{"amd64", "arm64"});
    CHECK(p->go == GoStrategy::msgo_tarball);
    CHECK(p->openssl == OpensslStrategy::fips_debs);
    REQUIRE(p->rocks.size() == 2);
    CHECK(p->rocks[0].name == "metallb-controller");
    CHECK(p->rocks[0].service.args == std::vector<std::string>{"-h"});
    REQUIRE(p->rocks[1].binaries.size() == 3);
    CHECK(p->rocks[1].binaries[1].package == "./frr-tools/metrics/exporter.go");
    CHECK(p->rocks[1].files[1].to == "frr-reloader.sh");
  }
  SUBCASE("a missing key names file, line and key")
  {
    CHECK(project_error(edit(project, "  commit: [0-9a-f]+\n", "")) ==
          "rockcraft/metallb.yaml:8: source.commit: missing key");
  }
  SUBCASE("an unknown strategy gets a suggestion")
  {
    CHECK(project_error(edit(project, "go: msgo-tarball", "go: msgo-tarbal")) ==
          "rockcraft/metallb.yaml:23: strategy.go: unknown strategy 'msgo-tarbal' (did you mean "
          "'msgo-tarball'?); one of msgo-tarball, go-snap");
    CHECK(project_error(edit(project, "\n  openssl: fips-debs", "\n  openssl: boringssl"))
              .find("strategy.openssl: unknown strategy 'boringssl'") != std::string::npos);
  }
  SUBCASE("an unknown platform")
  {
    CHECK(project_error(
              edit(project, "platforms: \\[amd64, arm64\\]", "platforms: [amd64, arm46]")) ==
          "rockcraft/metallb.yaml:16: platforms[1]: unknown platform 'arm46' (did you mean "
          "'arm64'?); "
          "fipsrock builds amd64 and arm64");
  }
  SUBCASE("duplicate rock names")
  {
    CHECK(project_error(edit(project, "name: metallb-speaker", "name: metallb-controller")) ==
          "rockcraft/metallb.yaml:45: rocks[1].name: duplicate rock name 'metallb-controller'");
  }
  SUBCASE("an unknown key is refused, with a suggestion")
  {
    CHECK(project_error(edit(project, "build-base:", "buildbase:")) ==
          "rockcraft/metallb.yaml:15: buildbase: unknown key (did you mean 'build-base'?)");
  }
  SUBCASE("a short commit")
  {
    CHECK(project_error(
              edit(project, "commit: 791dfcc63ced7a6b3e869131eae75e645150fff0", "commit: 791dfcc"))
              .find(":10: source.commit: '791dfcc' is not a full 40-hex git commit id") !=
          std::string::npos);
  }
  SUBCASE("YAML syntax errors carry the line")
  {
    CHECK(project_error("source: [\n").rfind("rockcraft/metallb.yaml:2:", 0) == 0);
  }
  SUBCASE("a package outside the source tree")
  {
    CHECK(project_error(edit(project, "package: ./controller", "package: controller"))
              .find("rocks[0].binaries[0].package: expected a path in the source tree") !=
          std::string::npos);
  }
}

TEST_CASE("render::parse_pins")
{
  const std::string pins = source_file("rockcraft/pins.yaml");
  SUBCASE("the pins of this repository")
  {
    const auto p = parse_pins(pins, "rockcraft/pins.yaml");
    REQUIRE(p);
    CHECK(p->msgo.version == "1.26.4-1");
    CHECK(p->msgo.sha256.at("amd64") ==
          "fe7d72e1e83e15633d0a99bd67ce5ffbb67d8a5f71dcea309ff274457ef3c927");
    CHECK(p->go_snap_channel == "1.25-fips/stable");
    REQUIRE(p->openssl_debs.size() == 2);
    CHECK(p->openssl_debs[0].name == "openssl-fips-module-3");
    CHECK(p->openssl_debs[0].version == std::optional<std::string>("3.0.5-0ubuntu0.1+Fips2.1"));
    CHECK_FALSE(p->openssl_debs[1].version);
    CHECK(p->core22_snap == "core22/fips-updates/stable");
  }
  SUBCASE("a malformed sha256")
  {
    CHECK(pins_error(edit(pins, "arm64: 9c1c", "arm64: 9C1c"))
              .find("rockcraft/pins.yaml:15: go.msgo.sha256.arm64: '9C1c") != std::string::npos);
    CHECK(pins_error(edit(pins, "amd64: fe7d72e1e8", "amd64: fe7d")).find("is not a sha256") !=
          std::string::npos);
  }
  SUBCASE("a Microsoft Go version without its revision")
  {
    CHECK(pins_error(edit(pins, "\"1.26.4-1\"", "\"1.26.4\"")) ==
          "rockcraft/pins.yaml:7: go.msgo.version: '1.26.4' has no revision; only the full 1.X.Y-R "
          "form is immutable");
  }
  SUBCASE("a go snap channel that is not a FIPS one")
  {
    CHECK(pins_error(edit(pins, "channel: \"1.25-fips/stable\"", "channel: \"1.25/stable\""))
              .find("go.snap.channel: '1.25/stable'") != std::string::npos);
  }
  SUBCASE("a missing section")
  {
    CHECK(pins_error("go:\n  snap:\n    channel: 1.25-fips/stable\n") ==
          "rockcraft/pins.yaml:1: openssl: missing key");
  }
}

TEST_CASE("render::check_inputs")
{
  auto project = *parse_project(source_file("rockcraft/metallb.yaml"), "rockcraft/metallb.yaml");
  auto pins = *parse_pins(source_file("rockcraft/pins.yaml"), "rockcraft/pins.yaml");
  CHECK(check_inputs(project, pins));
  SUBCASE("a platform without a Microsoft Go checksum")
  {
    pins.msgo.sha256.erase("arm64");
    const auto r = check_inputs(project, pins);
    REQUIRE_FALSE(r);
    CHECK(r.error().message == "rockcraft/pins.yaml:14: go.msgo.sha256.arm64: no sha256 for arm64, "
                               "a platform of rockcraft/metallb.yaml");
  }
  SUBCASE("a toolchain older than the release's go.mod")
  {
    pins.msgo.version = "1.24.3-1";
    const auto r = check_inputs(project, pins);
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("go.msgo.version: Go 1.24.3-1 does not meet 1.25.0 of v0.16.1") !=
          std::string::npos);
  }
  SUBCASE("a go snap channel is compared by release")
  {
    project.go = GoStrategy::go_snap;
    CHECK(check_inputs(project, pins));
    pins.go_snap_channel = "1.24-fips/stable";
    CHECK_FALSE(check_inputs(project, pins));
  }
  SUBCASE("the core22-snap strategy needs its pin")
  {
    project.openssl = OpensslStrategy::core22_snap;
    pins.core22_snap.clear();
    CHECK_FALSE(check_inputs(project, pins));
  }
}
