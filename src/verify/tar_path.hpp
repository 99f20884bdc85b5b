// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

// Lexical path handling for names inside an image: every path is relative to the image root,
// written without a leading '/', and "" is the root itself. Nothing here touches a file system.

namespace fipsrock::verify {

// A tar entry name made safe to use inside the image.
struct NormalizedName {
  std::string path;       // "usr/bin/x"; "" for the root
  bool absolute = false;  // the name started with '/'
  bool traversal = false; // a ".." would have climbed above the root (it was dropped)
};

// Normalises `raw`: drops a leading '/', empty and "." components, and resolves ".." lexically,
// clamping at the root (which sets `traversal`).
NormalizedName normalize_name(std::string_view raw);

// The directory part of `path` ("a/b" -> "a", "a" -> "").
std::string_view parent_of(std::string_view path);

// The last component of `path` ("a/b" -> "b").
std::string_view base_of(std::string_view path);

// `dir` + "/" + `name`, or `name` when `dir` is the root.
std::string join_path(std::string_view dir, std::string_view name);

// True when `path` is `dir` or below it (every path is below the root "").
bool is_within(std::string_view path, std::string_view dir);

// What an entry name means to the layer format (OCI image-spec layer.md, "Whiteouts").
struct Whiteout {
  enum class Kind {
    none,    // an ordinary entry
    file,    // ".wh.<name>": delete <name> of the lower layers
    opaque,  // ".wh..wh..opq": hide every lower entry of the directory
    invalid, // a whiteout that names nothing valid (".wh.", ".wh..", ".wh..wh.x", ...)
  };
  Kind kind = Kind::none;
  std::string target; // the path the whiteout removes (file) or empties (opaque)
  std::string reason; // for `invalid`
};

// Classifies the normalised `path` of a layer entry.
Whiteout classify_whiteout(std::string_view path);

} // namespace fipsrock::verify
