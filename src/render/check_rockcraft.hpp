// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/error.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace fipsrock::render {

// One broken rule of a rockcraft.yaml.
struct Violation {
  std::string rule;    // "schema", "name", "license", "entrypoint-service", "entrypoint-command",
                       // "reserved-part-name", "version", "environment"
  std::string path;    // YAML path of the offending node, e.g. "parts.controller.source-depth"
  int line = 0;        // 1-based line in the YAML text, 0 when unknown
  std::string message; // what is wrong, in words a user can act on
};

// The YAML document `yaml` as JSON text, each scalar typed as rockcraft's loader (PyYAML's
// YAML 1.1 resolver) would see it: plain scalars become int, float, bool or null by the YAML
// rules, quoted ones stay strings. An error (starting "line N:") when the text is not YAML.
core::Expected<std::string> yaml_to_json(std::string_view yaml);

// Checks a rendered rockcraft.yaml against rockcraft's JSON schema (`schema_json`, draft
// 2020-12 as rockcraft publishes it) and the rules the schema does not carry. An empty list
// means valid. An error when `yaml` is not YAML or `schema_json` is not a usable schema.
core::Expected<std::vector<Violation>> check_rockcraft_yaml(std::string_view yaml,
                                                            std::string_view schema_json);

// Whether `id` is an SPDX license id (or "proprietary"), per the vendored SPDX list.
bool is_known_license(std::string_view id);

} // namespace fipsrock::render
