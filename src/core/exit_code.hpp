// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace fipsrock::core {

// The process exit codes of every subcommand (shared/DESIGN.md §2).
enum class ExitCode : int {
  ok = 0,           // every required check passed
  check_failed = 1, // a check failed: host not ready, artifact not compliant, rocks differ
  error = 2,        // could not complete: bad input, missing tool, I/O error
  interrupted = 130,
};

inline int to_int(ExitCode code)
{
  return static_cast<int>(code);
}

} // namespace fipsrock::core
