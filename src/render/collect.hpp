// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/error.hpp"
#include "render/facts.hpp"
#include "render/rockcraft_yaml.hpp"

#include <string>

namespace fipsrock::render {

// Everything a render reads, with the bytes it was read from (for digests).
struct Inputs {
  Project project;
  Pins pins;
  Templates templates;
  std::string templates_source; // "embedded" or the directory
  std::string project_text;
  std::string pins_text;
};

// Reads and parses the project, the pins next to it (or `pins_path`), and the templates
// (embedded, or every *.mustache under `templates_dir` when set), then cross-checks them.
// Errors name the file, line and key.
core::Expected<Inputs> load_inputs(const std::string& project_path,
                                   const std::string& pins_path,
                                   const std::string& templates_dir);

// The pins file that goes with `project_path` when none is given: pins.yaml beside it.
std::string default_pins_path(const std::string& project_path);

} // namespace fipsrock::render
