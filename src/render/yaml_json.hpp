// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/error.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace fipsrock::render {

// Where a node of a YAML document was written.
struct YamlSource {
  int line = 0;           // 1-based line of the node (of its key, for a mapping value); 0 unknown
  std::string text;       // a scalar's text as written; empty for mappings and sequences
  bool timestamp = false; // a plain scalar PyYAML reads as a date (JSON carries it as a string)
};

// A YAML document as JSON, plus the source of every node keyed by its dotted path ("" = root).
struct YamlDocument {
  nlohmann::json value;
  std::map<std::string, YamlSource> sources;
};

// Loads `yaml` as rockcraft does (PyYAML's safe_load: YAML 1.1 scalar types, one document).
// An error starting "line N:" when the text is not one YAML document or uses a tag PyYAML's
// safe loader refuses.
core::Expected<YamlDocument> load_yaml_document(std::string_view yaml);

// The source of the node at `path`, or nullptr when the document has none there.
const YamlSource* find_source(const YamlDocument& doc, const std::string& path);

// The line of `path`, or of its nearest ancestor written in `doc` (for a missing key); 0 if none.
int line_of(const YamlDocument& doc, std::string path);

// The member `key` of `object`, or nullptr when `object` is no mapping or lacks it.
const nlohmann::json* json_member(const nlohmann::json& object, const std::string& key);

// The value `segments` (mapping keys, or list indexes in decimal) below `root`, or nullptr.
const nlohmann::json* json_at(const nlohmann::json& root, const std::vector<std::string>& segments);

// The dotted path of `key` under `parent`: "parts" + "controller" -> "parts.controller".
std::string join_path(const std::string& parent, const std::string& key);

} // namespace fipsrock::render
