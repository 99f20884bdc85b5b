// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "verify/go_buildinfo.hpp"
#include "verify/parse_elf.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

// What one streaming pass over a .rock learnt (shared/DESIGN.md §3 verify). Plain data: the
// reader records, the rules in evaluate*.cpp judge. Only metadata is kept, never file contents,
// except the few small files the rules read (`.rock/metadata.yaml`, the Pebble layers) and the
// JSON blobs (index, manifests, configs).

namespace fipsrock::verify {

enum class EntryType {
  regular,
  directory,
  symlink,
  hardlink,
  char_device,
  block_device,
  fifo,
  other
};

// How a blob was compressed, judged from its first bytes.
enum class Compression { none, gzip, zstd };

// The ELF (and Go) facts of one ELF file in a layer.
struct ElfFacts {
  std::optional<ElfInfo> elf;    // nullopt when the file could not be parsed (see `error`)
  std::optional<GoBuildInfo> go; // the Go build info, when the binary has one
  std::string error;             // why the ELF or its build info could not be read
  bool go_magic = false;         // not parsed (too large), but Go's build info magic was seen
};

// One entry of a layer's tar, in archive order.
struct LayerEntry {
  std::string raw_name;   // the name as the tar has it
  std::string path;       // normalised: relative to the root, no `.`/`..`/empty parts
  bool absolute = false;  // the raw name started with '/'
  bool traversal = false; // a `..` climbed above the root (clamped in `path`)
  EntryType type = EntryType::regular;
  std::uint32_t mode = 0; // permission bits, with setuid/setgid/sticky
  std::int64_t uid = 0;   // owner, as numbers (names and times are not kept)
  std::int64_t gid = 0;
  std::uint64_t size = 0;           // the size the header declares
  std::string link_target;          // symlink target or hardlink name, raw
  std::string sha256;               // content digest of a regular file read to its end; else empty
  std::optional<ElfFacts> elf;      // for regular files starting with the ELF magic
  std::vector<std::string> strings; // identification strings found (fips.so, libcrypto, pebble)
  std::optional<std::string> content; // kept only for the small files the rules read
};

// One layer blob, decoded while it streamed.
struct LayerFacts {
  Compression compression = Compression::none;
  std::string diff_id;                 // "sha256:<hex>" of the uncompressed stream; empty when
                                       // it could not be read to its end
  std::uint64_t uncompressed_size = 0; // bytes of the uncompressed stream that were read
  std::uint64_t trailing_bytes = 0;    // compressed bytes after the end of the compressed data
  std::vector<LayerEntry> entries;
  std::string error;  // why the layer could not be read to its end (corrupt data, bad tar)
  std::string budget; // which budget stopped the reading (empty: none)
};

// One file under blobs/ in the outer tar.
struct BlobFacts {
  std::string name;      // the outer entry name, normalised ("blobs/sha256/<hex>")
  std::string algorithm; // "sha256" from the name
  std::string encoded;   // the hex part of the name
  std::string sha256;    // of the content as read
  std::uint64_t size = 0;
  bool complete = false;            // read to its end (else the archive broke off in it)
  std::optional<std::string> json;  // the content, when it looked like JSON and was small
  std::optional<std::size_t> layer; // index into RockFacts::layers when decoded as a layer
};

// The whole .rock as one pass saw it.
struct RockFacts {
  std::string file;                        // the path as given
  std::string file_name;                   // its last component
  std::optional<std::string> oci_layout;   // content of oci-layout
  std::optional<std::string> index_json;   // content of index.json
  std::vector<BlobFacts> blobs;            // in archive order
  std::vector<LayerFacts> layers;          // in archive order (the manifest gives the image order)
  std::vector<std::string> outer_names;    // every outer entry name, raw, in archive order
  std::vector<std::string> outer_problems; // e.g. an oversized index.json
  std::string outer_error;                 // why the outer tar broke off (empty: read to its end)
  std::uint64_t outer_bytes = 0;           // bytes of outer entry data read
  std::uint64_t uncompressed_total = 0;    // all layers' uncompressed bytes
  std::uint64_t largest_buffered = 0;      // the largest file held in memory (an ELF)
  std::string budget;                      // the rock-wide budget that was exhausted, if any
};

// Limits that keep a malicious archive from exhausting time or memory. The defaults allow a
// 5 GB image with room to spare.
struct Budgets {
  std::uint64_t max_total_bytes = 64ULL << 30; // uncompressed bytes of all layers together
  std::uint64_t max_entries = 2'000'000;       // tar entries of all layers together
  std::uint64_t max_entry_bytes = 16ULL << 30; // one file's declared size
  std::uint64_t max_ratio = 200;               // uncompressed : compressed bytes of one layer
  std::uint64_t ratio_floor = 256ULL << 20;    // the ratio is checked past this many bytes
  std::uint64_t max_json_bytes = 4ULL << 20;   // index.json, manifests, configs
  std::uint64_t max_elf_bytes = 1ULL << 30;    // ELF files above this are not parsed
  std::uint64_t max_outer_entries = 100'000;   // entries of the .rock's own tar
};

} // namespace fipsrock::verify
