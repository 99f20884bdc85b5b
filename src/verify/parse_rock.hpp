// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/error.hpp"

#include <string>
#include <string_view>
#include <vector>

// The rockcraft-specific files inside a rock (research/rockcraft.md §3.3, §3.4).

namespace fipsrock::verify {

// /.rock/metadata.yaml, as rockcraft writes it (yaml.dump, keys sorted).
struct RockMetadata {
  std::string name;
  std::string version;
  std::string architecture;
  std::string base;
  std::string created;
};

// Parses `text`; an error when it is not YAML, not a mapping, or lacks name, version or
// architecture ("metadata.yaml:3: version: not a string").
core::Expected<RockMetadata> parse_rock_metadata(std::string_view text);

// The parts of a Pebble layer file the rules read.
struct PebbleService {
  std::string name;
  std::string command;
};
struct PebbleLayer {
  std::vector<PebbleService> services;
};

// Parses the Pebble layer `text`; an error when it is not YAML or `services` is not a mapping.
core::Expected<PebbleLayer> parse_pebble_layer(std::string_view text);

// The parts of the rock's file name `<name>_<version>_<platform>.rock`; an error when `file_name`
// does not have that shape.
struct RockFileName {
  std::string name;
  std::string version;
  std::string platform;
};
core::Expected<RockFileName> parse_rock_file_name(std::string_view file_name);

} // namespace fipsrock::verify
