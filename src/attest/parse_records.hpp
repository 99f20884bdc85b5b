// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "attest/facts.hpp"
#include "core/error.hpp"

#include <string>
#include <string_view>

// PURE: the JSON records of the earlier stages -> facts. Errors read
// "<path>: <field>: <what is wrong>" and say how to get a good record.

namespace fipsrock::attest {

// build/<rock>/render.json (src/render/record.cpp writes it), read from `path`. An error when a
// field attest needs is missing or has the wrong type, or a digest is not 64 lowercase hex.
core::Expected<RenderRecord> parse_render_record(std::string_view text, const std::string& path);

// build/<rock>/pack.json (src/pack/record.cpp writes it), read from `path`. An error as above,
// and when the pack failed: a failed pack made nothing to attest.
core::Expected<PackRecord> parse_pack_record(std::string_view text, const std::string& path);

// A verify report read from `path`: the --json output of `fipsrock verify` (one rock's report,
// or {"rocks": [...]} of several, of which the one whose "rock" has the file name `rock_file`
// is taken). Needs "status" and "findings" [{id, status, subject, message, optional waived,
// waiver_reason, original_status}]. An error when they are missing or no entry is `rock_file`.
core::Expected<VerifyRecord>
parse_verify_record(std::string_view text, const std::string& path, const std::string& rock_file);

// The build mode of `pack`: the record's own "mode" when it has one, else what its argv shows
// (`--destructive-mode`: destructive; through sudo: pro-sources; otherwise guest-attach).
std::string build_mode(const PackRecord& pack);

// True when `text` is an RFC 3339 timestamp in UTC: "YYYY-MM-DDThh:mm:ss[.fraction]Z".
bool is_utc_timestamp(std::string_view text);

// True when `text` is `length` lowercase hex digits.
bool is_lower_hex(std::string_view text, std::size_t length);

} // namespace fipsrock::attest
