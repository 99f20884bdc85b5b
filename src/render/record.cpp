// SPDX-License-Identifier: Apache-2.0
#include "render/record.hpp"

#include "core/digest.hpp"
#include "render/parse_inputs.hpp"

#include <nlohmann/json.hpp>

namespace fipsrock::render {

std::string render_record(const Inputs& inputs,
                          const Rock& rock,
                          const std::string& yaml,
                          const std::string& yaml_path)
{
  const Project& p = inputs.project;
  const Pins& pins = inputs.pins;
  nlohmann::ordered_json doc;
  doc["fipsrock"] = FIPSROCK_VERSION;
  doc["stage"] = "render";
  doc["rock"] = rock.name;
  doc["version"] = p.source_tag;
  doc["platforms"] = p.platforms;
  doc["source"] = {{"repo", p.source_repo}, {"tag", p.source_tag}, {"commit", p.source_commit}};
  doc["strategy"] = {{"go", std::string(to_string(p.go))},
                     {"openssl", std::string(to_string(p.openssl))},
                     {"requirefips", p.requirefips}};

  nlohmann::ordered_json go;
  if (p.go == GoStrategy::msgo_tarball) {
    go["kind"] = "msgo-tarball";
    go["version"] = pins.msgo.version;
    nlohmann::ordered_json archives = nlohmann::ordered_json::array();
    for (const auto& platform : p.platforms) {
      std::string url = pins.msgo.url;
      url.replace(url.find("{version}"), 9, pins.msgo.version);
      url.replace(url.find("{arch}"), 6, platform);
      archives.push_back(
          {{"platform", platform}, {"url", url}, {"sha256", pins.msgo.sha256.at(platform)}});
    }
    go["archives"] = archives;
  } else {
    go["kind"] = "go-snap";
    go["channel"] = pins.go_snap_channel;
  }
  doc["go_toolchain"] = go;

  nlohmann::ordered_json openssl;
  if (p.openssl == OpensslStrategy::fips_debs) {
    openssl["kind"] = "fips-debs";
    nlohmann::ordered_json packages = nlohmann::ordered_json::array();
    for (const auto& deb : pins.openssl_debs) {
      packages.push_back(
          {{"name", deb.name},
           {"version", deb.version ? nlohmann::ordered_json(*deb.version) : nullptr}});
    }
    openssl["packages"] = packages;
  } else {
    openssl["kind"] = "core22-snap";
    openssl["snap"] = pins.core22_snap;
  }
  doc["openssl"] = openssl;
  doc["rockcraft_minimum"] = pins.rockcraft_minimum;

  doc["inputs"] = {
      {"project", {{"path", p.path}, {"sha256", core::sha256_hex(inputs.project_text)}}},
      {"pins", {{"path", pins.path}, {"sha256", core::sha256_hex(inputs.pins_text)}}},
  };
  nlohmann::ordered_json templates = nlohmann::ordered_json::array();
  for (const auto& [name, text] : inputs.templates) {
    templates.push_back({{"path", "templates/" + name}, {"sha256", core::sha256_hex(text)}});
  }
  doc["inputs"]["templates"] = {{"source", inputs.templates_source}, {"files", templates}};
  doc["rockcraft_yaml"] = {
      {"path", yaml_path}, {"sha256", core::sha256_hex(yaml)}, {"bytes", yaml.size()}};
  return doc.dump(2) + "\n";
}

} // namespace fipsrock::render
