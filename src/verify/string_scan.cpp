// SPDX-License-Identifier: Apache-2.0
#include "verify/string_scan.hpp"

#include "verify/tar_path.hpp"

#include <algorithm>

namespace fipsrock::verify {

namespace {

constexpr std::size_t k_max_run = std::size_t{64} * 1024;

bool printable(char c)
{
  return c >= 0x20 && c <= 0x7e;
}

} // namespace

StringScanner::StringScanner(std::vector<std::string> keywords,
                             std::size_t context,
                             std::size_t max_hits)
    : m_keywords(std::move(keywords)), m_context(context), m_max_hits(max_hits)
{
}

void StringScanner::feed(std::string_view bytes)
{
  if (m_keywords.empty()) {
    return;
  }
  std::size_t i = 0;
  while (i < bytes.size()) {
    // Copy the printable stretch in one go; most bytes of a binary end a run at once.
    std::size_t j = i;
    while (j < bytes.size() && printable(bytes[j])) {
      ++j;
    }
    if (j > i) {
      m_run.append(bytes.data() + i, j - i);
      if (m_run.size() >= k_max_run) {
        flush_run();
      }
    }
    if (j < bytes.size()) {
      flush_run();
      ++j;
    }
    i = j;
  }
}

void StringScanner::flush_run()
{
  if (m_run.empty() || m_hits.size() >= m_max_hits) {
    m_run.clear();
    return;
  }
  std::size_t first = std::string::npos;
  std::size_t length = 0;
  for (const auto& keyword : m_keywords) {
    const auto at = m_run.find(keyword);
    if (at != std::string::npos && (first == std::string::npos || at < first)) {
      first = at;
      length = keyword.size();
    }
  }
  if (first != std::string::npos) {
    const std::size_t begin = first > m_context ? first - m_context : 0;
    const std::size_t end = std::min(m_run.size(), first + length + m_context);
    std::string hit = m_run.substr(begin, end - begin);
    if (std::find(m_hits.begin(), m_hits.end(), hit) == m_hits.end()) {
      m_hits.push_back(std::move(hit));
    }
  }
  m_run.clear();
}

std::vector<std::string> StringScanner::finish()
{
  flush_run();
  return m_hits;
}

std::vector<std::string> scan_keywords_for(std::string_view path)
{
  const std::string_view base = base_of(path);
  if (base == "fips.so") {
    // The provider's name and version as `openssl list -providers` prints them, e.g.
    // "Ubuntu 22.04 OpenSSL Cryptographic Module" and "3.0.5-0ubuntu0.1+Fips2.1".
    return {"Cryptographic Module", "+Fips", "FIPS Provider", "FIPS provider"};
  }
  if (base.substr(0, 13) == "libcrypto.so.") {
    // The version banner ("OpenSSL 3.0.2 15 Mar 2022") and the compiled-in MODULESDIR.
    return {"OpenSSL 3.", "ossl-modules"};
  }
  if (base == "pebble") {
    return {"-fips"};
  }
  return {};
}

} // namespace fipsrock::verify
