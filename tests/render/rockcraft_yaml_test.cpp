// SPDX-License-Identifier: Apache-2.0
#include "render/parse_inputs.hpp"
#include "render/rockcraft_yaml.hpp"
#include "sys/file.hpp"

#include <doctest/doctest.h>

using namespace fipsrock;
using namespace fipsrock::render;

namespace {

struct Loaded {
  Project project;
  Pins pins;
};

Loaded load()
{
  const std::string dir = FIPSROCK_SOURCE_DIR;
  auto project =
      parse_project(*sys::read_file(dir + "/rockcraft/metallb.yaml"), "rockcraft/metallb.yaml");
  auto pins = parse_pins(*sys::read_file(dir + "/rockcraft/pins.yaml"), "rockcraft/pins.yaml");
  REQUIRE(project);
  REQUIRE(pins);
  return {*project, *pins};
}

bool contains(const std::string& text, const std::string& part)
{
  return text.find(part) != std::string::npos;
}

} // namespace

TEST_CASE("render::render_rockcraft_yaml")
{
  auto [project, pins] = load();
  const Templates templates = embedded_templates();
  SUBCASE("the speaker builds its three binaries with the pinned toolchain")
  {
    const auto yaml = render_rockcraft_yaml(project, pins, project.rocks[1], templates);
    REQUIRE(yaml);
    CHECK(contains(*yaml, "name: metallb-speaker\n"));
    CHECK(contains(*yaml, "version: \"v0.16.1\""));
    CHECK(contains(*yaml, "command: \"/speaker [ -h ]\""));
    CHECK(contains(
        *yaml,
        "amd64) sha256=fe7d72e1e83e15633d0a99bd67ce5ffbb67d8a5f71dcea309ff274457ef3c927 ;;"));
    CHECK(contains(*yaml,
                   "url=\"https://aka.ms/golang/release/latest/"
                   "go1.26.4-1.linux-${CRAFT_ARCH_BUILD_ON}.tar.gz\""));
    CHECK(contains(*yaml, "sha256sum --check --strict -"));
    CHECK(contains(*yaml, "export CGO_ENABLED=1 GOTOOLCHAIN=local GOEXPERIMENT=systemcrypto"));
    CHECK(contains(*yaml,
                   "-o \"${CRAFT_PART_INSTALL}/frr-metrics\" ./frr-tools/metrics/exporter.go"));
    CHECK(contains(*yaml,
                   "-X "
                   "'go.universe.tf/metallb/internal/"
                   "version.gitCommit=791dfcc63ced7a6b3e869131eae75e645150fff0'"));
    CHECK(contains(*yaml, "\"${CRAFT_PART_INSTALL}/frr-reloader.sh\""));
    CHECK(contains(*yaml, "- \"openssl-fips-module-3=3.0.5-0ubuntu0.1+Fips2.1\""));
    CHECK_FALSE(contains(*yaml, "-tags")); // 1.26 needs no ms_tls13kdf
    CHECK_FALSE(contains(*yaml, "opensslcrypto"));
    CHECK_FALSE(contains(*yaml, "&quot;")); // no HTML escaping
  }
  SUBCASE("same inputs, same bytes")
  {
    CHECK(*render_rockcraft_yaml(project, pins, project.rocks[0], templates) ==
          *render_rockcraft_yaml(project, pins, project.rocks[0], templates));
  }
  SUBCASE("go-snap with core22-snap")
  {
    project.go = GoStrategy::go_snap;
    project.openssl = OpensslStrategy::core22_snap;
    const auto yaml = render_rockcraft_yaml(project, pins, project.rocks[0], templates);
    REQUIRE(yaml);
    CHECK(contains(*yaml, "snap refresh go --channel 1.25-fips/stable"));
    CHECK(contains(*yaml, "- core22/fips-updates/stable"));
    CHECK(contains(*yaml, "- -bin"));
    CHECK_FALSE(contains(*yaml, "go-toolchain"));
  }
  SUBCASE("a missing template is named")
  {
    Templates partial = templates;
    partial.erase("go/msgo-tarball.mustache");
    const auto yaml = render_rockcraft_yaml(project, pins, project.rocks[0], partial);
    REQUIRE_FALSE(yaml);
    CHECK(yaml.error().message == "template go/msgo-tarball.mustache is missing");
  }
}

TEST_CASE("render::go_build_tags")
{
  auto [project, pins] = load();
  CHECK(go_build_tags(project, pins).empty());
  pins.msgo.version = "1.24.3-1";
  CHECK(go_build_tags(project, pins) == "ms_tls13kdf");
  pins.msgo.version = "1.23.8-2";
  project.requirefips = true;
  CHECK(go_build_tags(project, pins) == "ms_tls13kdf,requirefips");
  pins.msgo.version = "1.25.1-1";
  CHECK(go_build_tags(project, pins) == "requirefips");
}

TEST_CASE("render::yaml_quote")
{
  CHECK(yaml_quote("v0.16.1") == "\"v0.16.1\"");
  CHECK(yaml_quote("a \"b\" \\ c") == "\"a \\\"b\\\" \\\\ c\"");
  CHECK(yaml_quote("x\ny") == "\"x\\ny\"");
}
