// SPDX-License-Identifier: Apache-2.0
#include "pack/collect.hpp"

#include "core/time.hpp"
#include "pack/plan.hpp"
#include "pack/progress.hpp"
#include "sys/file.hpp"
#include "sys/process.hpp"

#include <fmt/format.h>

#include <sys/utsname.h>
#include <unistd.h>

#include <ctime>
#include <deque>
#include <filesystem>
#include <fstream>
#include <thread>

namespace fipsrock::pack {

namespace {

namespace fs = std::filesystem;

std::string now_rfc3339()
{
  return core::rfc3339_utc(std::time(nullptr));
}

// rockcraft's version (`rockcraft --version` -> "rockcraft 1.20.0") and snap revision (the
// target of /snap/rockcraft/current), "unknown" when they cannot be read.
void describe_rockcraft(const PackRequest& request, PackResult& result)
{
  result.rockcraft_version = "unknown";
  result.rockcraft_revision = "unknown";
  sys::Command cmd;
  cmd.argv = {"rockcraft", "--version"};
  cmd.env = request.env;
  cmd.timeout = std::chrono::seconds(60);
  if (auto done = sys::run(cmd); done && done->exit_code == 0) {
    std::string line = done->out.substr(0, done->out.find('\n'));
    if (line.rfind("rockcraft ", 0) == 0) {
      line = line.substr(10);
    }
    if (!line.empty()) {
      result.rockcraft_version = line;
    }
  }
  std::error_code ec;
  const auto target = fs::read_symlink("/snap/rockcraft/current", ec);
  if (!ec) {
    result.rockcraft_revision = target.filename().string();
  }
}

// Keeps the last `n` lines seen.
class Tail {
public:
  explicit Tail(std::size_t n) : m_n(n) {}
  void add(const std::string& line)
  {
    m_lines.push_back(line);
    if (m_lines.size() > m_n) {
      m_lines.pop_front();
    }
  }
  std::string str() const
  {
    std::string out;
    for (const auto& line : m_lines) {
      out += line + "\n";
    }
    return out;
  }

private:
  std::size_t m_n;
  std::deque<std::string> m_lines;
};

// Checks that exactly the expected artifact was produced; fills the result or a failure.
void find_artifact(const PackRequest& request, const std::string& packed, PackResult& result)
{
  const std::string expected = artifact_name(request.rock, request.version, request.platform);
  const fs::path path = fs::path(request.dir) / expected;
  std::error_code ec;
  if (!packed.empty() && packed != expected) {
    result.failure =
        FailureClass{"pack.artifact-unexpected",
                     Transience::permanent,
                     fmt::format("rockcraft packed {}, not the expected {}", packed, expected),
                     "check the rock's name, version and platform in rockcraft.yaml",
                     packed};
    return;
  }
  if (!fs::is_regular_file(path, ec)) {
    std::string others;
    for (const auto& entry : fs::directory_iterator(request.dir, ec)) {
      if (entry.path().extension() == ".rock") {
        others += (others.empty() ? "" : ", ") + entry.path().filename().string();
      }
    }
    result.failure =
        FailureClass{"pack.artifact-missing",
                     Transience::permanent,
                     fmt::format("rockcraft exited 0 but {} is not in {}", expected, request.dir),
                     "read pack.log; the rock's name, version and platform must match",
                     others.empty() ? "no .rock file at all" : "found instead: " + others};
    return;
  }
  auto digest = sys::digest_file(path.string());
  if (!digest) {
    result.failure = FailureClass{"pack.artifact-unreadable",
                                  Transience::permanent,
                                  digest.error().message,
                                  "check the permissions of the build folder",
                                  ""};
    return;
  }
  result.artifact_path = path.string();
  result.artifact_sha256 = digest->sha256;
  result.artifact_size = digest->size;
  result.outcome = Outcome::success;
}

} // namespace

PackResult run_pack(const PackRequest& request, const OutputFn& on_line)
{
  PackResult result;
  result.started = now_rfc3339();
  result.log_path = (fs::path(request.dir) / "pack.log").string();
  describe_rockcraft(request, result);

  std::ofstream log(result.log_path, std::ios::trunc);
  std::chrono::milliseconds delay = request.retry_delay;
  for (int number = 1; number <= request.retries + 1; ++number) {
    Attempt attempt;
    attempt.number = number;
    attempt.started = now_rfc3339();
    log << fmt::format("== fipsrock: attempt {}: {}\n", number, sys::describe(request.argv))
        << std::flush;

    Tail tail(40);
    std::string combined; // every line, for classification (capped below)
    std::string packed;
    sys::Command cmd;
    cmd.argv = request.argv;
    cmd.env = request.env;
    cmd.cwd = request.dir;
    cmd.timeout = request.timeout;
    cmd.signals = sys::Signals::forward;
    cmd.capture_limit =
        std::size_t{64} * 1024; // lines are handled as they come; this also caps one line
    cmd.on_line = [&](sys::Stream, const std::string& line) {
      log << line << '\n';
      tail.add(line);
      if (combined.size() < (std::size_t{8} << 20)) {
        combined += line + "\n";
      }
      if (auto file = parse_packed(line)) {
        packed = *file;
      }
      on_line(line);
    };
    auto done = sys::run(cmd);
    attempt.finished = now_rfc3339();
    log.flush();
    result.log_tail = tail.str();
    if (!done) {
      attempt.failure = FailureClass{
          "pack.not-started",
          Transience::permanent,
          done.error().message,
          done.error().hint.empty() ? "install rockcraft: sudo snap install rockcraft --classic"
                                    : done.error().hint,
          ""};
      result.attempts.push_back(attempt);
      result.failure = attempt.failure;
      break;
    }
    attempt.exit_code = done->exit_code;
    attempt.signal = done->signal;
    attempt.timed_out = done->timed_out;
    if (done->interrupted != 0) {
      result.attempts.push_back(attempt);
      result.outcome = Outcome::interrupted;
      result.finished = now_rfc3339();
      return result;
    }
    if (done->timed_out) {
      attempt.failure =
          FailureClass{"pack.timeout",
                       Transience::permanent,
                       fmt::format("rockcraft pack did not finish within {} s and was killed",
                                   request.timeout.count()),
                       "raise --timeout, or look at pack.log for where it stalled",
                       ""};
    } else if (done->exit_code == 0) {
      find_artifact(request, packed, result);
      attempt.failure = result.failure;
    } else {
      attempt.failure = classify_failure(combined);
      if (!attempt.failure) {
        attempt.failure = unknown_failure(done->exit_code, result.log_tail);
      }
    }
    result.attempts.push_back(attempt);
    result.failure = attempt.failure;
    if (result.outcome == Outcome::success) {
      break;
    }
    const bool transient = attempt.failure && attempt.failure->transience == Transience::transient;
    if (!transient || number == request.retries + 1) {
      break;
    }
    log << fmt::format(
        "== fipsrock: {} is transient; retrying in {} ms\n", attempt.failure->id, delay.count());
    on_line(fmt::format("fipsrock: {}: {}; retrying in {} s",
                        attempt.failure->id,
                        attempt.failure->message,
                        std::chrono::duration_cast<std::chrono::seconds>(delay).count()));
    std::this_thread::sleep_for(delay);
    delay *= 2;
  }
  if (result.outcome != Outcome::success) {
    result.outcome = Outcome::failed;
  }
  result.finished = now_rfc3339();
  return result;
}

} // namespace fipsrock::pack
