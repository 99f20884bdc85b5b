// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "cli/options.hpp"
#include "core/exit_code.hpp"

#include <string>
#include <vector>

namespace fipsrock::cli {

// Options of `attest`, which `build` passes on.
struct AttestOptions {
  std::string rock;          // the .rock; empty: pack.json's artifact in `build_dir`
  std::string build_dir;     // build/<rock>; empty: the folder of `rock`
  std::string out;           // the provenance file; empty: <build_dir>/attestation.intoto.json
  std::string key;           // PEM ECDSA P-256 private key; empty: write unsigned statements
  std::string builder_id;    // empty: https://fipsrock.dev/builder/<hostname>
  std::string verify_report; // empty: <build_dir>/verify.json when it exists
  std::string policy;        // the verify policy file, for the verification summary
  std::string mode;          // the build mode; empty: what pack.json shows
  std::string compare;       // another build of the rock to compare with; empty: none
  bool print_json = true;    // with --json, print the run's JSON on stdout
};

// Writes the SLSA provenance of one packed rock (and, when there is a verify report, its
// verification summary) as in-toto statements, DSSE-signed with `options.key` when given.
// With `options.compare`, also compares the rock with that other build and writes the result as
// a third statement (comparison.intoto.json).
// Prints what it wrote (and why something was not written); returns 0 when written, 1 when the
// records disagree with each other or with the rock, or the other build is not the same
// software (the comparison statement is still written), 2 when something cannot be read or
// written.
core::ExitCode attest_rock(const AttestOptions& options, const GlobalOptions& global);

// Options of `attest verify`.
struct AttestVerifyOptions {
  std::string attestation;
  std::string key;
  std::vector<std::string> rocks;
};

// `attest verify`: checks the envelope signature (with `options.key`), the statement's structure
// and that each of `options.rocks` is a subject; prints the report. Returns the exit code: 0
// holds, 1 a check failed, 2 the attestation, a key or a rock could not be read.
int run_attest_verify(const AttestVerifyOptions& options, const GlobalOptions& global);

} // namespace fipsrock::cli
