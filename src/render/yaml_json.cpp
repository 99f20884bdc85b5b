// SPDX-License-Identifier: Apache-2.0
#include "render/yaml_json.hpp"

#include "render/check_rockcraft.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <iterator>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace fipsrock::render {

namespace {

// A cursor over a plain scalar, to match PyYAML's resolver patterns (yaml/resolver.py, YAML
// 1.1) by hand: std::regex recurses once per character and overflows on a long scalar.
class Cursor {
public:
  explicit Cursor(std::string_view text) : m_text(text) {}

  bool at_end() const { return m_pos == m_text.size(); }

  // Consumes one character if it is in `set`.
  bool one_of(std::string_view set)
  {
    if (at_end() || set.find(m_text[m_pos]) == std::string_view::npos) {
      return false;
    }
    ++m_pos;
    return true;
  }

  // Consumes the longest run of characters in `set`; returns its length.
  std::size_t all_of(std::string_view set)
  {
    const std::size_t start = m_pos;
    while (one_of(set)) {
    }
    return m_pos - start;
  }

  bool word(std::string_view text)
  {
    if (m_text.substr(m_pos, text.size()) != text) {
      return false;
    }
    m_pos += text.size();
    return true;
  }

private:
  std::string_view m_text;
  std::size_t m_pos = 0;
};

constexpr std::string_view k_digits = "0123456789";
constexpr std::string_view k_digits_or_underscore = "0123456789_";

// (?::[0-5]?[0-9])* : how many base-60 groups follow, or -1 for a ':' without digits.
int sexagesimal_groups(Cursor& c)
{
  int groups = 0;
  while (c.word(":")) {
    if (c.one_of("012345")) {
      c.one_of(k_digits);
    } else if (!c.one_of(k_digits)) {
      return -1;
    }
    ++groups;
  }
  return groups;
}

// (?:[eE][-+][0-9]+)? : YAML 1.1 wants the exponent signed.
bool optional_exponent(Cursor& c)
{
  return !c.one_of("eE") || (c.one_of("-+") && c.all_of(k_digits) > 0);
}

bool is_bool(std::string_view text)
{
  static constexpr std::string_view k_words[] = {"yes",
                                                 "Yes",
                                                 "YES",
                                                 "no",
                                                 "No",
                                                 "NO",
                                                 "true",
                                                 "True",
                                                 "TRUE",
                                                 "false",
                                                 "False",
                                                 "FALSE",
                                                 "on",
                                                 "On",
                                                 "ON",
                                                 "off",
                                                 "Off",
                                                 "OFF"};
  return std::find(std::begin(k_words), std::end(k_words), text) != std::end(k_words);
}

// [-+]?0b[0-1_]+ | [-+]?0[0-7_]+ | [-+]?(?:0|[1-9][0-9_]*) | [-+]?0x[0-9a-fA-F_]+
// | [-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+
bool is_int(std::string_view text)
{
  Cursor c(text);
  c.one_of("-+");
  if (c.word("0b")) {
    return c.all_of("01_") > 0 && c.at_end();
  }
  if (c.word("0x")) {
    return c.all_of("0123456789abcdefABCDEF_") > 0 && c.at_end();
  }
  if (c.word("0")) {
    c.all_of("01234567_");
    return c.at_end();
  }
  if (!c.one_of("123456789")) {
    return false;
  }
  c.all_of(k_digits_or_underscore);
  return sexagesimal_groups(c) >= 0 && c.at_end();
}

// [-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)? | \.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
// | [-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]* | [-+]?\.(?:inf|Inf|INF) | \.(?:nan|NaN|NAN)
bool is_float(std::string_view text)
{
  Cursor c(text);
  const bool sign = c.one_of("-+");
  if (c.word(".")) {
    if (c.word("inf") || c.word("Inf") || c.word("INF")) {
      return c.at_end();
    }
    if (sign) {
      return false;
    }
    if (c.word("nan") || c.word("NaN") || c.word("NAN")) {
      return c.at_end();
    }
    if (!c.one_of(k_digits)) {
      return false;
    }
    c.all_of(k_digits_or_underscore);
    return optional_exponent(c) && c.at_end();
  }
  if (!c.one_of(k_digits)) {
    return false;
  }
  c.all_of(k_digits_or_underscore);
  if (c.word(".")) {
    c.all_of(k_digits_or_underscore);
    return optional_exponent(c) && c.at_end();
  }
  if (sexagesimal_groups(c) < 1 || !c.word(".")) {
    return false;
  }
  c.all_of(k_digits_or_underscore);
  return c.at_end();
}

// [0-9]{4}-[0-9][0-9]-[0-9][0-9] | [0-9]{4}-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)
// [0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?
bool is_timestamp(std::string_view text)
{
  Cursor c(text);
  if (c.all_of(k_digits) != 4 || !c.word("-")) {
    return false;
  }
  const std::size_t month = c.all_of(k_digits);
  const std::size_t day = c.word("-") ? c.all_of(k_digits) : 0;
  if (month == 2 && day == 2 && c.at_end()) {
    return true;
  }
  const auto one_or_two = [](std::size_t n) { return n == 1 || n == 2; };
  if (!one_or_two(month) || !one_or_two(day) || (!c.one_of("Tt") && c.all_of(" \t") == 0)) {
    return false;
  }
  if (!one_or_two(c.all_of(k_digits)) || !c.word(":") || c.all_of(k_digits) != 2 || !c.word(":") ||
      c.all_of(k_digits) != 2) {
    return false;
  }
  if (c.word(".")) {
    c.all_of(k_digits);
  }
  c.all_of(" \t");
  if (c.at_end() || c.word("Z")) {
    return c.at_end();
  }
  if (!c.one_of("-+") || !one_or_two(c.all_of(k_digits))) {
    return false;
  }
  return (!c.word(":") || c.all_of(k_digits) == 2) && c.at_end();
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
  if (is_bool(text)) {
    const char c = text[0];
    return c == 'y' || c == 'Y' || c == 't' || c == 'T' || text == "on" || text == "On" ||
           text == "ON";
  }
  if (is_float(text)) {
    return float_value(text);
  }
  if (is_int(text)) {
    return int_value(text);
  }
  timestamp = is_timestamp(text);
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
