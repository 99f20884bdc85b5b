// SPDX-License-Identifier: Apache-2.0
// The FIPS OpenSSL of the merged root filesystem (research/msgo-fips.md §4.3). Go binaries
// dlopen libcrypto.so.3, so what matters is the file the loader finds first: LD_LIBRARY_PATH
// from the config, then glibc's multiarch trusted directories, then /lib and /usr/lib.
#include "verify/rules.hpp"
#include "verify/tar_path.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace fipsrock::verify {

namespace {

using core::Status;

struct Library {
  std::string dir;      // the search directory it was found through
  std::string resolved; // the file it is, symlinks followed
  const RootNode* node = nullptr;
  bool from_env = false;
};

// The loader's search directories, in order; the first `from_env` come from LD_LIBRARY_PATH.
struct SearchPath {
  std::vector<std::string> dirs;
  std::size_t from_env = 0;
};

SearchPath search_path(const Image& image, const std::string& triplet)
{
  SearchPath out;
  if (image.config) {
    for (const std::string& env : image.config->env) {
      if (env.rfind("LD_LIBRARY_PATH=", 0) != 0) {
        continue;
      }
      std::string_view list(env);
      list.remove_prefix(16);
      std::size_t start = 0;
      while (start <= list.size()) {
        auto end = list.find(':', start);
        if (end == std::string_view::npos) {
          end = list.size();
        }
        if (end > start) {
          out.dirs.push_back(normalize_name(list.substr(start, end - start)).path);
        }
        start = end + 1;
      }
    }
  }
  out.from_env = out.dirs.size();
  // glibc's trusted directories on Debian/Ubuntu: multiarch first, then /lib and /usr/lib.
  for (const std::string& dir :
       {"lib/" + triplet, "usr/lib/" + triplet, std::string("lib"), std::string("usr/lib")}) {
    out.dirs.push_back(dir);
  }
  return out;
}

// libcrypto.so.3 in every search directory, first found first, each file once.
std::vector<Library> find_libcrypto(const Image& image,
                                    const RootFs& root,
                                    const std::string& triplet,
                                    std::vector<std::string>& searched)
{
  const SearchPath path = search_path(image, triplet);
  std::vector<Library> found;
  for (std::size_t i = 0; i < path.dirs.size(); ++i) {
    searched.push_back(image_path(path.dirs[i]));
    const auto lookup = root.resolve(join_path(path.dirs[i], "libcrypto.so.3"));
    if (!lookup || lookup->node == nullptr || lookup->node->type != EntryType::regular) {
      continue;
    }
    const bool seen = std::any_of(
        found.begin(), found.end(), [&](const Library& l) { return l.resolved == lookup->path; });
    if (!seen) {
      found.push_back(Library{path.dirs[i], lookup->path, lookup->node, i < path.from_env});
    }
  }
  return found;
}

// The provider directory libcrypto was built with (MODULESDIR), from its strings; "" if unknown.
std::string modules_dir(const RootNode* libcrypto)
{
  if (libcrypto == nullptr || libcrypto->entry == nullptr) {
    return {};
  }
  for (const std::string& s : libcrypto->entry->strings) {
    const std::string token = token_around(s, "ossl-modules", true);
    if (!token.empty() && token.front() == '/') {
      return normalize_name(token).path;
    }
  }
  return {};
}

std::string banner(const RootNode* libcrypto)
{
  const std::string s = string_with(libcrypto, "OpenSSL 3.");
  const auto at = s.find("OpenSSL 3.");
  return at == std::string::npos ? std::string() : s.substr(at, 40);
}

void check_provider(const std::string& triplet,
                    const std::vector<Library>& libraries,
                    const RootFs& root,
                    Findings& out)
{
  const std::string subject = "FIPS provider";
  const std::string modulesdir =
      libraries.empty() ? std::string() : modules_dir(libraries.front().node);
  // 22.04's FIPS libssl3 loads providers from ossl-modules-3, 24.04's from ossl-modules.
  std::vector<std::string> dirs = {"usr/lib/" + triplet + "/ossl-modules-3",
                                   "usr/lib/" + triplet + "/ossl-modules"};
  if (!modulesdir.empty() && std::find(dirs.begin(), dirs.end(), modulesdir) == dirs.end()) {
    dirs.insert(dirs.begin(), modulesdir);
  }
  const char* fix = "stage openssl-fips-module-3 from the fips-updates archive "
                    "(rockcraft pack --pro=fips-updates)";
  std::vector<std::pair<std::string, const RootNode*>> found;
  std::vector<std::string> searched;
  for (const std::string& dir : dirs) {
    searched.push_back(image_path(dir + "/fips.so"));
    const auto lookup = root.resolve(dir + "/fips.so");
    if (lookup && lookup->node != nullptr && lookup->node->type == EntryType::regular) {
      found.emplace_back(dir, lookup->node);
    }
  }
  core::Evidence evidence = {{"searched", fmt::format("{}", fmt::join(searched, " "))}};
  if (!modulesdir.empty()) {
    evidence.emplace_back("libcrypto MODULESDIR", image_path(modulesdir));
  }
  if (found.empty()) {
    out.push_back(make(k_rule_openssl_fips_provider,
                       Status::fail,
                       subject,
                       "no FIPS provider fips.so in the image (a whiteout may have deleted it)",
                       fix,
                       evidence));
    return;
  }
  const auto& [dir, node] = found.front();
  const std::string path = image_path(dir + "/fips.so");
  evidence.emplace_back("path", path);
  if (node->entry != nullptr && !node->entry->sha256.empty()) {
    evidence.emplace_back("sha256", node->entry->sha256);
  }
  const std::string name_string = string_with(node, "Cryptographic Module");
  std::string name;
  if (!name_string.empty()) {
    const auto at = name_string.find("Cryptographic Module");
    const auto start = name_string.rfind("Ubuntu", at);
    name = name_string.substr(start == std::string::npos ? 0 : start,
                              at + 20 - (start == std::string::npos ? 0 : start));
    evidence.emplace_back("module", name);
  }
  const std::string version = token_around(string_with(node, "+Fips"), "+Fips", false);
  if (!version.empty()) {
    evidence.emplace_back("version", version);
  }
  if (!modulesdir.empty() && dir != modulesdir) {
    out.push_back(make(k_rule_openssl_fips_provider,
                       Status::fail,
                       subject,
                       fmt::format("{} is there, but libcrypto loads providers from {}",
                                   path,
                                   image_path(modulesdir)),
                       "stage the FIPS libssl3 that goes with the provider (both from "
                       "fips-updates)",
                       evidence));
    return;
  }
  if (name.empty()) {
    out.push_back(make(k_rule_openssl_fips_provider,
                       Status::warn,
                       subject,
                       fmt::format("{} is there, but it does not name itself an Ubuntu "
                                   "OpenSSL Cryptographic Module",
                                   path),
                       fix,
                       evidence));
    return;
  }
  out.push_back(make(k_rule_openssl_fips_provider,
                     Status::pass,
                     subject,
                     fmt::format("{}: {}{}", path, name, version.empty() ? "" : " " + version),
                     {},
                     evidence));
}

} // namespace

void check_openssl(const Image& image, const RootFs& root, Findings& out)
{
  const std::string architecture = image.config ? image.config->architecture : std::string();
  const std::string triplet = multiarch_triplet(architecture);
  const std::string subject = "libcrypto.so.3";
  if (triplet.empty()) {
    out.push_back(
        make(k_rule_openssl_libcrypto,
             Status::error,
             subject,
             fmt::format("unknown architecture '{}': the library path is unknown", architecture)));
    return;
  }
  std::vector<std::string> searched;
  const auto libraries = find_libcrypto(image, root, triplet, searched);
  core::Evidence evidence = {{"searched", fmt::format("{}", fmt::join(searched, " "))}};
  if (libraries.empty()) {
    out.push_back(make(k_rule_openssl_libcrypto,
                       Status::fail,
                       subject,
                       "libcrypto.so.3 is not in the library path: the Go binaries' OpenSSL "
                       "backend cannot load",
                       "stage libssl3 (from fips-updates) with the rock's parts",
                       evidence));
  } else {
    const Library& first = libraries.front();
    evidence.emplace_back("path", image_path(first.resolved));
    if (first.node->entry != nullptr && !first.node->entry->sha256.empty()) {
      evidence.emplace_back("sha256", first.node->entry->sha256);
    }
    const std::string version = banner(first.node);
    if (!version.empty()) {
      evidence.emplace_back("version", version);
    }
    out.push_back(make(k_rule_openssl_libcrypto,
                       Status::pass,
                       subject,
                       fmt::format("{} -> {}{}",
                                   image_path(join_path(first.dir, "libcrypto.so.3")),
                                   image_path(first.resolved),
                                   version.empty() ? "" : " (" + version + ")"),
                       {},
                       evidence));
  }

  // Shadowing: the loader must reach the multiarch libcrypto (the FIPS package's) first.
  const std::string shadow_subject = "library path";
  if (libraries.size() <= 1) {
    out.push_back(make(k_rule_openssl_shadow,
                       Status::pass,
                       shadow_subject,
                       libraries.empty() ? "no libcrypto.so.3 at all"
                                         : "one libcrypto.so.3 in the library path"));
  } else {
    std::vector<std::string> all;
    all.reserve(libraries.size());
    for (const auto& l : libraries) {
      all.push_back(image_path(l.resolved));
    }
    core::Evidence shadow_evidence = {{"order", fmt::format("{}", fmt::join(all, " "))}};
    const Library& first = libraries.front();
    const bool multiarch = !first.from_env && (is_within(first.resolved, "usr/lib/" + triplet) ||
                                               is_within(first.resolved, "lib/" + triplet));
    if (multiarch) {
      out.push_back(make(k_rule_openssl_shadow,
                         Status::warn,
                         shadow_subject,
                         fmt::format("{} is loaded first, but another libcrypto.so.3 is at {}",
                                     all.front(),
                                     all[1]),
                         "remove the extra copy so no program can pick it up",
                         shadow_evidence));
    } else {
      out.push_back(make(k_rule_openssl_shadow,
                         Status::fail,
                         shadow_subject,
                         fmt::format("{} shadows {}: the loader finds it first{}",
                                     all.front(),
                                     all[1],
                                     first.from_env ? " (LD_LIBRARY_PATH)" : ""),
                         "remove the other libcrypto.so.3 or fix LD_LIBRARY_PATH",
                         shadow_evidence));
    }
  }
  check_provider(triplet, libraries, root, out);
}

} // namespace fipsrock::verify
