// SPDX-License-Identifier: Apache-2.0
#include "render/yaml_json.hpp"

#include "render/check_rockcraft.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <optional>
#include <regex>
#include <string>
#include <vector>

namespace fipsrock::render {

namespace {

// PyYAML's implicit resolvers (yaml/resolver.py, YAML 1.1), verbatim but for re.X whitespace.
// Note what YAML 1.1 does not call a number: `1e3` (no dot) and `0o17` stay strings.
const std::regex& bool_pattern()
{
  static const std::regex re(
      "yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF");
  return re;
}

const std::regex& float_pattern()
{
  static const std::regex re(R"([-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?)"
                             R"(|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?)"
                             R"(|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*)"
                             R"(|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))");
  return re;
}

const std::regex& int_pattern()
{
  static const std::regex re(R"([-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*))"
                             R"(|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)");
  return re;
}

const std::regex& timestamp_pattern()
{
  static const std::regex re(R"([0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9])"
                             R"(|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+))"
                             R"([0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?)"
                             R"((?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)");
  return re;
}

// Removes YAML 1.1's digit separators and splits off the sign, as PyYAML's constructors do.
std::string unsigned_digits(const std::string& text, bool& negative)
{
  std::string digits;
  for (const char c : text) {
    if (c != '_') {
      digits += c;
    }
  }
  negative = !digits.empty() && digits[0] == '-';
  if (!digits.empty() && (digits[0] == '-' || digits[0] == '+')) {
    digits.erase(0, 1);
  }
  return digits;
}

// `digits` in `base`; a double once the value outgrows 64 bits (PyYAML's ints are unbounded).
nlohmann::json integer_value(const std::string& digits, int base, bool negative)
{
  std::uint64_t exact = 0;
  double approx = 0;
  bool overflow = false;
  for (const char c : digits) {
    const int d = (c >= '0' && c <= '9') ? c - '0' : (c | 0x20) - 'a' + 10;
    approx = approx * base + d;
    if (exact > (std::numeric_limits<std::uint64_t>::max() - static_cast<std::uint64_t>(d)) /
                    static_cast<std::uint64_t>(base)) {
      overflow = true;
    }
    exact = exact * static_cast<std::uint64_t>(base) + static_cast<std::uint64_t>(d);
  }
  const auto int64_max = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  if (overflow || exact > int64_max + (negative ? 1 : 0)) {
    return negative ? -approx : approx;
  }
  if (!negative) {
    return static_cast<std::int64_t>(exact);
  }
  return exact == int64_max + 1 ? std::numeric_limits<std::int64_t>::min()
                                : -static_cast<std::int64_t>(exact);
}

// Base-60 "1:30" (YAML 1.1 sexagesimal), summed from the right as PyYAML does.
double sexagesimal(const std::string& digits)
{
  double value = 0;
  std::size_t start = 0;
  while (true) {
    const std::size_t colon = digits.find(':', start);
    value = value * 60 + std::strtod(digits.substr(start, colon - start).c_str(), nullptr);
    if (colon == std::string::npos) {
      return value;
    }
    start = colon + 1;
  }
}

nlohmann::json int_value(const std::string& text)
{
  bool negative = false;
  const std::string digits = unsigned_digits(text, negative);
  if (digits.find(':') != std::string::npos) {
    const auto value = static_cast<std::int64_t>(sexagesimal(digits));
    return negative ? -value : value;
  }
  if (digits.rfind("0b", 0) == 0) {
    return integer_value(digits.substr(2), 2, negative);
  }
  if (digits.rfind("0x", 0) == 0) {
    return integer_value(digits.substr(2), 16, negative);
  }
  if (digits.size() > 1 && digits[0] == '0') {
    return integer_value(digits.substr(1), 8, negative);
  }
  return integer_value(digits, 10, negative);
}

nlohmann::json float_value(const std::string& text)
{
  bool negative = false;
  std::string digits = unsigned_digits(text, negative);
  for (char& c : digits) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  double value = 0;
  if (digits == ".inf") {
    value = std::numeric_limits<double>::infinity();
  } else if (digits == ".nan") {
    value = std::numeric_limits<double>::quiet_NaN();
  } else if (digits.find(':') != std::string::npos) {
    value = sexagesimal(digits);
  } else {
    value = std::strtod(digits.c_str(), nullptr);
  }
  return negative ? -value : value;
}

// A plain scalar's value under PyYAML's resolver; `timestamp` is set for dates.
nlohmann::json plain_value(const std::string& text, bool& timestamp)
{
  timestamp = false;
  if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL") {
    return nullptr;
  }
  if (std::regex_match(text, bool_pattern())) {
    const char c = text[0];
    return c == 'y' || c == 'Y' || c == 't' || c == 'T' || text == "on" || text == "On" ||
           text == "ON";
  }
  if (std::regex_match(text, float_pattern())) {
    return float_value(text);
  }
  if (std::regex_match(text, int_pattern())) {
    return int_value(text);
  }
  timestamp = std::regex_match(text, timestamp_pattern());
  return text;
}

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
    case YAML::NodeType::Scalar:
      source.text = node.Scalar();
      if (tag == "!" || str_tag) {
        return node.Scalar();
      }
      return plain_value(node.Scalar(), source.timestamp);
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
      if (!digits || std::stoul(segment) >= node->size()) {
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
  return document->value.dump();
}

} // namespace fipsrock::render
