// SPDX-License-Identifier: Apache-2.0
#include "verify/read_ahead.hpp"

#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace fipsrock::verify {

namespace {

struct Piece {
  std::string bytes;                // empty with no error: the end of the stream
  std::optional<core::Error> error; // set: the stream failed here
  std::uint64_t counted = 0;
};

} // namespace

struct ReadAhead::State {
  ByteSource& inner;
  const std::uint64_t& inner_count;
  std::size_t depth;

  std::mutex mutex;
  std::condition_variable changed;
  std::deque<Piece> ready;        // produced, not yet taken
  std::vector<std::string> spare; // buffers handed back, for reuse
  bool cancelled = false;

  // Reader side only.
  Piece current;
  bool ended = false;
  std::thread worker;

  State(ByteSource& source, const std::uint64_t& count, std::size_t ahead)
      : inner(source), inner_count(count), depth(ahead == 0 ? 1 : ahead)
  {
  }

  // Waits for room in the queue; false when cancelled.
  bool push(Piece piece)
  {
    std::unique_lock<std::mutex> lock(mutex);
    changed.wait(lock, [this] { return cancelled || ready.size() < depth; });
    if (cancelled) {
      return false;
    }
    ready.push_back(std::move(piece));
    changed.notify_all();
    return true;
  }

  std::string take_spare()
  {
    std::lock_guard<std::mutex> lock(mutex);
    if (spare.empty()) {
      return {};
    }
    std::string buffer = std::move(spare.back());
    spare.pop_back();
    return buffer;
  }

  void run() noexcept
  {
    for (;;) {
      Piece piece;
      try {
        auto next = inner.next();
        piece.counted = inner_count;
        if (!next) {
          piece.error = next.error();
        } else if (!next->empty()) {
          piece.bytes = take_spare();
          piece.bytes.assign(next->data(), next->size());
        }
      } catch (const std::exception& e) {
        piece = Piece{};
        piece.error = core::Error{std::string("reading ahead failed: ") + e.what(), {}};
      }
      const bool last = piece.error.has_value() || piece.bytes.empty();
      if (!push(std::move(piece)) || last) {
        return;
      }
    }
  }
};

ReadAhead::ReadAhead(ByteSource& inner, const std::uint64_t& inner_count, std::size_t depth)
    : m_state(std::make_unique<State>(inner, inner_count, depth))
{
  m_state->worker = std::thread([state = m_state.get()] { state->run(); });
}

ReadAhead::~ReadAhead()
{
  stop();
}

void ReadAhead::stop()
{
  State& state = *m_state;
  {
    std::lock_guard<std::mutex> lock(state.mutex);
    state.cancelled = true;
  }
  state.changed.notify_all();
  if (state.worker.joinable()) {
    state.worker.join();
  }
}

core::Expected<std::string_view> ReadAhead::next()
{
  State& state = *m_state;
  if (state.ended) {
    if (state.current.error) {
      return tl::make_unexpected(*state.current.error);
    }
    return std::string_view();
  }
  std::unique_lock<std::mutex> lock(state.mutex);
  if (!state.current.bytes.empty()) {
    state.spare.push_back(std::move(state.current.bytes));
  }
  state.changed.wait(lock, [&state] { return state.cancelled || !state.ready.empty(); });
  if (state.ready.empty()) {
    state.ended = true;
    state.current = Piece{};
    state.current.error = core::Error{"reading was stopped", {}};
    return tl::make_unexpected(*state.current.error);
  }
  state.current = std::move(state.ready.front());
  state.ready.pop_front();
  state.changed.notify_all();
  lock.unlock();
  if (state.current.error) {
    state.ended = true;
    return tl::make_unexpected(*state.current.error);
  }
  if (state.current.bytes.empty()) {
    state.ended = true;
  }
  return std::string_view(state.current.bytes);
}

std::uint64_t ReadAhead::counted() const
{
  return m_state->current.counted;
}

} // namespace fipsrock::verify
