// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/error.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fipsrock::pack {

// When rockcraft runs through `sudo -n -E`.
enum class Sudo { auto_detect, always, never };

std::optional<Sudo> parse_sudo(std::string_view text);

// What one pack runs (pure inputs of the plan).
struct PlanInput {
  std::string mode = "guest-attach"; // the doctor's build mode
  Sudo sudo = Sudo::auto_detect;
  bool is_root = false;
  std::string platform;
};

// The argv of `rockcraft pack --pro=fips-updates` for `in`: `--platform P`, `--destructive-mode`
// in destructive mode, and `sudo -n -E` in front when the mode runs rockcraft as root (pro-sources,
// destructive) or with Sudo::always, unless already root. An error when Sudo::never meets a
// mode that needs root.
core::Expected<std::vector<std::string>> pack_argv(const PlanInput& in);

// "<name>_<version>_<platform>.rock", the one file rockcraft must produce.
std::string
artifact_name(const std::string& name, const std::string& version, const std::string& platform);

// `env` for a record: every name kept, the value of each secret-looking one (TOKEN, PASSWORD,
// SECRET, KEY, CREDENTIAL in the name) replaced by "***".
std::map<std::string, std::string>
redact_environment(const std::map<std::string, std::string>& env);

// The platform name of machine `uname_m` ("x86_64" -> "amd64", "aarch64" -> "arm64").
std::string platform_of_machine(std::string_view uname_m);

} // namespace fipsrock::pack
