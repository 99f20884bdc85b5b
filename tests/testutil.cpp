// SPDX-License-Identifier: Apache-2.0
#include "testutil.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace fipsrock::test {

std::string shared_dir()
{
  if (const char* env = std::getenv("FIPSROCK_SHARED"); env != nullptr && *env != '\0') {
    return env;
  }
  return FIPSROCK_SHARED_DIR;
}

std::string read_fixture(const std::string& relative)
{
  const auto path = shared_dir() + "/fixtures/" + relative;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    FAIL("cannot read fixture " << path);
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

ScratchDir::ScratchDir()
{
  std::string pattern = (fs::temp_directory_path() / "fipsrock-test-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    FAIL("mkdtemp failed");
  }
  m_path = pattern;
}

ScratchDir::~ScratchDir()
{
  std::error_code ec;
  fs::remove_all(m_path, ec);
}

void ScratchDir::write(const std::string& relative, const std::string& content) const
{
  const fs::path path = fs::path(m_path) / relative;
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << content;
}

} // namespace fipsrock::test
