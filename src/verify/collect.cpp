// SPDX-License-Identifier: Apache-2.0
// The outer pass over a .rock: a tar of an OCI image layout (skopeo's oci-archive), whose
// entries come in any order (skopeo writes blobs/ first, so layers arrive before the manifest
// that orders them). Each entry is read once: hashed as it streams, kept when it is small JSON,
// decoded as a layer otherwise. Facts are keyed by blob digest; evaluate() orders them later.
#include "verify/collect.hpp"

#include "core/digest.hpp"
#include "verify/byte_source.hpp"
#include "verify/read_layer.hpp"
#include "verify/tar_path.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <functional>
#include <memory>

namespace fipsrock::verify {

namespace {

constexpr std::uint64_t k_max_oci_layout = std::uint64_t{64} * 1024;
constexpr std::size_t k_head = 512;
// libarchive's ARCHIVE_ERRNO_FILE_FORMAT (archive_private.h): "Unrecognized archive format".
#ifdef EFTYPE
constexpr int k_errno_file_format = EFTYPE;
#else
constexpr int k_errno_file_format = EILSEQ;
#endif

// The data of the current outer entry, hashed and counted as it is read.
class EntrySource : public ByteSource {
public:
  EntrySource(struct archive* archive, std::string name)
      : m_archive(archive), m_name(std::move(name))
  {
  }

  core::Expected<std::string_view> next() override
  {
    static const std::array<char, std::size_t{64} * 1024> k_zeros{};
    if (m_ended) {
      return std::string_view();
    }
    if (m_pending.empty()) {
      const void* block = nullptr;
      std::size_t size = 0;
      la_int64_t offset = 0;
      const int rc = archive_read_data_block(m_archive, &block, &size, &offset);
      if (rc == ARCHIVE_EOF) {
        m_ended = true;
        return std::string_view();
      }
      if (rc < ARCHIVE_WARN) {
        m_ended = true;
        const char* why = archive_error_string(m_archive);
        m_error = fmt::format("{}: {}", m_name, why ? why : "read error");
        return core::make_error(m_error);
      }
      m_pending = std::string_view(static_cast<const char*>(block), size);
      m_offset = static_cast<std::uint64_t>(offset < 0 ? 0 : offset);
    }
    std::string_view out;
    if (m_read < m_offset) {
      // A sparse entry: its holes read as zeros.
      out = std::string_view(
          k_zeros.data(),
          static_cast<std::size_t>(std::min<std::uint64_t>(m_offset - m_read, k_zeros.size())));
    } else {
      out = m_pending;
      m_pending = {};
    }
    m_hash.update(out);
    m_read += out.size();
    return out;
  }

  core::Expected<void> drain()
  {
    for (;;) {
      auto piece = next();
      if (!piece) {
        return tl::make_unexpected(piece.error());
      }
      if (piece->empty()) {
        return {};
      }
    }
  }

  const std::uint64_t& read() const { return m_read; }
  std::string digest() { return m_hash.hex_digest(); }
  const std::string& error() const { return m_error; }

private:
  struct archive* m_archive;
  std::string m_name;
  core::Sha256 m_hash;
  std::uint64_t m_read = 0;
  std::uint64_t m_offset = 0;
  std::string_view m_pending;
  bool m_ended = false;
  std::string m_error;
};

// The whole entry if it has at most `cap` bytes, else nullopt (the rest is still drained).
core::Expected<std::optional<std::string>> read_small(EntrySource& source, std::uint64_t cap)
{
  std::string content;
  bool too_big = false;
  for (;;) {
    auto piece = source.next();
    if (!piece) {
      return tl::make_unexpected(piece.error());
    }
    if (piece->empty()) {
      break;
    }
    if (!too_big && content.size() + piece->size() <= cap) {
      content.append(piece->data(), piece->size());
    } else {
      too_big = true;
      content.clear();
    }
  }
  if (too_big) {
    return std::optional<std::string>();
  }
  return std::optional<std::string>(std::move(content));
}

bool looks_like_json(std::string_view head)
{
  for (const char c : head) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      continue;
    }
    return c == '{' || c == '[';
  }
  return false;
}

class RockReader {
public:
  RockReader(struct archive* archive,
             RockFacts& facts,
             const Budgets& budgets,
             const ProgressFn& progress)
      : m_archive(archive), m_facts(facts), m_progress(progress)
  {
    m_budget.limits = budgets;
  }

  core::Expected<void> run()
  {
    archive_entry* entry = nullptr;
    bool first = true;
    for (;;) {
      const int rc = archive_read_next_header(m_archive, &entry);
      if (rc == ARCHIVE_EOF) {
        break;
      }
      if (rc < ARCHIVE_WARN) {
        const char* why = archive_error_string(m_archive);
        if (first) {
          return core::make_error(
              fmt::format("{}: not a tar archive: {}", m_facts.file, why ? why : "?"),
              "a .rock is the uncompressed tar of an OCI image layout that rockcraft pack writes");
        }
        m_facts.outer_error = fmt::format("the archive breaks off after {} entries: {}",
                                          m_facts.outer_names.size(),
                                          why ? why : "read error");
        break;
      }
      first = false;
      if (m_facts.outer_names.size() >= m_budget.limits.max_outer_entries) {
        m_facts.budget = fmt::format("more than {} entries in the .rock's own tar "
                                     "(max_outer_entries)",
                                     m_budget.limits.max_outer_entries);
        break;
      }
      const char* raw = archive_entry_pathname(entry);
      m_facts.outer_names.emplace_back(raw ? raw : "");
      if (archive_entry_filetype(entry) != AE_IFREG || archive_entry_hardlink(entry) != nullptr) {
        continue;
      }
      const std::string path = normalize_name(m_facts.outer_names.back()).path;
      EntrySource source(m_archive, path);
      report({m_done, path});
      auto handled = handle(path, source, archive_entry_size(entry));
      if (handled) {
        handled = source.drain();
      }
      m_done += source.read();
      if (!handled) {
        m_facts.outer_error = handled.error().message;
        break;
      }
    }
    report({m_done, {}});
    m_facts.outer_bytes = m_done;
    m_facts.uncompressed_total = m_budget.total_bytes;
    m_facts.largest_buffered = m_budget.largest_buffered;
    if (m_facts.budget.empty()) {
      m_facts.budget = m_budget.exhausted;
    }
    return {};
  }

private:
  void report(const ReadProgress& progress) const
  {
    if (m_progress) {
      m_progress(progress);
    }
  }

  core::Expected<void> handle(const std::string& path, EntrySource& source, la_int64_t size)
  {
    if (path == "oci-layout" || path == "index.json") {
      const std::uint64_t cap =
          path == "oci-layout" ? k_max_oci_layout : m_budget.limits.max_json_bytes;
      auto content = read_small(source, cap);
      if (!content) {
        return tl::make_unexpected(content.error());
      }
      if (!*content) {
        m_facts.outer_problems.push_back(
            fmt::format("{} is larger than {} bytes and was not read", path, cap));
      } else {
        (path == "oci-layout" ? m_facts.oci_layout : m_facts.index_json) = std::move(**content);
      }
      return {};
    }
    // blobs/<algorithm>/<encoded>; anything else in the layout is ignored, as the spec asks.
    if (path.rfind("blobs/", 0) != 0 || std::count(path.begin(), path.end(), '/') != 2) {
      return {};
    }
    BlobFacts blob;
    blob.name = path;
    blob.algorithm = std::string(base_of(parent_of(path)));
    blob.encoded = std::string(base_of(path));
    auto read = read_blob(blob, source, size);
    blob.sha256 = source.digest();
    blob.size = source.read();
    blob.complete = static_cast<bool>(read) && source.error().empty();
    m_facts.blobs.push_back(std::move(blob));
    return read;
  }

  core::Expected<void> read_blob(BlobFacts& blob, EntrySource& source, la_int64_t size)
  {
    auto head = take_head(source, k_head);
    if (!head) {
      return tl::make_unexpected(head.error());
    }
    if (looks_like_json(*head)) {
      if (size >= 0 && static_cast<std::uint64_t>(size) <= m_budget.limits.max_json_bytes) {
        std::string content = std::move(*head);
        for (;;) {
          auto piece = source.next();
          if (!piece) {
            return tl::make_unexpected(piece.error());
          }
          if (piece->empty()) {
            break;
          }
          if (content.size() + piece->size() > m_budget.limits.max_json_bytes) {
            return source.drain(); // grew past its declared size: not kept
          }
          content.append(piece->data(), piece->size());
        }
        blob.json = std::move(content);
      }
      return {};
    }
    LayerFacts layer;
    layer.compression = sniff_compression(*head);
    if (!m_budget.exhausted.empty()) {
      layer.budget = "not decoded: " + m_budget.exhausted;
    } else {
      PrefixedSource whole(std::move(*head), source);
      const std::string entry = blob.name;
      report({m_done, entry, true});
      read_layer(whole,
                 layer.compression,
                 source.read(),
                 layer,
                 m_budget,
                 [this, &entry](std::uint64_t blob_bytes) {
                   report({m_done + blob_bytes, entry, true});
                 });
    }
    blob.layer = m_facts.layers.size();
    m_facts.layers.push_back(std::move(layer));
    return {};
  }

  struct archive* m_archive;
  RockFacts& m_facts;
  const ProgressFn& m_progress;
  BudgetState m_budget;
  std::uint64_t m_done = 0; // bytes of the entries read before the current one
};

core::Expected<RockFacts> read_rock(const std::function<int(struct archive*)>& open,
                                    const std::string& file,
                                    const Budgets& budgets,
                                    const ProgressFn& progress)
{
  RockFacts facts;
  facts.file = file;
  facts.file_name = std::string(base_of(file));
  std::unique_ptr<struct archive, int (*)(struct archive*)> archive(archive_read_new(),
                                                                    archive_read_free);
  if (!archive) {
    return core::make_error("libarchive could not allocate a reader");
  }
  archive_read_support_format_tar(archive.get());
  if (open(archive.get()) != ARCHIVE_OK) {
    const char* why = archive_error_string(archive.get());
    if (archive_errno(archive.get()) == k_errno_file_format) {
      return core::make_error(
          fmt::format("{}: not a tar archive: {}", file, why ? why : "?"),
          "a .rock is the uncompressed tar of an OCI image layout that rockcraft pack writes");
    }
    return core::make_error(fmt::format("cannot read {}: {}", file, why ? why : "?"),
                            "check the path and that the file is readable");
  }
  RockReader reader(archive.get(), facts, budgets, progress);
  auto ran = reader.run();
  if (!ran) {
    return tl::make_unexpected(ran.error());
  }
  return facts;
}

} // namespace

core::Expected<RockFacts>
collect(const std::string& path, const Budgets& budgets, const ProgressFn& progress)
{
  return read_rock(
      [&path](struct archive* archive) {
        return archive_read_open_filename(archive, path.c_str(), 1 << 20);
      },
      path,
      budgets,
      progress);
}

core::Expected<RockFacts> collect_from_memory(std::string_view bytes,
                                              const std::string& name,
                                              const Budgets& budgets,
                                              const ProgressFn& progress)
{
  return read_rock(
      [bytes](struct archive* archive) {
        return archive_read_open_memory(archive, bytes.data(), bytes.size());
      },
      name,
      budgets,
      progress);
}

} // namespace fipsrock::verify
