// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "cli/options.hpp"
#include "verify/collect.hpp"

#include <chrono>
#include <cstdint>
#include <string>

namespace fipsrock::cli {

// Shows on stderr how far a pass over a .rock has got (verify, compare): a live line on a
// terminal; otherwise a plain line per layer blob, and only for a rock of at least 64 MB (every
// rock with -v); nothing with -q. Use progress() as the collect callback.
class ReadDisplay {
public:
  // `command` prefixes each line ("verify"); `file` is the .rock being read.
  ReadDisplay(const GlobalOptions& global, std::string command, std::string file);
  ~ReadDisplay();
  ReadDisplay(const ReadDisplay&) = delete;
  ReadDisplay& operator=(const ReadDisplay&) = delete;

  verify::ProgressFn progress();

private:
  void update(const verify::ReadProgress& progress);
  void clear();

  std::string m_command;
  std::string m_file;
  std::uint64_t m_total = 0; // the file's size; 0 when unknown
  bool m_tty = false;
  bool m_lines = false; // plain lines
  bool m_dirty = false;
  std::string m_entry;
  std::chrono::steady_clock::time_point m_last{};
};

} // namespace fipsrock::cli
