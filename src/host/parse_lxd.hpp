// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/error.hpp"

#include <string_view>

namespace fipsrock::host {

// Whether the YAML of `lxc profile show default` has a `disk` device with `path: /` (what
// `lxd init` creates and craft-providers requires). An error when the text is not YAML of a
// profile (a mapping).
core::Expected<bool> profile_has_root_disk(std::string_view yaml);

} // namespace fipsrock::host
