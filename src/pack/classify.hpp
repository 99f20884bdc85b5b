// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace fipsrock::pack {

enum class Transience { transient, permanent };

// A known way for `rockcraft pack --pro=...` to fail, recognised from its output.
struct FailureClass {
  std::string id; // stable finding id: "pack.pro-detached", "pack.network", ...
  Transience transience = Transience::permanent;
  std::string message;     // what happened, in the user's words
  std::string remediation; // the command or step that fixes it
  std::string evidence;    // the log line that matched
};

// The first known failure found in `log` (rockcraft's combined output), or nullopt.
std::optional<FailureClass> classify_failure(std::string_view log);

// The class for a failure nothing in the log explains (`pack.failed`, permanent).
FailureClass unknown_failure(int exit_code, std::string_view log_tail);

} // namespace fipsrock::pack
