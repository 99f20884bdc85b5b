// SPDX-License-Identifier: Apache-2.0
#include "attest/compare.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace fipsrock::attest {

namespace {

using core::Status;

core::Finding finding(const char* id,
                      Status status,
                      std::string subject,
                      std::string message,
                      core::Evidence evidence = {})
{
  core::Finding f;
  f.id = id;
  f.status = status;
  f.subject = std::move(subject);
  f.message = std::move(message);
  f.evidence = std::move(evidence);
  return f;
}

std::string short_hex(const std::string& digest)
{
  const auto colon = digest.find(':');
  const std::string hex = colon == std::string::npos ? digest : digest.substr(colon + 1);
  return hex.substr(0, 12);
}

// "file 0755 0:0 1234 bytes sha256:0123456789ab" and the like.
std::string describe(const core::InventoryFile& file)
{
  std::string out = fmt::format("{} {:04o} {}:{}", file.type, file.mode, file.uid, file.gid);
  if (file.type == "file") {
    out += fmt::format(" {} bytes sha256:{}", file.size, short_hex(file.sha256));
  } else if (file.type == "symlink") {
    out += " -> " + file.link_target;
  }
  return out;
}

// What differs between two files at the same path ("" when nothing does).
std::vector<std::string> file_changes(const core::InventoryFile& a, const core::InventoryFile& b)
{
  std::vector<std::string> changes;
  if (a.type != b.type) {
    changes.push_back(fmt::format("type {} -> {}", a.type, b.type));
    return changes;
  }
  if (a.sha256 != b.sha256) {
    changes.push_back(
        fmt::format("content sha256:{} -> sha256:{}", short_hex(a.sha256), short_hex(b.sha256)));
  }
  if (a.size != b.size) {
    changes.push_back(fmt::format("size {} -> {}", a.size, b.size));
  }
  if (a.link_target != b.link_target) {
    changes.push_back(fmt::format("link target {} -> {}", a.link_target, b.link_target));
  }
  if (a.mode != b.mode) {
    changes.push_back(fmt::format("mode {:04o} -> {:04o}", a.mode, b.mode));
  }
  if (a.uid != b.uid || a.gid != b.gid) {
    changes.push_back(fmt::format("owner {}:{} -> {}:{}", a.uid, a.gid, b.uid, b.gid));
  }
  return changes;
}

std::string join(const std::vector<std::string>& parts, const char* separator)
{
  std::string out;
  for (const auto& part : parts) {
    out += (out.empty() ? "" : separator) + part;
  }
  return out;
}

class Comparer {
public:
  Comparer(const core::ImageInventory& a, const core::ImageInventory& b) : m_a(a), m_b(b) {}

  Comparison run()
  {
    m_out.report.command = "compare";
    m_out.report.context = {{"a", m_a.file}, {"b", m_b.file}};
    if (!readable(m_a) || !readable(m_b)) {
      return std::move(m_out);
    }
    strict();
    layers();
    config();
    files();
    m_out.equivalent = m_out.differences.empty();
    m_out.report.context.emplace_back("bit_for_bit", m_out.bit_for_bit ? "yes" : "no");
    m_out.report.context.emplace_back("equivalent", m_out.equivalent ? "yes" : "no");
    return std::move(m_out);
  }

private:
  void add(core::Finding f) { m_out.report.findings.push_back(std::move(f)); }

  bool readable(const core::ImageInventory& side)
  {
    for (const auto& problem : side.problems) {
      add(finding(
          k_rule_compare_readable, Status::error, side.file, "cannot be compared: " + problem));
    }
    return side.problems.empty();
  }

  void strict()
  {
    core::Evidence evidence = {{"a_manifest", m_a.manifest_digest},
                               {"b_manifest", m_b.manifest_digest},
                               {"a_config", m_a.config_digest},
                               {"b_config", m_b.config_digest}};
    if (!m_a.file_sha256.empty() && !m_b.file_sha256.empty()) {
      evidence.emplace_back("a_file", "sha256:" + m_a.file_sha256);
      evidence.emplace_back("b_file", "sha256:" + m_b.file_sha256);
    }
    m_out.bit_for_bit = m_a.manifest_digest == m_b.manifest_digest;
    if (m_out.bit_for_bit) {
      add(finding(k_rule_compare_strict,
                  Status::pass,
                  "image",
                  fmt::format("bit for bit the same image: manifest sha256:{}",
                              short_hex(m_a.manifest_digest)),
                  std::move(evidence)));
      return;
    }
    add(finding(k_rule_compare_strict,
                Status::info,
                "image",
                fmt::format("not bit for bit the same: manifest sha256:{} vs sha256:{}, config "
                            "sha256:{} vs sha256:{} (expected of two rockcraft builds; the "
                            "content is compared below)",
                            short_hex(m_a.manifest_digest),
                            short_hex(m_b.manifest_digest),
                            short_hex(m_a.config_digest),
                            short_hex(m_b.config_digest)),
                std::move(evidence)));
  }

  void layers()
  {
    const std::size_t count = std::max(m_a.layers.size(), m_b.layers.size());
    if (m_a.layers.size() != m_b.layers.size()) {
      add(finding(k_rule_compare_layer,
                  Status::info,
                  "layers",
                  fmt::format("A has {} layers, B has {}; the merged files are compared below",
                              m_a.layers.size(),
                              m_b.layers.size())));
    }
    for (std::size_t i = 0; i < count && i < m_a.layers.size() && i < m_b.layers.size(); ++i) {
      const core::InventoryLayer& a = m_a.layers[i];
      const core::InventoryLayer& b = m_b.layers[i];
      const std::string subject = fmt::format("layer {}", i + 1);
      core::Evidence evidence = {{"a_digest", a.digest},
                                 {"b_digest", b.digest},
                                 {"a_diff_id", a.diff_id},
                                 {"b_diff_id", b.diff_id},
                                 {"a_content", a.content_digest},
                                 {"b_content", b.content_digest}};
      if (a.digest == b.digest) {
        add(finding(k_rule_compare_layer,
                    Status::pass,
                    subject,
                    fmt::format("the same blob sha256:{}", short_hex(a.digest)),
                    std::move(evidence)));
      } else if (a.content_digest == b.content_digest) {
        add(finding(k_rule_compare_layer,
                    Status::pass,
                    subject,
                    fmt::format("the same {} entries (normalised content sha256:{}); only tar "
                                "header times, names, order or compression differ",
                                a.entries,
                                short_hex(a.content_digest)),
                    std::move(evidence)));
      } else {
        add(finding(k_rule_compare_layer,
                    Status::info,
                    subject,
                    fmt::format("different entries (normalised content sha256:{} vs sha256:{}); "
                                "the files that differ are listed below",
                                short_hex(a.content_digest),
                                short_hex(b.content_digest)),
                    std::move(evidence)));
      }
    }
  }

  static const NoiseField* noise_for(const std::string& pointer)
  {
    for (const NoiseField& noise : known_noise()) {
      const std::string_view known = noise.pointer;
      if (pointer == known ||
          (pointer.size() > known.size() && pointer.compare(0, known.size(), known) == 0 &&
           pointer[known.size()] == '/')) {
        return &noise;
      }
    }
    return nullptr;
  }

  void config()
  {
    std::set<std::string> keys;
    for (const auto& [key, value] : m_a.config) {
      keys.insert(key);
    }
    for (const auto& [key, value] : m_b.config) {
      keys.insert(key);
    }
    for (const std::string& key : keys) {
      const auto a = m_a.config.find(key);
      const auto b = m_b.config.find(key);
      const std::string a_value = a == m_a.config.end() ? std::string() : a->second;
      const std::string b_value = b == m_b.config.end() ? std::string() : b->second;
      if (a != m_a.config.end() && b != m_b.config.end() && a_value == b_value) {
        continue;
      }
      if (const NoiseField* noise = noise_for(key)) {
        m_out.ignored.push_back(fmt::format("{}: {}", key, noise->reason));
        add(finding(k_rule_compare_noise,
                    Status::info,
                    key,
                    fmt::format("differs, ignored: {}", noise->reason),
                    {{"a", a_value}, {"b", b_value}}));
        continue;
      }
      Difference d;
      d.kind = "config";
      d.path = key;
      d.change = a == m_a.config.end() ? "added" : b == m_b.config.end() ? "removed" : "changed";
      d.a = a_value;
      d.b = b_value;
      add(finding(k_rule_compare_config,
                  Status::fail,
                  key,
                  d.change == "changed" ? fmt::format("changed: {} -> {}", a_value, b_value)
                  : d.change == "added" ? fmt::format("only in B: {}", b_value)
                                        : fmt::format("only in A: {}", a_value),
                  {{"a", a_value}, {"b", b_value}}));
      m_out.differences.push_back(std::move(d));
    }
  }

  void files()
  {
    std::size_t added = 0;
    std::size_t removed = 0;
    std::size_t changed = 0;
    auto a = m_a.files.begin();
    auto b = m_b.files.begin();
    while (a != m_a.files.end() || b != m_b.files.end()) {
      Difference d;
      d.kind = "file";
      if (b == m_b.files.end() || (a != m_a.files.end() && a->first < b->first)) {
        d.path = "/" + a->first;
        d.change = "removed";
        d.a = describe(a->second);
        d.a_sha256 = a->second.sha256;
        add(finding(k_rule_compare_file,
                    Status::fail,
                    d.path,
                    "only in A: " + d.a,
                    {{"a_sha256", a->second.sha256}}));
        ++removed;
        ++a;
      } else if (a == m_a.files.end() || b->first < a->first) {
        d.path = "/" + b->first;
        d.change = "added";
        d.b = describe(b->second);
        d.b_sha256 = b->second.sha256;
        add(finding(k_rule_compare_file,
                    Status::fail,
                    d.path,
                    "only in B: " + d.b,
                    {{"b_sha256", b->second.sha256}}));
        ++added;
        ++b;
      } else {
        const auto changes = file_changes(a->second, b->second);
        const std::string path = "/" + a->first;
        if (changes.empty()) {
          if (a->second.raw_sha256 != b->second.raw_sha256) {
            m_out.ignored.push_back(fmt::format("{}: {}", path, a->second.normalized));
            add(finding(
                k_rule_compare_noise,
                Status::info,
                path,
                fmt::format("differs byte for byte, ignored: {}", a->second.normalized),
                {{"a_raw_sha256", a->second.raw_sha256}, {"b_raw_sha256", b->second.raw_sha256}}));
          }
          ++a;
          ++b;
          continue;
        }
        d.path = path;
        d.change = "changed";
        d.what = join(changes, ", ");
        d.a = describe(a->second);
        d.b = describe(b->second);
        d.a_sha256 = a->second.sha256;
        d.b_sha256 = b->second.sha256;
        d.b_sha256 = b->second.sha256;
        add(finding(k_rule_compare_file,
                    Status::fail,
                    d.path,
                    "changed: " + d.what,
                    {{"a", d.a},
                     {"b", d.b},
                     {"a_sha256", a->second.sha256},
                     {"b_sha256", b->second.sha256}}));
        ++changed;
        ++a;
        ++b;
      }
      m_out.differences.push_back(std::move(d));
    }
    const std::size_t total = std::max(m_a.files.size(), m_b.files.size());
    if (added + removed + changed == 0) {
      add(finding(k_rule_compare_files,
                  Status::pass,
                  "files",
                  fmt::format("all {} paths of the merged root filesystem are the same (type, "
                              "content, mode, owner, link target)",
                              total)));
    } else {
      add(finding(k_rule_compare_files,
                  Status::fail,
                  "files",
                  fmt::format("{} changed, {} only in B, {} only in A (A has {} paths, B {})",
                              changed,
                              added,
                              removed,
                              m_a.files.size(),
                              m_b.files.size())));
    }
  }

  const core::ImageInventory& m_a;
  const core::ImageInventory& m_b;
  Comparison m_out;
};

} // namespace

const std::vector<NoiseField>& known_noise()
{
  static const std::vector<NoiseField> k_noise = {
      {"/created", "the image creation time (umoci writes the time of the build)"},
      {"/history",
       "the build history: creation times, and rockcraft's command lines with the "
       "PID of its temporary layer file"},
      {"/rootfs/diff_ids",
       "digests of the layer tars, which carry file times and user names "
       "from the build tree (the files are compared one by one instead)"},
      {"/config/Labels/org.opencontainers.image.created",
       "the pack time rockcraft writes as a label"},
      {"/manifest/annotations/org.opencontainers.image.created",
       "the pack time rockcraft writes as a manifest annotation"},
  };
  return k_noise;
}

Comparison compare_inventories(const core::ImageInventory& a, const core::ImageInventory& b)
{
  return Comparer(a, b).run();
}

} // namespace fipsrock::attest
