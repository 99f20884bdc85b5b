// SPDX-License-Identifier: Apache-2.0
#include "render/parse_inputs.hpp"

#include "core/spellcheck.hpp"
#include "core/version.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <regex>
#include <set>

namespace fipsrock::render {

namespace {

const std::vector<std::string> k_platforms = {"amd64", "arm64"};
const std::vector<std::string> k_go_strategies = {"msgo-tarball", "go-snap"};
const std::vector<std::string> k_openssl_strategies = {"fips-debs", "core22-snap"};

// Reads one YAML file, turning every problem into "<path>:<line>: <key>: <what>".
class Reader {
public:
  explicit Reader(std::string path) : m_path(std::move(path)) {}

  tl::unexpected<core::Error> fail(const YAML::Node& at,
                                   const std::string& key,
                                   const std::string& what,
                                   std::string hint = {}) const
  {
    const int line = at.IsDefined() ? at.Mark().line + 1 : 0;
    return core::make_error(fmt::format("{}:{}: {}: {}", m_path, line, key, what),
                            hint.empty() ? fmt::format("fix {} and run again", m_path)
                                         : std::move(hint));
  }

  // The mapping `node` (named `key`), whose keys must all be in `allowed`.
  core::Expected<void> expect_map(const YAML::Node& node,
                                  const std::string& key,
                                  const std::vector<std::string>& allowed) const
  {
    if (!node.IsMap()) {
      return fail(node, key, "expected a mapping");
    }
    for (const auto& item : node) {
      const std::string name = item.first.Scalar();
      if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
        return fail(item.first,
                    key.empty() ? name : key + "." + name,
                    "unknown key" + core::did_you_mean(name, allowed));
      }
    }
    return {};
  }

  core::Expected<std::string>
  string(const YAML::Node& parent, const std::string& key, const std::string& field) const
  {
    const YAML::Node node = parent[field];
    const std::string name = key.empty() ? field : key + "." + field;
    if (!node.IsDefined() || node.IsNull()) {
      return fail(parent, name, "missing key");
    }
    if (!node.IsScalar() || node.Scalar().empty()) {
      return fail(node, name, "expected a non-empty string");
    }
    return node.Scalar();
  }

  core::Expected<std::vector<std::string>>
  strings(const YAML::Node& parent, const std::string& key, const std::string& field) const
  {
    const YAML::Node node = parent[field];
    const std::string name = key.empty() ? field : key + "." + field;
    if (!node.IsDefined()) {
      return fail(parent, name, "missing key");
    }
    if (!node.IsSequence()) {
      return fail(node, name, "expected a list");
    }
    std::vector<std::string> out;
    for (const auto& item : node) {
      if (!item.IsScalar()) {
        return fail(item, name, "expected a list of strings");
      }
      out.push_back(item.Scalar());
    }
    return out;
  }

  core::Expected<YAML::Node> load(std::string_view text) const
  {
    try {
      YAML::Node root = YAML::Load(std::string(text));
      if (!root.IsMap()) {
        return core::make_error(fmt::format("{}:1: not a YAML mapping", m_path),
                                fmt::format("fix {} and run again", m_path));
      }
      return root;
    } catch (const YAML::Exception& e) {
      return core::make_error(fmt::format("{}:{}: {}", m_path, e.mark.line + 1, e.msg),
                              fmt::format("fix the YAML syntax of {}", m_path));
    }
  }

private:
  std::string m_path;
};

// `var` names a variable: it cannot be parenthesised.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define TRY(var, expr)                                                                             \
  auto var##_result = (expr);                                                                      \
  if (!var##_result) {                                                                             \
    return tl::make_unexpected(var##_result.error());                                              \
  }                                                                                                \
  auto var = std::move(*var##_result)
// NOLINTEND(bugprone-macro-parentheses)

#define TRY_VOID(expr)                                                                             \
  if (auto try_void_result = (expr); !try_void_result) {                                           \
    return tl::make_unexpected(try_void_result.error());                                           \
  }

core::Expected<Rock> parse_rock(const Reader& r, const YAML::Node& node, const std::string& key)
{
  TRY_VOID(
      r.expect_map(node, key, {"name", "summary", "description", "binaries", "files", "service"}));
  Rock rock;
  TRY(name, r.string(node, key, "name"));
  TRY(summary, r.string(node, key, "summary"));
  TRY(description, r.string(node, key, "description"));
  rock.name = name;
  rock.summary = summary;
  rock.description = description;

  const YAML::Node binaries = node["binaries"];
  if (!binaries.IsSequence() || binaries.size() == 0) {
    return r.fail(
        binaries.IsDefined() ? binaries : node, key + ".binaries", "expected a non-empty list");
  }
  for (std::size_t i = 0; i < binaries.size(); ++i) {
    const std::string bkey = fmt::format("{}.binaries[{}]", key, i);
    TRY_VOID(r.expect_map(binaries[i], bkey, {"name", "package"}));
    TRY(bname, r.string(binaries[i], bkey, "name"));
    TRY(package, r.string(binaries[i], bkey, "package"));
    if (bname.find('/') != std::string::npos) {
      return r.fail(
          binaries[i]["name"], bkey + ".name", "a binary name is a file name, without '/'");
    }
    if (package.rfind("./", 0) != 0) {
      return r.fail(binaries[i]["package"],
                    bkey + ".package",
                    "expected a path in the source tree starting with './'");
    }
    rock.binaries.push_back({bname, package});
  }
  if (const YAML::Node files = node["files"]; files.IsDefined()) {
    if (!files.IsSequence()) {
      return r.fail(files, key + ".files", "expected a list");
    }
    for (std::size_t i = 0; i < files.size(); ++i) {
      const std::string fkey = fmt::format("{}.files[{}]", key, i);
      TRY_VOID(r.expect_map(files[i], fkey, {"from", "to"}));
      TRY(from, r.string(files[i], fkey, "from"));
      TRY(to, r.string(files[i], fkey, "to"));
      if (from.find("..") != std::string::npos || to.find("..") != std::string::npos ||
          from[0] == '/') {
        return r.fail(
            files[i],
            fkey,
            "paths must stay inside the source tree and the rock (no '..', no leading '/')");
      }
      rock.files.push_back({from, to});
    }
  }
  const YAML::Node service = node["service"];
  const std::string skey = key + ".service";
  if (!service.IsDefined()) {
    return r.fail(node, skey, "missing key");
  }
  TRY_VOID(r.expect_map(service, skey, {"name", "command", "args"}));
  TRY(sname, r.string(service, skey, "name"));
  TRY(command, r.string(service, skey, "command"));
  TRY(args, r.strings(service, skey, "args"));
  rock.service = {sname, command, args};
  return rock;
}

} // namespace

std::string_view to_string(GoStrategy strategy)
{
  return strategy == GoStrategy::msgo_tarball ? "msgo-tarball" : "go-snap";
}

std::string_view to_string(OpensslStrategy strategy)
{
  return strategy == OpensslStrategy::fips_debs ? "fips-debs" : "core22-snap";
}

core::Expected<Project> parse_project(std::string_view text, const std::string& path)
{
  const Reader r(path);
  TRY(root, r.load(text));
  TRY_VOID(r.expect_map(
      root, "", {"source", "license", "base", "build-base", "platforms", "strategy", "rocks"}));
  Project p;
  p.path = path;

  const YAML::Node source = root["source"];
  if (!source.IsDefined()) {
    return r.fail(root, "source", "missing key");
  }
  TRY_VOID(r.expect_map(source, "source", {"repo", "tag", "commit", "go"}));
  TRY(repo, r.string(source, "source", "repo"));
  TRY(tag, r.string(source, "source", "tag"));
  TRY(commit, r.string(source, "source", "commit"));
  TRY(go, r.string(source, "source", "go"));
  if (!std::regex_match(commit, std::regex("[0-9a-f]{40}"))) {
    return r.fail(source["commit"],
                  "source.commit",
                  fmt::format("'{}' is not a full 40-hex git commit id", commit),
                  "pin the commit the tag resolves to: git ls-remote <repo> refs/tags/<tag>^{}");
  }
  if (!core::Version::parse(go)) {
    return r.fail(source["go"], "source.go", fmt::format("'{}' is not a Go version", go));
  }
  p.source_repo = repo;
  p.source_tag = tag;
  p.source_commit = commit;
  p.go_requirement = go;

  TRY(license, r.string(root, "", "license"));
  TRY(base, r.string(root, "", "base"));
  TRY(build_base, r.string(root, "", "build-base"));
  p.license = license;
  p.base = base;
  p.build_base = build_base;

  TRY(platforms, r.strings(root, "", "platforms"));
  if (platforms.empty()) {
    return r.fail(root["platforms"], "platforms", "expected at least one platform");
  }
  for (std::size_t i = 0; i < platforms.size(); ++i) {
    if (std::find(k_platforms.begin(), k_platforms.end(), platforms[i]) == k_platforms.end()) {
      return r.fail(root["platforms"][i],
                    fmt::format("platforms[{}]", i),
                    fmt::format("unknown platform '{}'{}; fipsrock builds amd64 and arm64",
                                platforms[i],
                                core::did_you_mean(platforms[i], k_platforms)));
    }
    if (std::count(platforms.begin(), platforms.end(), platforms[i]) > 1) {
      return r.fail(root["platforms"][i],
                    fmt::format("platforms[{}]", i),
                    fmt::format("platform '{}' is listed twice", platforms[i]));
    }
  }
  p.platforms = platforms;

  if (const YAML::Node strategy = root["strategy"]; strategy.IsDefined()) {
    TRY_VOID(r.expect_map(strategy, "strategy", {"go", "openssl", "requirefips"}));
    if (strategy["go"].IsDefined()) {
      TRY(value, r.string(strategy, "strategy", "go"));
      if (value == "msgo-tarball" || value == "go-snap") {
        p.go = value == "go-snap" ? GoStrategy::go_snap : GoStrategy::msgo_tarball;
      } else {
        return r.fail(strategy["go"],
                      "strategy.go",
                      fmt::format("unknown strategy '{}'{}; one of msgo-tarball, go-snap",
                                  value,
                                  core::did_you_mean(value, k_go_strategies)));
      }
    }
    if (strategy["openssl"].IsDefined()) {
      TRY(value, r.string(strategy, "strategy", "openssl"));
      if (value == "fips-debs" || value == "core22-snap") {
        p.openssl =
            value == "core22-snap" ? OpensslStrategy::core22_snap : OpensslStrategy::fips_debs;
      } else {
        return r.fail(strategy["openssl"],
                      "strategy.openssl",
                      fmt::format("unknown strategy '{}'{}; one of fips-debs, core22-snap",
                                  value,
                                  core::did_you_mean(value, k_openssl_strategies)));
      }
    }
    if (const YAML::Node fips = strategy["requirefips"]; fips.IsDefined()) {
      if (!fips.IsScalar() || (fips.Scalar() != "true" && fips.Scalar() != "false")) {
        return r.fail(fips, "strategy.requirefips", "expected true or false");
      }
      p.requirefips = fips.Scalar() == "true";
    }
  }

  const YAML::Node rocks = root["rocks"];
  if (!rocks.IsDefined() || !rocks.IsSequence() || rocks.size() == 0) {
    return r.fail(rocks.IsDefined() ? rocks : root,
                  "rocks",
                  rocks.IsDefined() ? "expected a non-empty list" : "missing key");
  }
  std::set<std::string> names;
  for (std::size_t i = 0; i < rocks.size(); ++i) {
    const std::string key = fmt::format("rocks[{}]", i);
    TRY(rock, parse_rock(r, rocks[i], key));
    if (!names.insert(rock.name).second) {
      return r.fail(
          rocks[i]["name"], key + ".name", fmt::format("duplicate rock name '{}'", rock.name));
    }
    p.rocks.push_back(std::move(rock));
  }
  return p;
}

core::Expected<Pins> parse_pins(std::string_view text, const std::string& path)
{
  const Reader r(path);
  TRY(root, r.load(text));
  TRY_VOID(r.expect_map(root, "", {"go", "openssl", "rockcraft"}));
  Pins pins;
  pins.path = path;

  const YAML::Node go = root["go"];
  if (!go.IsDefined()) {
    return r.fail(root, "go", "missing key");
  }
  TRY_VOID(r.expect_map(go, "go", {"msgo", "snap"}));
  if (const YAML::Node msgo = go["msgo"]; msgo.IsDefined()) {
    TRY_VOID(r.expect_map(msgo, "go.msgo", {"version", "url", "sha256"}));
    TRY(version, r.string(msgo, "go.msgo", "version"));
    TRY(url, r.string(msgo, "go.msgo", "url"));
    if (!std::regex_match(version, std::regex("[0-9]+\\.[0-9]+\\.[0-9]+-[0-9]+"))) {
      return r.fail(
          msgo["version"],
          "go.msgo.version",
          fmt::format("'{}' has no revision; only the full 1.X.Y-R form is immutable", version),
          "pin the full version, e.g. 1.26.4-1, and the sha256 of that very archive");
    }
    if (url.find("{version}") == std::string::npos || url.find("{arch}") == std::string::npos) {
      return r.fail(
          msgo["url"], "go.msgo.url", "the URL must contain the {version} and {arch} placeholders");
    }
    pins.msgo.version = version;
    pins.msgo.url = url;
    pins.lines["go.msgo.version"] = msgo["version"].Mark().line + 1;
    pins.lines["go.msgo.sha256"] =
        msgo["sha256"].IsDefined() ? msgo["sha256"].Mark().line + 1 : msgo.Mark().line + 1;
    const YAML::Node sha = msgo["sha256"];
    if (!sha.IsDefined() || !sha.IsMap()) {
      return r.fail(sha.IsDefined() ? sha : msgo,
                    "go.msgo.sha256",
                    "expected a mapping of architecture to sha256");
    }
    for (const auto& item : sha) {
      const std::string arch = item.first.Scalar();
      const std::string key = "go.msgo.sha256." + arch;
      if (std::find(k_platforms.begin(), k_platforms.end(), arch) == k_platforms.end()) {
        return r.fail(
            item.first,
            key,
            fmt::format("unknown platform '{}'{}", arch, core::did_you_mean(arch, k_platforms)));
      }
      const std::string value = item.second.IsScalar() ? item.second.Scalar() : "";
      if (!std::regex_match(value, std::regex("[0-9a-f]{64}"))) {
        return r.fail(
            item.second, key, fmt::format("'{}' is not a sha256 (64 lowercase hex digits)", value));
      }
      pins.msgo.sha256[arch] = value;
    }
  }
  if (const YAML::Node snap = go["snap"]; snap.IsDefined()) {
    TRY_VOID(r.expect_map(snap, "go.snap", {"channel"}));
    TRY(channel, r.string(snap, "go.snap", "channel"));
    if (!std::regex_match(channel,
                          std::regex("[0-9]+\\.[0-9]+-fips/(stable|candidate|beta|edge)"))) {
      return r.fail(
          snap["channel"],
          "go.snap.channel",
          fmt::format("'{}' is not a FIPS go snap channel like 1.25-fips/stable", channel));
    }
    pins.go_snap_channel = channel;
    pins.lines["go.snap.channel"] = snap["channel"].Mark().line + 1;
  }

  const YAML::Node openssl = root["openssl"];
  if (!openssl.IsDefined()) {
    return r.fail(root, "openssl", "missing key");
  }
  TRY_VOID(r.expect_map(openssl, "openssl", {"debs", "snap"}));
  if (const YAML::Node debs = openssl["debs"]; debs.IsDefined()) {
    if (!debs.IsMap()) {
      return r.fail(
          debs, "openssl.debs", "expected a mapping of package to version (null: unpinned)");
    }
    pins.lines["openssl.debs"] = debs.Mark().line + 1;
    for (const auto& item : debs) {
      DebPin pin{item.first.Scalar(), std::nullopt};
      if (!item.second.IsNull()) {
        if (!item.second.IsScalar() || item.second.Scalar().empty()) {
          return r.fail(
              item.second, "openssl.debs." + pin.name, "expected a version string or null");
        }
        pin.version = item.second.Scalar();
      }
      pins.openssl_debs.push_back(pin);
    }
  }
  if (openssl["snap"].IsDefined()) {
    TRY(snap, r.string(openssl, "openssl", "snap"));
    pins.core22_snap = snap;
    pins.lines["openssl.snap"] = openssl["snap"].Mark().line + 1;
  }
  if (const YAML::Node rockcraft = root["rockcraft"]; rockcraft.IsDefined()) {
    TRY_VOID(r.expect_map(rockcraft, "rockcraft", {"minimum"}));
    TRY(minimum, r.string(rockcraft, "rockcraft", "minimum"));
    pins.rockcraft_minimum = minimum;
  }
  return pins;
}

std::string toolchain_minor(const Project& project, const Pins& pins)
{
  const std::string& text =
      project.go == GoStrategy::msgo_tarball ? pins.msgo.version : pins.go_snap_channel;
  const auto version = core::Version::parse(text);
  if (!version || version->components().size() < 2) {
    return {};
  }
  return fmt::format("{}.{}", version->components()[0], version->components()[1]);
}

core::Expected<void> check_inputs(const Project& project, const Pins& pins)
{
  const auto fail = [&](const std::string& key, const std::string& what, const std::string& hint) {
    std::string line = "1";
    for (const auto& [k, n] : pins.lines) {
      if (key.rfind(k, 0) == 0) {
        line = std::to_string(n);
      }
    }
    return core::make_error(fmt::format("{}:{}: {}: {}", pins.path, line, key, what), hint);
  };
  std::string toolchain;
  if (project.go == GoStrategy::msgo_tarball) {
    if (pins.msgo.version.empty()) {
      return fail("go.msgo",
                  "the msgo-tarball strategy needs a Microsoft Go pin",
                  "add go.msgo to the pins");
    }
    for (const auto& platform : project.platforms) {
      if (pins.msgo.sha256.count(platform) == 0) {
        return fail("go.msgo.sha256." + platform,
                    fmt::format("no sha256 for {}, a platform of {}", platform, project.path),
                    "add the sha256 of the linux-" + platform + " archive");
      }
    }
    toolchain = pins.msgo.version;
  } else {
    if (pins.go_snap_channel.empty()) {
      return fail("go.snap.channel",
                  "the go-snap strategy needs a go snap channel",
                  "add go.snap.channel to the pins");
    }
    toolchain = pins.go_snap_channel;
  }
  if (project.openssl == OpensslStrategy::fips_debs && pins.openssl_debs.empty()) {
    return fail("openssl.debs",
                "the fips-debs strategy needs the OpenSSL FIPS packages",
                "add openssl.debs to the pins");
  }
  if (project.openssl == OpensslStrategy::core22_snap && pins.core22_snap.empty()) {
    return fail("openssl.snap",
                "the core22-snap strategy needs a core22 snap channel",
                "add openssl.snap to the pins");
  }
  // A go snap channel follows the newest patch of its release, so only X.Y is compared then.
  const auto have = core::Version::parse(
      project.go == GoStrategy::msgo_tarball ? toolchain : toolchain_minor(project, pins) + ".999");
  const auto need = core::Version::parse(project.go_requirement);
  if (!have || !need || *have < *need) {
    return fail(project.go == GoStrategy::msgo_tarball ? "go.msgo.version" : "go.snap.channel",
                fmt::format("Go {} does not meet {} of {} (source.go)",
                            toolchain,
                            project.go_requirement,
                            project.source_tag),
                "pin a newer toolchain");
  }
  return {};
}

} // namespace fipsrock::render
