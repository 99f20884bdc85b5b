// SPDX-License-Identifier: Apache-2.0
#include "render/check_rockcraft.hpp"

#include "core/embedded.hpp"
#include "core/spellcheck.hpp"
#include "render/check_schema.hpp"
#include "render/yaml_json.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

namespace fipsrock::render {

namespace {

using Json = nlohmann::json;

std::string lowercase(std::string_view text)
{
  std::string out(text);
  for (char& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

void add(std::vector<Violation>& out,
         const YamlDocument& doc,
         std::string rule,
         std::string path,
         std::string message)
{
  const int line = line_of(doc, path);
  out.push_back({std::move(rule), std::move(path), line, std::move(message)});
}

// The SPDX ids compiled into the binary (schema/spdx-licenses.schema.json, its "enum").
struct LicenseList {
  std::vector<std::string> ids;
  std::set<std::string> lowercase_ids; // SPDX ids match case-insensitively
};

const LicenseList& license_list()
{
  static const LicenseList list = [] {
    LicenseList out;
    const auto text = core::embedded_file("schema/spdx-licenses.schema.json");
    const Json schema = text ? Json::parse(*text, nullptr, false) : Json();
    const Json* ids = json_member(schema, "enum");
    if (ids != nullptr && ids->is_array()) {
      for (const Json& id : *ids) {
        if (id.is_string()) {
          out.ids.push_back(id.get<std::string>());
          out.lowercase_ids.insert(lowercase(out.ids.back()));
        }
      }
    }
    return out;
  }();
  return list;
}

// An SPDX license expression: ids joined by AND/OR, grouped by parentheses, each optionally
// `WITH` an exception (accepted without looking it up).
class LicenseExpression {
public:
  explicit LicenseExpression(const std::string& text)
  {
    std::string spaced;
    for (const char c : text) {
      spaced += (c == '(' || c == ')') ? std::string(" ") + c + " " : std::string(1, c);
    }
    std::istringstream words(spaced);
    for (std::string word; words >> word;) {
      m_tokens.push_back(word);
    }
  }

  // Whether the expression is well formed; the ids it names that are unknown go to `unknown`.
  bool parse(std::vector<std::string>& unknown)
  {
    m_unknown = &unknown;
    return expression() && m_pos == m_tokens.size();
  }

private:
  static bool is_word(const std::string& token)
  {
    return token != "(" && token != ")" && token != "AND" && token != "OR" && token != "WITH";
  }

  bool expression()
  {
    if (!term()) {
      return false;
    }
    while (m_pos < m_tokens.size() && (m_tokens[m_pos] == "AND" || m_tokens[m_pos] == "OR")) {
      ++m_pos;
      if (!term()) {
        return false;
      }
    }
    return true;
  }

  bool term()
  {
    if (m_pos >= m_tokens.size()) {
      return false;
    }
    const std::string& token = m_tokens[m_pos++];
    if (token == "(") {
      // Bounded nesting: a license field is no place for a stack overflow.
      if (++m_depth > 16 || !expression() || m_pos >= m_tokens.size() || m_tokens[m_pos] != ")") {
        return false;
      }
      --m_depth;
      ++m_pos;
      return true;
    }
    if (!is_word(token)) {
      return false;
    }
    if (!is_known_license(token)) {
      m_unknown->push_back(token);
    }
    if (m_pos < m_tokens.size() && m_tokens[m_pos] == "WITH") {
      if (m_pos + 1 >= m_tokens.size() || !is_word(m_tokens[m_pos + 1])) {
        return false;
      }
      m_pos += 2;
    }
    return true;
  }

  std::vector<std::string> m_tokens;
  std::size_t m_pos = 0;
  int m_depth = 0;
  std::vector<std::string>* m_unknown = nullptr;
};

void check_license(const YamlDocument& doc, std::vector<Violation>& out)
{
  const Json* license = json_member(doc.value, "license");
  if (license == nullptr || !license->is_string()) {
    return; // absent is fine; a wrong type is the schema's to report
  }
  const std::string text = license->get<std::string>();
  std::vector<std::string> unknown;
  if (!LicenseExpression(text).parse(unknown)) {
    add(out,
        doc,
        "license",
        "license",
        "license: '" + text + "' is not an SPDX license expression");
  } else if (unknown.size() == 1 && unknown[0] == text) {
    add(out,
        doc,
        "license",
        "license",
        "license: '" + text + "' is not an SPDX license id or 'proprietary'" +
            core::did_you_mean(text, license_list().ids));
  } else {
    for (const std::string& id : unknown) {
      add(out,
          doc,
          "license",
          "license",
          "license: '" + id + "' in '" + text + "' is not an SPDX license id" +
              core::did_you_mean(id, license_list().ids));
    }
  }
}

// What is wrong with a project `name` by rockcraft's rules, or "" when nothing is.
std::string name_problem(const std::string& name)
{
  if (name.empty() || name.size() > 40) {
    return "must be 1 to 40 characters long (it has " + std::to_string(name.size()) + ")";
  }
  if (name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos) {
    return "may contain only lowercase letters, digits and hyphens";
  }
  if (name.front() == '-' || name.back() == '-') {
    return "may not start or end with a hyphen";
  }
  if (name.find("--") != std::string::npos) {
    return "may not contain two hyphens in a row";
  }
  if (name.find_first_of("abcdefghijklmnopqrstuvwxyz") == std::string::npos) {
    return "must contain at least one letter";
  }
  return "";
}

void check_name(const YamlDocument& doc, std::vector<Violation>& out)
{
  const Json* name = json_member(doc.value, "name");
  if (name != nullptr && name->is_string()) {
    const std::string problem = name_problem(name->get<std::string>());
    if (!problem.empty()) {
      add(out, doc, "name", "name", "name: '" + name->get<std::string>() + "' " + problem);
    }
  }
}

void check_version(const YamlDocument& doc, std::vector<Violation>& out)
{
  const Json* version = json_member(doc.value, "version");
  const YamlSource* source = find_source(doc, "version");
  if (version == nullptr || version->is_null()) {
    return;
  }
  if (!version->is_string() || (source != nullptr && source->timestamp)) {
    add(out,
        doc,
        "version",
        "version",
        type_problem("version", *version, source, "a string", QuoteHint::yes));
  } else if (version->get<std::string>().size() > 32) {
    add(out,
        doc,
        "version",
        "version",
        "version: '" + version->get<std::string>() + "' is " +
            std::to_string(version->get<std::string>().size()) +
            " characters long; rockcraft allows at most 32");
  }
}

// Plain scalars PyYAML reads as dates (`source-tag: 2024-01-01`): no rockcraft key takes one.
void check_dates(const YamlDocument& doc, std::vector<Violation>& out)
{
  for (const auto& [path, source] : doc.sources) {
    if (source.timestamp && path != "version") {
      add(out,
          doc,
          "schema",
          path,
          path + ": " + source.text + " is a date to YAML; rockcraft needs a string — quote it");
    }
  }
}

// Pebble's default arguments: the command ends in a "[ ... ]" group of separate tokens.
bool has_default_args(const std::string& command)
{
  std::istringstream words(command);
  std::vector<std::string> tokens;
  for (std::string word; words >> word;) {
    tokens.push_back(word);
  }
  return tokens.size() >= 2 && tokens.back() == "]" &&
         std::find(tokens.begin(), tokens.end() - 1, "[") != tokens.end() - 1;
}

void check_entrypoint(const YamlDocument& doc, std::vector<Violation>& out)
{
  const Json* entry = json_member(doc.value, "entrypoint-service");
  if (entry == nullptr || !entry->is_string()) {
    return;
  }
  const Json* command = json_member(doc.value, "entrypoint-command");
  if (command != nullptr && !command->is_null()) {
    add(out,
        doc,
        "entrypoint-command",
        "entrypoint-command",
        "entrypoint-command: cannot be set together with entrypoint-service; drop one of them");
  }
  const std::string name = entry->get<std::string>();
  const Json* services = json_member(doc.value, "services");
  const Json* service = services != nullptr ? json_member(*services, name) : nullptr;
  if (service == nullptr) {
    std::vector<std::string> names;
    if (services != nullptr && services->is_object()) {
      for (const auto& item : services->items()) {
        names.push_back(item.key());
      }
    }
    add(out,
        doc,
        "entrypoint-service",
        "entrypoint-service",
        "entrypoint-service: '" + name + "' is not a service in services" +
            core::did_you_mean(name, names));
    return;
  }
  const Json* run = json_member(*service, "command");
  if (run != nullptr && run->is_string() && !has_default_args(run->get<std::string>())) {
    const std::string path = "services." + name + ".command";
    add(out,
        doc,
        "entrypoint-service",
        path,
        path + ": '" + run->get<std::string>() +
            "' has no default arguments in [ ]; the entrypoint service needs them, e.g. '" +
            run->get<std::string>() + " [ ]'");
  }
}

void check_part_names(const YamlDocument& doc, std::vector<Violation>& out)
{
  const Json* parts = json_member(doc.value, "parts");
  if (parts == nullptr || !parts->is_object()) {
    return;
  }
  for (const auto& item : parts->items()) {
    const std::string& name = item.key();
    if (name == "pebble" || (!name.empty() && name[0] == '_')) {
      add(out,
          doc,
          "reserved-part-name",
          "parts." + name,
          "parts." + name + ": the part name '" + name +
              "' is reserved by rockcraft (pebble, and names starting with '_'); rename the part");
    }
  }
}

void check_environment(const YamlDocument& doc, std::vector<Violation>& out)
{
  const Json* environment = json_member(doc.value, "environment");
  if (environment == nullptr || !environment->is_object()) {
    return;
  }
  for (const auto& item : environment->items()) {
    if (item.value().is_string() &&
        item.value().get<std::string>().find('$') != std::string::npos) {
      const std::string path = "environment." + item.key();
      add(out,
          doc,
          "environment",
          path,
          path + ": '" + item.value().get<std::string>() +
              "' contains '$'; rockcraft does not expand variables here, write the value out");
    }
  }
}

} // namespace

bool is_known_license(std::string_view id)
{
  const std::string key = lowercase(id);
  return key == "proprietary" || license_list().lowercase_ids.count(key) > 0;
}

core::Expected<std::vector<Violation>> check_rockcraft_yaml(std::string_view yaml,
                                                            std::string_view schema_json)
{
  auto doc = load_yaml_document(yaml);
  if (!doc) {
    return tl::make_unexpected(doc.error());
  }
  const Json schema = Json::parse(schema_json, nullptr, false);
  if (schema.is_discarded() || !schema.is_object()) {
    return core::make_error("rockcraft's schema is not a JSON object");
  }
  auto violations = schema_violations(*doc, schema);
  if (!violations) {
    return violations;
  }
  check_name(*doc, *violations);
  check_version(*doc, *violations);
  check_dates(*doc, *violations);
  check_license(*doc, *violations);
  check_entrypoint(*doc, *violations);
  check_part_names(*doc, *violations);
  check_environment(*doc, *violations);
  std::stable_sort(
      violations->begin(), violations->end(), [](const Violation& a, const Violation& b) {
        return std::tie(a.line, a.path) < std::tie(b.line, b.path);
      });
  return violations;
}

} // namespace fipsrock::render
