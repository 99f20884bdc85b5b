// SPDX-License-Identifier: Apache-2.0
// The JSON form of a comparison: what `compare --json` prints and `attest --compare` signs.
#include "attest/compare.hpp"

#include <nlohmann/json.hpp>

namespace fipsrock::attest {

namespace {

nlohmann::ordered_json side_json(const core::ImageInventory& side)
{
  nlohmann::ordered_json out;
  out["file"] = side.file;
  out["sha256"] = side.file_sha256.empty() ? nlohmann::ordered_json(nullptr)
                                           : nlohmann::ordered_json(side.file_sha256);
  out["manifest"] = side.manifest_digest;
  out["config"] = side.config_digest;
  nlohmann::ordered_json layers = nlohmann::ordered_json::array();
  for (const auto& layer : side.layers) {
    layers.push_back({{"digest", layer.digest},
                      {"diffID", layer.diff_id},
                      {"contentDigest", layer.content_digest}});
  }
  out["layers"] = layers;
  out["files"] = side.files.size();
  return out;
}

} // namespace

nlohmann::ordered_json comparison_json(const Comparison& comparison,
                                       const core::ImageInventory& a,
                                       const core::ImageInventory& b)
{
  nlohmann::ordered_json out;
  out["result"] = comparison.equivalent ? "EQUIVALENT" : "DIFFERENT";
  out["bitForBit"] = comparison.bit_for_bit;
  out["a"] = side_json(a);
  out["b"] = side_json(b);
  nlohmann::ordered_json differences = nlohmann::ordered_json::array();
  for (const Difference& d : comparison.differences) {
    nlohmann::ordered_json item;
    item["kind"] = d.kind;
    item["path"] = d.path;
    item["change"] = d.change;
    if (!d.what.empty()) {
      item["what"] = d.what;
    }
    item["a"] = d.a.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(d.a);
    item["b"] = d.b.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(d.b);
    if (d.kind == "file") {
      item["aSha256"] =
          d.a_sha256.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(d.a_sha256);
      item["bSha256"] =
          d.b_sha256.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(d.b_sha256);
    }
    differences.push_back(std::move(item));
  }
  out["differences"] = differences;
  out["ignored"] = comparison.ignored;
  return out;
}

} // namespace fipsrock::attest
