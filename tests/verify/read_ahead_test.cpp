// SPDX-License-Identifier: Apache-2.0
#include "verify/read_ahead.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <string>

namespace verify = fipsrock::verify;

namespace {

// Numbered pieces "0000", "0001", ...; `count` of them, then the end or, when `fail_at` is
// reached, an error. Counts the bytes it gave, as the .rock entry reader does, and how many
// times it was asked.
class Numbered : public verify::ByteSource {
public:
  Numbered(int count, int fail_at = -1) : m_count(count), m_fail_at(fail_at) {}

  fipsrock::core::Expected<std::string_view> next() override
  {
    asked += 1;
    if (m_given == m_fail_at) {
      return fipsrock::core::make_error("corrupt gzip data: invalid block");
    }
    if (m_given == m_count) {
      return std::string_view();
    }
    m_piece = std::to_string(10000 + m_given).substr(1);
    m_given += 1;
    read += m_piece.size();
    return std::string_view(m_piece);
  }

  std::uint64_t read = 0;
  std::atomic<int> asked{0};

private:
  int m_count;
  int m_fail_at;
  int m_given = 0;
  std::string m_piece;
};

} // namespace

TEST_CASE("read-ahead gives every piece of the inner source, in order, then the end")
{
  Numbered inner(500);
  verify::ReadAhead ahead(inner, inner.read, 4);
  std::string all;
  std::uint64_t last_count = 0;
  for (;;) {
    auto piece = ahead.next();
    REQUIRE(piece);
    if (piece->empty()) {
      break;
    }
    all.append(piece->data(), piece->size());
    // The counter travels with its piece: 4 bytes per piece so far.
    CHECK(ahead.counted() == all.size());
    last_count = ahead.counted();
  }
  CHECK(all.size() == 2000);
  CHECK(all.substr(0, 12) == "000000010002");
  CHECK(all.substr(all.size() - 4) == "0499");
  CHECK(last_count == 2000);
  // After the end, the end again.
  auto again = ahead.next();
  REQUIRE(again);
  CHECK(again->empty());
}

TEST_CASE("read-ahead passes the inner source's error on, after the pieces before it")
{
  Numbered inner(100, 3);
  verify::ReadAhead ahead(inner, inner.read);
  for (int i = 0; i < 3; ++i) {
    auto piece = ahead.next();
    REQUIRE(piece);
    CHECK(piece->size() == 4);
  }
  auto failed = ahead.next();
  REQUIRE_FALSE(failed);
  CHECK(failed.error().message == "corrupt gzip data: invalid block");
  // The error sticks: a reader that asks again does not wait for a worker that has stopped.
  auto again = ahead.next();
  REQUIRE_FALSE(again);
  CHECK(again.error().message == "corrupt gzip data: invalid block");
}

TEST_CASE("read-ahead reads at most its depth ahead, and stops when its reader does")
{
  Numbered inner(1'000'000);
  {
    verify::ReadAhead ahead(inner, inner.read, 3);
    auto first = ahead.next();
    REQUIRE(first);
    CHECK(*first == "0000");
    // The reader stops here (a spent budget); destroying `ahead` must not read the rest.
  }
  // One taken, three queued, at most one in the worker's hands when it saw the stop.
  CHECK(inner.asked.load() <= 1 + 3 + 1);
  CHECK(inner.asked.load() >= 1);
}

TEST_CASE("read-ahead stop() is idempotent and next() after it reports the stop")
{
  Numbered inner(1'000'000);
  verify::ReadAhead ahead(inner, inner.read, 2);
  ahead.stop();
  ahead.stop();
  // Whatever was queued before the stop may still be handed out; then it says it stopped.
  for (int i = 0; i < 4; ++i) {
    auto piece = ahead.next();
    if (!piece) {
      CHECK(piece.error().message == "reading was stopped");
      return;
    }
  }
  FAIL("next() kept giving pieces after stop()");
}
