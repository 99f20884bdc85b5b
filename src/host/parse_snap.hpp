// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/error.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace fipsrock::host {

// What snapd knows of one snap, from whichever source could be read.
struct SnapInfo {
  std::string name;
  bool installed = false;
  std::string version;
  std::string revision;
  // The full tracking channel ("latest/edge/pro-sources"); from `snap list` a branch shows as
  // "latest/edge/…" and `channel_truncated` is set.
  std::string tracking_channel;
  bool channel_truncated = false;
  std::string status;      // REST only: "active" | "installed"
  std::string confinement; // "classic", "strict", ...
};

// The body of snapd's `GET /v2/snaps/<name>` reply (200 sync or 404 snap-not-found → not
// installed). Other error bodies and non-JSON are errors.
core::Expected<SnapInfo> parse_snapd_snap(std::string_view body);

// The body of snapd's `GET /v2/snaps` reply: one entry per object of `result`, in snapd's order.
// Error replies, a non-array `result` and non-JSON are errors.
core::Expected<std::vector<SnapInfo>> parse_snapd_snaps(std::string_view body);

// `snap info <name>` text: `tracking:` and `installed:` lines; no `installed:` line means not
// installed. An error when there is no `name:` line.
core::Expected<SnapInfo> parse_snap_info(std::string_view text);

// `snap list [name]` text, the row of `name`; not installed when there is no such row. An error
// when the header is missing in a non-empty text. With `--all`, the row that is not "disabled"
// wins. Text outputs give `confinement` only through Notes: "classic", "devmode" or "strict".
core::Expected<SnapInfo> parse_snap_list(std::string_view text, std::string_view name);

// A channel in snapd's full form (`channel.Full`): "edge" -> "latest/edge", "5.21" ->
// "5.21/stable", "edge/pro-sources" -> "latest/edge/pro-sources", 3 parts unchanged. Text that
// snapd would reject (more than 3 parts) comes back unchanged.
std::string normalize_channel(std::string_view channel);

} // namespace fipsrock::host
