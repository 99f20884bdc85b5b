// SPDX-License-Identifier: Apache-2.0
#include "testutil.hpp"

#include "sys/process.hpp"

#include <doctest/doctest.h>

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace fipsrock::sys {

namespace {

const Environment k_env = {{"PATH", "/usr/bin:/bin"}};

Command shell(const std::string& script)
{
  Command command;
  command.argv = {"sh", "-c", script};
  command.env = k_env;
  return command;
}

Completed run_ok(const Command& command)
{
  auto result = run(command);
  REQUIRE_MESSAGE(result.has_value(), (result ? "" : result.error().message));
  return std::move(*result);
}

// kill(pid, 0) also succeeds on a zombie, which stays around when nobody reaps orphans (in a
// container our parent may be pid 1), so a zombie counts as gone.
bool is_alive(pid_t pid)
{
  if (::kill(pid, 0) != 0) {
    return errno != ESRCH;
  }
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text;
  std::getline(stat, text);
  const auto paren = text.rfind(')');
  return paren == std::string::npos || text.size() < paren + 3 || text[paren + 2] != 'Z';
}

// Whether this process has a child that is not reaped yet (the tests start none of their own).
bool has_unreaped_child()
{
  siginfo_t info{};
  return ::waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid != 0;
}

void make_executable(const std::string& path, const std::string& content)
{
  std::ofstream(path) << content;
  fs::permissions(path, fs::perms::owner_all | fs::perms::group_read | fs::perms::others_read);
}

} // namespace

TEST_CASE("sys::run")
{
  SUBCASE("captures stdout, stderr and the exit code")
  {
    const auto done = run_ok(shell("echo out; echo err >&2; exit 3"));
    CHECK(done.out == "out\n");
    CHECK(done.err == "err\n");
    CHECK(done.exit_code == 3);
    CHECK(done.signal == 0);
    CHECK_FALSE(done.timed_out);
    CHECK_FALSE(done.out_truncated);
    CHECK_FALSE(done.err_truncated);
  }

  SUBCASE("exit code zero")
  {
    Command command;
    command.argv = {"true"};
    command.env = k_env;
    const auto done = run_ok(command);
    CHECK(done.exit_code == 0);
    CHECK(done.out.empty());
  }

  SUBCASE("a child killed by a signal")
  {
    const auto done = run_ok(shell("echo before; kill -TERM $$; echo after"));
    CHECK(done.exit_code == -1);
    CHECK(done.signal == SIGTERM);
    CHECK(done.out == "before\n");
    CHECK_FALSE(done.timed_out);
  }

  SUBCASE("20 MB on both streams at once does not deadlock")
  {
    auto command = shell("head -c 20971520 /dev/zero >&2 & head -c 20971520 /dev/zero; wait");
    command.timeout = 60s;

    SUBCASE("default cap keeps the first 16 MiB")
    {
      const auto done = run_ok(command);
      CHECK_FALSE(done.timed_out);
      CHECK(done.exit_code == 0);
      CHECK(done.out.size() == 16U * 1024U * 1024U);
      CHECK(done.err.size() == 16U * 1024U * 1024U);
      CHECK(done.out_truncated);
      CHECK(done.err_truncated);
      CHECK(std::all_of(done.out.begin(), done.out.end(), [](char c) { return c == '\0'; }));
    }

    SUBCASE("a large cap keeps everything")
    {
      command.capture_limit = std::size_t{32} * 1024 * 1024;
      const auto done = run_ok(command);
      CHECK(done.out.size() == 20971520U);
      CHECK(done.err.size() == 20971520U);
      CHECK_FALSE(done.out_truncated);
      CHECK_FALSE(done.err_truncated);
    }

    SUBCASE("a small cap truncates and still drains")
    {
      command.capture_limit = 1000;
      const auto done = run_ok(command);
      CHECK(done.exit_code == 0);
      CHECK(done.out.size() == 1000U);
      CHECK(done.err.size() == 1000U);
      CHECK(done.out_truncated);
      CHECK(done.err_truncated);
    }
  }

  SUBCASE("timeout kills the whole process group")
  {
    auto command = shell("sleep 30 & echo $!; sleep 30");
    command.timeout = 500ms;
    const auto start = std::chrono::steady_clock::now();
    const auto done = run_ok(command);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    CHECK(elapsed < 2s);
    CHECK(elapsed >= 450ms);
    CHECK(done.timed_out);
    CHECK(done.signal == SIGKILL);
    CHECK(done.exit_code == -1);
    const pid_t grandchild = std::stoi(done.out);
    REQUIRE(grandchild > 0);
    bool alive = true;
    for (int i = 0; i < 100 && alive; ++i) {
      alive = is_alive(grandchild);
      if (alive) {
        std::this_thread::sleep_for(10ms);
      }
    }
    CHECK_FALSE(alive);
  }

  SUBCASE("a grandchild holding the pipes in another group cannot hang us")
  {
    // setsid puts the background sleep in its own session, out of reach of the group kill.
    auto command = shell("setsid sleep 3 & sleep 30");
    command.timeout = 300ms;
    const auto start = std::chrono::steady_clock::now();
    const auto done = run_ok(command);
    CHECK(std::chrono::steady_clock::now() - start < 2s);
    CHECK(done.timed_out);
  }

  SUBCASE("a child that closes its output and keeps running still times out")
  {
    auto command = shell("exec >&- 2>&-; sleep 30");
    command.timeout = 300ms;
    const auto start = std::chrono::steady_clock::now();
    const auto done = run_ok(command);
    CHECK(std::chrono::steady_clock::now() - start < 2s);
    CHECK(done.timed_out);
    CHECK(done.signal == SIGKILL);
  }

  SUBCASE("the environment is exactly the given one")
  {
    ::setenv("FIPSROCK_TEST_LEAK", "1", 1);
    Command command;
    command.argv = {"/usr/bin/env"};
    command.env = {{"A", "1"}, {"PATH", "/usr/bin:/bin"}};
    const auto done = run_ok(command);
    ::unsetenv("FIPSROCK_TEST_LEAK");
    CHECK(done.out == "A=1\nPATH=/usr/bin:/bin\n");
  }

  SUBCASE("an empty environment")
  {
    Command command;
    command.argv = {"/usr/bin/env"};
    const auto done = run_ok(command);
    CHECK(done.exit_code == 0);
    CHECK(done.out.empty());
  }

  SUBCASE("argv[0] is looked up on the PATH of the given environment")
  {
    test::ScratchDir dir;
    make_executable(dir.path() + "/fipsrock-tool", "#!/bin/sh\necho \"tool:$1:$2\"\n");
    Command command;
    command.argv = {"fipsrock-tool", "a b", "c"};
    command.env = {{"PATH", "/nonexistent:" + dir.path()}};
    const auto done = run_ok(command);
    CHECK(done.out == "tool:a b:c\n");
  }

  SUBCASE("a missing program is an error naming it")
  {
    Command command;
    command.argv = {"fipsrock-no-such-program", "x"};
    command.env = k_env;
    const auto result = run(command);
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().message == "cannot run 'fipsrock-no-such-program': not found on PATH");
    CHECK(result.error().hint == "install it or put it on PATH");
  }

  SUBCASE("a program on our PATH but not on the given one is not found")
  {
    Command command;
    command.argv = {"sh", "-c", "true"};
    command.env = {{"PATH", "/nonexistent"}};
    const auto result = run(command);
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().message == "cannot run 'sh': not found on PATH");
  }

  SUBCASE("a missing path is an error naming it")
  {
    Command command;
    command.argv = {"/nonexistent/tool"};
    const auto result = run(command);
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().message == "cannot run '/nonexistent/tool': no such executable file");
  }

  SUBCASE("a file the kernel cannot execute is an error and leaves no zombie")
  {
    test::ScratchDir dir;
    make_executable(dir.path() + "/noshebang", "echo hi\n");
    Command command;
    command.argv = {dir.path() + "/noshebang"};
    const auto result = run(command);
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().message == "cannot run '" + dir.path() + "/noshebang': Exec format error");
    CHECK_FALSE(has_unreaped_child());
  }

  SUBCASE("an empty argv is an error")
  {
    const auto result = run(Command{});
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().message == "cannot run an empty command");
  }

  SUBCASE("cwd")
  {
    test::ScratchDir dir;
    Command command;
    command.argv = {"/bin/pwd", "-P"};
    command.cwd = dir.path();
    const auto done = run_ok(command);
    CHECK(done.out == fs::canonical(dir.path()).string() + "\n");
  }

  SUBCASE("a missing cwd is an error naming program and directory")
  {
    Command command;
    command.argv = {"/bin/pwd"};
    command.cwd = "/nonexistent-fipsrock-dir";
    const auto result = run(command);
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().message ==
          "cannot run '/bin/pwd' in '/nonexistent-fipsrock-dir': No such file or directory");
    CHECK_FALSE(has_unreaped_child());
  }

  SUBCASE("on_line gets every line in order, per stream")
  {
    auto command = shell("printf 'a\\nb\\n'; printf 'e1\\n' >&2; printf 'par'; sleep 0.1; "
                         "printf 'tial\\n\\nlast'; printf 'e2' >&2");
    std::vector<std::string> out;
    std::vector<std::string> err;
    command.on_line = [&](Stream stream, const std::string& line) {
      (stream == Stream::out ? out : err).push_back(line);
    };
    const auto done = run_ok(command);
    CHECK(out == std::vector<std::string>{"a", "b", "partial", "", "last"});
    CHECK(err == std::vector<std::string>{"e1", "e2"});
    CHECK(done.out == "a\nb\npartial\n\nlast");
    CHECK(done.err == "e1\ne2");
  }

  SUBCASE("an exception from on_line becomes an error and the child is reaped")
  {
    auto command = shell("echo one; sleep 30");
    command.on_line = [](Stream, const std::string& line) { throw std::runtime_error(line); };
    const auto start = std::chrono::steady_clock::now();
    const auto result = run(command);
    CHECK(std::chrono::steady_clock::now() - start < 2s);
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().message == "cannot run 'sh': one");
    CHECK_FALSE(has_unreaped_child());
  }
}

TEST_CASE("sys::find_program")
{
  test::ScratchDir dir;
  make_executable(dir.path() + "/tool", "#!/bin/sh\n");
  dir.write("plain", "not executable\n");
  fs::create_directory(dir.path() + "/subdir");
  const Environment env = {{"PATH", dir.path()}};

  SUBCASE("found on the given PATH")
  {
    CHECK(find_program("tool", env) == dir.path() + "/tool");
  }

  SUBCASE("the first match wins")
  {
    test::ScratchDir other;
    make_executable(other.path() + "/tool", "#!/bin/sh\n");
    const Environment both = {{"PATH", other.path() + "::" + dir.path()}};
    CHECK(find_program("tool", both) == other.path() + "/tool");
  }

  SUBCASE("not executable, a directory, or not on PATH")
  {
    CHECK(find_program("plain", env) == std::nullopt);
    CHECK(find_program("subdir", env) == std::nullopt);
    CHECK(find_program("sh", env) == std::nullopt);
    CHECK(find_program("tool", k_env) == std::nullopt);
  }

  SUBCASE("no PATH at all")
  {
    CHECK(find_program("sh", Environment{}) == std::nullopt);
  }

  SUBCASE("a name with a slash is a path, not looked up")
  {
    CHECK(find_program(dir.path() + "/tool", Environment{}) == dir.path() + "/tool");
    CHECK(find_program(dir.path() + "/plain", env) == std::nullopt);
    CHECK(find_program(dir.path() + "/subdir", env) == std::nullopt);
  }
}

TEST_CASE("sys::current_environment")
{
  ::setenv("FIPSROCK_TEST_VAR", "a=b", 1);
  const auto env = current_environment();
  ::unsetenv("FIPSROCK_TEST_VAR");
  REQUIRE(env.count("FIPSROCK_TEST_VAR") == 1);
  CHECK(env.at("FIPSROCK_TEST_VAR") == "a=b");
}

TEST_CASE("sys::describe")
{
  SUBCASE("plain arguments")
  {
    CHECK(describe({"rockcraft", "pack", "-v"}) == "executing: rockcraft pack -v");
  }

  SUBCASE("secret-looking NAME=value arguments are redacted")
  {
    CHECK(describe({"env",
                    "API_KEY=xyz",
                    "user=bob",
                    "--api-token=t",
                    "Credential_File=c",
                    "db_password=p",
                    "MY_SECRET=s",
                    "=novalue"}) ==
          "executing: env API_KEY=*** user=bob --api-token=*** Credential_File=*** "
          "db_password=*** MY_SECRET=*** =novalue");
  }

  SUBCASE("the argument after --token or --password is redacted")
  {
    CHECK(describe({"pro", "attach", "--token", "C123", "--password", "hunter2", "--x", "y"}) ==
          "executing: pro attach --token *** --password *** --x y");
  }
}

} // namespace fipsrock::sys
