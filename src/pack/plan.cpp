// SPDX-License-Identifier: Apache-2.0
#include "pack/plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace fipsrock::pack {

std::optional<Sudo> parse_sudo(std::string_view text)
{
  if (text == "auto") {
    return Sudo::auto_detect;
  }
  if (text == "always") {
    return Sudo::always;
  }
  if (text == "never") {
    return Sudo::never;
  }
  return std::nullopt;
}

core::Expected<std::vector<std::string>> pack_argv(const PlanInput& in)
{
  const bool mode_needs_root = in.mode == "pro-sources" || in.mode == "destructive";
  if (mode_needs_root && in.sudo == Sudo::never && !in.is_root) {
    return core::make_error(
        fmt::format("{} mode runs rockcraft as root, but --sudo never forbids sudo", in.mode),
        "run fipsrock as root, allow --sudo auto, or build in guest-attach mode (rockcraft >= "
        "1.18)");
  }
  std::vector<std::string> argv;
  if (!in.is_root &&
      (in.sudo == Sudo::always || (in.sudo == Sudo::auto_detect && mode_needs_root))) {
    // -n: never prompt (a pipeline has no terminal); -E: keep the environment rockcraft needs.
    argv = {"sudo", "-n", "-E"};
  }
  argv.insert(argv.end(), {"rockcraft", "pack", "--pro=fips-updates"});
  if (!in.platform.empty()) {
    argv.push_back("--platform");
    argv.push_back(in.platform);
  }
  if (in.mode == "destructive") {
    argv.push_back("--destructive-mode");
  }
  return argv;
}

std::string
artifact_name(const std::string& name, const std::string& version, const std::string& platform)
{
  return fmt::format("{}_{}_{}.rock", name, version, platform);
}

std::map<std::string, std::string> redact_environment(const std::map<std::string, std::string>& env)
{
  std::map<std::string, std::string> out;
  for (const auto& [name, value] : env) {
    std::string upper = name;
    std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) {
      return static_cast<char>(std::toupper(c));
    });
    bool secret = false;
    for (const char* word :
         {"TOKEN", "PASSWORD", "PASSWD", "SECRET", "KEY", "CREDENTIAL", "AUTH"}) {
      secret = secret || upper.find(word) != std::string::npos;
    }
    out[name] = secret ? "***" : value;
  }
  return out;
}

std::string platform_of_machine(std::string_view uname_m)
{
  if (uname_m == "x86_64") {
    return "amd64";
  }
  if (uname_m == "aarch64" || uname_m == "arm64") {
    return "arm64";
  }
  return std::string(uname_m);
}

} // namespace fipsrock::pack
