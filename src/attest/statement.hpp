// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "attest/facts.hpp"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>
#include <vector>

// PURE builders of the in-toto statements attest writes (shared/research/verify-attest.md §3;
// specs in shared/schema/): SLSA Provenance v1 and the SLSA verification summary (VSA) v1.

namespace fipsrock::attest {

inline constexpr std::string_view k_statement_type = "https://in-toto.io/Statement/v1";
inline constexpr std::string_view k_provenance_type = "https://slsa.dev/provenance/v1";
inline constexpr std::string_view k_vsa_type = "https://slsa.dev/verification_summary/v1";
// Ours: the result of `fipsrock compare` between the attested rock and another build of it
// (README "attest": the predicate's fields).
inline constexpr std::string_view k_compare_type = "https://fipsrock.dev/attestation/compare/v1";
inline constexpr std::string_view k_comparator_id = "https://fipsrock.dev/compare";
// Our buildType: what externalParameters and internalParameters mean (README "attest").
inline constexpr std::string_view k_build_type = "https://fipsrock.dev/buildtypes/rockcraft-pro/v1";
// VSA extension fields (the VSA spec names extensions by URI): the verify findings a waiver
// excused, with their reasons; and the verify report's verdict with what failed.
inline constexpr std::string_view k_waived_rules_field = "https://fipsrock.dev/vsa/waived-rules/v1";
inline constexpr std::string_view k_verify_report_field =
    "https://fipsrock.dev/vsa/verify-report/v1";
inline constexpr std::string_view k_manifest_media_type =
    "application/vnd.oci.image.manifest.v1+json";

// The ways the records of one build disagree with each other or with the files as they are
// now (the rock's sha256 against pack.json, the rendered rockcraft.yaml against render.json,
// the image verify read against this rock, the pack's platform against the render): one
// message per problem, none when the facts are consistent.
std::vector<std::string> record_mismatches(const AttestFacts& facts);

// The statement subjects: the .rock file by its sha256, and the OCI image manifest named
// "<rock>:<version>" by its digest.
nlohmann::ordered_json subjects(const AttestFacts& facts);

// The in-toto Statement v1 with the SLSA Provenance v1 predicate of the build in `facts`.
// Call only with facts that have no record_mismatches (a missing Go archive is left out).
nlohmann::ordered_json provenance_statement(const AttestFacts& facts);

// The in-toto Statement v1 with a SLSA verification summary of `facts.verify` (which must be
// set): PASSED only when verify passed. `provenance` is the provenance file as written (its
// name and sha256), listed as the input attestation.
nlohmann::ordered_json verification_summary(const AttestFacts& facts, const FileRef& provenance);

// The in-toto Statement v1 with our compare predicate: `comparison` (attest::comparison_json of
// this rock as A against another build as B) plus the comparator, `time_compared` (RFC 3339
// UTC) and the provenance file as written, listed as the input attestation.
nlohmann::ordered_json comparison_statement(const AttestFacts& facts,
                                            const nlohmann::ordered_json& comparison,
                                            const FileRef& provenance,
                                            const std::string& time_compared);

// The services `rockcraft pack` was given with --pro (["fips-updates"]); empty without --pro.
std::vector<std::string> pro_services(const std::vector<std::string>& argv);

// A name-based id of the build invocation: the UUID (RFC 9562 version 8, from SHA-256) of
// `pack_record_sha256`, as "urn:uuid:…". The same pack record always gives the same id.
std::string invocation_id(std::string_view pack_record_sha256);

// A package URL (purl-spec) component: every byte but A-Z a-z 0-9 . - _ ~ percent-encoded.
std::string purl_escape(std::string_view text);

// `statement` as the bytes written to a file or signed: two-space indentation, final newline.
std::string statement_bytes(const nlohmann::ordered_json& statement);

} // namespace fipsrock::attest
