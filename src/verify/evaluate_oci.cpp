// SPDX-License-Identifier: Apache-2.0
// OCI integrity (research/verify-attest.md §2.1): the layout files, every descriptor's blob
// present with the digest and size it claims, the media types, rootfs.type and the diff_ids
// against the uncompressed layers as they streamed.
#include "verify/rules.hpp"

#include <fmt/format.h>

#include <map>

namespace fipsrock::verify {

namespace {

using core::Status;

std::string short_digest(const std::string& digest)
{
  const auto colon = digest.find(':');
  if (colon == std::string::npos || digest.size() < colon + 13) {
    return digest;
  }
  return digest.substr(0, colon + 13);
}

std::string_view to_string(Compression compression)
{
  switch (compression) {
  case Compression::gzip:
    return "gzip";
  case Compression::zstd:
    return "zstd";
  case Compression::none:
    break;
  }
  return "none";
}

// The compression a layer media type announces; nullopt when it is not a layer type.
std::optional<Compression> layer_compression(std::string_view media_type)
{
  static const std::pair<std::string_view, Compression> k_types[] = {
      {"application/vnd.oci.image.layer.v1.tar", Compression::none},
      {"application/vnd.oci.image.layer.v1.tar+gzip", Compression::gzip},
      {"application/vnd.oci.image.layer.v1.tar+zstd", Compression::zstd},
      {"application/vnd.oci.image.layer.nondistributable.v1.tar", Compression::none},
      {"application/vnd.oci.image.layer.nondistributable.v1.tar+gzip", Compression::gzip},
      {"application/vnd.oci.image.layer.nondistributable.v1.tar+zstd", Compression::zstd},
  };
  for (const auto& [type, compression] : k_types) {
    if (media_type == type) {
      return compression;
    }
  }
  return std::nullopt;
}

std::string human(std::uint64_t bytes)
{
  if (bytes >= (1ULL << 20)) {
    return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / (1ULL << 20));
  }
  return fmt::format("{} bytes", bytes);
}

class OciChecker {
public:
  OciChecker(const RockFacts& facts, const VerifyPolicy& policy, Findings& out)
      : m_facts(facts), m_policy(policy), m_out(out)
  {
    for (const BlobFacts& blob : facts.blobs) {
      m_blobs[blob.algorithm + ":" + blob.encoded] = &blob;
    }
  }

  Image run()
  {
    check_archive();
    check_layout();
    const auto index = read_index();
    if (!index) {
      return std::move(m_image);
    }
    const Descriptor* chosen = choose_manifest(*index);
    if (chosen == nullptr) {
      return std::move(m_image);
    }
    read_manifest(*chosen);
    if (m_image.manifest) {
      read_config();
      read_layers();
      check_diff_ids();
    }
    check_unreferenced_blobs();
    return std::move(m_image);
  }

private:
  void add(const char* id,
           Status status,
           std::string subject,
           std::string message,
           std::string remediation = {},
           core::Evidence evidence = {})
  {
    m_out.push_back(make(id,
                         status,
                         std::move(subject),
                         std::move(message),
                         std::move(remediation),
                         std::move(evidence)));
  }

  void check_archive()
  {
    const std::string subject = m_facts.file_name;
    bool problem = false;
    if (!m_facts.outer_error.empty()) {
      problem = true;
      add(k_rule_oci_archive,
          Status::fail,
          subject,
          m_facts.outer_error,
          "rebuild the rock or fetch it again: the file is truncated or corrupt");
    }
    for (const auto& what : m_facts.outer_problems) {
      problem = true;
      add(k_rule_oci_archive, Status::fail, subject, what);
    }
    if (!problem) {
      add(k_rule_oci_archive,
          Status::pass,
          subject,
          fmt::format("the archive reads to its end ({} entries, {} blobs)",
                      m_facts.outer_names.size(),
                      m_facts.blobs.size()));
    }
  }

  void check_layout()
  {
    const char* remediation = "a .rock must hold an OCI image layout; rebuild it with rockcraft";
    if (!m_facts.oci_layout) {
      add(k_rule_oci_layout,
          Status::fail,
          "oci-layout",
          "the oci-layout file is missing",
          remediation);
      return;
    }
    auto version = parse_oci_layout(*m_facts.oci_layout);
    if (!version) {
      add(k_rule_oci_layout,
          Status::fail,
          "oci-layout",
          "oci-layout is not valid: " + version.error().message,
          remediation);
    } else if (*version != "1.0.0") {
      add(k_rule_oci_layout,
          Status::fail,
          "oci-layout",
          fmt::format("imageLayoutVersion is '{}', the spec knows only 1.0.0", *version),
          remediation,
          {{"imageLayoutVersion", *version}});
    } else {
      add(k_rule_oci_layout,
          Status::pass,
          "oci-layout",
          "imageLayoutVersion 1.0.0",
          {},
          {{"imageLayoutVersion", *version}});
    }
  }

  std::optional<OciIndex> read_index()
  {
    const char* remediation = "a .rock must hold an OCI image layout; rebuild it with rockcraft";
    if (!m_facts.index_json) {
      add(k_rule_oci_index, Status::fail, "index.json", "index.json is missing", remediation);
      return std::nullopt;
    }
    auto index = parse_oci_index(*m_facts.index_json);
    if (!index) {
      add(k_rule_oci_index,
          Status::fail,
          "index.json",
          "index.json is not a valid image index: " + index.error().message,
          remediation);
      return std::nullopt;
    }
    if (index->schema_version != 2) {
      add(k_rule_oci_index,
          Status::fail,
          "index.json",
          fmt::format("schemaVersion is {}, must be 2", index->schema_version),
          remediation);
      return std::nullopt;
    }
    if (!index->media_type.empty() && index->media_type != k_media_index) {
      add(k_rule_oci_media_type,
          Status::fail,
          "index.json",
          fmt::format("mediaType is '{}', expected {}", index->media_type, k_media_index));
    }
    return std::optional<OciIndex>(std::move(*index));
  }

  const Descriptor* choose_manifest(const OciIndex& index)
  {
    std::vector<const Descriptor*> manifests;
    for (const Descriptor& d : index.manifests) {
      if (d.media_type == k_media_manifest) {
        manifests.push_back(&d);
      } else {
        add(k_rule_oci_media_type,
            Status::fail,
            "index.json",
            fmt::format("manifest {} has media type '{}'; a rock holds one image manifest ({})",
                        short_digest(d.digest),
                        d.media_type,
                        k_media_manifest));
      }
    }
    if (manifests.empty()) {
      add(k_rule_oci_index,
          Status::fail,
          "index.json",
          "index.json names no image manifest",
          "rebuild the rock with rockcraft");
      return nullptr;
    }
    const Descriptor* chosen = manifests.front();
    if (manifests.size() > 1) {
      for (const Descriptor* d : manifests) {
        const auto ref = d->annotations.find(std::string(k_annotation_ref_name));
        const bool version = ref != d->annotations.end() && !m_policy.expect_version.empty() &&
                             ref->second == m_policy.expect_version;
        const bool platform = d->platform && !m_policy.expect_platform.empty() &&
                              d->platform->architecture == m_policy.expect_platform;
        if (version || platform) {
          chosen = d;
          break;
        }
      }
    }
    const auto ref = chosen->annotations.find(std::string(k_annotation_ref_name));
    if (ref != chosen->annotations.end()) {
      m_image.ref_name = ref->second;
    }
    m_image.index_platform = chosen->platform;
    m_image.manifest_digest = chosen->digest;
    add(k_rule_oci_index,
        Status::pass,
        "index.json",
        manifests.size() == 1 ? fmt::format("one image manifest, {}", short_digest(chosen->digest))
                              : fmt::format("{} image manifests; verifying {}",
                                            manifests.size(),
                                            short_digest(chosen->digest)),
        {},
        {{"manifest", chosen->digest}, {"ref.name", m_image.ref_name}});
    return chosen;
  }

  // The blob `d` names, after the digest and size checks; nullptr when it is not there.
  const BlobFacts* blob_for(const Descriptor& d, const std::string& subject)
  {
    auto parsed = parse_digest(d.digest);
    if (!parsed) {
      add(k_rule_oci_blob_digest,
          Status::fail,
          subject,
          "the descriptor's digest is not valid: " + parsed.error().message);
      return nullptr;
    }
    const auto found = m_blobs.find(d.digest);
    if (found == m_blobs.end()) {
      add(k_rule_oci_missing_blob,
          Status::fail,
          subject,
          fmt::format("blobs/{}/{} is not in the archive", parsed->algorithm, parsed->encoded),
          "rebuild the rock: every blob a rock references must be inside it",
          {{"digest", d.digest}});
      return nullptr;
    }
    const BlobFacts& blob = *found->second;
    m_referenced[&blob] = true;
    check_blob_digest(blob, subject);
    const core::Evidence evidence = {{"declared", std::to_string(d.size)},
                                     {"actual", std::to_string(blob.size)}};
    if (static_cast<std::uint64_t>(d.size) != blob.size) {
      add(k_rule_oci_blob_size,
          Status::fail,
          subject,
          fmt::format("the descriptor says {} bytes, the blob has {}", d.size, blob.size),
          "the rock was altered or truncated; rebuild it",
          evidence);
    } else {
      add(k_rule_oci_blob_size,
          Status::pass,
          subject,
          fmt::format("{} bytes", blob.size),
          {},
          evidence);
    }
    return &blob;
  }

  void check_blob_digest(const BlobFacts& blob, const std::string& subject)
  {
    if (m_digest_checked.count(&blob) != 0) {
      return;
    }
    m_digest_checked[&blob] = true;
    const std::string name = blob.algorithm + ":" + blob.encoded;
    if (blob.algorithm != "sha256") {
      add(k_rule_oci_blob_digest,
          Status::error,
          subject,
          fmt::format("cannot verify {}: only sha256 digests are computed", name));
      return;
    }
    if (!blob.complete) {
      add(k_rule_oci_blob_digest,
          Status::fail,
          subject,
          "the archive breaks off inside this blob",
          "rebuild the rock or fetch it again");
      return;
    }
    if (blob.sha256 != blob.encoded) {
      add(k_rule_oci_blob_digest,
          Status::fail,
          subject,
          fmt::format("content hashes to sha256:{}, not {}", blob.sha256, name),
          "the rock was altered or corrupted; rebuild it",
          {{"expected", name}, {"actual", "sha256:" + blob.sha256}});
      return;
    }
    add(k_rule_oci_blob_digest,
        Status::pass,
        subject,
        "content matches " + short_digest(name),
        {},
        {{"digest", name}});
  }

  // The JSON document `d` names (the image `what`: "manifest" or "config"), parsed by `parse`;
  // nullopt, with a finding, when its blob is missing, not JSON or not a valid document.
  template <typename Parse>
  auto read_document(const Descriptor& d, const std::string& subject, const char* what, Parse parse)
      -> std::optional<typename decltype(parse(""))::value_type>
  {
    const BlobFacts* blob = blob_for(d, subject);
    if (blob == nullptr) {
      return std::nullopt;
    }
    if (!blob->json) {
      add(k_rule_oci_index,
          Status::fail,
          subject,
          fmt::format(
              "the {} is not JSON or larger than {} bytes", what, m_policy.budgets.max_json_bytes));
      return std::nullopt;
    }
    auto parsed = parse(*blob->json);
    if (!parsed) {
      add(k_rule_oci_index,
          Status::fail,
          subject,
          fmt::format("not a valid image {}: {}", what, parsed.error().message));
      return std::nullopt;
    }
    return std::move(*parsed);
  }

  void read_manifest(const Descriptor& d)
  {
    const std::string subject = "manifest " + short_digest(d.digest);
    auto manifest = read_document(d, subject, "manifest", parse_oci_manifest);
    if (!manifest) {
      return;
    }
    if (manifest->schema_version != 2) {
      add(k_rule_oci_index,
          Status::fail,
          subject,
          fmt::format("schemaVersion is {}, must be 2", manifest->schema_version));
      return;
    }
    if (!manifest->media_type.empty() && manifest->media_type != k_media_manifest) {
      add(k_rule_oci_media_type,
          Status::fail,
          subject,
          fmt::format("mediaType is '{}', expected {}", manifest->media_type, k_media_manifest));
    } else {
      add(k_rule_oci_media_type, Status::pass, subject, std::string(k_media_manifest));
    }
    m_image.manifest = std::move(*manifest);
  }

  void read_config()
  {
    const Descriptor& d = m_image.manifest->config;
    const std::string subject = "config " + short_digest(d.digest);
    m_image.config_digest = d.digest;
    if (d.media_type != k_media_config) {
      add(k_rule_oci_media_type,
          Status::fail,
          subject,
          fmt::format(
              "the config's media type is '{}', expected {}", d.media_type, k_media_config));
    } else {
      add(k_rule_oci_media_type, Status::pass, subject, std::string(k_media_config));
    }
    auto config = read_document(d, subject, "config", parse_oci_config);
    if (!config) {
      return;
    }
    if (config->rootfs_type != "layers") {
      add(k_rule_oci_rootfs_type,
          Status::fail,
          subject,
          fmt::format("rootfs.type is '{}'; the spec knows only 'layers'", config->rootfs_type));
    } else {
      add(k_rule_oci_rootfs_type, Status::pass, subject, "rootfs.type is layers");
    }
    m_image.config = std::move(*config);
  }

  void read_layers()
  {
    const auto& layers = m_image.manifest->layers;
    for (std::size_t i = 0; i < layers.size(); ++i) {
      const Descriptor& d = layers[i];
      const std::string subject = fmt::format("layer {} ({})", i + 1, short_digest(d.digest));
      m_image.layer_subjects.push_back(subject);
      const BlobFacts* blob = blob_for(d, subject);
      const LayerFacts* layer =
          blob != nullptr && blob->layer ? &m_facts.layers[*blob->layer] : nullptr;
      m_image.layers.push_back(layer);
      const auto announced = layer_compression(d.media_type);
      if (!announced) {
        add(k_rule_oci_media_type,
            Status::fail,
            subject,
            fmt::format("'{}' is not an OCI layer media type", d.media_type),
            "rockcraft writes application/vnd.oci.image.layer.v1.tar+gzip layers");
      } else if (blob != nullptr && layer == nullptr) {
        add(k_rule_oci_media_type,
            Status::fail,
            subject,
            fmt::format("the manifest calls it a {} layer, but the blob is JSON", d.media_type));
      } else if (layer != nullptr && layer->compression != *announced) {
        add(k_rule_oci_media_type,
            Status::fail,
            subject,
            fmt::format("the manifest says {} but the blob is {}-compressed",
                        d.media_type,
                        to_string(layer->compression)));
      } else {
        add(k_rule_oci_media_type, Status::pass, subject, d.media_type);
      }
      if (layer == nullptr) {
        continue;
      }
      if (!layer->error.empty()) {
        add(k_rule_oci_layer_format,
            Status::fail,
            subject,
            "the layer cannot be read: " + layer->error,
            "rebuild the rock; a layer must be a (compressed) tar");
      } else if (layer->budget.empty()) {
        add(k_rule_oci_layer_format,
            Status::pass,
            subject,
            fmt::format("{} tar, {} entries, {} uncompressed",
                        to_string(layer->compression),
                        layer->entries.size(),
                        human(layer->uncompressed_size)),
            {},
            {{"entries", std::to_string(layer->entries.size())},
             {"uncompressed_bytes", std::to_string(layer->uncompressed_size)},
             {"trailing_bytes", std::to_string(layer->trailing_bytes)}});
      }
    }
  }

  void check_diff_ids()
  {
    if (!m_image.config) {
      return;
    }
    const auto& diff_ids = m_image.config->diff_ids;
    const std::string config_subject = "config " + short_digest(m_image.config_digest);
    if (diff_ids.size() != m_image.layers.size()) {
      add(k_rule_oci_diff_ids,
          Status::fail,
          config_subject,
          fmt::format("rootfs.diff_ids lists {} layers, the manifest {}",
                      diff_ids.size(),
                      m_image.layers.size()),
          "rebuild the rock: its config does not describe its layers");
    }
    for (std::size_t i = 0; i < m_image.layers.size() && i < diff_ids.size(); ++i) {
      const LayerFacts* layer = m_image.layers[i];
      const std::string& subject = m_image.layer_subjects[i];
      if (layer == nullptr) {
        continue; // already failed: missing or not a layer
      }
      const core::Evidence evidence = {{"expected", diff_ids[i]}, {"actual", layer->diff_id}};
      if (layer->diff_id.empty()) {
        add(k_rule_oci_diff_ids,
            layer->budget.empty() ? Status::fail : Status::error,
            subject,
            layer->budget.empty() ? "the uncompressed layer could not be read to its end"
                                  : "not verified: reading stopped at a budget",
            {},
            evidence);
      } else if (layer->diff_id != diff_ids[i]) {
        add(k_rule_oci_diff_ids,
            Status::fail,
            subject,
            fmt::format("the uncompressed layer hashes to {}, rootfs.diff_ids[{}] says {}",
                        layer->diff_id,
                        i,
                        diff_ids[i]),
            "the rock was altered or corrupted; rebuild it",
            evidence);
      } else {
        add(k_rule_oci_diff_ids,
            Status::pass,
            subject,
            "uncompressed content matches rootfs.diff_ids",
            {},
            evidence);
      }
    }
  }

  void check_unreferenced_blobs()
  {
    // The layout requires every blob's content to match its name, referenced or not.
    for (const BlobFacts& blob : m_facts.blobs) {
      if (m_referenced.count(&blob) == 0 && blob.algorithm == "sha256" &&
          (!blob.complete || blob.sha256 != blob.encoded)) {
        check_blob_digest(blob, blob.name);
      }
    }
  }

  const RockFacts& m_facts;
  const VerifyPolicy& m_policy;
  Findings& m_out;
  Image m_image;
  std::map<std::string, const BlobFacts*> m_blobs;
  std::map<const BlobFacts*, bool> m_referenced;
  std::map<const BlobFacts*, bool> m_digest_checked;
};

} // namespace

Image check_oci(const RockFacts& facts, const VerifyPolicy& policy, Findings& out)
{
  return OciChecker(facts, policy, out).run();
}

} // namespace fipsrock::verify
