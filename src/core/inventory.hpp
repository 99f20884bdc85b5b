// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

// What a .rock contains, as plain data: the vocabulary between the reader that takes a rock
// apart (verify) and the comparison of two builds (attest). No timestamps, no tar header names:
// only what a container would see, plus the strict digests.

namespace fipsrock::core {

// One path of the merged root filesystem.
struct InventoryFile {
  std::string type; // "file", "dir", "symlink", "char-device", "block-device", "fifo", "other"
  std::uint32_t mode = 0; // permission bits with setuid/setgid/sticky
  std::int64_t uid = 0;
  std::int64_t gid = 0;
  std::uint64_t size = 0;
  std::string sha256;      // regular files: the content digest (64 hex digits)
  std::string link_target; // symlinks
  // Set when `sha256` is of a normalised form of the content (known noise taken out); then
  // `raw_sha256` is the digest of the bytes as they are and `normalized` says what was removed.
  std::string raw_sha256;
  std::string normalized;
};

// One layer of the image, in image order.
struct InventoryLayer {
  std::string digest; // the blob's "sha256:<hex>" as the manifest names it
  std::string media_type;
  std::int64_t size = -1;
  std::string diff_id; // "sha256:<hex>" of the uncompressed tar
  // A digest over the layer's entries sorted by path (path, type, mode, owner, size, content
  // digest, link target): the same for two layers with the same files whatever their tar
  // header times, names and order.
  std::string content_digest;
  std::size_t entries = 0;
};

struct ImageInventory {
  std::string file;            // the path as given
  std::string file_sha256;     // of the .rock file as a whole (hex; empty when not computed)
  std::string manifest_digest; // "sha256:<hex>"
  std::string config_digest;
  std::vector<InventoryLayer> layers;
  // The image config and the manifest annotations, flattened to JSON Pointer -> compact JSON
  // of each leaf value ("/architecture" -> "\"amd64\"", "/config/Entrypoint" -> "[...]"; arrays
  // of scalars are one leaf). Manifest annotations are under "/manifest/annotations/<key>".
  std::map<std::string, std::string> config;
  std::map<std::string, InventoryFile> files; // merged root filesystem, by path ("usr/bin/x")
  // Why the inventory is not complete (a layer that could not be read, no manifest, ...).
  // Not empty: the rock could not be read as a whole.
  std::vector<std::string> problems;
};

} // namespace fipsrock::core
