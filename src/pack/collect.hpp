// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "pack/facts.hpp"

#include <functional>
#include <string>

namespace fipsrock::pack {

// Called with every line rockcraft prints, as it prints it.
using OutputFn = std::function<void(const std::string& line)>;

// Runs `request` (the effects of the pack stage): each attempt's output goes to `on_line` and
// to <dir>/pack.log; transient failures are retried with a doubling delay; SIGINT and SIGTERM
// are forwarded to rockcraft's process group. On success the artifact
// <name>_<version>_<platform>.rock must be in <dir>, and its sha256 and size are recorded.
PackResult run_pack(const PackRequest& request, const OutputFn& on_line);

} // namespace fipsrock::pack
