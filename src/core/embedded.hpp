// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <iterator>
#include <optional>
#include <string_view>

namespace fipsrock::core {

// A data file of the source tree compiled into the binary (schemas, templates).
struct EmbeddedFile {
  const char* path; // relative to the source tree, e.g. "schema/rockcraft.json"
  const char* content;
};

const EmbeddedFile* embedded_files_begin();
const EmbeddedFile* embedded_files_end();

// The content of the embedded file at `path`, or nullopt when there is none.
inline std::optional<std::string_view> embedded_file(std::string_view path)
{
  for (const EmbeddedFile* f = embedded_files_begin(); f != embedded_files_end(); ++f) {
    if (path == f->path) {
      return std::string_view(f->content);
    }
  }
  return std::nullopt;
}

} // namespace fipsrock::core
