// SPDX-License-Identifier: Apache-2.0
#include "attest/parse_records.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cctype>
#include <filesystem>

namespace fipsrock::attest {

namespace {

using Json = nlohmann::json;

// Reads the fields of one record, turning every problem into "<path>: <field>: <what>".
class Record {
public:
  Record(std::string path, std::string hint) : m_path(std::move(path)), m_hint(std::move(hint)) {}

  tl::unexpected<core::Error> fail(std::string_view field, std::string_view what) const
  {
    return core::make_error(fmt::format("{}: {}: {}", m_path, field, what), m_hint);
  }

  // The node at the JSON pointer `field` ("/source/commit"), or nullptr when absent.
  static const Json* at(const Json& doc, const std::string& field)
  {
    const Json::json_pointer pointer(field);
    return doc.contains(pointer) ? &doc.at(pointer) : nullptr;
  }

  core::Expected<std::string>
  string(const Json& doc, const std::string& field, bool allow_empty = false) const
  {
    const Json* node = at(doc, field);
    if (node == nullptr) {
      return fail(field, "missing");
    }
    if (!node->is_string()) {
      return fail(field, "expected a string");
    }
    if (!allow_empty && node->get_ref<const std::string&>().empty()) {
      return fail(field, "empty");
    }
    return node->get<std::string>();
  }

  // A string that may be absent or null: "" then.
  core::Expected<std::string> optional_string(const Json& doc, const std::string& field) const
  {
    const Json* node = at(doc, field);
    if (node == nullptr || node->is_null()) {
      return std::string();
    }
    if (!node->is_string()) {
      return fail(field, "expected a string or null");
    }
    return node->get<std::string>();
  }

  core::Expected<std::string> sha256(const Json& doc, const std::string& field) const
  {
    auto value = string(doc, field);
    if (value && !is_lower_hex(*value, 64)) {
      return fail(field, fmt::format("'{}' is not a sha256 (64 lowercase hex digits)", *value));
    }
    return value;
  }

  core::Expected<FileRef> file(const Json& doc, const std::string& field) const
  {
    auto path = string(doc, field + "/path");
    if (!path) {
      return tl::make_unexpected(path.error());
    }
    auto digest = sha256(doc, field + "/sha256");
    if (!digest) {
      return tl::make_unexpected(digest.error());
    }
    return FileRef{*path, *digest};
  }

  core::Expected<const Json*> array(const Json& doc, const std::string& field) const
  {
    const Json* node = at(doc, field);
    if (node == nullptr) {
      return fail(field, "missing");
    }
    if (!node->is_array()) {
      return fail(field, "expected an array");
    }
    return node;
  }

  const std::string& path() const { return m_path; }

private:
  std::string m_path;
  std::string m_hint;
};

core::Expected<Json> parse_json(std::string_view text, const std::string& path, const char* hint)
{
  try {
    Json doc = Json::parse(text);
    if (!doc.is_object()) {
      return core::make_error(fmt::format("{}: not a JSON object", path), hint);
    }
    return doc;
  } catch (const Json::exception& e) {
    return core::make_error(fmt::format("{}: not valid JSON: {}", path, e.what()), hint);
  }
}

core::Expected<RenderRecord> render_fields(const Json& doc, const Record& r)
{
  RenderRecord out;
  FIPSROCK_TRY_ASSIGN(out.rock, r.string(doc, "/rock"));
  FIPSROCK_TRY_ASSIGN(out.version, r.string(doc, "/version"));
  const Json* platforms = nullptr;
  FIPSROCK_TRY_ASSIGN(platforms, r.array(doc, "/platforms"));
  for (const auto& p : *platforms) {
    if (!p.is_string()) {
      return r.fail("/platforms", "expected strings");
    }
    out.platforms.push_back(p.get<std::string>());
  }
  FIPSROCK_TRY_ASSIGN(out.source_repo, r.string(doc, "/source/repo"));
  FIPSROCK_TRY_ASSIGN(out.source_tag, r.string(doc, "/source/tag"));
  FIPSROCK_TRY_ASSIGN(out.source_commit, r.string(doc, "/source/commit"));
  if (!is_lower_hex(out.source_commit, 40) && !is_lower_hex(out.source_commit, 64)) {
    return r.fail("/source/commit", "not a full git commit id (40 or 64 lowercase hex digits)");
  }
  FIPSROCK_TRY_ASSIGN(out.go_strategy, r.string(doc, "/strategy/go"));
  FIPSROCK_TRY_ASSIGN(out.openssl_strategy, r.string(doc, "/strategy/openssl"));
  const Json* requirefips = Record::at(doc, "/strategy/requirefips");
  if (requirefips == nullptr || !requirefips->is_boolean()) {
    return r.fail("/strategy/requirefips", "expected true or false");
  }
  out.requirefips = requirefips->get<bool>();

  if (out.go_strategy == "msgo-tarball") {
    FIPSROCK_TRY_ASSIGN(out.go_version, r.string(doc, "/go_toolchain/version"));
    const Json* archives = nullptr;
    FIPSROCK_TRY_ASSIGN(archives, r.array(doc, "/go_toolchain/archives"));
    for (std::size_t i = 0; i < archives->size(); ++i) {
      const std::string at = fmt::format("/go_toolchain/archives/{}", i);
      GoArchive archive;
      FIPSROCK_TRY_ASSIGN(archive.platform, r.string(doc, at + "/platform"));
      FIPSROCK_TRY_ASSIGN(archive.url, r.string(doc, at + "/url"));
      FIPSROCK_TRY_ASSIGN(archive.sha256, r.sha256(doc, at + "/sha256"));
      out.go_archives.push_back(std::move(archive));
    }
  } else if (out.go_strategy == "go-snap") {
    FIPSROCK_TRY_ASSIGN(out.go_snap_channel, r.string(doc, "/go_toolchain/channel"));
  } else {
    return r.fail("/strategy/go", fmt::format("unknown strategy '{}'", out.go_strategy));
  }

  if (out.openssl_strategy == "fips-debs") {
    const Json* packages = nullptr;
    FIPSROCK_TRY_ASSIGN(packages, r.array(doc, "/openssl/packages"));
    for (std::size_t i = 0; i < packages->size(); ++i) {
      const std::string at = fmt::format("/openssl/packages/{}", i);
      DebPackage deb;
      FIPSROCK_TRY_ASSIGN(deb.name, r.string(doc, at + "/name"));
      FIPSROCK_TRY_ASSIGN(deb.version, r.optional_string(doc, at + "/version"));
      out.openssl_debs.push_back(std::move(deb));
    }
  } else if (out.openssl_strategy == "core22-snap") {
    FIPSROCK_TRY_ASSIGN(out.openssl_snap, r.string(doc, "/openssl/snap"));
  } else {
    return r.fail("/strategy/openssl", fmt::format("unknown strategy '{}'", out.openssl_strategy));
  }

  FIPSROCK_TRY_ASSIGN(out.project, r.file(doc, "/inputs/project"));
  FIPSROCK_TRY_ASSIGN(out.pins, r.file(doc, "/inputs/pins"));
  FIPSROCK_TRY_ASSIGN(out.templates_source, r.string(doc, "/inputs/templates/source"));
  const Json* templates = nullptr;
  FIPSROCK_TRY_ASSIGN(templates, r.array(doc, "/inputs/templates/files"));
  for (std::size_t i = 0; i < templates->size(); ++i) {
    FileRef ref;
    FIPSROCK_TRY_ASSIGN(ref, r.file(doc, fmt::format("/inputs/templates/files/{}", i)));
    out.templates.push_back(std::move(ref));
  }
  FIPSROCK_TRY_ASSIGN(out.rockcraft_yaml, r.file(doc, "/rockcraft_yaml"));
  return out;
}

core::Expected<PackRecord> pack_fields(const Json& doc, const Record& r)
{
  PackRecord out;
  FIPSROCK_TRY_ASSIGN(out.rock, r.string(doc, "/rock"));
  FIPSROCK_TRY_ASSIGN(out.status, r.string(doc, "/status"));
  if (out.status != "pass") {
    std::string failure = "unknown";
    if (const Json* id = Record::at(doc, "/failure/id"); id != nullptr && id->is_string()) {
      failure = id->get<std::string>();
    }
    return core::make_error(
        fmt::format("{}: the pack of {} failed [{}]: there is no artifact to attest",
                    r.path(),
                    out.rock,
                    failure),
        fmt::format("pack again: fipsrock pack {}", out.rock));
  }
  FIPSROCK_TRY_ASSIGN(out.version, r.string(doc, "/version"));
  FIPSROCK_TRY_ASSIGN(out.platform, r.string(doc, "/platform"));
  const Json* argv = nullptr;
  FIPSROCK_TRY_ASSIGN(argv, r.array(doc, "/argv"));
  for (const auto& arg : *argv) {
    if (!arg.is_string()) {
      return r.fail("/argv", "expected strings");
    }
    out.argv.push_back(arg.get<std::string>());
  }
  FIPSROCK_TRY_ASSIGN(out.mode, r.optional_string(doc, "/mode"));
  FIPSROCK_TRY_ASSIGN(out.rockcraft_version, r.string(doc, "/rockcraft/version"));
  FIPSROCK_TRY_ASSIGN(out.rockcraft_revision, r.string(doc, "/rockcraft/revision"));
  for (auto [field, target] : {std::pair<const char*, std::string*>{"/started", &out.started},
                               {"/finished", &out.finished}}) {
    FIPSROCK_TRY_ASSIGN(*target, r.string(doc, field));
    if (!is_utc_timestamp(*target)) {
      return r.fail(field, fmt::format("'{}' is not an RFC 3339 UTC timestamp", *target));
    }
  }
  FIPSROCK_TRY_ASSIGN(out.log_path, r.optional_string(doc, "/log"));
  FIPSROCK_TRY_ASSIGN(out.artifact_path, r.string(doc, "/artifact/path"));
  FIPSROCK_TRY_ASSIGN(out.artifact_sha256, r.sha256(doc, "/artifact/sha256"));
  const Json* size = Record::at(doc, "/artifact/size");
  if (size == nullptr || !size->is_number_unsigned()) {
    return r.fail("/artifact/size", "expected a byte count");
  }
  out.artifact_size = size->get<unsigned long long>();
  return out;
}

std::string file_name(const std::string& path)
{
  return std::filesystem::path(path).filename().string();
}

core::Expected<VerifyRecord> verify_fields(const Json& doc, const Record& r)
{
  VerifyRecord out;
  FIPSROCK_TRY_ASSIGN(out.status, r.string(doc, "/status"));
  if (out.status != "pass" && out.status != "fail" && out.status != "error") {
    return r.fail("/status", fmt::format("'{}' is not pass, fail or error", out.status));
  }
  FIPSROCK_TRY_ASSIGN(out.rock, r.optional_string(doc, "/rock"));
  FIPSROCK_TRY_ASSIGN(out.manifest, r.optional_string(doc, "/manifest"));
  FIPSROCK_TRY_ASSIGN(out.policy_path, r.optional_string(doc, "/policy"));
  FIPSROCK_TRY_ASSIGN(out.time_verified, r.optional_string(doc, "/finished"));
  if (!out.time_verified.empty() && !is_utc_timestamp(out.time_verified)) {
    return r.fail("/finished",
                  fmt::format("'{}' is not an RFC 3339 UTC timestamp", out.time_verified));
  }
  const Json* findings = nullptr;
  FIPSROCK_TRY_ASSIGN(findings, r.array(doc, "/findings"));
  out.findings = findings->size();
  for (std::size_t i = 0; i < findings->size(); ++i) {
    const std::string at = fmt::format("/findings/{}", i);
    std::string id;
    std::string status;
    std::string subject;
    std::string message;
    FIPSROCK_TRY_ASSIGN(id, r.string(doc, at + "/id"));
    FIPSROCK_TRY_ASSIGN(status, r.string(doc, at + "/status"));
    FIPSROCK_TRY_ASSIGN(subject, r.string(doc, at + "/subject", true));
    FIPSROCK_TRY_ASSIGN(message, r.string(doc, at + "/message", true));
    const Json* waived = Record::at(doc, at + "/waived");
    if (waived != nullptr && !waived->is_boolean()) {
      return r.fail(at + "/waived", "expected true or false");
    }
    if (waived != nullptr && waived->get<bool>()) {
      WaivedFinding w{id, subject, message, "", ""};
      FIPSROCK_TRY_ASSIGN(w.reason, r.string(doc, at + "/waiver_reason"));
      FIPSROCK_TRY_ASSIGN(w.original_status, r.optional_string(doc, at + "/original_status"));
      out.waived.push_back(std::move(w));
    } else if (status == "fail" || status == "error") {
      out.failed.push_back({id, status, subject, message});
    }
  }
  return out;
}

} // namespace

std::string build_mode(const PackRecord& pack)
{
  if (!pack.mode.empty()) {
    return pack.mode;
  }
  for (const auto& arg : pack.argv) {
    if (arg == "--destructive-mode") {
      return "destructive";
    }
  }
  return !pack.argv.empty() && pack.argv.front() == "sudo" ? "pro-sources" : "guest-attach";
}

bool is_lower_hex(std::string_view text, std::size_t length)
{
  if (text.size() != length) {
    return false;
  }
  for (const char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

bool is_utc_timestamp(std::string_view text)
{
  // YYYY-MM-DDThh:mm:ss, then an optional .fraction, then Z.
  static constexpr std::string_view k_shape = "dddd-dd-ddTdd:dd:dd";
  if (text.size() < k_shape.size() + 1 || text.back() != 'Z') {
    return false;
  }
  for (std::size_t i = 0; i < k_shape.size(); ++i) {
    const bool digit = std::isdigit(static_cast<unsigned char>(text[i])) != 0;
    if (k_shape[i] == 'd' ? !digit : text[i] != k_shape[i]) {
      return false;
    }
  }
  const auto number = [&](std::size_t at) { return (text[at] - '0') * 10 + (text[at + 1] - '0'); };
  if (number(5) < 1 || number(5) > 12 || number(8) < 1 || number(8) > 31 || number(11) > 23 ||
      number(14) > 59 || number(17) > 60) {
    return false;
  }
  std::string_view rest = text.substr(k_shape.size(), text.size() - k_shape.size() - 1);
  if (rest.empty()) {
    return true;
  }
  if (rest.size() < 2 || rest.front() != '.') {
    return false;
  }
  for (const char c : rest.substr(1)) {
    if (std::isdigit(static_cast<unsigned char>(c)) == 0) {
      return false;
    }
  }
  return true;
}

core::Expected<RenderRecord> parse_render_record(std::string_view text, const std::string& path)
{
  const char* hint = "render again: fipsrock render --out <build folder>";
  auto doc = parse_json(text, path, hint);
  if (!doc) {
    return tl::make_unexpected(doc.error());
  }
  try {
    return render_fields(*doc, Record(path, hint));
  } catch (const Json::exception& e) {
    return core::make_error(fmt::format("{}: {}", path, e.what()), hint);
  }
}

core::Expected<PackRecord> parse_pack_record(std::string_view text, const std::string& path)
{
  const char* hint = "pack again: fipsrock pack <rock>";
  auto doc = parse_json(text, path, hint);
  if (!doc) {
    return tl::make_unexpected(doc.error());
  }
  try {
    return pack_fields(*doc, Record(path, hint));
  } catch (const Json::exception& e) {
    return core::make_error(fmt::format("{}: {}", path, e.what()), hint);
  }
}

core::Expected<VerifyRecord>
parse_verify_record(std::string_view text, const std::string& path, const std::string& rock_file)
{
  const char* hint = "verify again: fipsrock verify --json <rock> > <build folder>/verify.json";
  auto doc = parse_json(text, path, hint);
  if (!doc) {
    return tl::make_unexpected(doc.error());
  }
  try {
    const Record record(path, hint);
    const Json* rocks = Record::at(*doc, "/rocks");
    if (rocks == nullptr) {
      return verify_fields(*doc, record);
    }
    if (!rocks->is_array()) {
      return record.fail("/rocks", "expected an array");
    }
    for (std::size_t i = 0; i < rocks->size(); ++i) {
      const Json& entry = rocks->at(i);
      if (entry.is_object() && entry.value("rock", "") != "" &&
          file_name(entry.value("rock", "")) == rock_file) {
        return verify_fields(entry, Record(fmt::format("{}: /rocks/{}", path, i), hint));
      }
    }
    return record.fail("/rocks", fmt::format("no report of {}", rock_file));
  } catch (const Json::exception& e) {
    return core::make_error(fmt::format("{}: {}", path, e.what()), hint);
  }
}

} // namespace fipsrock::attest
