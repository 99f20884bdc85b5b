// SPDX-License-Identifier: Apache-2.0
#pragma once

// Test inputs for verify: layer entries as facts (for the root filesystem model and the rules)
// and whole .rock files in memory, written by libarchive (for collect). Header-only:
// tests/CMakeLists.txt compiles only *_test.cpp files besides main.cpp and testutil.cpp.

#include "core/digest.hpp"
#include "verify/facts.hpp"
#include "verify/tar_path.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace fipsrock::test {

// --- layer facts by hand ------------------------------------------------------------------------

inline verify::LayerEntry entry(const std::string& name,
                                verify::EntryType type,
                                const std::string& link = {},
                                std::uint32_t mode = 0644)
{
  verify::LayerEntry e;
  e.raw_name = name;
  const auto normalized = verify::normalize_name(name);
  e.path = normalized.path;
  e.absolute = normalized.absolute;
  e.traversal = normalized.traversal;
  e.type = type;
  e.link_target = link;
  e.mode = mode;
  return e;
}

inline verify::LayerEntry file(const std::string& name, std::uint32_t mode = 0644)
{
  return entry(name, verify::EntryType::regular, {}, mode);
}

inline verify::LayerEntry dir(const std::string& name)
{
  return entry(name, verify::EntryType::directory, {}, 0755);
}

inline verify::LayerEntry slink(const std::string& name, const std::string& target)
{
  return entry(name, verify::EntryType::symlink, target, 0777);
}

inline verify::LayerEntry hlink(const std::string& name, const std::string& target)
{
  return entry(name, verify::EntryType::hardlink, target);
}

// A regular file whose identification strings the scanner found.
inline verify::LayerEntry file_with_strings(const std::string& name,
                                            std::vector<std::string> strings)
{
  auto e = file(name);
  e.strings = std::move(strings);
  e.sha256 = core::sha256_hex(name);
  return e;
}

inline verify::LayerFacts layer(std::vector<verify::LayerEntry> entries)
{
  verify::LayerFacts l;
  l.entries = std::move(entries);
  return l;
}

// --- tars and rocks written by libarchive -------------------------------------------------------

struct TarEntry {
  std::string name;
  char type = 'f'; // f file, d dir, l symlink, h hardlink, c char device, b block device
  std::string data;
  std::string link;
  unsigned mode = 0644;
};

inline TarEntry tar_file(std::string name, std::string data, unsigned mode = 0644)
{
  return TarEntry{std::move(name), 'f', std::move(data), {}, mode};
}

// The tar of `entries` (pax), compressed with `filter`: "none", "gzip" or "zstd".
inline std::string make_tar(const std::vector<TarEntry>& entries,
                            const std::string& filter = "none")
{
  std::string out;
  struct archive* a = archive_write_new();
  archive_write_set_format_pax_restricted(a);
  if (filter == "gzip") {
    archive_write_add_filter_gzip(a);
  } else if (filter == "zstd") {
    REQUIRE(archive_write_add_filter_zstd(a) == ARCHIVE_OK);
  }
  archive_write_set_bytes_in_last_block(a, 1);
  auto write = [](struct archive*, void* client, const void* buffer, size_t length) -> la_ssize_t {
    static_cast<std::string*>(client)->append(static_cast<const char*>(buffer), length);
    return static_cast<la_ssize_t>(length);
  };
  REQUIRE(archive_write_open(a, &out, nullptr, write, nullptr) == ARCHIVE_OK);
  for (const auto& e : entries) {
    archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, e.name.c_str());
    archive_entry_set_perm(entry, e.mode);
    archive_entry_set_mtime(entry, 1700000000, 0);
    switch (e.type) {
    case 'd':
      archive_entry_set_filetype(entry, AE_IFDIR);
      break;
    case 'l':
      archive_entry_set_filetype(entry, AE_IFLNK);
      archive_entry_set_symlink(entry, e.link.c_str());
      break;
    case 'h':
      archive_entry_set_filetype(entry, AE_IFREG);
      archive_entry_set_hardlink(entry, e.link.c_str());
      break;
    case 'c':
      archive_entry_set_filetype(entry, AE_IFCHR);
      break;
    case 'b':
      archive_entry_set_filetype(entry, AE_IFBLK);
      break;
    default:
      archive_entry_set_filetype(entry, AE_IFREG);
      archive_entry_set_size(entry, static_cast<la_int64_t>(e.data.size()));
      break;
    }
    REQUIRE(archive_write_header(a, entry) == ARCHIVE_OK);
    if (e.type == 'f' && !e.data.empty()) {
      REQUIRE(archive_write_data(a, e.data.data(), e.data.size()) ==
              static_cast<la_ssize_t>(e.data.size()));
    }
    archive_entry_free(entry);
  }
  REQUIRE(archive_write_close(a) == ARCHIVE_OK);
  archive_write_free(a);
  return out;
}

inline std::string digest_of(const std::string& bytes)
{
  return "sha256:" + core::sha256_hex(bytes);
}

// A rockcraft-shaped rock: `payload` layers, then the Pebble layer and .rock/metadata.yaml.
struct RockSpec {
  std::vector<std::vector<TarEntry>> payload = {{tar_file("usr/bin/pebble", "pebble", 0755)}};
  std::string filter = "gzip";
  std::string name = "metallb-controller";
  std::string version = "v0.14.9";
  std::string architecture = "amd64";
  std::vector<std::string> env;
};

// The .rock bytes for `spec`: the outer tar lists the blobs first, as skopeo does.
inline std::string make_rock(const RockSpec& spec)
{
  std::vector<std::vector<TarEntry>> layers = spec.payload;
  layers.push_back({{"var/lib/pebble/default/layers", 'd', {}, {}, 0755},
                    tar_file("var/lib/pebble/default/layers/001-rockcraft-controller.yaml",
                             "services:\n  controller:\n    override: replace\n"
                             "    command: /controller [ -h ]\n")});
  layers.push_back({tar_file(".rock/metadata.yaml",
                             "architecture: " + spec.architecture + "\nbase: bare\nname: " +
                                 spec.name + "\nversion: " + spec.version + "\n")});
  std::vector<std::pair<std::string, std::string>> blobs;
  nlohmann::json descriptors = nlohmann::json::array();
  nlohmann::json diff_ids = nlohmann::json::array();
  for (const auto& entries : layers) {
    const std::string raw = make_tar(entries);
    const std::string blob = spec.filter == "none" ? raw : make_tar(entries, spec.filter);
    diff_ids.push_back(digest_of(raw));
    const std::string media = spec.filter == "none"
                                  ? "application/vnd.oci.image.layer.v1.tar"
                                  : "application/vnd.oci.image.layer.v1.tar+" + spec.filter;
    descriptors.push_back(
        {{"mediaType", media}, {"digest", digest_of(blob)}, {"size", blob.size()}});
    blobs.emplace_back(digest_of(blob), blob);
  }
  nlohmann::json config = {{"architecture", spec.architecture},
                           {"os", "linux"},
                           {"config",
                            {{"Entrypoint", {"/usr/bin/pebble", "enter", "--args", "controller"}},
                             {"Env", spec.env},
                             {"Labels", {{"org.opencontainers.image.version", spec.version}}}}},
                           {"rootfs", {{"type", "layers"}, {"diff_ids", diff_ids}}}};
  const std::string config_bytes = config.dump();
  blobs.emplace_back(digest_of(config_bytes), config_bytes);
  nlohmann::json manifest = {{"schemaVersion", 2},
                             {"mediaType", "application/vnd.oci.image.manifest.v1+json"},
                             {"config",
                              {{"mediaType", "application/vnd.oci.image.config.v1+json"},
                               {"digest", digest_of(config_bytes)},
                               {"size", config_bytes.size()}}},
                             {"layers", descriptors}};
  const std::string manifest_bytes = manifest.dump();
  blobs.emplace_back(digest_of(manifest_bytes), manifest_bytes);
  nlohmann::json index = {
      {"schemaVersion", 2},
      {"manifests",
       {{{"mediaType", "application/vnd.oci.image.manifest.v1+json"},
         {"digest", digest_of(manifest_bytes)},
         {"size", manifest_bytes.size()},
         {"annotations", {{"org.opencontainers.image.ref.name", spec.version}}}}}}};
  std::vector<TarEntry> outer;
  for (const auto& [digest, bytes] : blobs) {
    outer.push_back(tar_file("blobs/sha256/" + digest.substr(7), bytes));
  }
  outer.push_back(tar_file("index.json", index.dump()));
  outer.push_back(tar_file("oci-layout", R"({"imageLayoutVersion":"1.0.0"})"));
  return make_tar(outer);
}

} // namespace fipsrock::test
