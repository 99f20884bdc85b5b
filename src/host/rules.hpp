// SPDX-License-Identifier: Apache-2.0
#pragma once

// Internal to host/: the rule groups evaluate() assembles, and their shared helpers.

#include "core/finding.hpp"
#include "host/evaluate.hpp"
#include "host/facts.hpp"
#include "host/parse_pro.hpp"

#include <optional>
#include <string>
#include <vector>

namespace fipsrock::host::rules {

using Findings = std::vector<core::Finding>;

core::Finding make(std::string id,
                   core::Status status,
                   std::string subject,
                   std::string message,
                   std::string remediation = {},
                   core::Evidence evidence = {});

// "`pro api x` timed out", "`lxd version` exited 1: <first stderr line>" ...; empty when it
// exited 0.
std::string outcome_problem(const CommandOutcome& outcome);

// The command line of `outcome` as the user would type it.
std::string command_line(const CommandOutcome& outcome);

// The first line of `text`, trimmed.
std::string first_line(const std::string& text);

// Whether `mode` runs rockcraft as root.
bool needs_root(Mode mode);

// What the rules learnt from Pro, for the other groups.
struct ProState {
  bool client = false;
  std::optional<bool> attached;                    // nullopt: could not tell
  std::optional<std::vector<std::string>> enabled; // enabled services, when the API answered
  std::optional<std::string> guest_attach;         // lxd_guest_attach from `pro status`
};

void check_pro(const HostFacts& facts, Mode mode, Findings& out, ProState& state);
void check_rockcraft(const HostFacts& facts, Mode mode, bool fips_kernel, Findings& out);
void check_lxd(const HostFacts& facts, Mode mode, Findings& out);

} // namespace fipsrock::host::rules

#include "core/error.hpp"
#include "host/parse_snap.hpp"

namespace fipsrock::host::rules {

// The snap as `probe` saw it, from whichever source it used; an error when none answered or
// the answer could not be parsed.
core::Expected<SnapInfo> snap_from_probe(const SnapProbe& probe, const std::string& name);

} // namespace fipsrock::host::rules
