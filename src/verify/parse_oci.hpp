// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/error.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// The OCI image layout documents a .rock holds (opencontainers/image-spec: image-layout.md,
// image-index.md, manifest.md, config.md; schemas in shared/schema/oci-image-spec/).

namespace fipsrock::verify {

inline constexpr std::string_view k_media_index = "application/vnd.oci.image.index.v1+json";
inline constexpr std::string_view k_media_manifest = "application/vnd.oci.image.manifest.v1+json";
inline constexpr std::string_view k_media_config = "application/vnd.oci.image.config.v1+json";
inline constexpr std::string_view k_media_layer_tar = "application/vnd.oci.image.layer.v1.tar";
inline constexpr std::string_view k_media_layer_gzip =
    "application/vnd.oci.image.layer.v1.tar+gzip";
inline constexpr std::string_view k_media_layer_zstd =
    "application/vnd.oci.image.layer.v1.tar+zstd";
inline constexpr std::string_view k_annotation_ref_name = "org.opencontainers.image.ref.name";

struct Platform {
  std::string architecture;
  std::string os;
  std::string variant;
};

// A content descriptor (descriptor.md): what a blob is, its digest and its size.
struct Descriptor {
  std::string media_type;
  std::string digest; // "sha256:<hex>"
  std::int64_t size = -1;
  std::map<std::string, std::string> annotations;
  std::optional<Platform> platform;
};

struct OciIndex {
  int schema_version = 0;
  std::string media_type; // may be empty (optional in an index)
  std::vector<Descriptor> manifests;
};

struct OciManifest {
  int schema_version = 0;
  std::string media_type;
  Descriptor config;
  std::vector<Descriptor> layers;
  std::map<std::string, std::string> annotations;
};

struct OciConfig {
  std::string architecture;
  std::string os;
  std::string variant;
  std::string rootfs_type;
  std::vector<std::string> diff_ids;
  std::vector<std::string> entrypoint;
  std::vector<std::string> cmd;
  std::vector<std::string> env; // "NAME=value"
  std::map<std::string, std::string> labels;
};

// `oci-layout`: its imageLayoutVersion. An error when it is not a JSON object with a string
// imageLayoutVersion.
core::Expected<std::string> parse_oci_layout(std::string_view text);

// index.json, a manifest, a config. Each checks the fields the spec REQUIRES and their types;
// an error says which field is missing or wrong ("manifests[1].digest: missing").
core::Expected<OciIndex> parse_oci_index(std::string_view text);
core::Expected<OciManifest> parse_oci_manifest(std::string_view text);
core::Expected<OciConfig> parse_oci_config(std::string_view text);

// Splits "sha256:<hex>" into its algorithm and encoded parts and checks them against the
// descriptor grammar (and, for sha256, 64 lowercase hex digits); an error says what is wrong.
struct ParsedDigest {
  std::string algorithm;
  std::string encoded;
};
core::Expected<ParsedDigest> parse_digest(std::string_view digest);

} // namespace fipsrock::verify
