// SPDX-License-Identifier: Apache-2.0
#include "verify/inventory.hpp"

#include "core/digest.hpp"
#include "verify/policy.hpp"
#include "verify/rootfs.hpp"
#include "verify/rules.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include <algorithm>

namespace fipsrock::verify {

namespace {

constexpr std::string_view k_metadata_path = ".rock/metadata.yaml";

std::string type_name(EntryType type)
{
  switch (type) {
  case EntryType::regular:
    return "file";
  case EntryType::directory:
    return "dir";
  case EntryType::symlink:
    return "symlink";
  case EntryType::hardlink:
    return "hardlink"; // only for a hardlink whose target is not in the image
  case EntryType::char_device:
    return "char-device";
  case EntryType::block_device:
    return "block-device";
  case EntryType::fifo:
    return "fifo";
  case EntryType::other:
    break;
  }
  return "other";
}

// JSON Pointer escaping of one reference token (RFC 6901).
std::string pointer_token(const std::string& key)
{
  std::string out;
  for (const char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

// Objects are walked; every other value (arrays included) is one leaf.
void flatten(const nlohmann::json& value,
             const std::string& pointer,
             std::map<std::string, std::string>& out)
{
  if (value.is_object() && !value.empty()) {
    for (const auto& [key, child] : value.items()) {
      flatten(child, pointer + "/" + pointer_token(key), out);
    }
    return;
  }
  out[pointer] = value.dump();
}

const BlobFacts* blob_named(const RockFacts& facts, const std::string& digest)
{
  for (const BlobFacts& blob : facts.blobs) {
    if (blob.algorithm + ":" + blob.encoded == digest) {
      return &blob;
    }
  }
  return nullptr;
}

// The file entry for `entry` (a regular file's digest normalised where noise is known).
core::InventoryFile file_of(const LayerEntry& entry, EntryType type, std::uint32_t mode)
{
  core::InventoryFile file;
  file.type = type_name(type);
  file.mode = mode;
  file.uid = entry.uid;
  file.gid = entry.gid;
  if (type == EntryType::regular) {
    file.size = entry.size;
    file.sha256 = entry.sha256;
    if (entry.path == k_metadata_path && entry.content) {
      const std::string normalized = metadata_digest_without_created(*entry.content);
      if (!normalized.empty()) {
        file.raw_sha256 = entry.sha256;
        file.sha256 = normalized;
        file.normalized = "the `created` key (the pack time) is left out";
      }
    }
  }
  return file;
}

std::string layer_content_digest(const LayerFacts& layer)
{
  std::vector<std::string> lines;
  lines.reserve(layer.entries.size());
  for (const LayerEntry& entry : layer.entries) {
    const core::InventoryFile file = file_of(entry, entry.type, entry.mode);
    // Fields apart by the unit separator, which no tar name in a rock carries.
    lines.push_back(fmt::format("{}\x1f{}\x1f{:o}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\n",
                                entry.path,
                                file.type,
                                file.mode,
                                file.uid,
                                file.gid,
                                file.size,
                                file.sha256,
                                entry.link_target));
  }
  std::sort(lines.begin(), lines.end());
  std::string all;
  for (const auto& line : lines) {
    all += line;
  }
  return "sha256:" + core::sha256_hex(all);
}

} // namespace

std::string metadata_digest_without_created(std::string_view content)
{
  try {
    const YAML::Node root = YAML::Load(std::string(content));
    if (!root.IsMap()) {
      return {};
    }
    std::map<std::string, std::string> kept;
    for (const auto& item : root) {
      const std::string key = item.first.as<std::string>();
      if (key != "created") {
        kept[key] = YAML::Dump(item.second);
      }
    }
    std::string canonical;
    for (const auto& [key, value] : kept) {
      canonical += key + ": " + value + "\n";
    }
    return core::sha256_hex(canonical);
  } catch (const YAML::Exception&) {
    return {};
  }
}

core::ImageInventory inventory(const RockFacts& facts)
{
  core::ImageInventory out;
  out.file = facts.file;

  // The image as verify's OCI rules resolve it; their failures make the rock not intact.
  Findings findings;
  const Image image = check_oci(facts, VerifyPolicy{}, findings);
  for (const auto& finding : findings) {
    if (finding.status == core::Status::fail || finding.status == core::Status::error) {
      out.problems.push_back(
          fmt::format("{}: {} ({})", finding.id, finding.message, finding.subject));
    }
  }
  if (!facts.outer_error.empty()) {
    out.problems.push_back(facts.outer_error);
  }
  if (!facts.budget.empty()) {
    out.problems.push_back("not read to its end: " + facts.budget);
  }
  out.manifest_digest = image.manifest_digest;
  out.config_digest = image.config_digest;
  if (!image.manifest || !image.config) {
    out.problems.push_back("the image manifest or config could not be read");
    return out;
  }

  if (const BlobFacts* config = blob_named(facts, image.config_digest); config && config->json) {
    const auto parsed = nlohmann::json::parse(*config->json, nullptr, false);
    if (!parsed.is_discarded()) {
      flatten(parsed, "", out.config);
    }
  }
  for (const auto& [key, value] : image.manifest->annotations) {
    out.config["/manifest/annotations/" + pointer_token(key)] = nlohmann::json(value).dump();
  }

  for (std::size_t i = 0; i < image.layers.size(); ++i) {
    core::InventoryLayer layer;
    const Descriptor& descriptor = image.manifest->layers[i];
    layer.digest = descriptor.digest;
    layer.media_type = descriptor.media_type;
    layer.size = descriptor.size;
    const LayerFacts* facts_of_layer = image.layers[i];
    if (facts_of_layer == nullptr) {
      out.problems.push_back(fmt::format("layer {} ({}) is missing", i + 1, descriptor.digest));
    } else {
      if (!facts_of_layer->error.empty() || !facts_of_layer->budget.empty()) {
        out.problems.push_back(fmt::format("layer {} ({}) could not be read to its end: {}",
                                           i + 1,
                                           descriptor.digest,
                                           facts_of_layer->error.empty() ? facts_of_layer->budget
                                                                         : facts_of_layer->error));
      }
      layer.diff_id = facts_of_layer->diff_id;
      layer.content_digest = layer_content_digest(*facts_of_layer);
      layer.entries = facts_of_layer->entries.size();
    }
    out.layers.push_back(std::move(layer));
  }

  const RootFs root(image.layers);
  for (const auto& [path, node] : root.nodes()) {
    if (node.entry == nullptr) {
      continue;
    }
    core::InventoryFile file = file_of(*node.entry, node.type, node.mode);
    if (node.type == EntryType::symlink) {
      file.link_target = node.link_target;
    }
    out.files.emplace(path, std::move(file));
  }
  return out;
}

} // namespace fipsrock::verify
