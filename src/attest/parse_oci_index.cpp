// SPDX-License-Identifier: Apache-2.0
#include "attest/parse_oci_index.hpp"

#include "attest/parse_records.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <vector>

namespace fipsrock::attest {

namespace {

constexpr std::string_view k_media_manifest = "application/vnd.oci.image.manifest.v1+json";

struct Candidate {
  std::string digest;
  std::string architecture; // empty when the descriptor has no platform
};

core::Expected<std::string> pick_manifest(const nlohmann::json& doc, const std::string& platform)
{
  if (!doc.is_object() || !doc.contains("manifests") || !doc["manifests"].is_array()) {
    return core::make_error("index.json has no manifests array");
  }
  std::vector<Candidate> images;
  for (const auto& m : doc["manifests"]) {
    if (!m.is_object() || !m.contains("digest") || !m["digest"].is_string()) {
      return core::make_error("index.json: a manifest descriptor has no digest");
    }
    const std::string media = m.value("mediaType", std::string(k_media_manifest));
    if (media != k_media_manifest) {
      continue; // a nested index or something else that is not one runnable image
    }
    const auto annotations = m.value("annotations", nlohmann::json::object());
    if (annotations.is_object() &&
        annotations.value("vnd.docker.reference.type", "") == "attestation-manifest") {
      continue;
    }
    Candidate c{m["digest"].get<std::string>(), ""};
    if (m.contains("platform") && m["platform"].is_object()) {
      c.architecture = m["platform"].value("architecture", "");
      if (c.architecture == "unknown") {
        continue;
      }
    }
    const std::string_view digest = c.digest;
    if (digest.rfind("sha256:", 0) != 0 || !is_lower_hex(digest.substr(7), 64)) {
      return core::make_error(
          fmt::format("index.json: manifest digest '{}' is not sha256:<64 hex>", c.digest));
    }
    images.push_back(std::move(c));
  }
  if (images.size() == 1) {
    return images.front().digest;
  }
  std::vector<std::string> matching;
  for (const auto& c : images) {
    if (c.architecture == platform) {
      matching.push_back(c.digest);
    }
  }
  if (matching.size() == 1) {
    return matching.front();
  }
  if (images.empty()) {
    return core::make_error("index.json names no image manifest");
  }
  return core::make_error(fmt::format(
      "index.json names {} image manifests and not exactly one for {}", images.size(), platform));
}

} // namespace

core::Expected<std::string> image_manifest_digest(std::string_view index_json,
                                                  const std::string& platform)
{
  try {
    return pick_manifest(nlohmann::json::parse(index_json), platform);
  } catch (const nlohmann::json::exception& e) {
    return core::make_error(fmt::format("index.json is not a valid OCI index: {}", e.what()));
  }
}

} // namespace fipsrock::attest
