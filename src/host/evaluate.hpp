// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/report.hpp"
#include "host/facts.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace fipsrock::host {

// How rockcraft gets Ubuntu Pro into the build (shared/DESIGN.md §3 doctor).
enum class Mode {
  auto_detect,  // choose from the installed rockcraft
  guest_attach, // rockcraft >= 1.18: LXD guest attachment, no root needed
  pro_sources,  // rockcraft from latest/edge/pro-sources: reads the host token, needs root
  destructive,  // the host is the build environment (--destructive-mode)
};

std::string_view to_string(Mode mode);

// "auto", "guest-attach", "pro-sources" or "destructive"; nullopt for anything else.
std::optional<Mode> parse_mode(std::string_view text);

// What the host is checked against.
struct DoctorPolicy {
  Mode mode = Mode::auto_detect;
  std::string build_base_version = "22.04"; // the rocks' build-base: ubuntu@22.04
};

// The mode the doctor applies and why it was chosen.
struct ModeChoice {
  Mode mode = Mode::guest_attach;
  std::string reason;
};

// The mode for `facts` under `requested` (auto picks from rockcraft's version and channel).
ModeChoice choose_mode(const HostFacts& facts, Mode requested);

// Applies every host rule to `facts` (pure). The report's context carries "mode".
core::Report evaluate(const HostFacts& facts, const DoctorPolicy& policy);

} // namespace fipsrock::host
