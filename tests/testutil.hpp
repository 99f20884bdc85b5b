// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

namespace fipsrock::test {

// The shared/ folder: $FIPSROCK_SHARED when set, else the one beside the source tree.
std::string shared_dir();

// The bytes of `shared/fixtures/<relative>`; fails the current test when it cannot be read.
std::string read_fixture(const std::string& relative);

// A fresh empty directory under the system temp dir, removed with the object.
class ScratchDir {
public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::string& path() const { return m_path; }
  // Writes `content` to `path()/relative`, creating parent directories.
  void write(const std::string& relative, const std::string& content) const;

private:
  std::string m_path;
};

} // namespace fipsrock::test
