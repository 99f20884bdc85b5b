// SPDX-License-Identifier: Apache-2.0
#pragma once

// Real Go binaries built at test time by the installed toolchain (Debian's golang-go), each
// variant at most once per run of unit_tests. Header-only: tests/CMakeLists.txt compiles only
// *_test.cpp files besides main.cpp and testutil.cpp.

#include "testutil.hpp"

#include "sys/process.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace fipsrock::test {

enum class GoProgram {
  cgo,          // CGO_ENABLED=1, imports "C", net and crypto/sha256
  nocgo,        // CGO_ENABLED=0 -trimpath -tags ms_tls13kdf,requirefips: static
  boringcrypto, // CGO_ENABLED=1 GOEXPERIMENT=boringcrypto
  pie,          // -buildmode=pie -tags ms_tls13kdf,requirefips -ldflags '-X "main.version=v1 2"'
};

// The -ldflags of GoProgram::pie: its double quotes make cmd/go store the value Go-quoted.
inline constexpr const char* k_pie_ldflags = "-X \"main.version=v1 2\"";

struct GoBinary {
  std::string bytes;     // the executable
  std::string version_m; // `go version -m` output: the toolchain's own reading of the binary
};

class GoPrograms {
public:
  static GoPrograms& instance()
  {
    static GoPrograms programs;
    return programs;
  }

  // The binary for `program`, built on first use; nullptr (after a MESSAGE) when Go is not
  // installed or the variant is not supported here. A failed build fails the calling test, and
  // so does a missing Go when FIPSROCK_REQUIRE_TOOLS=1 (scripts/test, after bootstrap).
  const GoBinary* get(GoProgram program)
  {
    if (!m_go) {
      const char* required = std::getenv("FIPSROCK_REQUIRE_TOOLS");
      if (required != nullptr && std::string(required) == "1") {
        FAIL("no `go` on PATH=/usr/bin:/bin, and FIPSROCK_REQUIRE_TOOLS=1 (install golang-go)");
      }
      MESSAGE("skipping: no `go` on PATH=/usr/bin:/bin (install golang-go)");
      return nullptr;
    }
    auto found = m_built.find(program);
    if (found == m_built.end()) {
      found = m_built.emplace(program, build(program)).first;
    }
    const Outcome& outcome = found->second;
    if (!outcome.skip.empty()) {
      MESSAGE("skipping: " << outcome.skip);
      return nullptr;
    }
    if (!outcome.error.empty()) {
      FAIL(outcome.error);
    }
    return &outcome.binary;
  }

private:
  struct Outcome {
    GoBinary binary;
    std::string error;
    std::string skip;
  };

  GoPrograms()
  {
    m_env = {{"PATH", "/usr/bin:/bin"},
             {"HOME", m_dir.path()},
             {"GOCACHE", m_dir.path() + "/cache"},
             {"GOPATH", m_dir.path() + "/gopath"},
             {"GOFLAGS", "-mod=mod"},
             {"GOTOOLCHAIN", "local"},
             {"GOPROXY", "off"}};
    m_go = sys::find_program("go", m_env).has_value();
    m_dir.write("src/go.mod", "module example.com/fipstest\n\ngo 1.18\n");
    m_dir.write("src/main.go",
                "package main\n\n"
                "import (\n\t\"crypto/sha256\"\n\t\"fmt\"\n\t\"net\"\n)\n\n"
                "var version = \"dev\"\n\n"
                "func main() {\n"
                "\tfmt.Println(version, sha256.Sum256([]byte(version)), net.IPv4len, cgoValue())\n"
                "}\n");
    m_dir.write("src/cgo.go",
                "//go:build cgo\n\npackage main\n\n// int fipstest_value(void) { return 42; }\n"
                "import \"C\"\n\nfunc cgoValue() int { return int(C.fipstest_value()) }\n");
    m_dir.write("src/nocgo.go",
                "//go:build !cgo\n\npackage main\n\nfunc cgoValue() int { return 0 }\n");
  }

  sys::Command go_command(std::vector<std::string> args, sys::Environment extra) const
  {
    sys::Command command;
    command.argv = {"go"};
    command.argv.insert(command.argv.end(), args.begin(), args.end());
    command.env = m_env;
    for (auto& [name, value] : extra) {
      command.env[name] = std::move(value);
    }
    command.cwd = m_dir.path() + "/src";
    command.timeout = std::chrono::minutes(10);
    return command;
  }

  Outcome build(GoProgram program) const
  {
    const std::string out = m_dir.path() + "/bin-" + std::to_string(static_cast<int>(program));
    std::vector<std::string> args = {"build", "-o", out};
    sys::Environment env = {{"CGO_ENABLED", "1"}};
    switch (program) {
    case GoProgram::cgo:
      break;
    case GoProgram::nocgo:
      env["CGO_ENABLED"] = "0";
      args.insert(args.end(), {"-trimpath", "-tags", "ms_tls13kdf,requirefips"});
      break;
    case GoProgram::boringcrypto:
      env["GOEXPERIMENT"] = "boringcrypto";
      break;
    case GoProgram::pie:
      args.insert(
          args.end(),
          {"-buildmode=pie", "-tags", "ms_tls13kdf,requirefips", "-ldflags", k_pie_ldflags});
      break;
    }
    args.emplace_back(".");
    Outcome outcome;
    const auto built = sys::run(go_command(args, env));
    if (!built || built->exit_code != 0) {
      const std::string why = built ? built->err : built.error().message;
      const auto arch = sys::run(go_command({"env", "GOARCH"}, {}));
      if (program == GoProgram::boringcrypto && arch && arch->out != "amd64\n") {
        outcome.skip = "GOEXPERIMENT=boringcrypto needs amd64: " + why;
      } else {
        outcome.error = "go build failed: " + why;
      }
      return outcome;
    }
    std::ifstream in(out, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    outcome.binary.bytes = bytes.str();
    const auto version = sys::run(go_command({"version", "-m", out}, {}));
    if (!version || version->exit_code != 0) {
      outcome.error = "go version -m failed";
      return outcome;
    }
    outcome.binary.version_m = version->out;
    return outcome;
  }

  ScratchDir m_dir;
  sys::Environment m_env;
  bool m_go = false;
  std::map<GoProgram, Outcome> m_built;
};

// Shorthand for GoPrograms::instance().get(`program`).
inline const GoBinary* go_binary(GoProgram program)
{
  return GoPrograms::instance().get(program);
}

} // namespace fipsrock::test
