// SPDX-License-Identifier: Apache-2.0
// Streaming gzip for layer blobs. ISA-L's igzip inflates about twice as fast as zlib on one core
// (research/verify-attest.md §5.2: 382 vs 202 MB/s for a full single-pass layer verify), and
// inflate is the largest cost of verify; zlib is the fallback when ISA-L is not installed.
#include "verify/byte_source.hpp"

#include <fmt/format.h>

#if FIPSROCK_HAVE_ISAL
#include <isa-l/igzip_lib.h>
#endif
#include <cstring>
#include <vector>
#include <zlib.h>

namespace fipsrock::verify {

namespace {

constexpr std::size_t k_out_size = std::size_t{256} * 1024;

#if FIPSROCK_HAVE_ISAL

// One gzip member at a time; ISA-L parses the header and checks CRC-32 and ISIZE itself.
class Inflater {
public:
  Inflater() : m_state(std::make_unique<inflate_state>()) { start(); }

  void start()
  {
    isal_inflate_init(m_state.get());
    m_state->crc_flag = ISAL_GZIP;
  }

  // Inflates from `in` into `out`; sets `consumed`, `produced` and `finished` (member done).
  core::Expected<void> step(std::string_view in,
                            char* out,
                            std::size_t out_size,
                            std::size_t& consumed,
                            std::size_t& produced,
                            bool& finished)
  {
    m_state->next_in = reinterpret_cast<std::uint8_t*>(const_cast<char*>(in.data()));
    m_state->avail_in = static_cast<std::uint32_t>(in.size());
    m_state->next_out = reinterpret_cast<std::uint8_t*>(out);
    m_state->avail_out = static_cast<std::uint32_t>(out_size);
    const int rc = isal_inflate(m_state.get());
    consumed = in.size() - m_state->avail_in;
    produced = out_size - m_state->avail_out;
    finished = m_state->block_state == ISAL_BLOCK_FINISH;
    if (rc < 0) {
      return core::make_error(describe(rc));
    }
    return {};
  }

private:
  static std::string describe(int rc)
  {
    switch (rc) {
    case ISAL_INVALID_BLOCK:
      return "corrupt gzip data: invalid deflate block";
    case ISAL_INVALID_SYMBOL:
      return "corrupt gzip data: invalid deflate symbol";
    case ISAL_INVALID_LOOKBACK:
      return "corrupt gzip data: invalid back-reference distance";
    case ISAL_INVALID_WRAPPER:
      return "corrupt gzip data: invalid gzip header or trailer";
    case ISAL_UNSUPPORTED_METHOD:
      return "corrupt gzip data: unsupported compression method";
    case ISAL_INCORRECT_CHECKSUM:
      return "corrupt gzip data: CRC-32 or length mismatch";
    default:
      return fmt::format("corrupt gzip data (isa-l error {})", rc);
    }
  }

  std::unique_ptr<inflate_state> m_state;
};

#else

class Inflater {
public:
  Inflater() { inflateInit2(&m_stream, 15 + 16); }
  ~Inflater() { inflateEnd(&m_stream); }
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;

  void start() { inflateReset(&m_stream); }

  core::Expected<void> step(std::string_view in,
                            char* out,
                            std::size_t out_size,
                            std::size_t& consumed,
                            std::size_t& produced,
                            bool& finished)
  {
    m_stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    m_stream.avail_in = static_cast<uInt>(in.size());
    m_stream.next_out = reinterpret_cast<Bytef*>(out);
    m_stream.avail_out = static_cast<uInt>(out_size);
    const int rc = inflate(&m_stream, Z_NO_FLUSH);
    consumed = in.size() - m_stream.avail_in;
    produced = out_size - m_stream.avail_out;
    finished = rc == Z_STREAM_END;
    if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
      return core::make_error(
          fmt::format("corrupt gzip data: {}", m_stream.msg ? m_stream.msg : "zlib error"));
    }
    return {};
  }

private:
  z_stream m_stream{};
};

#endif

class GunzipSource : public ByteSource {
public:
  GunzipSource(ByteSource& compressed, std::uint64_t* trailing)
      : m_in(compressed), m_trailing(trailing), m_out(k_out_size)
  {
  }

  core::Expected<std::string_view> next() override
  {
    // Each round either produces output, consumes input, or asks for more input: every
    // path below makes progress or ends, so a malformed stream cannot spin.
    while (!m_done) {
      if (m_pending.empty()) {
        auto more = fill();
        if (!more) {
          return tl::make_unexpected(more.error());
        }
        if (!*more) {
          if (m_in_member) {
            return core::make_error("truncated gzip data: the stream ends inside a member");
          }
          m_done = true;
          break;
        }
      }
      if (!m_in_member) {
        // Between members: another member must start with the gzip magic; anything else is
        // trailing junk (some producers pad), skipped but counted.
        if (m_pending.size() < 2) {
          auto more = fill();
          if (!more) {
            return tl::make_unexpected(more.error());
          }
        }
        if (m_pending.size() >= 2 && m_pending[0] == '\x1f' && m_pending[1] == '\x8b') {
          m_inflater.start();
          m_in_member = true;
        } else {
          auto drained = drain_trailing();
          if (!drained) {
            return tl::make_unexpected(drained.error());
          }
          m_done = true;
          break;
        }
      }
      std::size_t consumed = 0;
      std::size_t produced = 0;
      bool finished = false;
      auto stepped =
          m_inflater.step(m_pending, m_out.data(), m_out.size(), consumed, produced, finished);
      if (!stepped) {
        return tl::make_unexpected(stepped.error());
      }
      m_pending.remove_prefix(consumed);
      if (finished) {
        m_in_member = false;
        m_members += 1;
      } else if (consumed == 0 && produced == 0) {
        // The inflater wants more input than is pending (a header split across pieces).
        auto more = fill();
        if (!more) {
          return tl::make_unexpected(more.error());
        }
        if (!*more) {
          return core::make_error("truncated gzip data: the stream ends inside a member");
        }
      }
      if (produced > 0) {
        return std::string_view(m_out.data(), produced);
      }
    }
    return std::string_view();
  }

private:
  // Appends the next upstream piece to the pending input; false at the end of the stream.
  core::Expected<bool> fill()
  {
    // Rare: a few bytes are left over (a split header). The piece they point into is only
    // valid until the next upstream call, so copy them first.
    std::string left(m_pending);
    auto piece = m_in.next();
    if (!piece) {
      return tl::make_unexpected(piece.error());
    }
    if (piece->empty()) {
      if (!left.empty()) {
        m_carry = std::move(left);
        m_pending = m_carry;
      }
      return false;
    }
    if (left.empty()) {
      m_pending = *piece;
      return true;
    }
    left.append(piece->data(), piece->size());
    m_carry = std::move(left);
    m_pending = m_carry;
    return true;
  }

  core::Expected<void> drain_trailing()
  {
    std::uint64_t count = m_pending.size();
    m_pending = {};
    for (;;) {
      auto piece = m_in.next();
      if (!piece) {
        return tl::make_unexpected(piece.error());
      }
      if (piece->empty()) {
        break;
      }
      count += piece->size();
    }
    if (m_trailing) {
      *m_trailing += count;
    }
    return {};
  }

  ByteSource& m_in;
  std::uint64_t* m_trailing;
  Inflater m_inflater;
  std::vector<char> m_out;
  std::string_view m_pending;
  std::string m_carry;
  bool m_in_member = false;
  bool m_done = false;
  std::uint64_t m_members = 0;
};

} // namespace

std::unique_ptr<ByteSource> gunzip(ByteSource& compressed, std::uint64_t* trailing)
{
  return std::make_unique<GunzipSource>(compressed, trailing);
}

std::string inflate_implementation()
{
#if FIPSROCK_HAVE_ISAL
  return "isa-l";
#else
  return std::string("zlib ") + zlibVersion();
#endif
}

} // namespace fipsrock::verify
