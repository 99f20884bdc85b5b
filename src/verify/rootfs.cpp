// SPDX-License-Identifier: Apache-2.0
#include "verify/rootfs.hpp"

#include "verify/tar_path.hpp"

namespace fipsrock::verify {

namespace {

constexpr int k_max_links = 40; // Linux's MAXSYMLINKS

// The components of `path`, last first, ready to be popped in order.
void push_components(std::string_view path, std::vector<std::string>& stack)
{
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) {
      end = path.size();
    }
    if (end > start) {
      parts.emplace_back(path.substr(start, end - start));
    }
    start = end + 1;
  }
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
    stack.push_back(std::move(*it));
  }
}

} // namespace

RootFs::RootFs(const std::vector<const LayerFacts*>& layers)
{
  for (std::size_t i = 0; i < layers.size(); ++i) {
    if (layers[i] != nullptr) {
      apply(i, *layers[i]);
    }
  }
}

const RootNode* RootFs::find(std::string_view path) const
{
  const auto it = m_nodes.find(std::string(path));
  return it == m_nodes.end() ? nullptr : &it->second;
}

std::optional<RootFs::Lookup> RootFs::resolve(std::string_view path, bool follow_last) const
{
  Lookup out;
  std::vector<std::string> todo;
  push_components(path, todo);
  std::string current;
  int links = 0;
  while (!todo.empty()) {
    const std::string part = std::move(todo.back());
    todo.pop_back();
    if (part == ".") {
      continue;
    }
    if (part == "..") {
      if (current.empty()) {
        out.clamped = true;
      } else {
        current = std::string(parent_of(current));
      }
      continue;
    }
    std::string candidate = join_path(current, part);
    const RootNode* node = find(candidate);
    if (node != nullptr && node->type == EntryType::symlink && (!todo.empty() || follow_last)) {
      if (++links > k_max_links) {
        return std::nullopt;
      }
      if (out.first_link.empty()) {
        out.first_link = candidate;
        out.first_link_layer = node->layer;
      }
      if (!node->link_target.empty() && node->link_target.front() == '/') {
        current.clear();
      }
      push_components(node->link_target, todo);
      continue;
    }
    current = std::move(candidate);
  }
  out.node = find(current);
  out.path = std::move(current);
  return out;
}

void RootFs::remove_children(const std::string& dir)
{
  if (dir.empty()) {
    m_nodes.clear();
    return;
  }
  const std::string prefix = dir + "/";
  auto it = m_nodes.lower_bound(prefix);
  while (it != m_nodes.end() && it->first.compare(0, prefix.size(), prefix) == 0) {
    it = m_nodes.erase(it);
  }
}

void RootFs::remove_tree(const std::string& path)
{
  if (path.empty()) {
    m_nodes.clear();
    return;
  }
  m_nodes.erase(path);
  remove_children(path);
}

void RootFs::apply(std::size_t index, const LayerFacts& layer)
{
  // Where an entry named `name` lands: its parent directory resolved through symlinks.
  auto place = [&](const std::string& name) -> std::string {
    const std::string_view parent = parent_of(name);
    if (parent.empty()) {
      return name;
    }
    const auto lookup = resolve(parent, true);
    if (!lookup) {
      return name; // a symlink loop: nothing can be written through it; keep the name
    }
    std::string placed = join_path(lookup->path, base_of(name));
    if (!lookup->first_link.empty()) {
      m_redirects.push_back(Redirect{
          index, name, placed, lookup->first_link, lookup->first_link_layer, lookup->clamped});
    }
    return placed;
  };

  // Whiteouts hide lower layers only, wherever they sit in the tar: apply them first.
  for (const LayerEntry& entry : layer.entries) {
    const Whiteout whiteout = classify_whiteout(entry.path);
    if (whiteout.kind == Whiteout::Kind::opaque) {
      const auto lookup = resolve(whiteout.target, true);
      remove_children(lookup ? lookup->path : whiteout.target);
    } else if (whiteout.kind == Whiteout::Kind::file) {
      const std::string_view parent = parent_of(whiteout.target);
      const auto lookup = resolve(parent, true);
      remove_tree(join_path(lookup ? lookup->path : std::string(parent), base_of(whiteout.target)));
    }
  }

  for (const LayerEntry& entry : layer.entries) {
    if (entry.path.empty() || classify_whiteout(entry.path).kind != Whiteout::Kind::none) {
      continue; // the root keeps its type; whiteouts are done
    }
    const std::string path = place(entry.path);
    RootNode node;
    node.type = entry.type;
    node.mode = entry.mode;
    node.size = entry.size;
    node.entry = &entry;
    node.layer = index;
    if (entry.type == EntryType::symlink) {
      node.link_target = entry.link_target;
    } else if (entry.type == EntryType::hardlink) {
      // A hardlink names an earlier entry (this layer or below); it shares that file.
      const std::string target = normalize_name(entry.link_target).path;
      const auto lookup = resolve(target, false);
      const RootNode* linked = lookup ? lookup->node : nullptr;
      if (linked != nullptr && linked->type != EntryType::directory) {
        node.type = linked->type;
        node.size = linked->size;
        node.entry = linked->entry;
        node.link_target = linked->link_target;
      }
    }
    auto existing = m_nodes.find(path);
    if (existing != m_nodes.end()) {
      if (existing->second.type == EntryType::directory && node.type == EntryType::directory) {
        existing->second = node; // attributes replaced, children kept
        continue;
      }
      remove_tree(path);
    }
    m_nodes.emplace(path, std::move(node));
  }
}

} // namespace fipsrock::verify
