// SPDX-License-Identifier: Apache-2.0
#include "render/check_schema.hpp"

#include "core/spellcheck.hpp"

// valijson aborts the process on a schema it cannot read unless told to throw; we catch below.
#define VALIJSON_USE_EXCEPTIONS 1
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

namespace fipsrock::render {

namespace {

using Json = nlohmann::json;

std::string kind_of(const Json& value)
{
  switch (value.type()) {
  case Json::value_t::null:
    return "empty";
  case Json::value_t::boolean:
    return "a boolean";
  case Json::value_t::string:
    return "a string";
  case Json::value_t::object:
    return "a mapping";
  case Json::value_t::array:
    return "a list";
  default:
    return "a number";
  }
}

} // namespace

std::string type_problem(const std::string& path,
                         const Json& value,
                         const YamlSource* source,
                         const std::string& expected,
                         QuoteHint hint)
{
  std::string subject = path.empty() ? "the document" : path;
  const bool scalar = source != nullptr && !source->text.empty() && !value.is_structured();
  if (scalar) {
    subject += ": " + (value.is_string() ? "'" + source->text + "'" : source->text);
  }
  const std::string kind = source != nullptr && source->timestamp ? "a date" : kind_of(value);
  std::string message = subject + " is " + kind + "; rockcraft needs " + expected;
  if (hint == QuoteHint::yes && scalar && !value.is_string()) {
    message += " — quote it";
  }
  return message;
}

namespace {

bool starts_with(std::string_view text, std::string_view prefix)
{
  return text.substr(0, prefix.size()) == prefix;
}

std::string join(const std::vector<std::string>& segments)
{
  std::string path;
  for (const std::string& segment : segments) {
    path = join_path(path, segment);
  }
  return path;
}

// What rockcraft's schema allows at one path (types, values, keys), whichever branch applies.
struct Allowed {
  std::vector<std::string> types;
  std::vector<std::string> values;
  std::vector<std::string> keys;
  std::vector<std::string> forbidden_keys; // propertyNames: {not: {enum: [...]}}
};

void push_unique(std::vector<std::string>& list, const std::string& item)
{
  if (std::find(list.begin(), list.end(), item) == list.end()) {
    list.push_back(item);
  }
}

// Appends the items of `value` (an array, or one value) to `out`, strings as they are.
void strings_into(const Json* value, std::vector<std::string>& out)
{
  if (value == nullptr) {
    return;
  }
  const auto text = [](const Json& item) {
    return item.is_string() ? item.get<std::string>() : item.dump();
  };
  if (value->is_array()) {
    for (const Json& item : *value) {
      push_unique(out, text(item));
    }
  } else {
    push_unique(out, text(*value));
  }
}

// Walks `schema` down `segments` through $ref, allOf/anyOf/oneOf and then/else without
// evaluating `if`: a superset of what applies, good enough to word a message.
void collect(const Json& root,
             const Json& schema,
             const std::vector<std::string>& segments,
             std::size_t at,
             Allowed& out,
             int depth)
{
  if (!schema.is_object() || depth > 32) {
    return;
  }
  const Json* ref = json_member(schema, "$ref");
  if (ref != nullptr && ref->is_string() && starts_with(ref->get<std::string>(), "#")) {
    try {
      const Json::json_pointer pointer(ref->get<std::string>().substr(1));
      if (root.contains(pointer)) {
        collect(root, root.at(pointer), segments, at, out, depth + 1);
      }
    } catch (const Json::exception&) {
      // Not a JSON pointer: valijson has already said what it thinks of the schema.
    }
  }
  for (const char* keyword : {"allOf", "anyOf", "oneOf", "then", "else"}) {
    const Json* sub = json_member(schema, keyword);
    if (sub != nullptr && sub->is_array()) {
      for (const Json& branch : *sub) {
        collect(root, branch, segments, at, out, depth + 1);
      }
    } else if (sub != nullptr) {
      collect(root, *sub, segments, at, out, depth + 1);
    }
  }
  if (at == segments.size()) {
    strings_into(json_member(schema, "type"), out.types);
    strings_into(json_member(schema, "enum"), out.values);
    strings_into(json_member(schema, "const"), out.values);
    if (const Json* properties = json_member(schema, "properties");
        properties && properties->is_object()) {
      for (const auto& item : properties->items()) {
        push_unique(out.keys, item.key());
      }
    }
    const Json* names = json_member(schema, "propertyNames");
    if (const Json* negated = names != nullptr ? json_member(*names, "not") : nullptr) {
      strings_into(json_member(*negated, "enum"), out.forbidden_keys);
    }
    return;
  }
  const std::string& segment = segments[at];
  const Json* properties = json_member(schema, "properties");
  const bool matched = properties != nullptr && json_member(*properties, segment) != nullptr;
  if (matched) {
    collect(root, *json_member(*properties, segment), segments, at + 1, out, depth + 1);
  }
  // Every patternProperties schema, matching or not: regexes are valijson's business, and
  // for wording a message a superset will do.
  if (const Json* patterns = json_member(schema, "patternProperties");
      patterns && patterns->is_object()) {
    for (const auto& item : patterns->items()) {
      collect(root, item.value(), segments, at + 1, out, depth + 1);
    }
  }
  const Json* additional = json_member(schema, "additionalProperties");
  if (!matched && additional != nullptr && additional->is_object()) {
    collect(root, *additional, segments, at + 1, out, depth + 1);
  }
  if (const Json* items = json_member(schema, "items"); items && items->is_object()) {
    collect(root, *items, segments, at + 1, out, depth + 1);
  }
}

bool permits(const std::vector<std::string>& types, const Json& value)
{
  return std::any_of(types.begin(), types.end(), [&](const std::string& type) {
    return (type == "string" && value.is_string()) ||
           (type == "integer" && value.is_number_integer()) ||
           (type == "number" && value.is_number()) || (type == "boolean" && value.is_boolean()) ||
           (type == "null" && value.is_null()) || (type == "object" && value.is_object()) ||
           (type == "array" && value.is_array());
  });
}

std::string expected_types(const std::vector<std::string>& types)
{
  static const std::vector<std::pair<std::string, std::string>> k_names = {
      {"string", "a string"},
      {"integer", "an integer"},
      {"number", "a number"},
      {"boolean", "true or false"},
      {"object", "a mapping"},
      {"array", "a list"}};
  std::string out;
  for (const auto& [type, words] : k_names) {
    if (std::find(types.begin(), types.end(), type) != types.end()) {
      out += (out.empty() ? "" : " or ") + words;
    }
  }
  return out.empty() ? "it empty" : out;
}

enum class ErrorKind { generic, type, value, required, unknown_key, other };

struct SchemaError {
  std::vector<std::string> segments;
  std::string path;
  ErrorKind kind = ErrorKind::other;
  std::string description;
};

// The last '…'-quoted name in a valijson message: the key it is about.
std::string quoted_name(const std::string& description)
{
  const auto close = description.rfind('\'');
  const auto open = close == std::string::npos || close == 0 ? std::string::npos
                                                             : description.rfind('\'', close - 1);
  return open == std::string::npos ? "" : description.substr(open + 1, close - open - 1);
}

SchemaError classify(const valijson::ValidationResults::Error& error)
{
  SchemaError out;
  for (std::size_t i = 1; i < error.context.size(); ++i) { // [0] is "<root>"
    const std::string& part = error.context[i];
    out.segments.push_back(part.size() >= 2 && part.front() == '[' ? part.substr(1, part.size() - 2)
                                                                   : part);
  }
  const std::string& text = error.description;
  out.description = text;
  if (starts_with(text, "Missing required property")) {
    out.kind = ErrorKind::required;
    out.segments.push_back(quoted_name(text));
  } else if (starts_with(text, "Object contains a property that could not be validated")) {
    out.kind = ErrorKind::unknown_key;
    out.segments.push_back(quoted_name(text));
  } else if (starts_with(text, "Value type not permitted")) {
    out.kind = ErrorKind::type;
  } else if (starts_with(text, "Failed to match against any enum values") ||
             starts_with(text, "Failed to match expected value set by 'const'")) {
    out.kind = ErrorKind::value;
  } else if (starts_with(text, "Failed to validate against") ||
             starts_with(text, "Failed to validate item #")) {
    out.kind = ErrorKind::generic; // a parent's summary of errors reported below it
    if (text.find("property name '") != std::string::npos) {
      out.segments.push_back(quoted_name(text));
    }
  }
  out.path = join(out.segments);
  return out;
}

bool under(const std::string& path, const std::string& ancestor, bool strictly)
{
  if (path == ancestor) {
    return !strictly;
  }
  return ancestor.empty() || starts_with(path, ancestor + ".");
}

std::string describe(const SchemaError& error, const YamlDocument& doc, const Json& schema)
{
  const Json* value = json_at(doc.value, error.segments);
  Allowed allowed;
  collect(schema, schema, error.segments, 0, allowed, 0);
  const std::string& path = error.path;
  switch (error.kind) {
  case ErrorKind::type: {
    const bool wants_string =
        std::find(allowed.types.begin(), allowed.types.end(), "string") != allowed.types.end();
    return type_problem(path,
                        *value,
                        find_source(doc, path),
                        expected_types(allowed.types),
                        wants_string ? QuoteHint::yes : QuoteHint::no);
  }
  case ErrorKind::value: {
    std::string list;
    for (const std::string& item : allowed.values) {
      list += (list.empty() ? "" : ", ") + item;
    }
    const std::string shown = value->is_string()
                                  ? value->get<std::string>()
                                  : value->dump(-1, ' ', false, Json::error_handler_t::replace);
    return path + ": '" + shown + "' is not one of " + list +
           core::did_you_mean(shown, allowed.values);
  }
  case ErrorKind::required:
    return path + ": required key is missing";
  case ErrorKind::unknown_key: {
    Allowed parent;
    std::vector<std::string> up(error.segments.begin(), error.segments.end() - 1);
    collect(schema, schema, up, 0, parent, 0);
    return path + ": unknown key" + core::did_you_mean(error.segments.back(), parent.keys);
  }
  case ErrorKind::generic:
    return (path.empty() ? "the document" : path) + " does not match rockcraft's schema";
  case ErrorKind::other:
    break;
  }
  return (path.empty() ? "the document" : path) + ": " + error.description;
}

// valijson 1.0 checks propertyNames without reporting why it failed, leaving only a summary
// at the parent: find the forbidden key and point at it.
SchemaError with_forbidden_key(SchemaError error, const YamlDocument& doc, const Json& schema)
{
  const Json* value = json_at(doc.value, error.segments);
  if (error.kind != ErrorKind::generic || value == nullptr || !value->is_object()) {
    return error;
  }
  Allowed allowed;
  collect(schema, schema, error.segments, 0, allowed, 0);
  for (const auto& item : value->items()) {
    const auto& forbidden = allowed.forbidden_keys;
    if (std::find(forbidden.begin(), forbidden.end(), item.key()) != forbidden.end()) {
      error.segments.push_back(item.key());
      error.path = join_path(error.path, item.key());
      error.kind = ErrorKind::other;
      error.description = "'" + item.key() + "' is not allowed as a key here";
      break;
    }
  }
  return error;
}

// valijson reports every failed branch of anyOf/oneOf/if-then plus a summary at each parent;
// keep the errors that say what is wrong where, one per path, summaries only as a last resort.
std::vector<SchemaError>
most_specific(const std::vector<SchemaError>& errors, const YamlDocument& doc, const Json& schema)
{
  const Json* name = json_at(doc.value, {"name"});
  const auto specific_below = [&](const std::string& path) {
    return std::any_of(errors.begin(), errors.end(), [&](const SchemaError& other) {
      return other.kind != ErrorKind::generic && under(other.path, path, true);
    });
  };
  const auto keep = [&](const SchemaError& error) {
    if (error.kind == ErrorKind::required) {
      return true;
    }
    // The name and version rules own these paths and say it better.
    if (error.path == "version" || (error.path == "name" && name != nullptr && name->is_string())) {
      return false;
    }
    const Json* value = json_at(doc.value, error.segments);
    if (value == nullptr || error.kind != ErrorKind::type) {
      return value != nullptr;
    }
    // A type error from a branch that did not apply: the value has a type the schema allows
    // there, or it is a container whose errors are reported below.
    Allowed allowed;
    collect(schema, schema, error.segments, 0, allowed, 0);
    return !permits(allowed.types, *value) && !specific_below(error.path);
  };
  std::vector<SchemaError> kept;
  std::set<std::string> seen;
  const auto push = [&](const SchemaError& error) {
    // A wrong type explains a failed enum at the same path; a repeat adds nothing.
    const bool one_per_path = error.kind == ErrorKind::type || error.kind == ErrorKind::value ||
                              error.kind == ErrorKind::generic;
    if (seen.insert(one_per_path ? error.path : error.path + "\n" + error.description).second) {
      kept.push_back(error);
    }
  };
  for (const SchemaError& error : errors) {
    if (error.kind != ErrorKind::generic && keep(error)) {
      push(error);
    }
  }
  for (const SchemaError& error : errors) {
    const bool explained = std::any_of(kept.begin(), kept.end(), [&](const SchemaError& other) {
      return under(other.path, error.path, false) || under(error.path, other.path, false);
    });
    if (error.kind == ErrorKind::generic && !explained && keep(error)) {
      push(error);
    }
  }
  return kept;
}

} // namespace

core::Expected<std::vector<Violation>> schema_violations(const YamlDocument& doc,
                                                         const Json& schema_doc)
{
  valijson::Schema schema;
  std::vector<SchemaError> errors;
  try {
    valijson::SchemaParser parser; // draft 7, which reads 2020-12's $defs/if/const as well
    valijson::adapters::NlohmannJsonAdapter schema_adapter(schema_doc);
    parser.populateSchema(schema_adapter, schema);
    valijson::Validator validator(valijson::Validator::kStrongTypes);
    valijson::ValidationResults results;
    valijson::adapters::NlohmannJsonAdapter target(doc.value);
    if (!validator.validate(schema, target, &results) && results.numErrors() == 0) {
      errors.push_back({{}, "", ErrorKind::generic, ""}); // propertyNames fails silently
    }
    for (const auto& error : results) {
      errors.push_back(classify(error));
    }
  } catch (const std::exception& e) {
    return core::make_error(std::string("cannot use rockcraft's schema: ") + e.what());
  }
  // Type errors first, so one wins over the enum or summary errors at its path.
  std::stable_sort(errors.begin(), errors.end(), [](const SchemaError& a, const SchemaError& b) {
    return (a.kind == ErrorKind::type) > (b.kind == ErrorKind::type);
  });
  std::vector<Violation> out;
  for (const SchemaError& kept : most_specific(errors, doc, schema_doc)) {
    const SchemaError error = with_forbidden_key(kept, doc, schema_doc);
    const int line = line_of(doc, error.path);
    out.push_back({"schema", error.path, line, describe(error, doc, schema_doc)});
  }
  return out;
}

} // namespace fipsrock::render
