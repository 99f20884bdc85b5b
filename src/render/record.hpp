// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "render/collect.hpp"

#include <string>

namespace fipsrock::render {

// The render stage's record of `rock` (build/<rock>/render.json), as JSON text: what was
// rendered from which inputs, with the sha256 of each (the project, the pins, every template,
// the rendered rockcraft.yaml at `yaml_path`), and the pinned toolchain and OpenSSL.
std::string render_record(const Inputs& inputs,
                          const Rock& rock,
                          const std::string& yaml,
                          const std::string& yaml_path);

} // namespace fipsrock::render
