// SPDX-License-Identifier: Apache-2.0
#include "render/yaml_json.hpp"

#include "render/check_rockcraft.hpp"
#include "render/plain_scalar.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace fipsrock::render {

namespace {

constexpr int k_max_depth = 64;
constexpr const char* k_yaml_tag = "tag:yaml.org,2002:";

std::string at_line(const YAML::Mark& mark)
{
  return "line " + std::to_string(mark.line < 0 ? 0 : mark.line + 1) + ": ";
}

class Converter {
public:
  core::Expected<nlohmann::json>
  convert(const YAML::Node& node, const std::string& path, int line, int depth)
  {
    YamlSource& source = m_sources[path];
    source.line = line;
    if (depth > k_max_depth) {
      return core::make_error(at_line(node.Mark()) + "nesting is deeper than " +
                              std::to_string(k_max_depth) + " levels (a recursive alias?)");
    }
    const std::string& tag = node.Tag();
    const bool standard_tag =
        tag.empty() || tag == "?" || tag == "!" || tag.rfind(k_yaml_tag, 0) == 0;
    if (!standard_tag) {
      // PyYAML's SafeLoader has no constructor for application tags.
      return core::make_error(at_line(node.Mark()) +
                              "could not determine a constructor for the tag '" + tag + "'");
    }
    const bool str_tag = tag == std::string(k_yaml_tag) + "str";
    switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      return str_tag ? nlohmann::json("") : nlohmann::json(nullptr);
    case YAML::NodeType::Scalar: {
      source.text = node.Scalar();
      if (tag == "!" || str_tag) {
        return node.Scalar();
      }
      PlainScalar plain = resolve_plain_scalar(node.Scalar());
      source.timestamp = plain.timestamp;
      return std::move(plain.value);
    }
    case YAML::NodeType::Sequence: {
      nlohmann::json out = nlohmann::json::array();
      std::size_t index = 0;
      for (const YAML::Node& item : node) {
        const int item_line = item.Mark().line + 1;
        auto value = convert(item, join_path(path, std::to_string(index++)), item_line, depth + 1);
        if (!value) {
          return value;
        }
        out.push_back(std::move(*value));
      }
      return out;
    }
    case YAML::NodeType::Map: {
      nlohmann::json out = nlohmann::json::object();
      for (const auto& entry : node) {
        if (!entry.first.IsScalar() && !entry.first.IsNull()) {
          return core::make_error(at_line(entry.first.Mark()) + "mapping keys must be scalars");
        }
        const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : "null";
        auto value =
            convert(entry.second, join_path(path, key), entry.first.Mark().line + 1, depth + 1);
        if (!value) {
          return value;
        }
        out[key] = std::move(*value); // a repeated key: the last one wins, as in PyYAML
      }
      return out;
    }
    }
    return nullptr;
  }

  std::map<std::string, YamlSource> take_sources() { return std::move(m_sources); }

private:
  std::map<std::string, YamlSource> m_sources;
};

} // namespace

const nlohmann::json* json_member(const nlohmann::json& object, const std::string& key)
{
  if (!object.is_object()) {
    return nullptr;
  }
  const auto found = object.find(key);
  return found == object.end() ? nullptr : &*found;
}

const nlohmann::json* json_at(const nlohmann::json& root, const std::vector<std::string>& segments)
{
  const nlohmann::json* node = &root;
  for (const std::string& segment : segments) {
    if (node->is_array()) {
      const bool digits =
          !segment.empty() && segment.find_first_not_of("0123456789") == std::string::npos;
      if (!digits || segment.size() > 9 || std::stoul(segment) >= node->size()) {
        return nullptr;
      }
      node = &(*node)[std::stoul(segment)];
    } else if ((node = json_member(*node, segment)) == nullptr) {
      return nullptr;
    }
  }
  return node;
}

std::string join_path(const std::string& parent, const std::string& key)
{
  return parent.empty() ? key : parent + "." + key;
}

const YamlSource* find_source(const YamlDocument& doc, const std::string& path)
{
  const auto found = doc.sources.find(path);
  return found == doc.sources.end() ? nullptr : &found->second;
}

int line_of(const YamlDocument& doc, std::string path)
{
  while (true) {
    if (const YamlSource* source = find_source(doc, path)) {
      return source->line;
    }
    if (path.empty()) {
      return 0;
    }
    const auto dot = path.rfind('.');
    path = dot == std::string::npos ? "" : path.substr(0, dot);
  }
}

core::Expected<YamlDocument> load_yaml_document(std::string_view yaml)
{
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(std::string(yaml));
  } catch (const YAML::Exception& e) {
    return core::make_error(at_line(e.mark) + e.msg);
  } catch (const std::exception& e) {
    return core::make_error(std::string("line 0: ") + e.what());
  }
  if (documents.size() > 1) {
    return core::make_error(at_line(documents[1].Mark()) +
                            "expected a single document, but found another document");
  }
  const YAML::Node root = documents.empty() ? YAML::Node() : documents[0];
  Converter converter;
  auto value = converter.convert(root, "", std::max(root.Mark().line + 1, 1), 0);
  if (!value) {
    return tl::make_unexpected(value.error());
  }
  return YamlDocument{std::move(*value), converter.take_sources()};
}

core::Expected<std::string> yaml_to_json(std::string_view yaml)
{
  auto document = load_yaml_document(yaml);
  if (!document) {
    return tl::make_unexpected(document.error());
  }
  // JSON has no dates, infinities or NaN: dates stay strings, the others print as null.
  // yaml-cpp passes bytes through that are not UTF-8; dump() would throw on them.
  return document->value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace fipsrock::render
