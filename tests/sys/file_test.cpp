// SPDX-License-Identifier: Apache-2.0
#include "testutil.hpp"

#include "sys/file.hpp"

#include <doctest/doctest.h>

#include <sys/stat.h>

#include <filesystem>
#include <set>
#include <string>

namespace fs = std::filesystem;

namespace fipsrock::sys {

namespace {

std::set<std::string> names_in(const std::string& dir)
{
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) {
    names.insert(entry.path().filename().string());
  }
  return names;
}

} // namespace

TEST_CASE("sys::read_file")
{
  test::ScratchDir dir;

  SUBCASE("the whole content, bytes as they are")
  {
    const std::string content("a\0b\r\n\xff", 6);
    dir.write("data.bin", content);
    const auto read = read_file(dir.path() + "/data.bin");
    REQUIRE(read.has_value());
    CHECK(*read == content);
  }

  SUBCASE("an empty file")
  {
    dir.write("empty", "");
    const auto read = read_file(dir.path() + "/empty");
    REQUIRE(read.has_value());
    CHECK(read->empty());
  }

  SUBCASE("a missing file is an error naming it")
  {
    const std::string path = dir.path() + "/missing.txt";
    const auto read = read_file(path);
    REQUIRE_FALSE(read.has_value());
    CHECK(read.error().message == "cannot read file: " + path + ": No such file or directory");
  }

  SUBCASE("a directory is an error naming it")
  {
    const auto read = read_file(dir.path());
    REQUIRE_FALSE(read.has_value());
    CHECK(read.error().message == "cannot read file: " + dir.path() + ": Is a directory");
  }
}

TEST_CASE("sys::read_file_if_exists")
{
  test::ScratchDir dir;

  SUBCASE("missing is nullopt")
  {
    const auto read = read_file_if_exists(dir.path() + "/missing.txt");
    REQUIRE(read.has_value());
    CHECK_FALSE(read->has_value());
  }

  SUBCASE("present is the content")
  {
    dir.write("os-release", "ID=ubuntu\n");
    const auto read = read_file_if_exists(dir.path() + "/os-release");
    REQUIRE(read.has_value());
    REQUIRE(read->has_value());
    CHECK(**read == "ID=ubuntu\n");
  }

  SUBCASE("other failures are still errors")
  {
    const auto read = read_file_if_exists(dir.path());
    REQUIRE_FALSE(read.has_value());
    CHECK(read.error().message == "cannot read file: " + dir.path() + ": Is a directory");
  }
}

TEST_CASE("sys::write_atomic")
{
  test::ScratchDir dir;

  SUBCASE("creates parent directories and leaves no temporary file")
  {
    const std::string path = dir.path() + "/a/b/rockcraft.yaml";
    REQUIRE(write_atomic(path, "name: demo\n").has_value());
    const auto read = read_file(path);
    REQUIRE(read.has_value());
    CHECK(*read == "name: demo\n");
    CHECK(names_in(dir.path() + "/a/b") == std::set<std::string>{"rockcraft.yaml"});
  }

  SUBCASE("replaces the content and keeps the mode")
  {
    const std::string path = dir.path() + "/out.json";
    dir.write("out.json", "a much longer old content\n");
    fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write);
    REQUIRE(write_atomic(path, "{}").has_value());
    CHECK(*read_file(path) == "{}");
    CHECK(fs::status(path).permissions() == (fs::perms::owner_read | fs::perms::owner_write));
    CHECK(names_in(dir.path()) == std::set<std::string>{"out.json"});
  }

  SUBCASE("a new file gets the mode open(2) would give it")
  {
    const mode_t mask = ::umask(022);
    const std::string path = dir.path() + "/new.txt";
    const auto written = write_atomic(path, "x");
    ::umask(mask);
    REQUIRE(written.has_value());
    CHECK(fs::status(path).permissions() == (fs::perms::owner_read | fs::perms::owner_write |
                                             fs::perms::group_read | fs::perms::others_read));
  }

  SUBCASE("a relative path in the current directory")
  {
    const auto cwd = fs::current_path();
    fs::current_path(dir.path());
    const auto written = write_atomic("plain.txt", "relative");
    fs::current_path(cwd);
    REQUIRE(written.has_value());
    CHECK(*read_file(dir.path() + "/plain.txt") == "relative");
  }

  SUBCASE("a parent that is a file is an error naming it")
  {
    dir.write("file", "");
    const auto written = write_atomic(dir.path() + "/file/x.txt", "x");
    REQUIRE_FALSE(written.has_value());
    CHECK(written.error().message.rfind("cannot create directory: " + dir.path() + "/file: ", 0) ==
          0);
  }

  SUBCASE("a failed rename removes the temporary file")
  {
    fs::create_directories(dir.path() + "/target/inner");
    const std::string path = dir.path() + "/target";
    const auto written = write_atomic(path, "x");
    REQUIRE_FALSE(written.has_value());
    CHECK(written.error().message.rfind("cannot write file: " + path + ": ", 0) == 0);
    CHECK(names_in(dir.path()) == std::set<std::string>{"target"});
  }
}

} // namespace fipsrock::sys
