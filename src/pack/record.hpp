// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "pack/facts.hpp"

#include <string>

namespace fipsrock::pack {

// build/<rock>/pack.json (pure): what was run (argv, the environment with secret values
// redacted, rockcraft's version and revision), every attempt, the outcome and the artifact's
// path, sha256 and size. Only a finished pack writes it; an interrupted one writes nothing.
std::string pack_record(const PackRequest& request, const PackResult& result);

} // namespace fipsrock::pack
