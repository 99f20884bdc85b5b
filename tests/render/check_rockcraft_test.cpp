// SPDX-License-Identifier: Apache-2.0
#include "render/check_rockcraft.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace render = fipsrock::render;
using render::Violation;

namespace {

// canonical/metallb-rocks metallb/v0.16.1/controller/rockcraft.yaml at 17652b08, verbatim.
const std::string k_controller = R"yaml(name: metallb-controller
summary: Rock for the Metallb controller.
description: >
  This rock is a drop in replacement for the
  quay.io/metallb/controller image.
version: v0.16.1
license: Apache-2.0

base: bare
build-base: ubuntu@22.04
platforms:
  amd64:
  arm64:

entrypoint-service: controller
services:
  controller:
    command: /controller [ -h ]
    override: replace
    startup: enabled

parts:
  openssl:
    plugin: nil
    stage-packages:
      - openssl-fips-module-3
      - openssl

  controller:
    plugin: go
    build-snaps:
      - go
    source-type: git
    source: https://github.com/metallb/metallb
    source-tag: v0.16.1
    source-depth: 1
    override-build: |
      snap refresh go --channel 1.25-fips/stable

      GIT_COMMIT=`git rev-parse HEAD`
      # We'll use the tag name.
      GIT_BRANCH=`git describe --tags --abbrev=0`

      export CGO_ENABLED=1
      export GOTOOLCHAIN=local
      export GOEXPERIMENT="opensslcrypto"
      go build -v -o $CRAFT_PART_INSTALL/controller \
        -tags "linux,cgo,ms_tls13kdf" \
        -ldflags "-X 'go.universe.tf/metallb/internal/version.gitCommit=${GIT_COMMIT}' -X 'go.universe.tf/metallb/internal/version.gitBranch=${GIT_BRANCH}'" \
        ./controller

      cp $CRAFT_PART_BUILD/LICENSE $CRAFT_PART_INSTALL/
)yaml";

// canonical/metallb-rocks metallb/v0.16.1/speaker/rockcraft.yaml at 17652b08, verbatim.
const std::string k_speaker = R"yaml(name: metallb-speaker
summary: Rock for the Metallb speaker.
description: >
  This rock is a drop in replacement for the
  quay.io/metallb/speaker image.
version: v0.16.1
license: Apache-2.0

base: bare
build-base: ubuntu@22.04
platforms:
  amd64:
  arm64:

entrypoint-service: speaker
services:
  speaker:
    command: /speaker [ -h ]
    override: replace
    startup: enabled

parts:
  openssl:
    plugin: nil
    stage-packages:
      - openssl-fips-module-3 # a Pro only FIPS package for openssl
      - openssl # now automatically selected from fips-preview

  speaker:
    plugin: go
    build-snaps:
      - go
    source-type: git
    source: https://github.com/metallb/metallb
    source-tag: v0.16.1
    source-depth: 1
    override-build: |
      snap refresh go --channel 1.25-fips/stable

      GIT_COMMIT=`git rev-parse HEAD`
      # We'll use the tag name.
      GIT_BRANCH=`git describe --tags --abbrev=0`

      export CGO_ENABLED=1
      export GOTOOLCHAIN=local
      export GOEXPERIMENT="opensslcrypto"

      # build frr metrics
      go build -v -o $CRAFT_PART_INSTALL/frr-metrics \
        -tags "linux,cgo,ms_tls13kdf" \
        -ldflags "-X 'go.universe.tf/metallb/internal/version.gitCommit=${GIT_COMMIT}' -X 'go.universe.tf/metallb/internal/version.gitBranch=${GIT_BRANCH}'" \
        ./frr-tools/metrics/exporter.go

      # build cp-tool
      go build -v -o $CRAFT_PART_INSTALL/cp-tool \
        -tags "linux,cgo,ms_tls13kdf" \
        -ldflags "-X 'go.universe.tf/metallb/internal/version.gitCommit=${GIT_COMMIT}' -X 'go.universe.tf/metallb/internal/version.gitBranch=${GIT_BRANCH}'" \
        ./frr-tools/cp-tool/cp-tool.go

      # build speaker
      go build -v -o $CRAFT_PART_INSTALL/speaker \
        -tags "linux,cgo,ms_tls13kdf" \
        -ldflags "-X 'go.universe.tf/metallb/internal/version.gitCommit=${GIT_COMMIT}' -X 'go.universe.tf/metallb/internal/version.gitBranch=${GIT_BRANCH}'" \
        ./speaker

      cp $CRAFT_PART_BUILD/LICENSE $CRAFT_PART_INSTALL/
      cp $CRAFT_PART_SRC/frr-tools/reloader/frr-reloader.sh $CRAFT_PART_INSTALL/
)yaml";

const std::string& schema()
{
  static const std::string text = [] {
    std::ifstream in(FIPSROCK_SOURCE_DIR "/schema/rockcraft.json");
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
  }();
  REQUIRE_FALSE(text.empty());
  return text;
}

// `text` with its one occurrence of `from` replaced by `to`.
std::string edit(std::string text, const std::string& from, const std::string& to)
{
  const auto at = text.find(from);
  REQUIRE_MESSAGE(at != std::string::npos, "not in the recipe: " << from);
  REQUIRE(text.find(from, at + 1) == std::string::npos);
  return text.replace(at, from.size(), to);
}

std::string listed(const std::vector<Violation>& violations)
{
  std::string out;
  for (const Violation& v : violations) {
    out += std::to_string(v.line) + " [" + v.rule + "] " + v.path + " | " + v.message + "\n";
  }
  return out;
}

std::vector<Violation> check(const std::string& yaml)
{
  const auto result = render::check_rockcraft_yaml(yaml, schema());
  REQUIRE_MESSAGE(result.has_value(), (result ? "" : result.error().message));
  return *result;
}

// The one violation of `yaml`; fails the test when there are none or several.
Violation only(const std::string& yaml)
{
  const std::vector<Violation> violations = check(yaml);
  INFO(listed(violations));
  REQUIRE(violations.size() == 1);
  return violations[0];
}

void passes(const std::string& yaml)
{
  const std::vector<Violation> violations = check(yaml);
  INFO(listed(violations));
  CHECK(violations.empty());
}

nlohmann::json as_json(const std::string& yaml)
{
  const auto result = render::yaml_to_json(yaml);
  REQUIRE_MESSAGE(result.has_value(), (result ? "" : result.error().message));
  return nlohmann::json::parse(*result);
}

std::string error_of(const fipsrock::core::Expected<std::string>& result)
{
  REQUIRE_FALSE(result.has_value());
  return result.error().message;
}

} // namespace

TEST_CASE("render::yaml_to_json")
{
  SUBCASE("plain scalars resolve as PyYAML's YAML 1.1 resolver does")
  {
    const nlohmann::json j =
        as_json("bools: [yes, Yes, YES, no, No, on, On, off, OFF, true, False]\n"
                "not_bools: [y, n, Y, yES]\n"
                "ints: [0x1F, -0x1f, 010, 0b101, 1_000, +7, 0, 1:30]\n"
                "floats: [1.10, 1.0e+3, .5, -2., 1_0.5, 1:30.5]\n"
                "strings: [1e3, 0o17, 08, 1.0e3, 8080:80, v1.10]\n"
                "nulls: [~, null, Null, NULL]\n"
                "empty:\n");
    CHECK(j["bools"] ==
          nlohmann::json::parse("[true,true,true,false,false,true,true,false,false,true,false]"));
    CHECK(j["not_bools"] == nlohmann::json::parse(R"(["y","n","Y","yES"])"));
    CHECK(j["ints"] == nlohmann::json::parse("[31,-31,8,5,1000,7,0,90]"));
    for (const auto& i : j["ints"]) {
      CHECK(i.is_number_integer());
    }
    CHECK(j["floats"] == nlohmann::json::parse("[1.1,1000.0,0.5,-2.0,10.5,90.5]"));
    for (const auto& f : j["floats"]) {
      CHECK(f.is_number_float());
    }
    // YAML 1.1 wants a dot and a signed exponent in a float, and knows no 0o octal.
    CHECK(j["strings"] ==
          nlohmann::json::parse(R"(["1e3","0o17","08","1.0e3","8080:80","v1.10"])"));
    CHECK(j["nulls"] == nlohmann::json::parse("[null,null,null,null]"));
    CHECK(j["empty"].is_null());
  }
  SUBCASE("quoted, block and !!str scalars stay strings")
  {
    const nlohmann::json j =
        as_json("a: \"1.10\"\nb: '010'\nc: !!str yes\nd: |\n  1.10\ne: \"\"\n");
    CHECK(j == nlohmann::json::parse(R"({"a":"1.10","b":"010","c":"yes","d":"1.10\n","e":""})"));
  }
  SUBCASE("output is compact JSON")
  {
    CHECK(*render::yaml_to_json("a: [1, 'x', {b: ~}]\n") == R"({"a":[1,"x",{"b":null}]})");
    CHECK(*render::yaml_to_json("") == "null");
  }
  SUBCASE("signs, infinities and a very long number")
  {
    const nlohmann::json j =
        as_json("a: [-.1, +.5, -.inf, .NaN, +.nan]\nb: " + std::string(100000, '7') + "\n");
    CHECK(j["a"][0] == "-.1"); // YAML 1.1: a leading dot takes no sign
    CHECK(j["a"][1] == "+.5");
    CHECK(j["a"][2].is_null()); // JSON has no infinity or NaN
    CHECK(j["a"][3].is_null());
    CHECK(j["a"][4] == "+.nan");
    CHECK(j["b"].is_null()); // an int past double range: infinity, printed as null
  }
  SUBCASE("bytes that are not UTF-8 do not break the JSON")
  {
    CHECK(as_json("k: \"a\xff\"\n")["k"] == "a\xef\xbf\xbd");
    CHECK(only(edit(k_controller, "name: metallb-controller", "name: a\xff")).rule == "name");
  }
  SUBCASE("a date stays a string, as JSON has no dates")
  {
    CHECK(as_json("d: 2024-01-01\n")["d"] == "2024-01-01");
  }
  SUBCASE("a repeated key keeps the last value, as PyYAML does")
  {
    CHECK(as_json("a: 1\na: 2\n")["a"] == 2);
  }
  SUBCASE("errors name the line")
  {
    CHECK(error_of(render::yaml_to_json("a: 1\nb: [1\nc: 2\n")) ==
          "line 3: end of sequence flow not found");
    CHECK(error_of(render::yaml_to_json("a: 1\n---\nb: 2\n")) ==
          "line 3: expected a single document, but found another document");
    CHECK(error_of(render::yaml_to_json("a: 1\nb: !custom x\n")) ==
          "line 2: could not determine a constructor for the tag '!custom'");
  }
}

TEST_CASE("render::check_rockcraft_yaml")
{
  SUBCASE("the real v0.16.1 recipes pass")
  {
    passes(k_controller);
    passes(k_speaker);
  }

  SUBCASE("version: a number is caught once, under the version rule")
  {
    const Violation v = only(edit(k_controller, "version: v0.16.1", "version: 1.10"));
    CHECK(v.rule == "version");
    CHECK(v.path == "version");
    CHECK(v.line == 6);
    CHECK(v.message == "version: 1.10 is a number; rockcraft needs a string — quote it");
    passes(edit(k_controller, "version: v0.16.1", "version: \"1.10\""));
  }
  SUBCASE("version: longer than 32 characters is caught once")
  {
    const Violation v =
        only(edit(k_controller, "version: v0.16.1", "version: " + std::string(33, 'v')));
    CHECK(v.rule == "version");
    CHECK(v.message.find("is 33 characters long; rockcraft allows at most 32") !=
          std::string::npos);
  }
  SUBCASE("schema: a string where an integer belongs")
  {
    const Violation v = only(edit(k_controller, "source-depth: 1", "source-depth: \"1\""));
    CHECK(v.rule == "schema");
    CHECK(v.path == "parts.controller.source-depth");
    CHECK(v.line == 36);
    CHECK(v.message ==
          "parts.controller.source-depth: '1' is a string; rockcraft needs an integer");
  }
  SUBCASE("schema: a base that is not in the enum")
  {
    const Violation v = only(edit(k_controller, "base: bare", "base: ubuntu@22.10"));
    CHECK(v.rule == "schema");
    CHECK(v.path == "base");
    CHECK(v.line == 9);
    CHECK(v.message.find("base: 'ubuntu@22.10' is not one of bare, ubuntu@20.04") == 0);
    CHECK(v.message.find("ubuntu@22.04") != std::string::npos);
  }
  SUBCASE("schema: a missing required key")
  {
    const Violation v = only(edit(k_controller, "summary: Rock for the Metallb controller.\n", ""));
    CHECK(v.rule == "schema");
    CHECK(v.path == "summary");
    CHECK(v.line == 1);
    CHECK(v.message == "summary: required key is missing");
  }
  SUBCASE("schema: an unknown key in a part ($defs/Part, if plugin == go, then ...)")
  {
    const Violation v = only(edit(k_controller, "source-depth: 1", "source-dept: 1"));
    CHECK(v.rule == "schema");
    CHECK(v.path == "parts.controller.source-dept");
    CHECK(v.line == 36);
    CHECK(v.message == "parts.controller.source-dept: unknown key (did you mean 'source-depth'?)");
    // go-buildtags belongs to the go plugin's `then` only.
    passes(edit(
        k_controller, "    source-depth: 1\n", "    source-depth: 1\n    go-buildtags: [fips]\n"));
    const Violation nil =
        only(edit(k_controller, "plugin: nil", "plugin: nil\n    go-buildtags: [fips]"));
    CHECK(nil.path == "parts.openssl.go-buildtags");
    CHECK(nil.line == 25);
  }
  SUBCASE("schema: const and propertyNames")
  {
    const Violation user = only(edit(k_controller, "base: bare", "base: bare\nrun-user: root"));
    CHECK(user.path == "run-user");
    CHECK(user.line == 10);
    CHECK(user.message == "run-user: 'root' is not one of _daemon_");
    passes(edit(k_controller, "base: bare", "base: bare\nrun-user: _daemon_"));
    const Violation any = only(edit(k_controller, "  arm64:\n", "  arm64:\n  any:\n"));
    CHECK(any.rule == "schema");
    CHECK(any.path == "platforms.any");
    CHECK(any.line == 14);
    CHECK(any.message == "platforms.any: 'any' is not allowed as a key here");
  }
  SUBCASE("schema: an unquoted date")
  {
    const Violation v = only(edit(k_controller, "source-tag: v0.16.1", "source-tag: 2024-01-01"));
    CHECK(v.rule == "schema");
    CHECK(v.path == "parts.controller.source-tag");
    CHECK(v.message == "parts.controller.source-tag: 2024-01-01 is a date to YAML; rockcraft needs "
                       "a string — quote it");
  }

  SUBCASE("name: rockcraft's grammar")
  {
    const Violation v = only(edit(k_controller, "name: metallb-controller", "name: Bad_Name"));
    CHECK(v.rule == "name");
    CHECK(v.path == "name");
    CHECK(v.line == 1);
    CHECK(v.message == "name: 'Bad_Name' may contain only lowercase letters, digits and hyphens");
    const std::vector<std::string> bad = {
        "-metallb", "metallb-", "metal--lb", "\"1234\"", "\"\"", std::string(41, 'a')};
    for (const std::string& name : bad) {
      CAPTURE(name);
      CHECK(only(edit(k_controller, "name: metallb-controller", "name: " + name)).rule == "name");
    }
    passes(edit(k_controller, "name: metallb-controller", "name: metallb2-x"));
  }

  SUBCASE("license: SPDX ids and expressions")
  {
    const Violation v = only(edit(k_controller, "license: Apache-2.0", "license: Apache-2"));
    CHECK(v.rule == "license");
    CHECK(v.path == "license");
    CHECK(v.line == 7);
    CHECK(v.message ==
          "license: 'Apache-2' is not an SPDX license id or 'proprietary' (did you mean "
          "'Apache-2.0'?)");
    for (const char* good : {"Apache-2.0 OR MIT",
                             "(MIT OR Apache-2.0) AND BSD-3-Clause",
                             "Proprietary",
                             "GPL-2.0-or-later WITH Classpath-exception-2.0",
                             "GPL-3.0+"}) {
      CAPTURE(good);
      passes(edit(k_controller, "license: Apache-2.0", std::string("license: ") + good));
    }
    CHECK(only(edit(k_controller, "license: Apache-2.0", "license: MIT OR Foo")).message ==
          "license: 'Foo' in 'MIT OR Foo' is not an SPDX license id");
    CHECK(only(edit(k_controller, "license: Apache-2.0", "license: MIT OR")).message ==
          "license: 'MIT OR' is not an SPDX license expression");
    CHECK(only(edit(k_controller, "license: Apache-2.0", "license: (MIT")).rule == "license");
    CHECK(only(edit(k_controller, "license: Apache-2.0", "license: " + std::string(100000, '(')))
              .rule == "license");
  }

  SUBCASE("entrypoint-service: names a service")
  {
    const Violation v =
        only(edit(k_controller, "entrypoint-service: controller", "entrypoint-service: controler"));
    CHECK(v.rule == "entrypoint-service");
    CHECK(v.path == "entrypoint-service");
    CHECK(v.line == 15);
    CHECK(v.message == "entrypoint-service: 'controler' is not a service in services (did you mean "
                       "'controller'?)");
  }
  SUBCASE("entrypoint-service: its command has bracketed default arguments")
  {
    const Violation v = only(edit(k_controller, "/controller [ -h ]", "/controller"));
    CHECK(v.rule == "entrypoint-service");
    CHECK(v.path == "services.controller.command");
    CHECK(v.line == 18);
    CHECK(v.message.find("'/controller' has no default arguments in [ ]") != std::string::npos);
    CHECK(only(edit(k_controller, "/controller [ -h ]", "/controller [-h]")).rule ==
          "entrypoint-service");
    passes(edit(k_controller, "/controller [ -h ]", "/controller [ ]"));
  }
  SUBCASE("entrypoint-command: not together with entrypoint-service")
  {
    const Violation v =
        only(edit(k_controller,
                  "entrypoint-service: controller\n",
                  "entrypoint-service: controller\nentrypoint-command: /controller\n"));
    CHECK(v.rule == "entrypoint-command");
    CHECK(v.path == "entrypoint-command");
    CHECK(v.line == 16);
    CHECK(v.message.find("cannot be set together with entrypoint-service") != std::string::npos);
    passes(edit(k_controller,
                "entrypoint-service: controller\n",
                "entrypoint-command: /controller [ -h ]\n"));
  }

  SUBCASE("reserved-part-name: pebble and _hidden parts")
  {
    const Violation v = only(edit(k_controller, "  openssl:\n", "  pebble:\n"));
    CHECK(v.rule == "reserved-part-name");
    CHECK(v.path == "parts.pebble");
    CHECK(v.line == 23);
    CHECK(v.message.find("the part name 'pebble' is reserved") != std::string::npos);
    CHECK(only(edit(k_controller, "  openssl:\n", "  _apt-upgrade:\n")).path ==
          "parts._apt-upgrade");
    passes(edit(k_controller, "  openssl:\n", "  pebble-config:\n"));
  }

  SUBCASE("environment: no $ in values")
  {
    const std::string with_env = "base: bare\nenvironment:\n  GODEBUG: fips140=on\n";
    passes(edit(k_controller, "base: bare\n", with_env));
    const Violation v = only(edit(k_controller, "base: bare\n", with_env + "  PATH: $PATH:/bin\n"));
    CHECK(v.rule == "environment");
    CHECK(v.path == "environment.PATH");
    CHECK(v.line == 12);
    CHECK(v.message.find("contains '$'") != std::string::npos);
  }

  SUBCASE("several violations come sorted by line")
  {
    const std::string yaml = edit(edit(k_controller, "name: metallb-controller", "name: Bad"),
                                  "source-depth: 1",
                                  "source-depth: one");
    const std::vector<Violation> violations = check(yaml);
    INFO(listed(violations));
    REQUIRE(violations.size() == 2);
    CHECK(violations[0].rule == "name");
    CHECK(violations[1].path == "parts.controller.source-depth");
  }

  SUBCASE("errors: not YAML, not a schema")
  {
    const auto broken = render::check_rockcraft_yaml("name: x\nparts: [a\n", schema());
    REQUIRE_FALSE(broken.has_value());
    CHECK(broken.error().message.rfind("line 3: ", 0) == 0);
    const auto no_schema = render::check_rockcraft_yaml(k_controller, "{not json");
    REQUIRE_FALSE(no_schema.has_value());
    CHECK(no_schema.error().message == "rockcraft's schema is not a JSON object");
  }
}

TEST_CASE("render::is_known_license")
{
  CHECK(render::is_known_license("Apache-2.0"));
  CHECK(render::is_known_license("apache-2.0"));
  CHECK(render::is_known_license("MIT"));
  CHECK(render::is_known_license("proprietary"));
  CHECK(render::is_known_license("PROPRIETARY"));
  CHECK_FALSE(render::is_known_license("Apache-2"));
  CHECK_FALSE(render::is_known_license(""));
  CHECK_FALSE(render::is_known_license("Apache-2.0 OR MIT"));
}
