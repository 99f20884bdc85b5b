// SPDX-License-Identifier: Apache-2.0
// Archive safety (research/verify-attest.md §2.3): every tar attack class a naive extractor
// falls for is reported, even though verify itself extracts nothing. Names were normalised
// when read, so the model is safe to build either way.
#include "verify/rules.hpp"
#include "verify/tar_path.hpp"

#include <fmt/format.h>

#include <map>
#include <set>

namespace fipsrock::verify {

namespace {

using core::Status;

constexpr std::size_t k_max_per_rule = 20;

class ArchiveChecker {
public:
  ArchiveChecker(const RockFacts& facts, const Image& image, const RootFs& root, Findings& out)
      : m_facts(facts), m_image(image), m_root(root), m_out(out)
  {
  }

  void run()
  {
    check_outer();
    for (std::size_t i = 0; i < m_image.layers.size(); ++i) {
      if (m_image.layers[i] != nullptr) {
        check_layer(i, *m_image.layers[i]);
      }
    }
    check_redirects();
    check_budgets();
    summarise();
  }

private:
  void problem(const char* id,
               Status status,
               std::string subject,
               std::string message,
               std::string remediation = {},
               core::Evidence evidence = {})
  {
    std::size_t& count = m_counts[id];
    count += 1;
    if (count <= k_max_per_rule) {
      m_out.push_back(make(id,
                           status,
                           std::move(subject),
                           std::move(message),
                           std::move(remediation),
                           std::move(evidence)));
    } else {
      m_worst[id] = std::max(m_worst[id], status);
    }
  }

  void check_outer()
  {
    std::set<std::string> seen;
    for (const std::string& raw : m_facts.outer_names) {
      const NormalizedName name = normalize_name(raw);
      const std::string subject = fmt::format("{}: {}", m_facts.file_name, raw);
      if (name.traversal) {
        problem(k_rule_path_traversal,
                Status::fail,
                subject,
                "the .rock's own tar has a name that climbs above its root");
      }
      if (name.absolute) {
        problem(k_rule_absolute_path,
                Status::warn,
                subject,
                fmt::format("the .rock's own tar has an absolute name (read as '{}')", name.path));
      }
      if (!name.path.empty() && !seen.insert(name.path).second && name.path != "blobs" &&
          name.path != "blobs/sha256") {
        problem(k_rule_duplicate,
                Status::fail,
                subject,
                fmt::format("'{}' appears twice in the .rock's own tar", name.path),
                "rebuild the rock; a later copy of a blob would silently win");
      }
    }
  }

  void check_layer(std::size_t index, const LayerFacts& layer)
  {
    const std::string& layer_subject = m_image.layer_subjects[index];
    std::set<std::string> seen;
    for (const LayerEntry& entry : layer.entries) {
      const std::string subject = fmt::format(
          "{}: {}", layer_subject, entry.raw_name.empty() ? "(empty name)" : entry.raw_name);
      if (entry.traversal) {
        problem(k_rule_path_traversal,
                Status::fail,
                subject,
                fmt::format("the name climbs above the root with '..' (read as '/{}')", entry.path),
                "a layer must not name paths outside the image");
      }
      if (entry.absolute) {
        problem(k_rule_absolute_path,
                Status::warn,
                subject,
                fmt::format("absolute name, read as '/{}'", entry.path));
      }
      check_links(entry, subject);
      const Whiteout whiteout = classify_whiteout(entry.path);
      if (whiteout.kind == Whiteout::Kind::invalid) {
        problem(k_rule_whiteout,
                Status::fail,
                subject,
                "invalid whiteout: " + whiteout.reason,
                "a whiteout is '.wh.<name>' or '.wh..wh..opq'");
      }
      if (!entry.path.empty() && !seen.insert(entry.path).second) {
        problem(k_rule_duplicate,
                Status::fail,
                subject,
                fmt::format("'/{}' appears more than once in this layer", entry.path),
                "the image spec forbids duplicate paths in a layer; which copy wins depends on "
                "the extractor");
      }
      check_special(entry, subject);
    }
  }

  void check_links(const LayerEntry& entry, const std::string& subject)
  {
    if (entry.path.empty() && entry.type != EntryType::directory) {
      problem(k_rule_link_escape,
              Status::fail,
              subject,
              "the entry would replace the root directory itself",
              "a layer's root entry must be a directory");
      return;
    }
    if (entry.type == EntryType::hardlink && normalize_name(entry.link_target).traversal) {
      problem(k_rule_link_escape,
              Status::fail,
              subject,
              fmt::format("hardlink to '{}', outside the root", entry.link_target),
              "a hardlink must name a file inside the image",
              {{"target", entry.link_target}});
    }
    if (entry.type == EntryType::symlink && !entry.link_target.empty() &&
        entry.link_target.front() != '/') {
      const std::string joined = std::string(parent_of(entry.path)) + "/" + entry.link_target;
      if (normalize_name(joined).traversal) {
        problem(k_rule_link_escape,
                Status::fail,
                subject,
                fmt::format("symlink to '{}' climbs above the root", entry.link_target),
                "point the symlink inside the image (an absolute target is resolved in the "
                "container's root)",
                {{"target", entry.link_target}});
      }
    }
  }

  void check_special(const LayerEntry& entry, const std::string& subject)
  {
    if (entry.type == EntryType::char_device || entry.type == EntryType::block_device) {
      problem(k_rule_special_file,
              Status::fail,
              subject,
              fmt::format("{} device node",
                          entry.type == EntryType::char_device ? "character" : "block"),
              "a rock has no reason to ship device nodes; remove it from the parts");
    }
    if (entry.type == EntryType::regular && (entry.mode & 06000U) != 0) {
      problem(k_rule_special_file,
              Status::warn,
              subject,
              fmt::format("{} file (mode {:04o})",
                          (entry.mode & 04000U) != 0 ? "setuid" : "setgid",
                          entry.mode),
              "drop the setuid/setgid bit unless the rock needs it",
              {{"mode", fmt::format("{:04o}", entry.mode)}});
    }
  }

  void check_redirects()
  {
    for (const Redirect& r : m_root.redirects()) {
      const std::string subject = fmt::format("{}: {}", m_image.layer_subjects[r.layer], r.name);
      const core::Evidence evidence = {{"via", image_path(r.via)},
                                       {"placed_at", image_path(r.placed_at)}};
      if (r.clamped || r.via_layer == r.layer) {
        problem(k_rule_link_escape,
                Status::fail,
                subject,
                fmt::format("written through the symlink {} of the same layer{}",
                            image_path(r.via),
                            r.clamped ? ", which climbs above the root" : ""),
                "a layer must not write through its own symlinks (a naive extractor follows "
                "them out of the root)",
                evidence);
      } else {
        problem(k_rule_link_escape,
                Status::warn,
                subject,
                fmt::format("lands at {} through the symlink {} of a lower layer",
                            image_path(r.placed_at),
                            image_path(r.via)),
                {},
                evidence);
      }
    }
  }

  void check_budgets()
  {
    bool spent = false;
    if (!m_facts.budget.empty()) {
      spent = true;
      problem(k_rule_budget,
              Status::fail,
              m_facts.file_name,
              "reading stopped: " + m_facts.budget,
              "raise the budget with the policy's budgets: section if the rock is trusted");
    }
    for (std::size_t i = 0; i < m_image.layers.size(); ++i) {
      const LayerFacts* layer = m_image.layers[i];
      if (layer != nullptr && !layer->budget.empty() && layer->budget != m_facts.budget) {
        spent = true;
        problem(k_rule_budget,
                Status::fail,
                m_image.layer_subjects[i],
                "reading stopped: " + layer->budget,
                "raise the budget with the policy's budgets: section if the rock is trusted");
      }
    }
    if (!spent) {
      std::uint64_t entries = 0;
      for (const LayerFacts* layer : m_image.layers) {
        entries += layer != nullptr ? layer->entries.size() : 0;
      }
      m_out.push_back(make(k_rule_budget,
                           Status::pass,
                           "layers",
                           fmt::format("{} entries, {} uncompressed bytes: within budget",
                                       entries,
                                       m_facts.uncompressed_total),
                           {},
                           {{"entries", std::to_string(entries)},
                            {"uncompressed_bytes", std::to_string(m_facts.uncompressed_total)},
                            {"largest_buffered_bytes", std::to_string(m_facts.largest_buffered)}}));
    }
  }

  void summarise()
  {
    const std::pair<const char*, const char*> k_passes[] = {
        {k_rule_path_traversal, "no name climbs above the root"},
        {k_rule_absolute_path, "no absolute names"},
        {k_rule_link_escape, "no symlink or hardlink leaves the root"},
        {k_rule_whiteout, "every whiteout is valid"},
        {k_rule_duplicate, "no duplicate names"},
        {k_rule_special_file, "no device nodes, setuid or setgid files"},
    };
    for (const auto& [id, message] : k_passes) {
      const std::size_t count = m_counts[id];
      if (count == 0) {
        m_out.push_back(make(id, Status::pass, "layers", message));
      } else if (count > k_max_per_rule) {
        m_out.push_back(
            make(id,
                 m_worst[id],
                 "layers",
                 fmt::format("{} more findings of this rule not listed", count - k_max_per_rule)));
      }
    }
  }

  const RockFacts& m_facts;
  const Image& m_image;
  const RootFs& m_root;
  Findings& m_out;
  std::map<std::string, std::size_t> m_counts;
  std::map<std::string, Status> m_worst;
};

} // namespace

void check_archive(const RockFacts& facts, const Image& image, const RootFs& root, Findings& out)
{
  ArchiveChecker(facts, image, root, out).run();
}

} // namespace fipsrock::verify
