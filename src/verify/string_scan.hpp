// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace fipsrock::verify {

// Finds identification strings in a binary that arrives in pieces, as `strings | grep` would:
// each run of printable ASCII that contains one of the keywords is kept, cut to `context`
// characters either side of the first keyword. Memory stays bounded: a run is looked at when it
// ends or reaches 64 KiB, and at most `max_hits` distinct excerpts are kept.
class StringScanner {
public:
  StringScanner(std::vector<std::string> keywords,
                std::size_t context = 80,
                std::size_t max_hits = 16);

  void feed(std::string_view bytes);
  // The excerpts found, in the order they were met (ends the current run first).
  std::vector<std::string> finish();

private:
  void flush_run();

  std::vector<std::string> m_keywords;
  std::size_t m_context;
  std::size_t m_max_hits;
  std::string m_run;
  std::vector<std::string> m_hits;
};

// The keywords worth scanning for in the file at image path `path` ("usr/lib/.../fips.so"):
// the FIPS provider's name and version, libcrypto's version and module directory, Pebble's
// version. Empty for every other file.
std::vector<std::string> scan_keywords_for(std::string_view path);

} // namespace fipsrock::verify
