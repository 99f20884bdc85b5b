// SPDX-License-Identifier: Apache-2.0
#include "verify/parse_rock.hpp"

#include <doctest/doctest.h>

namespace verify = fipsrock::verify;

TEST_CASE("verify::parse_rock_metadata")
{
  SUBCASE("as rockcraft writes it (yaml.dump, sorted keys)")
  {
    const auto m = verify::parse_rock_metadata(
        "architecture: amd64\nbase: bare\ncreated: '2025-07-30T10:00:00.000000+00:00'\n"
        "name: metallb-controller\nsummary: MetalLB controller\ntitle: metallb-controller\n"
        "version: v0.14.9\n");
    REQUIRE(m.has_value());
    CHECK(m->name == "metallb-controller");
    CHECK(m->version == "v0.14.9");
    CHECK(m->architecture == "amd64");
    CHECK(m->base == "bare");
  }
  SUBCASE("broken files")
  {
    CHECK(verify::parse_rock_metadata("name: x\nversion: 1\n").error().message ==
          "metadata.yaml: architecture: missing");
    CHECK(verify::parse_rock_metadata("- a\n").error().message ==
          "metadata.yaml: not a YAML mapping");
    CHECK(verify::parse_rock_metadata("name: [a]\nversion: 1\narchitecture: amd64\n")
              .error()
              .message == "metadata.yaml:1: name: not a string");
    CHECK_FALSE(verify::parse_rock_metadata("name: 'x\n").has_value());
  }
}

TEST_CASE("verify::parse_pebble_layer")
{
  const auto layer = verify::parse_pebble_layer(
      "summary: x\nservices:\n  controller:\n    override: replace\n"
      "    command: /controller [ -h ]\n  speaker:\n    override: replace\n");
  REQUIRE(layer.has_value());
  REQUIRE(layer->services.size() == 2);
  CHECK(layer->services[0].name == "controller");
  CHECK(layer->services[0].command == "/controller [ -h ]");
  CHECK(verify::parse_pebble_layer("services: [a]\n").error().message ==
        "Pebble layer: services: not a mapping");
}

TEST_CASE("verify::parse_rock_file_name")
{
  const auto f = verify::parse_rock_file_name("metallb-controller_v0.14.9_amd64.rock");
  REQUIRE(f.has_value());
  CHECK(f->name == "metallb-controller");
  CHECK(f->version == "v0.14.9");
  CHECK(f->platform == "amd64");
  CHECK(verify::parse_rock_file_name("a_1_2_arm64.rock")->version == "1_2");
  CHECK_FALSE(verify::parse_rock_file_name("metallb.rock").has_value());
  CHECK_FALSE(verify::parse_rock_file_name("a_amd64.rock").has_value());
  CHECK_FALSE(verify::parse_rock_file_name("a_1_amd64.tar").has_value());
  CHECK(verify::parse_rock_file_name("x.rock").error().message ==
        "'x.rock' is not <name>_<version>_<platform>.rock");
}
