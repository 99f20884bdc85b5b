// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/error.hpp"

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace fipsrock::sys {

using Environment = std::map<std::string, std::string>;

enum class Stream { out, err };

// What SIGINT and SIGTERM sent to fipsrock do while a child runs.
enum class Signals {
  default_handling, // they end fipsrock as usual; the child (in its own group) keeps running
  forward,          // sent on to the child's process group; `run` waits for it to end (SIGKILL
                    // after `grace`, or at a second signal) and reports `interrupted`
};

// What to run. `argv[0]` is a program name looked up on the PATH of `env` (or an absolute or
// relative path); no shell is involved. `env` is the complete environment of the child.
struct Command {
  std::vector<std::string> argv;
  Environment env;
  std::string cwd; // empty: the current directory
  std::chrono::milliseconds timeout{std::chrono::seconds(30)};
  // Called for every complete line (without the newline) as it arrives, and for a final
  // partial line at end of stream. When set, the output is still captured (up to the cap).
  std::function<void(Stream, const std::string&)> on_line;
  // At most this many bytes of each stream are kept in `Completed`; the rest is read and
  // dropped, so a chatty child never blocks nor grows memory without bound.
  std::size_t capture_limit = std::size_t{16} * 1024 * 1024;
  Signals signals = Signals::default_handling;
  std::chrono::milliseconds grace{std::chrono::seconds(10)};
};

// How a child ended.
struct Completed {
  int exit_code = -1; // the exit status, or -1 when killed by a signal
  int signal = 0;     // the terminating signal, or 0
  bool timed_out = false;
  int interrupted = 0; // with Signals::forward: the signal (SIGINT, SIGTERM) fipsrock received
  std::string out;
  std::string err;
  bool out_truncated = false;
  bool err_truncated = false;
};

// Runs `command` to completion, reading stdout and stderr concurrently (no deadlock on large
// output on either stream) and with stdin closed. The child runs in its own process group; on
// timeout the whole group is killed and `timed_out` is set. An error means the program could
// not be found or started (message names the program).
core::Expected<Completed> run(const Command& command);

// The full path of `program` as the PATH in `env` resolves it; nullopt when not found.
std::optional<std::string> find_program(const std::string& program, const Environment& env);

// The environment of this process, as a map.
Environment current_environment();

// "executing: a b c" with the values of secret-looking `NAME=value` arguments redacted.
std::string describe(const std::vector<std::string>& argv);

} // namespace fipsrock::sys
