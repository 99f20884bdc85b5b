// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/error.hpp"
#include "render/facts.hpp"

#include <map>
#include <string>

namespace fipsrock::render {

// Template files by their path under templates/ ("rock.yaml.mustache", "go/go-snap.mustache").
using Templates = std::map<std::string, std::string>;

// The templates compiled into fipsrock.
Templates embedded_templates();

// The rockcraft.yaml of `rock` (pure): the rock template with the partials of the project's
// strategies, filled from `project` and `pins`. Deterministic: same inputs, same bytes. An
// error names a missing or malformed template.
core::Expected<std::string> render_rockcraft_yaml(const Project& project,
                                                  const Pins& pins,
                                                  const Rock& rock,
                                                  const Templates& templates);

// The Go build tags the binaries get: ms_tls13kdf for toolchains 1.23 and 1.24 (TLS 1.3
// panics on FIPS hosts without it), requirefips when the project asks for it.
std::string go_build_tags(const Project& project, const Pins& pins);

// `text` as a YAML double-quoted scalar.
std::string yaml_quote(const std::string& text);

} // namespace fipsrock::render
