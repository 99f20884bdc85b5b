// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace fipsrock::attest {

// PURE: what is wrong with `statement` as an in-toto Statement v1 (statement.md: _type, a
// non-empty subject whose every entry has a digest, here always with a sha256, predicateType,
// predicate) and, for the three predicates attest writes, with the fields their specs REQUIRE:
// SLSA Provenance v1 (buildType, externalParameters, builder.id; timestamps "…Z") and the
// verification summary v1 (verifier.id, timeVerified, resourceUri, policy.uri,
// verificationResult, verifiedLevels), and our compare predicate (comparator.id, timeCompared,
// result, bitForBit, both rocks' sha256 and manifest, differences). One "<field>: <what>" per
// problem; empty when none.
std::vector<std::string> statement_problems(const nlohmann::json& statement);

} // namespace fipsrock::attest
