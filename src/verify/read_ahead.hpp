// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "verify/byte_source.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>

namespace fipsrock::verify {

// A ByteSource that pulls `inner` on a worker thread, at most `depth` pieces ahead of its
// reader, so that reading, hashing and inflating a blob overlap with walking its tar on a
// second core. Each piece is copied into a buffer the reader owns until its next call.
//
// `inner_count` is a counter that `inner` advances as it reads (the compressed bytes taken
// from the .rock); it is read on the worker next to each piece, and counted() gives its value
// as of the piece last returned, so the reader never touches it while the worker runs.
//
// The worker stops at the end of `inner`, at its first error, or when this object is
// destroyed (it then finishes the piece in hand and is joined): `inner` must outlive it.
class ReadAhead : public ByteSource {
public:
  ReadAhead(ByteSource& inner, const std::uint64_t& inner_count, std::size_t depth = 8);
  ~ReadAhead() override;
  ReadAhead(const ReadAhead&) = delete;
  ReadAhead& operator=(const ReadAhead&) = delete;
  ReadAhead(ReadAhead&&) = delete;
  ReadAhead& operator=(ReadAhead&&) = delete;

  core::Expected<std::string_view> next() override;

  // `inner_count` as it was when the worker read the piece last returned by next().
  std::uint64_t counted() const;

  // Stops and joins the worker now (the destructor does the same). Idempotent.
  void stop();

private:
  struct State;
  std::unique_ptr<State> m_state;
};

} // namespace fipsrock::verify
