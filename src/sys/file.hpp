// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/error.hpp"

#include <optional>
#include <string>

namespace fipsrock::sys {

// The whole content of `path`; an error names the file and the cause.
core::Expected<std::string> read_file(const std::string& path);

// Like read_file, but nullopt (not an error) when `path` does not exist.
core::Expected<std::optional<std::string>> read_file_if_exists(const std::string& path);

// Writes `content` to `path` through a temporary file in the same directory and a rename, so
// readers see the old or the new content, never a part. Creates missing parent directories.
core::Expected<void> write_atomic(const std::string& path, const std::string& content);

// The sha256 (hex) and size of the file at `path`, read in pieces; an error names the file.
struct FileDigest {
  std::string sha256;
  unsigned long long size = 0;
};
core::Expected<FileDigest> digest_file(const std::string& path);

} // namespace fipsrock::sys
