// SPDX-License-Identifier: Apache-2.0
#include "verify/tar_path.hpp"

#include <vector>

namespace fipsrock::verify {

namespace {

constexpr std::string_view k_whiteout_prefix = ".wh.";
constexpr std::string_view k_opaque = ".wh..wh..opq";

} // namespace

NormalizedName normalize_name(std::string_view raw)
{
  NormalizedName out;
  out.absolute = !raw.empty() && raw.front() == '/';
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (start <= raw.size()) {
    std::size_t end = raw.find('/', start);
    if (end == std::string_view::npos) {
      end = raw.size();
    }
    const std::string_view part = raw.substr(start, end - start);
    if (part == "..") {
      if (parts.empty()) {
        out.traversal = true;
      } else {
        parts.pop_back();
      }
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    start = end + 1;
  }
  for (const auto part : parts) {
    if (!out.path.empty()) {
      out.path += '/';
    }
    out.path += part;
  }
  return out;
}

std::string_view parent_of(std::string_view path)
{
  const auto slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
}

std::string_view base_of(std::string_view path)
{
  const auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string join_path(std::string_view dir, std::string_view name)
{
  if (dir.empty()) {
    return std::string(name);
  }
  std::string out(dir);
  out += '/';
  out += name;
  return out;
}

bool is_within(std::string_view path, std::string_view dir)
{
  if (dir.empty()) {
    return true;
  }
  return path.substr(0, dir.size()) == dir &&
         (path.size() == dir.size() || path[dir.size()] == '/');
}

Whiteout classify_whiteout(std::string_view path)
{
  Whiteout out;
  const std::string_view base = base_of(path);
  if (base.substr(0, k_whiteout_prefix.size()) != k_whiteout_prefix) {
    return out;
  }
  const std::string_view dir = parent_of(path);
  if (base == k_opaque) {
    out.kind = Whiteout::Kind::opaque;
    out.target = std::string(dir);
    return out;
  }
  const std::string_view name = base.substr(k_whiteout_prefix.size());
  out.kind = Whiteout::Kind::invalid;
  if (name.empty()) {
    out.reason = "a whiteout without a name";
  } else if (name == "." || name == "..") {
    out.reason = "a whiteout of '" + std::string(name) + "' would remove a directory above it";
  } else if (name.substr(0, k_whiteout_prefix.size()) == k_whiteout_prefix) {
    out.reason = "the '.wh..wh.' prefix is reserved; only '.wh..wh..opq' is defined";
  } else {
    out.kind = Whiteout::Kind::file;
    out.target = join_path(dir, name);
  }
  return out;
}

} // namespace fipsrock::verify
