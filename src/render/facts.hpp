// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace fipsrock::render {

// Where the Go toolchain of the build comes from (a template partial each).
enum class GoStrategy { msgo_tarball, go_snap };
// Where the FIPS OpenSSL of the rock comes from (a template partial each).
enum class OpensslStrategy { fips_debs, core22_snap };

// A Go package the rock builds into one binary at the rock's root.
struct Binary {
  std::string name;    // the file name in the rock: "controller"
  std::string package; // what `go build` is given: "./controller", "./frr-tools/cp-tool/cp-tool.go"
};

// A file of the source tree copied into the rock.
struct ExtraFile {
  std::string from; // path in the source tree
  std::string to;   // path in the rock
};

// The Pebble service the rock's entrypoint runs.
struct Service {
  std::string name;
  std::string command;           // "/controller"
  std::vector<std::string> args; // default args, overridable with `docker run IMAGE ARGS`
};

struct Rock {
  std::string name;
  std::string summary;
  std::string description;
  std::vector<Binary> binaries;
  std::vector<ExtraFile> files;
  Service service;
};

// rockcraft/metallb.yaml: the rocks this repository builds.
struct Project {
  std::string path; // as given, for messages
  std::string source_repo;
  std::string source_tag;
  std::string source_commit;
  std::string go_requirement; // go.mod's `go` line at the tag
  std::string license;
  std::string base;
  std::string build_base;
  std::vector<std::string> platforms;
  GoStrategy go = GoStrategy::msgo_tarball;
  OpensslStrategy openssl = OpensslStrategy::fips_debs;
  bool requirefips = false;
  std::vector<Rock> rocks;
};

// rockcraft/pins.yaml: every external input, pinned.
struct MsgoPin {
  std::string version;                       // "1.26.4-1": full version with revision
  std::string url;                           // with {version} and {arch} placeholders
  std::map<std::string, std::string> sha256; // per architecture
};

struct DebPin {
  std::string name;
  std::optional<std::string> version; // nullopt: deliberately unpinned (the pins file says why)
};

struct Pins {
  std::string path;
  MsgoPin msgo;
  std::string go_snap_channel;      // "1.25-fips/stable"
  std::vector<DebPin> openssl_debs; // openssl-fips-module-3, openssl
  std::string core22_snap;          // "core22/fips-updates/stable"
  std::string rockcraft_minimum;    // "1.18"
  std::map<std::string, int>
      lines; // 1-based line of each key read ("go.msgo.version"), for messages
};

} // namespace fipsrock::render
