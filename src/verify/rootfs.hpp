// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "verify/facts.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fipsrock::verify {

// One path of the merged root filesystem: metadata only, pointing back at the layer entry that
// made it (whose digest, ELF and Go facts the rules read).
struct RootNode {
  EntryType type = EntryType::regular; // a hardlink takes the type of its target
  std::uint32_t mode = 0;
  std::uint64_t size = 0;
  std::string link_target;           // symlinks: the raw target
  const LayerEntry* entry = nullptr; // the entry with the content (a hardlink's target)
  std::size_t layer = 0;             // index of the layer that wrote this path
};

// An entry that was placed somewhere else than its name says, because a directory on its way
// was a symlink (a container runtime resolves it inside the root, a naive extractor follows it).
struct Redirect {
  std::size_t layer = 0; // the layer of the entry
  std::string name;      // the entry's normalised name
  std::string placed_at; // where it landed
  std::string via;       // the first symlink followed
  std::size_t via_layer = 0;
  bool clamped = false; // the resolution had to stop a ".." at the root
};

// The root filesystem a container sees: layers applied in order, whiteouts and opaque
// whiteouts first within each layer (they only hide lower layers), then the entries in archive
// order; a non-directory replaces whatever was there, a directory over a directory keeps its
// children. Purely lexical: nothing is read from or written to a disk.
class RootFs {
public:
  // Builds the merged tree of `layers`, given in image order (base first).
  explicit RootFs(const std::vector<const LayerFacts*>& layers);

  // The node at exactly `path` (normalised, no leading '/'), or nullptr; symlinks not followed.
  const RootNode* find(std::string_view path) const;

  struct Lookup {
    std::string path;               // where the path leads inside the root
    const RootNode* node = nullptr; // what is there (nullptr: nothing)
    bool clamped = false;           // a ".." tried to leave the root
    std::string first_link;         // the first symlink followed ("" when none)
    std::size_t first_link_layer = 0;
  };
  // Resolves `path` as the kernel would with the image as root: symlinks in every component
  // (and in the last one when `follow_last`), absolute targets restart at the root, ".." stops
  // there. nullopt when more than 40 symlinks are followed (a loop).
  std::optional<Lookup> resolve(std::string_view path, bool follow_last = true) const;

  const std::map<std::string, RootNode>& nodes() const { return m_nodes; }
  const std::vector<Redirect>& redirects() const { return m_redirects; }

private:
  void apply(std::size_t index, const LayerFacts& layer);
  void remove_tree(const std::string& path);
  void remove_children(const std::string& dir);

  std::map<std::string, RootNode> m_nodes;
  std::vector<Redirect> m_redirects;
};

} // namespace fipsrock::verify
