// SPDX-License-Identifier: Apache-2.0
#pragma once

// Internal to verify/: the rule ids, the image model the rule groups share, and the groups
// evaluate() assembles. Rule ids are stable: users waive them and diff reports by them.

#include "core/finding.hpp"
#include "verify/facts.hpp"
#include "verify/parse_oci.hpp"
#include "verify/policy.hpp"
#include "verify/rootfs.hpp"

#include <optional>
#include <string>
#include <vector>

namespace fipsrock::verify {

// OCI layout and integrity (opencontainers/image-spec).
inline constexpr const char* k_rule_oci_archive = "oci.archive";
inline constexpr const char* k_rule_oci_layout = "oci.layout";
inline constexpr const char* k_rule_oci_index = "oci.index";
inline constexpr const char* k_rule_oci_blob_digest = "oci.blob-digest";
inline constexpr const char* k_rule_oci_blob_size = "oci.blob-size";
inline constexpr const char* k_rule_oci_missing_blob = "oci.missing-blob";
inline constexpr const char* k_rule_oci_media_type = "oci.media-type";
inline constexpr const char* k_rule_oci_rootfs_type = "oci.rootfs-type";
inline constexpr const char* k_rule_oci_diff_ids = "oci.diff-ids";
inline constexpr const char* k_rule_oci_layer_format = "oci.layer-format";
// Archive safety, judged on every layer of the image.
inline constexpr const char* k_rule_path_traversal = "archive.path-traversal";
inline constexpr const char* k_rule_absolute_path = "archive.absolute-path";
inline constexpr const char* k_rule_link_escape = "archive.link-escape";
inline constexpr const char* k_rule_whiteout = "archive.whiteout";
inline constexpr const char* k_rule_duplicate = "archive.duplicate";
inline constexpr const char* k_rule_special_file = "archive.special-file";
inline constexpr const char* k_rule_budget = "archive.budget";
// The rock's identity (rockcraft).
inline constexpr const char* k_rule_rock_metadata = "rock.metadata";
inline constexpr const char* k_rule_rock_name = "rock.name";
inline constexpr const char* k_rule_rock_version = "rock.version";
inline constexpr const char* k_rule_rock_platform = "rock.platform";
inline constexpr const char* k_rule_rock_entrypoint = "rock.entrypoint";
inline constexpr const char* k_rule_rock_pebble_layer = "rock.pebble-layer";
// FIPS content of the merged root filesystem.
inline constexpr const char* k_rule_openssl_libcrypto = "openssl.libcrypto";
inline constexpr const char* k_rule_openssl_fips_provider = "openssl.fips-provider";
inline constexpr const char* k_rule_openssl_shadow = "openssl.shadow";
inline constexpr const char* k_rule_go_binaries = "go.binaries";
inline constexpr const char* k_rule_go_buildinfo = "go.buildinfo";
inline constexpr const char* k_rule_elf_parse = "elf.parse";
inline constexpr const char* k_rule_pebble_fips = "pebble.fips";

// The image the manifest describes, as far as it could be read.
struct Image {
  std::string manifest_digest;
  std::optional<OciManifest> manifest;
  std::string config_digest;
  std::optional<OciConfig> config;
  std::string ref_name;                    // the index's org.opencontainers.image.ref.name
  std::optional<Platform> index_platform;  // the index descriptor's platform, when given
  std::vector<const LayerFacts*> layers;   // image order; nullptr where a blob is missing
  std::vector<std::string> layer_subjects; // "layer 1 (sha256:0123456789ab)"
};

using Findings = std::vector<core::Finding>;

core::Finding make(const char* id,
                   core::Status status,
                   std::string subject,
                   std::string message,
                   std::string remediation = {},
                   core::Evidence evidence = {});

// "/usr/bin/x" for the image path "usr/bin/x".
std::string image_path(const std::string& path);

// The Debian multiarch triplet of a GOARCH-style architecture ("amd64" -> "x86_64-linux-gnu");
// empty for an unknown one.
std::string multiarch_triplet(const std::string& architecture);

// The first identification string scanned from `node`'s file that contains `needle`, or "".
std::string string_with(const RootNode* node, std::string_view needle);

// The run around `needle` in `text` of characters that make versions ("v1.2.3-fips",
// "3.0.5-0ubuntu0.1+Fips2.1") and, when `path`, paths; "" when `needle` is not in `text`.
std::string token_around(const std::string& text, std::string_view needle, bool path);

// Each group appends its findings to `out`.
Image check_oci(const RockFacts& facts, const VerifyPolicy& policy, Findings& out);
void check_archive(const RockFacts& facts, const Image& image, const RootFs& root, Findings& out);
void check_identity(const RockFacts& facts,
                    const Image& image,
                    const RootFs& root,
                    const VerifyPolicy& policy,
                    Findings& out);
void check_openssl(const Image& image, const RootFs& root, Findings& out);
void check_binaries(const RootFs& root, const VerifyPolicy& policy, Findings& out);

} // namespace fipsrock::verify
