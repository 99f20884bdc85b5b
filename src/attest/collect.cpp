// SPDX-License-Identifier: Apache-2.0
#include "attest/collect.hpp"

#include "attest/parse_oci_index.hpp"
#include "attest/parse_records.hpp"
#include "core/digest.hpp"
#include "core/time.hpp"
#include "sys/file.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <fmt/format.h>

#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <ctime>
#include <filesystem>
#include <memory>

namespace fipsrock::attest {

namespace {

namespace fs = std::filesystem;

// index.json of a rock is a few hundred bytes; anything past this is not an OCI index.
constexpr std::size_t k_max_index_bytes = std::size_t{4} << 20;

std::string hostname()
{
  std::array<char, 256> name{};
  if (::gethostname(name.data(), name.size() - 1) != 0 || name[0] == '\0') {
    return "unknown-host";
  }
  return name.data();
}

// The modification time of `path` as RFC 3339 UTC, or "" when it cannot be read.
std::string modified_utc(const std::string& path)
{
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return {};
  }
  return core::rfc3339_utc(st.st_mtime);
}

// The sha256 of `path` when it exists; nullopt when it does not; an error when unreadable.
core::Expected<std::optional<FileRef>> optional_digest(const std::string& path)
{
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    return std::optional<FileRef>();
  }
  auto digest = sys::digest_file(path);
  if (!digest) {
    return tl::make_unexpected(digest.error());
  }
  return std::optional<FileRef>(FileRef{path, digest->sha256});
}

core::Error with_hint(core::Error error, std::string hint)
{
  if (error.hint.empty()) {
    error.hint = std::move(hint);
  }
  return error;
}

// The verify report, its digest and the policy it names, when there is a report.
core::Expected<void> collect_verify(const CollectOptions& options, AttestFacts& facts)
{
  const bool given = !options.verify_report.empty();
  const std::string path =
      given ? options.verify_report : (fs::path(options.build_dir) / "verify.json").string();
  auto text = sys::read_file_if_exists(path);
  if (!text) {
    return tl::make_unexpected(text.error());
  }
  if (!text->has_value()) {
    if (given) {
      return core::make_error(fmt::format("cannot read file: {}: no such file", path),
                              "give the report `fipsrock verify --json ROCK` wrote");
    }
    return {};
  }
  auto record = parse_verify_record(**text, path, facts.rock_file);
  if (!record) {
    return tl::make_unexpected(record.error());
  }
  facts.verify_report = FileRef{path, core::sha256_hex(**text)};
  facts.time_verified = record->time_verified.empty() ? modified_utc(path) : record->time_verified;
  const std::string policy = options.policy.empty() ? record->policy_path : options.policy;
  facts.verify = std::move(*record);
  if (!policy.empty()) {
    auto digest = optional_digest(policy);
    if (!digest) {
      return tl::make_unexpected(digest.error());
    }
    // A policy that is gone is still named, without a digest.
    facts.policy = digest->value_or(FileRef{policy, ""});
  }
  return {};
}

} // namespace

core::Expected<std::string> read_rock_index(const std::string& path)
{
  std::unique_ptr<struct archive, int (*)(struct archive*)> archive(archive_read_new(),
                                                                    archive_read_free);
  if (!archive) {
    return core::make_error("libarchive could not allocate a reader");
  }
  // A .rock is an uncompressed tar (rockcraft writes it with skopeo's oci-archive transport).
  archive_read_support_format_tar(archive.get());
  if (archive_read_open_filename(archive.get(), path.c_str(), 1 << 16) != ARCHIVE_OK) {
    const char* why = archive_error_string(archive.get());
    return core::make_error(fmt::format("cannot read {}: {}", path, why != nullptr ? why : "?"),
                            "check the path and that the file is readable");
  }
  struct archive_entry* entry = nullptr;
  int status = ARCHIVE_OK;
  while ((status = archive_read_next_header(archive.get(), &entry)) == ARCHIVE_OK) {
    const char* raw = archive_entry_pathname(entry);
    std::string_view name = raw != nullptr ? raw : "";
    while (name.rfind("./", 0) == 0) {
      name.remove_prefix(2);
    }
    if (name != "index.json") {
      archive_read_data_skip(archive.get());
      continue;
    }
    if (archive_entry_size(entry) < 0 ||
        static_cast<std::uint64_t>(archive_entry_size(entry)) > k_max_index_bytes) {
      return core::make_error(
          fmt::format("{}: index.json is larger than an OCI index can be", path));
    }
    std::string text(static_cast<std::size_t>(archive_entry_size(entry)), '\0');
    std::size_t filled = 0;
    while (filled < text.size()) {
      const la_ssize_t n =
          archive_read_data(archive.get(), text.data() + filled, text.size() - filled);
      if (n < 0) {
        return core::make_error(fmt::format(
            "cannot read {}: index.json: {}", path, archive_error_string(archive.get())));
      }
      if (n == 0) {
        break;
      }
      filled += static_cast<std::size_t>(n);
    }
    text.resize(filled);
    return text;
  }
  if (status != ARCHIVE_EOF) {
    const char* why = archive_error_string(archive.get());
    return core::make_error(fmt::format("cannot read {}: {}", path, why != nullptr ? why : "?"),
                            "is it a .rock (an OCI archive)?");
  }
  return core::make_error(fmt::format("{} has no index.json: it is not an OCI archive", path),
                          "give the .rock that `fipsrock pack` made");
}

core::Expected<AttestFacts> collect(const CollectOptions& options_in)
{
  CollectOptions options = options_in;
  if (options.build_dir.empty()) {
    if (options.rock.empty()) {
      return core::make_error("attest needs a .rock or --build-dir",
                              "fipsrock attest build/<rock>/<rock>_<version>_<platform>.rock");
    }
    options.build_dir = fs::path(options.rock).parent_path().string();
    if (options.build_dir.empty()) {
      options.build_dir = ".";
    }
  }
  const fs::path dir(options.build_dir);
  AttestFacts facts;

  const std::string render_path = (dir / "render.json").string();
  auto render_text = sys::read_file(render_path);
  if (!render_text) {
    return tl::make_unexpected(
        with_hint(render_text.error(), "run `fipsrock render` and `fipsrock pack` first"));
  }
  auto render = parse_render_record(*render_text, render_path);
  if (!render) {
    return tl::make_unexpected(render.error());
  }
  facts.render = std::move(*render);

  const std::string pack_path = (dir / "pack.json").string();
  auto pack_text = sys::read_file(pack_path);
  if (!pack_text) {
    return tl::make_unexpected(with_hint(
        pack_text.error(), fmt::format("run `fipsrock pack {}` first", facts.render.rock)));
  }
  auto pack = parse_pack_record(*pack_text, pack_path);
  if (!pack) {
    return tl::make_unexpected(pack.error());
  }
  facts.pack = std::move(*pack);
  facts.pack_record_sha256 = core::sha256_hex(*pack_text);

  // The rock pack made, found beside its record (the record's path is relative to where pack ran).
  const std::string rock = options.rock.empty()
                               ? (dir / fs::path(facts.pack.artifact_path).filename()).string()
                               : options.rock;
  facts.rock_path = rock;
  facts.rock_file = fs::path(rock).filename().string();
  auto rock_digest = sys::digest_file(rock);
  if (!rock_digest) {
    return tl::make_unexpected(rock_digest.error());
  }
  facts.rock_sha256 = rock_digest->sha256;
  auto index = read_rock_index(rock);
  if (!index) {
    return tl::make_unexpected(index.error());
  }
  auto manifest = image_manifest_digest(*index, facts.pack.platform);
  if (!manifest) {
    return core::make_error(fmt::format("{}: {}", rock, manifest.error().message),
                            "give the .rock that `fipsrock pack` made");
  }
  facts.manifest_digest = *manifest;

  const std::string log_name =
      facts.pack.log_path.empty() ? "pack.log" : fs::path(facts.pack.log_path).filename().string();
  auto log = optional_digest((dir / log_name).string());
  if (!log) {
    return tl::make_unexpected(log.error());
  }
  facts.pack_log = *log;
  auto recipe = optional_digest((dir / "rockcraft.yaml").string());
  if (!recipe) {
    return tl::make_unexpected(recipe.error());
  }
  if (*recipe) {
    facts.rockcraft_yaml_sha256 = (*recipe)->sha256;
  }

  if (auto verify = collect_verify(options, facts); !verify) {
    return tl::make_unexpected(verify.error());
  }
  if (!options.policy.empty() && !facts.policy) {
    auto digest = sys::digest_file(options.policy);
    if (!digest) {
      return tl::make_unexpected(digest.error());
    }
    facts.policy = FileRef{options.policy, digest->sha256};
  }

  const std::string host = hostname();
  facts.builder_id =
      options.builder_id.empty() ? "https://fipsrock.dev/builder/" + host : options.builder_id;
  facts.verifier_id = "https://fipsrock.dev/verifier/" + host;
  facts.mode = options.mode.empty() ? build_mode(facts.pack) : options.mode;
  return facts;
}

core::Expected<AttestationFacts> collect_attestation(const std::string& path,
                                                     const std::vector<std::string>& rocks)
{
  AttestationFacts facts;
  facts.path = path;
  auto text = sys::read_file(path);
  if (!text) {
    return tl::make_unexpected(text.error());
  }
  facts.text = std::move(*text);
  for (const auto& rock : rocks) {
    auto digest = sys::digest_file(rock);
    if (!digest) {
      return tl::make_unexpected(digest.error());
    }
    facts.rocks.push_back({rock, digest->sha256});
  }
  return facts;
}

} // namespace fipsrock::attest
