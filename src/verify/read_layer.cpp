// SPDX-License-Identifier: Apache-2.0
// One layer, one pass: blob bytes -> (inflate) -> read-ahead thread -> this file's hashing
// pull -> libarchive's tar reader -> per-entry facts. Reading, hashing and inflating the blob
// run on the read-ahead thread; the tar walk, the per-file digests and the ELF parsing on the
// caller's. The tar reader asks for bytes through a read callback, and every uncompressed byte
// passes that callback exactly once, so that is where the diff_id is hashed and the byte
// budgets are charged. Bytes after the tar's end-of-archive marker are drained through the
// same path, since the diff_id covers the whole stream.
#include "verify/read_layer.hpp"

#include "core/digest.hpp"
#include "verify/read_ahead.hpp"
#include "verify/string_scan.hpp"
#include "verify/tar_path.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <fmt/format.h>

#include <array>
#include <cerrno>
#include <memory>

namespace fipsrock::verify {

namespace {

constexpr std::uint64_t k_max_kept_content = 1 << 20;
constexpr std::string_view k_elf_magic("\x7f"
                                       "ELF",
                                       4);

std::string human_bytes(std::uint64_t bytes)
{
  if (bytes >= (1ULL << 30)) {
    return fmt::format("{:.1f} GiB", static_cast<double>(bytes) / (1ULL << 30));
  }
  if (bytes >= (1ULL << 20)) {
    return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / (1ULL << 20));
  }
  return fmt::format("{} bytes", bytes);
}

// The uncompressed layer stream as the tar reader pulls it: hashed and charged to the budgets.
class HashingPull {
public:
  HashingPull(ReadAhead& decoded,
              LayerFacts& layer,
              BudgetState& budget,
              const std::function<void(std::uint64_t)>& on_read)
      : m_decoded(decoded), m_layer(layer), m_budget(budget), m_on_read(on_read)
  {
  }

  // The next piece; empty at the end. An error for corrupt data or a spent budget (recorded
  // in the layer facts).
  core::Expected<std::string_view> pull()
  {
    auto piece = m_decoded.next();
    if (!piece) {
      m_failed = true;
      return piece;
    }
    if (piece->empty()) {
      m_ended = true;
      return piece;
    }
    m_hash.update(*piece);
    m_layer.uncompressed_size += piece->size();
    if (m_on_read && m_decoded.counted() >= m_next_report) {
      m_on_read(m_decoded.counted());
      m_next_report = m_decoded.counted() + k_report_every;
    }
    auto charged = charge(piece->size());
    if (!charged) {
      m_failed = true;
      return tl::make_unexpected(charged.error());
    }
    return piece;
  }

  // Charges `bytes` of uncompressed data to the budgets (also for sparse holes, which cost
  // hashing time without coming from the stream).
  core::Expected<void> charge(std::uint64_t bytes)
  {
    const Budgets& limits = m_budget.limits;
    m_budget.total_bytes += bytes;
    if (m_budget.total_bytes > limits.max_total_bytes) {
      m_layer.budget = fmt::format("more than {} of uncompressed layer data (max_total_bytes)",
                                   human_bytes(limits.max_total_bytes));
      m_budget.exhausted = m_layer.budget;
      return core::make_error(m_layer.budget);
    }
    const std::uint64_t in = m_decoded.counted();
    if (m_layer.compression != Compression::none &&
        m_layer.uncompressed_size > limits.ratio_floor && in > 0 &&
        m_layer.uncompressed_size / in > limits.max_ratio) {
      m_layer.budget = fmt::format("compression ratio above {}:1 ({} from {}) (max_ratio)",
                                   limits.max_ratio,
                                   human_bytes(m_layer.uncompressed_size),
                                   human_bytes(in));
      return core::make_error(m_layer.budget);
    }
    return {};
  }

  // Reads what the tar reader left (end-of-archive padding, junk) so the digest is complete.
  core::Expected<void> drain()
  {
    while (!m_ended) {
      auto piece = pull();
      if (!piece) {
        return tl::make_unexpected(piece.error());
      }
    }
    return {};
  }

  bool failed() const { return m_failed; }
  std::string digest() { return "sha256:" + m_hash.hex_digest(); }

private:
  static constexpr std::uint64_t k_report_every = std::uint64_t{8} << 20;

  ReadAhead& m_decoded;
  LayerFacts& m_layer;
  BudgetState& m_budget;
  const std::function<void(std::uint64_t)>& m_on_read;
  std::uint64_t m_next_report = k_report_every;
  core::Sha256 m_hash;
  bool m_ended = false;
  bool m_failed = false;
};

struct TarClient {
  HashingPull* input;
  std::string error; // the pull error the tar reader saw
};

la_ssize_t tar_read(struct archive* archive, void* client, const void** buffer)
{
  auto* self = static_cast<TarClient*>(client);
  auto piece = self->input->pull();
  if (!piece) {
    self->error = piece.error().message;
    archive_set_error(archive, EIO, "%s", self->error.c_str());
    return -1;
  }
  *buffer = piece->data();
  return static_cast<la_ssize_t>(piece->size());
}

EntryType type_of(archive_entry* entry)
{
  if (archive_entry_hardlink(entry) != nullptr) {
    return EntryType::hardlink;
  }
  switch (archive_entry_filetype(entry)) {
  case AE_IFREG:
    return EntryType::regular;
  case AE_IFDIR:
    return EntryType::directory;
  case AE_IFLNK:
    return EntryType::symlink;
  case AE_IFCHR:
    return EntryType::char_device;
  case AE_IFBLK:
    return EntryType::block_device;
  case AE_IFIFO:
    return EntryType::fifo;
  default:
    return EntryType::other;
  }
}

std::string entry_name(archive_entry* entry)
{
  if (const char* name = archive_entry_pathname(entry)) {
    return name;
  }
  if (const char* name = archive_entry_pathname_utf8(entry)) {
    return name;
  }
  return {};
}

// Reads the data of the regular file `entry` (already described in `out`): its digest, and the
// ELF facts, strings and kept content the rules need.
core::Expected<void> read_file_data(struct archive* archive,
                                    HashingPull& input,
                                    LayerEntry& out,
                                    BudgetState& budget,
                                    std::string& elf_buffer)
{
  static const std::array<char, std::size_t{64} * 1024> k_zeros{};
  core::Sha256 hash;
  StringScanner scanner(scan_keywords_for(out.path));
  const bool keep = keeps_content(out.path) && out.size <= k_max_kept_content;
  std::string kept;
  // An ELF file too large to hold is still searched for Go's build info magic, so a Go binary
  // cannot escape the rules by size alone.
  constexpr std::string_view k_go_magic("\xff Go buildinf:", 14);
  std::string carry;
  bool go_magic = false;
  std::string head; // the bytes before the ELF magic could be judged (fewer than 4)
  bool magic = false;
  bool elf = false;
  bool judged = false;
  elf_buffer.clear();
  std::uint64_t position = 0;

  auto consume = [&](std::string_view bytes) {
    hash.update(bytes);
    scanner.feed(bytes);
    if (keep) {
      kept.append(bytes.data(), bytes.size());
    }
    if (!judged) {
      std::string probe = head;
      probe.append(bytes.data(), std::min<std::size_t>(bytes.size(), 4));
      if (probe.size() >= 4 || position + bytes.size() >= out.size) {
        judged = true;
        magic = probe.substr(0, 4) == k_elf_magic;
        elf = magic && out.size <= budget.limits.max_elf_bytes;
        if (elf) {
          // The declared size is at most max_elf_bytes; reserving it spares the copies of
          // a growing buffer (untouched pages of a short file are never faulted in).
          elf_buffer.reserve(static_cast<std::size_t>(out.size));
          elf_buffer = head;
        }
      } else {
        head.append(bytes.data(), bytes.size());
      }
    }
    if (elf) {
      elf_buffer.append(bytes.data(), bytes.size());
    } else if (magic && !go_magic) {
      carry.append(bytes.data(), bytes.size());
      go_magic = carry.find(k_go_magic) != std::string::npos;
      carry.erase(0, carry.size() > k_go_magic.size() ? carry.size() - k_go_magic.size() : 0);
    }
    position += bytes.size();
  };

  for (;;) {
    const void* block = nullptr;
    std::size_t size = 0;
    la_int64_t offset = 0;
    const int rc = archive_read_data_block(archive, &block, &size, &offset);
    if (rc == ARCHIVE_EOF) {
      break;
    }
    if (rc < ARCHIVE_WARN) {
      const char* why = archive_error_string(archive);
      return core::make_error(fmt::format(
          "cannot read the data of {}: {}", out.raw_name, why ? why : "libarchive error"));
    }
    // A sparse file's holes read as zeros; they are charged to the byte budget too.
    const auto at = static_cast<std::uint64_t>(offset < 0 ? 0 : offset);
    while (position < at && position < out.size) {
      const std::uint64_t gap = std::min<std::uint64_t>(at - position, k_zeros.size());
      auto charged = input.charge(gap);
      if (!charged) {
        return charged;
      }
      consume(std::string_view(k_zeros.data(), gap));
    }
    consume(std::string_view(static_cast<const char*>(block), size));
  }
  while (position < out.size) {
    const std::uint64_t gap = std::min<std::uint64_t>(out.size - position, k_zeros.size());
    auto charged = input.charge(gap);
    if (!charged) {
      return charged;
    }
    consume(std::string_view(k_zeros.data(), gap));
  }

  out.sha256 = hash.hex_digest();
  out.strings = scanner.finish();
  if (keep) {
    out.content = std::move(kept);
  }
  if (magic) {
    ElfFacts facts;
    if (!elf) {
      facts.go_magic = go_magic;
      facts.error = fmt::format("not parsed: {} is larger than max_elf_bytes ({})",
                                human_bytes(out.size),
                                human_bytes(budget.limits.max_elf_bytes));
    } else {
      budget.largest_buffered = std::max<std::uint64_t>(budget.largest_buffered, elf_buffer.size());
      auto parsed = parse_elf(elf_buffer);
      if (!parsed) {
        facts.error = parsed.error().message;
      } else {
        auto info = read_go_buildinfo(elf_buffer, *parsed);
        if (!info) {
          facts.error = info.error().message;
        } else {
          facts.go = std::move(*info);
        }
        facts.elf = std::move(*parsed);
      }
    }
    out.elf = std::move(facts);
  }
  return {};
}

std::unique_ptr<ByteSource>
decoder_for(Compression compression, ByteSource& blob, std::uint64_t* trailing)
{
  switch (compression) {
  case Compression::gzip:
    return gunzip(blob, trailing);
  case Compression::zstd:
    return unzstd(blob);
  case Compression::none:
    break;
  }
  return nullptr;
}

// Records every entry of the open layer tar `archive` in `layer`, until its end, an error or a
// spent budget.
void read_entries(struct archive* archive,
                  HashingPull& input,
                  const TarClient& client,
                  LayerFacts& layer,
                  BudgetState& budget)
{
  std::string elf_buffer;
  archive_entry* entry = nullptr;
  for (;;) {
    const int rc = archive_read_next_header(archive, &entry);
    if (rc == ARCHIVE_EOF) {
      break;
    }
    if (rc < ARCHIVE_WARN) {
      const char* why = archive_error_string(archive);
      layer.error = !client.error.empty() ? client.error
                                          : fmt::format("corrupt layer tar after {} entries: {}",
                                                        layer.entries.size(),
                                                        why ? why : "libarchive error");
      break;
    }
    budget.entries += 1;
    if (budget.entries > budget.limits.max_entries) {
      layer.budget = fmt::format("more than {} entries in the image's layers (max_entries)",
                                 budget.limits.max_entries);
      budget.exhausted = layer.budget;
      break;
    }
    LayerEntry out;
    out.raw_name = entry_name(entry);
    NormalizedName name = normalize_name(out.raw_name);
    out.path = std::move(name.path);
    out.absolute = name.absolute;
    out.traversal = name.traversal;
    out.type = type_of(entry);
    out.mode = static_cast<std::uint32_t>(archive_entry_perm(entry));
    out.uid = archive_entry_uid(entry);
    out.gid = archive_entry_gid(entry);
    out.size = archive_entry_size_is_set(entry)
                   ? static_cast<std::uint64_t>(std::max<la_int64_t>(0, archive_entry_size(entry)))
                   : 0;
    if (out.type == EntryType::hardlink) {
      out.link_target = archive_entry_hardlink(entry);
    } else if (const char* target = archive_entry_symlink(entry)) {
      out.link_target = target;
    }
    if (out.size > budget.limits.max_entry_bytes) {
      layer.budget = fmt::format("{} declares {}, more than max_entry_bytes ({})",
                                 out.raw_name,
                                 human_bytes(out.size),
                                 human_bytes(budget.limits.max_entry_bytes));
      layer.entries.push_back(std::move(out));
      break;
    }
    if (out.type == EntryType::regular) {
      auto read = read_file_data(archive, input, out, budget, elf_buffer);
      if (!read) {
        if (layer.budget.empty()) {
          layer.error = !client.error.empty() ? client.error : read.error().message;
        }
        layer.entries.push_back(std::move(out));
        break;
      }
    }
    layer.entries.push_back(std::move(out));
  }
}

} // namespace

bool keeps_content(const std::string& path)
{
  if (path == ".rock/metadata.yaml") {
    return true;
  }
  const std::string_view dir = parent_of(path);
  const std::string_view base = base_of(path);
  return dir == "var/lib/pebble/default/layers" && base.size() > 5 &&
         base.substr(base.size() - 5) == ".yaml";
}

void read_layer(ByteSource& blob,
                Compression compression,
                const std::uint64_t& compressed_read,
                LayerFacts& layer,
                BudgetState& budget,
                const std::function<void(std::uint64_t)>& on_read)
{
  layer.compression = compression;
  std::unique_ptr<ByteSource> decoder = decoder_for(compression, blob, &layer.trailing_bytes);
  // Reading the blob, hashing it and inflating it run on a second thread, ahead of the tar
  // walk below (joined when `ahead` goes out of scope, before `decoder`).
  ReadAhead ahead(decoder ? *decoder : blob, compressed_read);
  HashingPull input(ahead, layer, budget, on_read);
  TarClient client{&input, {}};

  std::unique_ptr<struct archive, int (*)(struct archive*)> archive(archive_read_new(),
                                                                    archive_read_free);
  if (!archive) {
    layer.error = "libarchive could not allocate a reader";
    return;
  }
  archive_read_support_format_tar(archive.get());
  archive_read_support_format_empty(archive.get());
  if (archive_read_open(archive.get(), &client, nullptr, tar_read, nullptr) != ARCHIVE_OK) {
    const char* why = archive_error_string(archive.get());
    layer.error =
        client.error.empty() ? fmt::format("not a tar layer: {}", why ? why : "?") : client.error;
  } else {
    read_entries(archive.get(), input, client, layer, budget);
  }

  if (!layer.budget.empty() || input.failed()) {
    // A spent budget or undecodable data: the diff_id cannot be known.
    return;
  }
  auto drained = input.drain();
  if (!drained) {
    if (layer.budget.empty() && layer.error.empty()) {
      layer.error = drained.error().message;
    }
    return;
  }
  layer.diff_id = input.digest();
}

} // namespace fipsrock::verify
