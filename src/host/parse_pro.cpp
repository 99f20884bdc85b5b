// SPDX-License-Identifier: Apache-2.0
#include "host/parse_pro.hpp"

#include "core/json_text.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <utility>

namespace fipsrock::host {

namespace {

using nlohmann::json;

enum class Need { required, optional };

// The first problem met while reading a document. Later ones are usually consequences of it,
// so only the first is reported.
class Problems {
public:
  void add(std::string message)
  {
    if (m_first.empty()) {
      m_first = std::move(message);
    }
  }
  bool any() const { return !m_first.empty(); }
  const std::string& first() const { return m_first; }

private:
  std::string m_first;
};

// Typed, path-aware access to the keys of one JSON object. An absent object (nullptr) answers
// every optional lookup with its default, so optional sub-objects need no special casing.
// Wrong types and missing required keys are recorded in `problems` with the key's full path
// ("services[2].name"), never thrown.
class Object {
public:
  Object(const json* value, std::string path, Problems& problems)
      : m_value(value), m_path(std::move(path)), m_problems(problems)
  {
    if (m_value != nullptr && !m_value->is_object()) {
      m_problems.add(type_mismatch(
          m_path.empty() ? "the document" : "key '" + m_path + "'", "an object", *m_value));
      m_value = nullptr;
    }
  }

  std::string string(const char* key, Need need = Need::optional) const
  {
    const json* value = find(key, need, &json::is_string, "a string");
    return value == nullptr ? std::string() : value->get<std::string>();
  }

  std::optional<std::string> optional_string(const char* key) const
  {
    const json* value = find(key, Need::optional, &json::is_string, "a string");
    return value == nullptr ? std::nullopt : std::optional<std::string>(value->get<std::string>());
  }

  bool boolean(const char* key, Need need = Need::optional) const
  {
    const json* value = find(key, need, &json::is_boolean, "a boolean");
    return value != nullptr && value->get<bool>();
  }

  std::optional<long> integer(const char* key) const
  {
    const json* value = find(key, Need::optional, &json::is_number_integer, "an integer");
    return value == nullptr ? std::nullopt : std::optional<long>(value->get<long>());
  }

  Object object(const char* key, Need need = Need::optional) const
  {
    return Object(find(key, need, &json::is_object, "an object"), path_of(key), m_problems);
  }

  // Whether `key` is present with a non-null value.
  bool has(const char* key) const
  {
    if (m_value == nullptr) {
      return false;
    }
    const auto it = m_value->find(key);
    return it != m_value->end() && !it->is_null();
  }

  // Calls `fn(element_object)` for each element of the array at `key`.
  template <typename Fn> void each(const char* key, Need need, Fn&& fn) const
  {
    const json* array = find(key, need, &json::is_array, "an array");
    if (array == nullptr) {
      return;
    }
    for (std::size_t i = 0; i < array->size(); ++i) {
      fn(Object(&(*array)[i], path_of(key) + "[" + std::to_string(i) + "]", m_problems));
    }
  }

private:
  std::string path_of(const char* key) const
  {
    return m_path.empty() ? std::string(key) : m_path + "." + key;
  }

  static std::string type_mismatch(const std::string& what, const char* expected, const json& value)
  {
    return what + " is not " + expected + " (got " + value.type_name() + ")";
  }

  // The value at `key` when present, non-null and of the wanted type; nullptr otherwise.
  const json*
  find(const char* key, Need need, bool (json::*is_type)() const noexcept, const char* type) const
  {
    const json* value = nullptr;
    if (m_value != nullptr) {
      const auto it = m_value->find(key);
      if (it != m_value->end() && !it->is_null()) {
        value = &*it;
      }
    }
    if (value == nullptr) {
      if (need == Need::required) {
        m_problems.add("key '" + path_of(key) + "' is missing");
      }
      return nullptr;
    }
    if (!(value->*is_type)()) {
      m_problems.add(type_mismatch("key '" + path_of(key) + "'", type, *value));
      return nullptr;
    }
    return value;
  }

  const json* m_value;
  std::string m_path;
  Problems& m_problems;
};

// `text` as a JSON object.
core::Expected<json> parse_document(std::string_view text)
{
  return core::parse_json_object(text);
}

// Both shapes of Pro's messages: `pro api` {code, title, meta.service}, `pro status`
// {message_code, message, service} and a service's `warning` {code, message}.
ProMessage read_message(const Object& entry)
{
  ProMessage message;
  message.code = entry.has("code") ? entry.string("code") : entry.string("message_code");
  message.title = entry.has("title") ? entry.string("title") : entry.string("message");
  message.service = entry.string("service");
  if (message.service.empty()) {
    message.service = entry.object("meta").string("service");
  }
  return message;
}

std::vector<ProMessage> read_messages(const Object& parent, const char* key)
{
  std::vector<ProMessage> messages;
  parent.each(
      key, Need::optional, [&](const Object& entry) { messages.push_back(read_message(entry)); });
  return messages;
}

ProApiEnvelope read_envelope(const Object& root)
{
  ProApiEnvelope envelope;
  envelope.schema_version = root.string("_schema_version", Need::required);
  envelope.result = root.string("result", Need::required);
  envelope.version = root.string("version");
  envelope.errors = read_messages(root, "errors");
  envelope.warnings = read_messages(root, "warnings");
  return envelope;
}

// A `pro api` reply: the envelope, then `read_attributes(data.attributes, reply)` when the call
// succeeded (a failure reply has no attributes).
template <typename Reply, typename Fn>
core::Expected<Reply> parse_api_reply(std::string_view text, Fn&& read_attributes)
{
  const auto doc = parse_document(text);
  if (!doc) {
    return tl::make_unexpected(doc.error());
  }
  Problems problems;
  const Object root(&*doc, "", problems);
  Reply reply;
  reply.envelope = read_envelope(root);
  if (reply.envelope.result == "success") {
    read_attributes(root.object("data", Need::required).object("attributes", Need::required),
                    reply);
  }
  if (problems.any()) {
    return core::make_error(problems.first());
  }
  return reply;
}

ProService read_service(const Object& entry)
{
  ProService service;
  service.name = entry.string("name", Need::required);
  service.available = entry.string("available");
  service.entitled = entry.string("entitled");
  service.status = entry.string("status");
  service.status_details = entry.string("status_details");
  if (entry.has("warning")) {
    service.warning = read_message(entry.object("warning"));
  }
  entry.each("blocked_by", Need::optional, [&](const Object& blocker) {
    service.blocked_by.push_back(blocker.string("reason_code", Need::required));
  });
  return service;
}

std::string_view trim(std::string_view text)
{
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) {
    return {};
  }
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

} // namespace

core::Expected<ProApiEnvelope> parse_pro_api_envelope(std::string_view text)
{
  const auto doc = parse_document(text);
  if (!doc) {
    return tl::make_unexpected(doc.error());
  }
  Problems problems;
  const ProApiEnvelope envelope = read_envelope(Object(&*doc, "", problems));
  if (problems.any()) {
    return core::make_error(problems.first());
  }
  return envelope;
}

core::Expected<ProIsAttached> parse_pro_is_attached(std::string_view text)
{
  return parse_api_reply<ProIsAttached>(text, [](const Object& attributes, ProIsAttached& reply) {
    reply.is_attached = attributes.boolean("is_attached", Need::required);
    // Clients before 28.x-30 lack the two keys below; absent means "not known to be valid".
    reply.is_attached_and_contract_valid = attributes.boolean("is_attached_and_contract_valid");
    reply.contract_status = attributes.string("contract_status");
    reply.contract_remaining_days = attributes.integer("contract_remaining_days");
  });
}

core::Expected<ProEnabledServices> parse_pro_enabled_services(std::string_view text)
{
  return parse_api_reply<ProEnabledServices>(
      text, [](const Object& attributes, ProEnabledServices& reply) {
        attributes.each("enabled_services", Need::required, [&](const Object& service) {
          reply.names.push_back(service.string("name", Need::required));
        });
      });
}

core::Expected<ProStatus> parse_pro_status(std::string_view text)
{
  const auto doc = parse_document(text);
  if (!doc) {
    return tl::make_unexpected(doc.error());
  }
  Problems problems;
  const Object root(&*doc, "", problems);
  ProStatus status;
  // `result` is absent from clients before 27.x-era CLI output and from the legacy
  // /var/lib/ubuntu-advantage/status.json cache; those still carry `attached` and `services`,
  // which is all a success document needs. A failure document has neither.
  status.result = root.string("result");
  const Need need = status.result == "failure" ? Need::optional : Need::required;
  status.schema_version = root.string("_schema_version");
  status.version = root.string("version");
  status.attached = root.boolean("attached", need);
  status.expires = root.string("expires");
  status.execution_status = root.string("execution_status");
  status.lxd_guest_attach =
      root.object("config").object("ua_config").optional_string("lxd_guest_attach");
  root.each("services", need, [&](const Object& entry) {
    status.services.push_back(read_service(entry));
  });
  status.errors = read_messages(root, "errors");
  status.warnings = read_messages(root, "warnings");
  if (problems.any()) {
    return core::make_error(problems.first());
  }
  return status;
}

core::Expected<std::string> parse_pro_config_value(std::string_view text, std::string_view key)
{
  // Each line is "<key><spaces><value>"; the value may itself contain no newline.
  while (!text.empty()) {
    const auto end = text.find('\n');
    const std::string_view line = trim(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    const auto gap = line.find_first_of(" \t");
    if (line.substr(0, gap) == key) {
      return std::string(gap == std::string_view::npos ? std::string_view()
                                                       : trim(line.substr(gap)));
    }
  }
  return core::make_error("key '" + std::string(key) + "' is not listed");
}

const ProService* find_service(const ProStatus& status, std::string_view name)
{
  for (const auto& service : status.services) {
    if (service.name == name) {
      return &service;
    }
  }
  return nullptr;
}

} // namespace fipsrock::host
