// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/report.hpp"
#include "verify/facts.hpp"
#include "verify/policy.hpp"

namespace fipsrock::verify {

// Applies every verify rule to what one pass over a .rock saw (pure): OCI integrity, archive
// safety, the rock's identity, then the FIPS rules on the merged root filesystem; then the
// policy's waivers. The report's context names the rock, its manifest and what the pass cost.
VerifyResult evaluate(const RockFacts& facts, const VerifyPolicy& policy);

} // namespace fipsrock::verify
