// SPDX-License-Identifier: Apache-2.0
#include "verify/byte_source.hpp"

namespace fipsrock::verify {

PrefixedSource::PrefixedSource(std::string prefix, ByteSource& rest)
    : m_prefix(std::move(prefix)), m_rest(rest)
{
}

core::Expected<std::string_view> PrefixedSource::next()
{
  if (!m_prefix_given) {
    m_prefix_given = true;
    if (!m_prefix.empty()) {
      return std::string_view(m_prefix);
    }
  }
  return m_rest.next();
}

core::Expected<std::string> take_head(ByteSource& source, std::size_t want)
{
  std::string head;
  while (head.size() < want) {
    auto piece = source.next();
    if (!piece) {
      return tl::make_unexpected(piece.error());
    }
    if (piece->empty()) {
      break;
    }
    head.append(piece->data(), piece->size());
  }
  return head;
}

Compression sniff_compression(std::string_view head)
{
  if (head.size() >= 2 && head[0] == '\x1f' && head[1] == '\x8b') {
    return Compression::gzip;
  }
  if (head.size() >= 4 && head.substr(0, 4) == std::string_view("\x28\xb5\x2f\xfd", 4)) {
    return Compression::zstd;
  }
  return Compression::none;
}

} // namespace fipsrock::verify
