// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/error.hpp"
#include "verify/facts.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

// Pull-based byte streams that nest: the .rock's tar entry -> a decompressor -> the layer's tar
// reader. Each stage asks the one below for its next piece, so a layer is hashed, inflated and
// walked in one pass with nothing but fixed-size buffers in between.

namespace fipsrock::verify {

class ByteSource {
public:
  virtual ~ByteSource() = default;
  // The next piece of the stream, valid until the following call; an empty view at the end.
  // An error when the data is corrupt or the source below failed.
  virtual core::Expected<std::string_view> next() = 0;
};

// Gives `prefix` (bytes already taken from `rest` to look at them) and then the rest of `rest`.
class PrefixedSource : public ByteSource {
public:
  PrefixedSource(std::string prefix, ByteSource& rest);
  core::Expected<std::string_view> next() override;

private:
  std::string m_prefix;
  bool m_prefix_given = false;
  ByteSource& m_rest;
};

// Takes pieces from `source` until at least `want` bytes are held (or the stream ends) and
// returns them; `source` must then be read through a PrefixedSource holding them.
core::Expected<std::string> take_head(ByteSource& source, std::size_t want);

// The compression `head` (the first bytes of a blob) announces: gzip (1f 8b), zstd
// (28 b5 2f fd), else none.
Compression sniff_compression(std::string_view head);

// The decompressed stream of the gzip data in `compressed` (several members are concatenated,
// as gzip -d does). Bytes after the last member that do not start another one are counted in
// `*trailing` and skipped. Uses ISA-L's inflate when built with it, else zlib.
std::unique_ptr<ByteSource> gunzip(ByteSource& compressed, std::uint64_t* trailing);

// The decompressed stream of the zstd data in `compressed`, through libarchive's zstd filter.
std::unique_ptr<ByteSource> unzstd(ByteSource& compressed);

// The name of the inflate implementation gunzip() uses ("isa-l 2.30" or "zlib 1.2.13").
std::string inflate_implementation();

} // namespace fipsrock::verify
