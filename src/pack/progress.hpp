// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace fipsrock::pack {

// A lifecycle step rockcraft reported: "pull", "overlay", "build", "stage", "prime", "pack",
// and the part it works on (empty for pack).
struct Step {
  std::string step;
  std::string part;
};

// The step a line of rockcraft's output starts ("Building speaker" -> {build, speaker}), or
// nullopt for any other line.
std::optional<Step> parse_step(std::string_view line);

// The artifact a "Packed <file>.rock" line names, or nullopt.
std::optional<std::string> parse_packed(std::string_view line);

// "metallb-speaker amd64 | build speaker | 02:13" for a progress line.
std::string
progress_line(const std::string& rock, const std::string& platform, const Step& step, long seconds);

} // namespace fipsrock::pack
