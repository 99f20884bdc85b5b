// SPDX-License-Identifier: Apache-2.0
#include "verify/parse_oci.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace fipsrock::verify {

namespace {

using nlohmann::json;

// Field readers that turn a type mismatch into an error naming the field, instead of the
// exception nlohmann would throw.
class Fields {
public:
  Fields(const json& object, std::string where) : m_object(object), m_where(std::move(where)) {}

  std::string name(const std::string& key) const
  {
    return m_where.empty() ? key : m_where + "." + key;
  }

  core::Expected<std::string> string(const std::string& key, bool required) const
  {
    const auto it = m_object.find(key);
    if (it == m_object.end() || (!required && it->is_null())) {
      if (required) {
        return core::make_error(name(key) + ": missing");
      }
      return std::string();
    }
    if (!it->is_string()) {
      return core::make_error(name(key) + ": not a string");
    }
    return it->get<std::string>();
  }

  core::Expected<std::vector<std::string>> strings(const std::string& key) const
  {
    std::vector<std::string> out;
    const auto it = m_object.find(key);
    if (it == m_object.end() || it->is_null()) {
      return out;
    }
    if (!it->is_array()) {
      return core::make_error(name(key) + ": not an array");
    }
    for (const auto& item : *it) {
      if (!item.is_string()) {
        return core::make_error(name(key) + ": an item is not a string");
      }
      out.push_back(item.get<std::string>());
    }
    return out;
  }

  core::Expected<std::map<std::string, std::string>> string_map(const std::string& key) const
  {
    std::map<std::string, std::string> out;
    const auto it = m_object.find(key);
    if (it == m_object.end() || it->is_null()) {
      return out;
    }
    if (!it->is_object()) {
      return core::make_error(name(key) + ": not an object");
    }
    for (const auto& [k, v] : it->items()) {
      if (!v.is_string()) {
        return core::make_error(name(key) + "." + k + ": not a string");
      }
      out[k] = v.get<std::string>();
    }
    return out;
  }

  core::Expected<int> schema_version() const
  {
    const auto it = m_object.find("schemaVersion");
    if (it == m_object.end()) {
      return core::make_error(name("schemaVersion") + ": missing");
    }
    if (!it->is_number_integer()) {
      return core::make_error(name("schemaVersion") + ": not an integer");
    }
    return it->get<int>();
  }

private:
  const json& m_object;
  std::string m_where;
};

core::Expected<json> parse_object(std::string_view text)
{
  json doc = json::parse(text.begin(), text.end(), nullptr, false);
  if (doc.is_discarded()) {
    return core::make_error("not valid JSON");
  }
  if (!doc.is_object()) {
    return core::make_error("not a JSON object");
  }
  return doc;
}

core::Expected<Descriptor> parse_descriptor(const json& node, const std::string& where)
{
  if (!node.is_object()) {
    return core::make_error(where + ": not an object");
  }
  Fields fields(node, where);
  Descriptor out;
  FIPSROCK_TRY_ASSIGN(out.media_type, fields.string("mediaType", true));
  FIPSROCK_TRY_ASSIGN(out.digest, fields.string("digest", true));
  const auto size = node.find("size");
  if (size == node.end()) {
    return core::make_error(where + ".size: missing");
  }
  if (!size->is_number_integer()) {
    return core::make_error(where + ".size: not an integer");
  }
  out.size = size->get<std::int64_t>();
  if (out.size < 0) {
    return core::make_error(where + ".size: negative");
  }
  FIPSROCK_TRY_ASSIGN(out.annotations, fields.string_map("annotations"));
  const auto platform = node.find("platform");
  if (platform != node.end() && platform->is_object()) {
    Fields p(*platform, where + ".platform");
    Platform value;
    FIPSROCK_TRY_ASSIGN(value.architecture, p.string("architecture", true));
    FIPSROCK_TRY_ASSIGN(value.os, p.string("os", true));
    FIPSROCK_TRY_ASSIGN(value.variant, p.string("variant", false));
    out.platform = value;
  }
  return out;
}

bool grammar_algorithm(std::string_view text)
{
  // algorithm ::= [a-z0-9]+ ([+._-] [a-z0-9]+)*
  bool need_alnum = true;
  for (const char c : text) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (alnum) {
      need_alnum = false;
    } else if ((c == '+' || c == '.' || c == '_' || c == '-') && !need_alnum) {
      need_alnum = true;
    } else {
      return false;
    }
  }
  return !need_alnum;
}

bool grammar_encoded(std::string_view text)
{
  if (text.empty()) {
    return false;
  }
  for (const char c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '=' || c == '_' || c == '-';
    if (!ok) {
      return false;
    }
  }
  return true;
}

} // namespace

core::Expected<std::string> parse_oci_layout(std::string_view text)
{
  auto doc = parse_object(text);
  if (!doc) {
    return tl::make_unexpected(doc.error());
  }
  return Fields(*doc, "").string("imageLayoutVersion", true);
}

core::Expected<OciIndex> parse_oci_index(std::string_view text)
{
  auto doc = parse_object(text);
  if (!doc) {
    return tl::make_unexpected(doc.error());
  }
  Fields fields(*doc, "");
  OciIndex out;
  FIPSROCK_TRY_ASSIGN(out.schema_version, fields.schema_version());
  FIPSROCK_TRY_ASSIGN(out.media_type, fields.string("mediaType", false));
  const auto manifests = doc->find("manifests");
  if (manifests == doc->end()) {
    return core::make_error("manifests: missing");
  }
  if (!manifests->is_array()) {
    return core::make_error("manifests: not an array");
  }
  for (std::size_t i = 0; i < manifests->size(); ++i) {
    Descriptor d;
    FIPSROCK_TRY_ASSIGN(d, parse_descriptor((*manifests)[i], fmt::format("manifests[{}]", i)));
    out.manifests.push_back(std::move(d));
  }
  return out;
}

core::Expected<OciManifest> parse_oci_manifest(std::string_view text)
{
  auto doc = parse_object(text);
  if (!doc) {
    return tl::make_unexpected(doc.error());
  }
  Fields fields(*doc, "");
  OciManifest out;
  FIPSROCK_TRY_ASSIGN(out.schema_version, fields.schema_version());
  FIPSROCK_TRY_ASSIGN(out.media_type, fields.string("mediaType", false));
  const auto config = doc->find("config");
  if (config == doc->end()) {
    return core::make_error("config: missing");
  }
  FIPSROCK_TRY_ASSIGN(out.config, parse_descriptor(*config, "config"));
  const auto layers = doc->find("layers");
  if (layers == doc->end()) {
    return core::make_error("layers: missing");
  }
  if (!layers->is_array()) {
    return core::make_error("layers: not an array");
  }
  for (std::size_t i = 0; i < layers->size(); ++i) {
    Descriptor d;
    FIPSROCK_TRY_ASSIGN(d, parse_descriptor((*layers)[i], fmt::format("layers[{}]", i)));
    out.layers.push_back(std::move(d));
  }
  FIPSROCK_TRY_ASSIGN(out.annotations, fields.string_map("annotations"));
  return out;
}

core::Expected<OciConfig> parse_oci_config(std::string_view text)
{
  auto doc = parse_object(text);
  if (!doc) {
    return tl::make_unexpected(doc.error());
  }
  Fields fields(*doc, "");
  OciConfig out;
  FIPSROCK_TRY_ASSIGN(out.architecture, fields.string("architecture", true));
  FIPSROCK_TRY_ASSIGN(out.os, fields.string("os", true));
  FIPSROCK_TRY_ASSIGN(out.variant, fields.string("variant", false));
  const auto rootfs = doc->find("rootfs");
  if (rootfs == doc->end()) {
    return core::make_error("rootfs: missing");
  }
  if (!rootfs->is_object()) {
    return core::make_error("rootfs: not an object");
  }
  Fields rootfs_fields(*rootfs, "rootfs");
  FIPSROCK_TRY_ASSIGN(out.rootfs_type, rootfs_fields.string("type", true));
  if (rootfs->find("diff_ids") == rootfs->end()) {
    return core::make_error("rootfs.diff_ids: missing");
  }
  FIPSROCK_TRY_ASSIGN(out.diff_ids, rootfs_fields.strings("diff_ids"));
  const auto config = doc->find("config");
  if (config != doc->end() && !config->is_null()) {
    if (!config->is_object()) {
      return core::make_error("config: not an object");
    }
    Fields c(*config, "config");
    FIPSROCK_TRY_ASSIGN(out.entrypoint, c.strings("Entrypoint"));
    FIPSROCK_TRY_ASSIGN(out.cmd, c.strings("Cmd"));
    FIPSROCK_TRY_ASSIGN(out.env, c.strings("Env"));
    FIPSROCK_TRY_ASSIGN(out.labels, c.string_map("Labels"));
  }
  return out;
}

core::Expected<ParsedDigest> parse_digest(std::string_view digest)
{
  const auto colon = digest.find(':');
  if (colon == std::string_view::npos) {
    return core::make_error(fmt::format("'{}' is not <algorithm>:<encoded>", digest));
  }
  ParsedDigest out{std::string(digest.substr(0, colon)), std::string(digest.substr(colon + 1))};
  if (!grammar_algorithm(out.algorithm) || !grammar_encoded(out.encoded)) {
    return core::make_error(fmt::format("'{}' breaks the digest grammar", digest));
  }
  if (out.algorithm == "sha256") {
    const bool hex = out.encoded.size() == 64 &&
                     out.encoded.find_first_not_of("0123456789abcdef") == std::string::npos;
    if (!hex) {
      return core::make_error(
          fmt::format("'{}': a sha256 digest is 64 lowercase hex digits", digest));
    }
  }
  return out;
}

} // namespace fipsrock::verify
