// SPDX-License-Identifier: Apache-2.0
// Streaming zstd for layer blobs through libarchive's zstd filter and its "raw" format (which
// hands out the filtered stream as one entry), so no zstd development headers are needed.
#include "verify/byte_source.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <cerrno>

namespace fipsrock::verify {

namespace {

class UnzstdSource : public ByteSource {
public:
  explicit UnzstdSource(ByteSource& compressed) : m_in(compressed), m_archive(archive_read_new()) {}
  ~UnzstdSource() override { archive_read_free(m_archive); }
  UnzstdSource(const UnzstdSource&) = delete;
  UnzstdSource& operator=(const UnzstdSource&) = delete;

  core::Expected<std::string_view> next() override
  {
    if (m_done) {
      return std::string_view();
    }
    if (!m_opened) {
      m_opened = true;
      auto opened = open();
      if (!opened) {
        m_done = true;
        return tl::make_unexpected(opened.error());
      }
    }
    const void* block = nullptr;
    std::size_t size = 0;
    la_int64_t offset = 0;
    const int rc = archive_read_data_block(m_archive, &block, &size, &offset);
    if (rc == ARCHIVE_EOF) {
      m_done = true;
      return std::string_view();
    }
    if (rc < ARCHIVE_WARN) {
      m_done = true;
      return core::make_error(failure("corrupt zstd data"));
    }
    return std::string_view(static_cast<const char*>(block), size);
  }

private:
  static la_ssize_t read(struct archive* /*archive*/, void* client, const void** buffer)
  {
    auto* self = static_cast<UnzstdSource*>(client);
    auto piece = self->m_in.next();
    if (!piece) {
      self->m_upstream_error = piece.error().message;
      return -1;
    }
    *buffer = piece->data();
    return static_cast<la_ssize_t>(piece->size());
  }

  core::Expected<void> open()
  {
    if (!m_archive || archive_read_support_filter_zstd(m_archive) < ARCHIVE_WARN ||
        archive_read_support_format_raw(m_archive) != ARCHIVE_OK) {
      return core::make_error("libarchive cannot read zstd data (built without zstd support)");
    }
    if (archive_read_open(m_archive, this, nullptr, &UnzstdSource::read, nullptr) != ARCHIVE_OK) {
      return core::make_error(failure("cannot open the zstd stream"));
    }
    archive_entry* entry = nullptr;
    const int rc = archive_read_next_header(m_archive, &entry);
    if (rc == ARCHIVE_EOF) {
      m_done = true;
      return {};
    }
    if (rc < ARCHIVE_WARN) {
      return core::make_error(failure("corrupt zstd data"));
    }
    return {};
  }

  std::string failure(const char* what) const
  {
    if (!m_upstream_error.empty()) {
      return m_upstream_error;
    }
    const char* why = archive_error_string(m_archive);
    return why ? std::string(what) + ": " + why : std::string(what);
  }

  ByteSource& m_in;
  struct archive* m_archive;
  bool m_opened = false;
  bool m_done = false;
  std::string m_upstream_error;
};

} // namespace

std::unique_ptr<ByteSource> unzstd(ByteSource& compressed)
{
  return std::make_unique<UnzstdSource>(compressed);
}

} // namespace fipsrock::verify
