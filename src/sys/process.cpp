// SPDX-License-Identifier: Apache-2.0
#include "sys/process.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/process.hpp>
#include <boost/process/extend.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <exception>
#include <filesystem>
#include <system_error>
#include <utility>

namespace fipsrock::sys {

namespace {

namespace asio = boost::asio;
namespace bp = boost::process;

using namespace std::chrono_literals;

bool is_executable_file(const std::string& path)
{
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) &&
         ::access(path.c_str(), X_OK) == 0;
}

// The pipes are created with plain pipe(2); marking our ends close-on-exec keeps them out of
// children that other threads start meanwhile (dup2 onto 1 and 2 clears the flag in ours).
void set_cloexec(int fd)
{
  if (fd >= 0) {
    const int flags = ::fcntl(fd, F_GETFD);
    if (flags >= 0) {
      ::fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
    }
  }
}

// One output stream of the child: keeps the first `capture_limit` bytes and splits lines for
// `on_line`. A line longer than the cap is cut at the cap, so memory stays bounded.
class Sink {
public:
  Sink(Stream stream, const Command& command, std::string& capture, bool& truncated)
      : m_stream(stream), m_command(command), m_capture(capture), m_truncated(truncated)
  {
  }

  void append(const char* data, std::size_t size)
  {
    const std::size_t limit = m_command.capture_limit;
    const std::size_t room = limit - std::min(limit, m_capture.size());
    m_capture.append(data, std::min(room, size));
    if (size > room) {
      m_truncated = true;
    }
    if (!m_command.on_line) {
      return;
    }
    for (std::size_t i = 0; i < size; ++i) {
      if (data[i] == '\n') {
        m_command.on_line(m_stream, m_pending);
        m_pending.clear();
      } else if (m_pending.size() < limit) {
        m_pending.push_back(data[i]);
      }
    }
  }

  void finish()
  {
    if (m_command.on_line && !m_pending.empty()) {
      m_command.on_line(m_stream, m_pending);
      m_pending.clear();
    }
  }

private:
  Stream m_stream;
  const Command& m_command;
  std::string& m_capture;
  bool& m_truncated;
  std::string m_pending;
};

// Runs one child: reads both pipes and watches the deadline on a single io_context, then reaps.
class Supervisor {
public:
  explicit Supervisor(const Command& command)
      : m_command(command), m_out_sink(Stream::out, command, m_result.out, m_result.out_truncated),
        m_err_sink(Stream::err, command, m_result.err, m_result.err_truncated)
  {
    for (auto* pipe : {&m_out_pipe, &m_err_pipe}) {
      set_cloexec(pipe->native_source());
      set_cloexec(pipe->native_sink());
    }
  }

  Supervisor(const Supervisor&) = delete;
  Supervisor& operator=(const Supervisor&) = delete;

  // Kills and reaps a child that an exception left behind (bp::child's own destructor kills
  // only the child and does not wait for it to die).
  ~Supervisor()
  {
    if (m_child.valid() && !m_reaped) {
      kill_group();
      std::error_code ignored;
      m_child.wait(ignored);
    }
  }

  std::error_code start(const std::string& executable)
  {
    const std::vector<std::string> args(m_command.argv.begin() + 1, m_command.argv.end());
    // The child's environment is handed to execve directly: Boost 1.74's basic_environment
    // reads past the end of shorter entries when it looks a name up (AddressSanitizer shows it).
    for (const auto& [name, value] : m_command.env) {
      m_env_strings.push_back(name + "=" + value);
    }
    for (auto& entry : m_env_strings) {
      m_envp.push_back(entry.data());
    }
    m_envp.push_back(nullptr);
    char** envp = m_envp.data();
    std::error_code error;
    const std::string& cwd = m_command.cwd;
    // Boost 1.74 neither reports a failed chdir (bp::start_dir ignores it) nor reaps a child
    // whose setup or exec failed, so both are done here. setpgid runs in both processes:
    // whichever is first, the group exists before we may kill it.
    m_child = bp::child(
        bp::exe = executable,
        bp::args = args,
        (bp::std_in < bp::null),
        (bp::std_out > m_out_pipe),
        (bp::std_err > m_err_pipe),
        bp::extend::on_exec_setup =
            [&cwd, envp](auto& exec) {
              exec.env = envp;
              ::setpgid(0, 0);
              if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) {
                exec.set_error(std::error_code(errno, std::system_category()), "chdir failed");
                ::_exit(127);
              }
            },
        bp::extend::on_success = [](auto& exec) { ::setpgid(exec.pid, exec.pid); },
        bp::extend::on_error =
            [](auto& exec, const std::error_code&) {
              if (exec.pid > 0) {
                ::kill(exec.pid, SIGKILL);
                ::waitpid(exec.pid, nullptr, 0);
              }
            },
        error);
    return error;
  }

  core::Expected<Completed> supervise()
  {
    read(m_out_pipe, m_out_buffer, m_out_sink);
    read(m_err_pipe, m_err_buffer, m_err_sink);
    m_deadline.expires_after(m_command.timeout);
    m_deadline.async_wait([this](const boost::system::error_code& ec) {
      if (!ec) {
        on_timeout();
      }
    });
    if (m_command.signals == Signals::forward) {
      m_signals.add(SIGINT);
      m_signals.add(SIGTERM);
      wait_for_signal();
    }
    m_io.run();

    std::error_code wait_error;
    m_child.wait(wait_error);
    if (wait_error) {
      return core::make_error("cannot wait for '" + m_command.argv.front() +
                              "': " + wait_error.message());
    }
    m_reaped = true;
    const int status = m_child.native_exit_code();
    if (WIFEXITED(status)) {
      m_result.exit_code = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
      m_result.signal = WTERMSIG(status);
    } else {
      return core::make_error("cannot get the exit status of '" + m_command.argv.front() + "'");
    }
    return std::move(m_result);
  }

private:
  static constexpr std::size_t k_buffer_size = std::size_t{64} * 1024;
  using Buffer = std::vector<char>; // on the heap: run() may be called on a small stack

  void read(bp::async_pipe& pipe, Buffer& buffer, Sink& sink)
  {
    pipe.async_read_some(
        asio::buffer(buffer),
        [this, &pipe, &buffer, &sink](const boost::system::error_code& ec, std::size_t size) {
          sink.append(buffer.data(), size);
          if (!ec) {
            read(pipe, buffer, sink);
            return;
          }
          sink.finish();
          if (++m_closed_streams == 2 && !m_result.timed_out) {
            m_poll_delay = 1ms;
            poll_exit();
          }
        });
  }

  // Both pipes are at end of file; the child normally exits right after, but one that closed
  // its output and kept running is still subject to the deadline, so poll instead of blocking.
  void poll_exit()
  {
    std::error_code ec;
    if (!m_child.running(ec)) {
      m_reaped = !ec;
      m_deadline.cancel();
      m_grace.cancel();
      boost::system::error_code ignored;
      m_signals.cancel(ignored);
      return;
    }
    m_poll.expires_after(m_poll_delay);
    m_poll_delay = std::min<std::chrono::milliseconds>(m_poll_delay * 2, 50ms);
    m_poll.async_wait([this](const boost::system::error_code& wait_ec) {
      if (!wait_ec) {
        poll_exit();
      }
    });
  }

  // Forwards SIGINT/SIGTERM to the child's group; it gets `grace` to end before SIGKILL, and a
  // second signal kills it at once.
  void wait_for_signal()
  {
    m_signals.async_wait([this](const boost::system::error_code& ec, int signal) {
      if (ec) {
        return;
      }
      const pid_t pid = m_child.id();
      if (m_result.interrupted != 0) {
        kill_group();
      } else if (pid > 0) {
        m_result.interrupted = signal;
        ::kill(-pid, signal);
        m_grace.expires_after(m_command.grace);
        m_grace.async_wait([this](const boost::system::error_code& grace_ec) {
          if (!grace_ec && !m_reaped) {
            kill_group();
          }
        });
      }
      wait_for_signal();
    });
  }

  // A grandchild that left the group may still hold the pipes: close our ends so the reads end.
  void on_timeout()
  {
    if (m_reaped) { // the deadline fired just as the child was reaped
      return;
    }
    m_result.timed_out = true;
    kill_group();
    boost::system::error_code ignored;
    m_out_pipe.close(ignored);
    m_err_pipe.close(ignored);
    m_poll.cancel();
    m_grace.cancel();
    m_signals.cancel(ignored);
  }

  void kill_group()
  {
    const pid_t pid = m_child.id();
    if (pid > 0 && ::kill(-pid, SIGKILL) != 0) {
      ::kill(pid, SIGKILL);
    }
  }

  const Command& m_command;
  Completed m_result;
  // Declared before everything that uses it, so it is destroyed last.
  asio::io_context m_io;
  bp::async_pipe m_out_pipe{m_io};
  bp::async_pipe m_err_pipe{m_io};
  asio::steady_timer m_deadline{m_io};
  asio::steady_timer m_poll{m_io};
  asio::steady_timer m_grace{m_io};
  asio::signal_set m_signals{m_io};
  std::chrono::milliseconds m_poll_delay{1};
  Buffer m_out_buffer = Buffer(k_buffer_size);
  Buffer m_err_buffer = Buffer(k_buffer_size);
  Sink m_out_sink;
  Sink m_err_sink;
  std::vector<std::string> m_env_strings;
  std::vector<char*> m_envp;
  int m_closed_streams = 0;
  bool m_reaped = false;
  bp::child m_child;
};

bool is_secret_name(std::string name)
{
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) {
    return static_cast<char>(std::toupper(c));
  });
  for (const char* word : {"TOKEN", "PASSWORD", "SECRET", "KEY", "CREDENTIAL"}) {
    if (name.find(word) != std::string::npos) {
      return true;
    }
  }
  return false;
}

std::string redact(const std::string& arg)
{
  const auto equals = arg.find('=');
  if (equals == std::string::npos || equals == 0 || !is_secret_name(arg.substr(0, equals))) {
    return arg;
  }
  return arg.substr(0, equals + 1) + "***";
}

} // namespace

core::Expected<Completed> run(const Command& command)
{
  if (command.argv.empty() || command.argv.front().empty()) {
    return core::make_error("cannot run an empty command");
  }
  const std::string& program = command.argv.front();
  const auto found = find_program(program, command.env);
  if (!found) {
    if (program.find('/') != std::string::npos) {
      return core::make_error("cannot run '" + program + "': no such executable file",
                              "check the path");
    }
    return core::make_error("cannot run '" + program + "': not found on PATH",
                            "install it or put it on PATH");
  }
  const std::string where = command.cwd.empty() ? "" : " in '" + command.cwd + "'";
  try {
    // The child changes to `cwd` before exec: a relative path must mean the one we checked.
    const std::string executable = std::filesystem::absolute(*found).string();
    Supervisor supervisor(command);
    if (const auto error = supervisor.start(executable)) {
      return core::make_error("cannot run '" + program + "'" + where + ": " + error.message());
    }
    return supervisor.supervise();
  } catch (const std::exception& e) {
    return core::make_error("cannot run '" + program + "'" + where + ": " + e.what());
  } catch (...) {
    return core::make_error("cannot run '" + program + "'" + where + ": unknown error");
  }
}

std::optional<std::string> find_program(const std::string& program, const Environment& env)
{
  if (program.empty()) {
    return std::nullopt;
  }
  if (program.find('/') != std::string::npos) {
    return is_executable_file(program) ? std::optional<std::string>(program) : std::nullopt;
  }
  const auto path = env.find("PATH");
  if (path == env.end()) {
    return std::nullopt;
  }
  const std::string& dirs = path->second;
  std::size_t begin = 0;
  while (begin <= dirs.size()) {
    std::size_t end = dirs.find(':', begin);
    if (end == std::string::npos) {
      end = dirs.size();
    }
    // An empty entry would mean the current directory; we do not search it on purpose.
    if (end > begin) {
      const std::string candidate = dirs.substr(begin, end - begin) + "/" + program;
      if (is_executable_file(candidate)) {
        return candidate;
      }
    }
    begin = end + 1;
  }
  return std::nullopt;
}

Environment current_environment()
{
  Environment env;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string text(*entry);
    const auto equals = text.find('=');
    if (equals != std::string::npos && equals > 0) {
      env.emplace(text.substr(0, equals), text.substr(equals + 1));
    }
  }
  return env;
}

std::string describe(const std::vector<std::string>& argv)
{
  std::string text = "executing:";
  bool hide_next = false;
  for (const auto& arg : argv) {
    text += ' ';
    text += hide_next ? "***" : redact(arg);
    hide_next = arg == "--token" || arg == "--password";
  }
  return text;
}

} // namespace fipsrock::sys
