// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "attest/dsse.hpp"
#include "core/error.hpp"
#include "core/report.hpp"

#include <string>
#include <vector>

namespace fipsrock::attest {

// A .rock given to `attest verify`, by the sha256 of its bytes as read now.
struct RockDigest {
  std::string path;
  std::string sha256;
};

// What `attest verify` checks: the attestation file's text, and the rocks it must name.
struct AttestationFacts {
  std::string path; // the attestation file, for messages
  std::string text;
  std::vector<RockDigest> rocks;
};

// PURE (but for OpenSSL's signature check): the findings of `attest verify`:
//   attest.signature  the DSSE signature verifies with `key` (nullptr: not checked; an unsigned
//                     statement is "unsigned", and refused when a key is given)
//   attest.statement  the statement's structure (check_statement.hpp), one finding per problem
//   attest.subject    every rock's sha256 is a subject's digest
//   attest.verdict    a verification summary says PASSED
// An error only when the text is not JSON at all (the input cannot be read: exit 2).
core::Expected<core::Report> evaluate_attestation(const AttestationFacts& facts, const Key* key);

} // namespace fipsrock::attest
