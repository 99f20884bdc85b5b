// SPDX-License-Identifier: Apache-2.0
#include "core/digest.hpp"
#include "verify/byte_source.hpp"
#include "verify/rock_builder.hpp"
#include "verify/string_scan.hpp"

#include <doctest/doctest.h>

#include <string>
#include <zlib.h>

namespace verify = fipsrock::verify;
using namespace fipsrock::test;

namespace {

// Gives `bytes` in pieces of `piece` bytes, as a stream from the outer archive would.
class Pieces : public verify::ByteSource {
public:
  Pieces(std::string bytes, std::size_t piece) : m_bytes(std::move(bytes)), m_piece(piece) {}
  fipsrock::core::Expected<std::string_view> next() override
  {
    const std::size_t n = std::min(m_piece, m_bytes.size() - m_at);
    std::string_view out(m_bytes.data() + m_at, n);
    m_at += n;
    return out;
  }

private:
  std::string m_bytes;
  std::size_t m_piece;
  std::size_t m_at = 0;
};

std::string gzip(const std::string& data)
{
  z_stream z{};
  REQUIRE(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&z, data.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

fipsrock::core::Expected<std::string> read_all(verify::ByteSource& source)
{
  std::string out;
  for (;;) {
    auto piece = source.next();
    if (!piece) {
      return tl::make_unexpected(piece.error());
    }
    if (piece->empty()) {
      return out;
    }
    out.append(piece->data(), piece->size());
  }
}

std::string sample(std::size_t size)
{
  std::string s;
  for (std::size_t i = 0; s.size() < size; ++i) {
    s += "line " + std::to_string(i * 7919 % 10007) + " of the sample text\n";
  }
  s.resize(size);
  return s;
}

} // namespace

TEST_CASE("verify::gunzip")
{
  const std::string text = sample(3 << 20);
  SUBCASE("one member, in pieces of every size from the outer archive")
  {
    for (const std::size_t piece : {1UL, 7UL, 512UL, 65536UL, 1UL << 22}) {
      CAPTURE(piece);
      Pieces in(gzip(text), piece);
      std::uint64_t trailing = 0;
      auto out = read_all(*verify::gunzip(in, &trailing));
      REQUIRE(out.has_value());
      CHECK(*out == text);
      CHECK(trailing == 0);
    }
  }
  SUBCASE("several members are one stream, as gzip -d reads them")
  {
    Pieces in(gzip("first ") + gzip("second"), 3);
    auto out = read_all(*verify::gunzip(in, nullptr));
    REQUIRE(out.has_value());
    CHECK(*out == "first second");
  }
  SUBCASE("bytes after the last member are counted and skipped")
  {
    Pieces in(gzip("data") + std::string(1024, '\0'), 100);
    std::uint64_t trailing = 0;
    auto out = read_all(*verify::gunzip(in, &trailing));
    REQUIRE(out.has_value());
    CHECK(*out == "data");
    CHECK(trailing == 1024);
  }
  SUBCASE("truncated data is an error")
  {
    const std::string whole = gzip(text);
    Pieces in(whole.substr(0, whole.size() / 2), 4096);
    auto out = read_all(*verify::gunzip(in, nullptr));
    REQUIRE_FALSE(out.has_value());
    CHECK(out.error().message.find("gzip") != std::string::npos);
  }
  SUBCASE("a corrupt trailer is an error")
  {
    std::string whole = gzip("some text that is checked");
    whole[whole.size() - 6] ^= 0x55; // CRC-32
    Pieces in(whole, 4096);
    auto out = read_all(*verify::gunzip(in, nullptr));
    REQUIRE_FALSE(out.has_value());
    CHECK(out.error().message.find("corrupt gzip data") == 0);
  }
  SUBCASE("garbage after the magic is an error, not a hang")
  {
    std::string junk = "\x1f\x8b";
    junk += std::string(4096, '\xff');
    Pieces in(junk, 100);
    CHECK_FALSE(read_all(*verify::gunzip(in, nullptr)).has_value());
  }
}

TEST_CASE("verify::unzstd")
{
  const std::string text = sample(1 << 20);
  const std::string tar = make_tar({tar_file("a", text)});
  const std::string compressed = make_tar({tar_file("a", text)}, "zstd");
  CHECK(verify::sniff_compression(compressed) == verify::Compression::zstd);
  Pieces in(compressed, 1000);
  auto out = read_all(*verify::unzstd(in));
  REQUIRE(out.has_value());
  CHECK(*out == tar);

  Pieces broken(compressed.substr(0, 20) + std::string(200, 'x'), 64);
  CHECK_FALSE(read_all(*verify::unzstd(broken)).has_value());
}

TEST_CASE("verify::sniff_compression")
{
  CHECK(verify::sniff_compression("\x1f\x8b\x08") == verify::Compression::gzip);
  CHECK(verify::sniff_compression(std::string("\x28\xb5\x2f\xfd", 4)) == verify::Compression::zstd);
  CHECK(verify::sniff_compression("usr/bin/x") == verify::Compression::none);
  CHECK(verify::sniff_compression("") == verify::Compression::none);
}

TEST_CASE("verify::PrefixedSource and take_head")
{
  Pieces in("0123456789", 3);
  auto head = verify::take_head(in, 5);
  REQUIRE(head.has_value());
  CHECK(*head == "012345"); // whole pieces: at least 5 bytes
  verify::PrefixedSource whole(*head, in);
  auto all = read_all(whole);
  REQUIRE(all.has_value());
  CHECK(*all == "0123456789");
}

TEST_CASE("core::Sha256")
{
  fipsrock::core::Sha256 hash;
  const std::string text = sample(100000);
  for (std::size_t i = 0; i < text.size(); i += 777) {
    hash.update(std::string_view(text).substr(i, 777));
  }
  CHECK(hash.hex_digest() == fipsrock::core::sha256_hex(text));
  // hex_digest() starts over; a moved-to hasher goes on where the other stopped.
  CHECK(hash.hex_digest() == fipsrock::core::sha256_hex(""));
  hash.update("ab");
  fipsrock::core::Sha256 moved = std::move(hash);
  moved.update("c");
  CHECK(moved.hex_digest() == fipsrock::core::sha256_hex("abc"));
}

TEST_CASE("verify::StringScanner")
{
  SUBCASE("a string split across pieces is found once, with its context")
  {
    verify::StringScanner scanner({"Cryptographic Module"}, 100);
    const std::string bytes = std::string("\x7f\x01\x02", 3) +
                              "Ubuntu 22.04 OpenSSL Cryptographic Module" + std::string(1, '\0') +
                              "3.0.5-0ubuntu0.1+Fips2.1" + std::string(1, '\0');
    for (std::size_t i = 0; i < bytes.size(); i += 5) {
      scanner.feed(std::string_view(bytes).substr(i, 5));
    }
    scanner.feed(bytes);
    const auto hits = scanner.finish();
    REQUIRE(hits.size() == 1);
    CHECK(hits[0] == "Ubuntu 22.04 OpenSSL Cryptographic Module");
  }
  SUBCASE("no keywords, no work")
  {
    verify::StringScanner scanner({});
    scanner.feed("Cryptographic Module");
    CHECK(scanner.finish().empty());
  }
  SUBCASE("the hit count is bounded")
  {
    verify::StringScanner scanner({"fips"}, 4, 3);
    for (int i = 0; i < 10; ++i) {
      scanner.feed("v" + std::to_string(i) + "-fips" + std::string(1, '\0'));
    }
    CHECK(scanner.finish().size() == 3);
  }
  SUBCASE("keywords by file")
  {
    CHECK_FALSE(verify::scan_keywords_for("usr/lib/x/ossl-modules-3/fips.so").empty());
    CHECK_FALSE(verify::scan_keywords_for("usr/lib/x/libcrypto.so.3.0.2").empty());
    CHECK_FALSE(verify::scan_keywords_for("usr/bin/pebble").empty());
    CHECK(verify::scan_keywords_for("usr/bin/controller").empty());
  }
}
