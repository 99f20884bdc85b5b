// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/error.hpp"
#include "render/facts.hpp"

#include <string>
#include <string_view>

namespace fipsrock::render {

// The project file (rockcraft/metallb.yaml) from its `text`; `path` names it in messages.
// Errors read "<path>:<line>: <key>: <what is wrong>" with a hint; unknown keys and strategy
// names get "did you mean".
core::Expected<Project> parse_project(std::string_view text, const std::string& path);

// The lock file (rockcraft/pins.yaml), with errors as parse_project's.
core::Expected<Pins> parse_pins(std::string_view text, const std::string& path);

// Checks that need both files: the pins cover every platform the project builds for the
// chosen strategies, and the pinned Go toolchain meets the project's Go requirement.
core::Expected<void> check_inputs(const Project& project, const Pins& pins);

// The Go release ("1.26") the chosen strategy builds with.
std::string toolchain_minor(const Project& project, const Pins& pins);

std::string_view to_string(GoStrategy strategy);
std::string_view to_string(OpensslStrategy strategy);

} // namespace fipsrock::render
