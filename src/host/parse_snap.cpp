// SPDX-License-Identifier: Apache-2.0
#include "host/parse_snap.hpp"

#include "core/json_text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <optional>
#include <utility>

namespace fipsrock::host {

namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 4> k_risks = {"stable", "candidate", "beta", "edge"};

// U+2026, which `snap list` puts in place of a channel's branch.
constexpr std::string_view k_ellipsis = "\xE2\x80\xA6";

bool is_risk(std::string_view word)
{
  return std::find(k_risks.begin(), k_risks.end(), word) != k_risks.end();
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

// `text` cut at `separators`, empty pieces dropped (Go's strings.FieldsFunc).
std::vector<std::string_view> fields(std::string_view text, std::string_view separators)
{
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto start = text.find_first_not_of(separators, pos);
    if (start == std::string_view::npos) {
      break;
    }
    const auto end = text.find_first_of(separators, start);
    out.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    pos = end == std::string_view::npos ? text.size() : end;
  }
  return out;
}

std::vector<std::string_view> lines(std::string_view text)
{
  std::vector<std::string_view> out;
  while (!text.empty()) {
    const auto end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    out.push_back(line);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
  }
  return out;
}

// Whether the comma-joined Notes cell `notes` contains `note`.
bool has_note(std::string_view notes, std::string_view note)
{
  const auto all = fields(notes, ",");
  return std::find(all.begin(), all.end(), note) != all.end();
}

// Text outputs show confinement only as a note ("classic", "devmode"); no note means strict.
std::string confinement_from_notes(std::string_view notes)
{
  if (has_note(notes, "classic")) {
    return "classic";
  }
  return has_note(notes, "devmode") ? "devmode" : "strict";
}

// The string at `key` of `object` when it is one.
std::optional<std::string> string_at(const json& object, const char* key)
{
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string()) {
    return std::nullopt;
  }
  return it->get<std::string>();
}

enum class Need { required, optional };

// The string at `key` of `object`: "" when optional and absent or null; nullopt when it is
// required but missing or is not a string, and then `error` says so unless it already holds
// an earlier problem.
std::optional<std::string> string_field(
    const json& object, const char* key, const std::string& path, Need need, std::string& error)
{
  const auto it = object.find(key);
  std::string problem;
  if (it == object.end() || it->is_null()) {
    if (need == Need::optional) {
      return std::string();
    }
    problem = "key '" + path + "." + key + "' is missing";
  } else if (!it->is_string()) {
    problem = "key '" + path + "." + key + "' is not a string (got " + it->type_name() + ")";
  } else {
    return it->get<std::string>();
  }
  if (error.empty()) {
    error = std::move(problem);
  }
  return std::nullopt;
}

// One `client.Snap` object of snapd's REST API (`path` names it in messages).
core::Expected<SnapInfo> snap_from_json(const json& object, const std::string& path)
{
  if (!object.is_object()) {
    return core::make_error("key '" + path + "' is not an object (got " + object.type_name() + ")");
  }
  std::string error;
  const auto name = string_field(object, "name", path, Need::required, error);
  const auto version = string_field(object, "version", path, Need::required, error);
  // snapd sends the revision as a string ("3412"); a number means this is not snapd's JSON.
  const auto revision = string_field(object, "revision", path, Need::required, error);
  // Absent for snaps installed from a local file (`snap install --dangerous`).
  const auto tracking = string_field(object, "tracking-channel", path, Need::optional, error);
  const auto status = string_field(object, "status", path, Need::optional, error);
  const auto confinement = string_field(object, "confinement", path, Need::optional, error);
  if (!name || !version || !revision || !tracking || !status || !confinement) {
    return core::make_error(error);
  }
  SnapInfo info;
  info.name = *name;
  info.installed = true;
  info.version = *version;
  info.revision = *revision;
  info.tracking_channel = *tracking;
  info.status = *status;
  info.confinement = *confinement;
  return info;
}

// A snapd reply body as a JSON object with a `type`. nlohmann-json's exceptions stop here.
core::Expected<json> parse_reply(std::string_view body)
{
  auto parsed = core::parse_json_object(body);
  if (!parsed) {
    return parsed;
  }
  json doc = std::move(*parsed);
  const auto type = doc.find("type");
  if (type == doc.end()) {
    return core::make_error("key 'type' is missing");
  }
  if (!type->is_string()) {
    return core::make_error(std::string("key 'type' is not a string (got ") + type->type_name() +
                            ")");
  }
  if (doc.find("result") == doc.end()) {
    return core::make_error("key 'result' is missing");
  }
  return doc;
}

// The message of an error reply: `result.message`, `result.kind` and `status-code`.
std::string describe_error_reply(const json& doc)
{
  const json& result = doc["result"];
  std::string message = "snapd answered with an error";
  if (result.is_object()) {
    if (const auto text = string_at(result, "message")) {
      message += ": " + *text;
    }
    if (const auto kind = string_at(result, "kind")) {
      message += " (kind " + *kind + ")";
    }
  }
  const auto code = doc.find("status-code");
  if (code != doc.end() && code->is_number_integer()) {
    message += " [status-code " + std::to_string(code->get<long>()) + "]";
  }
  return message;
}

} // namespace

core::Expected<SnapInfo> parse_snapd_snap(std::string_view body)
{
  const auto doc = parse_reply(body);
  if (!doc) {
    return tl::make_unexpected(doc.error());
  }
  const auto type = (*doc)["type"].get<std::string>();
  const json& result = (*doc)["result"];
  if (type == "error") {
    if (result.is_object() && string_at(result, "kind") == "snap-not-found") {
      SnapInfo info;
      info.name = string_at(result, "value").value_or("");
      return info;
    }
    return core::make_error(describe_error_reply(*doc));
  }
  if (type != "sync") {
    return core::make_error("unexpected reply type '" + type + "' (expected sync or error)");
  }
  return snap_from_json(result, "result");
}

core::Expected<std::vector<SnapInfo>> parse_snapd_snaps(std::string_view body)
{
  const auto doc = parse_reply(body);
  if (!doc) {
    return tl::make_unexpected(doc.error());
  }
  const auto type = (*doc)["type"].get<std::string>();
  if (type == "error") {
    return core::make_error(describe_error_reply(*doc));
  }
  if (type != "sync") {
    return core::make_error("unexpected reply type '" + type + "' (expected sync or error)");
  }
  const json& result = (*doc)["result"];
  if (!result.is_array()) {
    return core::make_error(std::string("key 'result' is not an array (got ") + result.type_name() +
                            ")");
  }
  std::vector<SnapInfo> snaps;
  for (std::size_t i = 0; i < result.size(); ++i) {
    auto snap = snap_from_json(result[i], "result[" + std::to_string(i) + "]");
    if (!snap) {
      return tl::make_unexpected(snap.error());
    }
    snaps.push_back(std::move(*snap));
  }
  return snaps;
}

core::Expected<SnapInfo> parse_snap_info(std::string_view text)
{
  SnapInfo info;
  bool has_name = false;
  const auto all = lines(text);
  for (std::size_t i = 0; i < all.size(); ++i) {
    const std::string_view line = all[i];
    if (line == "---") {
      break; // `snap info a b` separates snaps with "---"; `text` is about the first one
    }
    // Only unindented "key: value" lines; indented ones belong to description, channels, ...
    const auto colon = line.find(':');
    if (line.empty() || line[0] == ' ' || colon == std::string_view::npos) {
      continue;
    }
    const std::string_view key = line.substr(0, colon);
    const std::string_view value = trim(line.substr(colon + 1));
    if (key == "name" && !has_name) {
      info.name = std::string(value);
      has_name = true;
    } else if (key == "tracking") {
      info.tracking_channel = std::string(value);
    } else if (key == "installed") {
      // "<version>  (<rev>) <size> <notes>"; the revision is the only field in parentheses.
      const auto words = fields(value, " \t");
      if (words.size() < 2 || words[0].front() == '(' || words[1].size() < 3 ||
          words[1].front() != '(' || words[1].back() != ')') {
        return core::make_error("line " + std::to_string(i + 1) +
                                ": expected 'installed: <version> (<revision>) ...', got '" +
                                std::string(line) + "'");
      }
      info.installed = true;
      info.version = std::string(words[0]);
      info.revision = std::string(words[1].substr(1, words[1].size() - 2));
      info.confinement = words.size() > 3 ? confinement_from_notes(words.back()) : "strict";
    }
  }
  if (!has_name) {
    return core::make_error("no 'name:' line");
  }
  return info;
}

core::Expected<SnapInfo> parse_snap_list(std::string_view text, std::string_view name)
{
  SnapInfo info;
  info.name = std::string(name);
  const auto all = lines(text);
  std::size_t first = 0;
  while (first < all.size() && trim(all[first]).empty()) {
    ++first;
  }
  if (first == all.size()) {
    // `snap list <name>` prints nothing on stdout when the snap is absent.
    return info;
  }
  const auto header = fields(all[first], " \t");
  if (header.empty() || header[0] != "Name") {
    return core::make_error("line " + std::to_string(first + 1) +
                            ": missing header 'Name  Version  Rev  Tracking  Publisher  Notes'");
  }
  auto column = [&](std::string_view title) {
    for (std::size_t c = 0; c < header.size(); ++c) {
      if (header[c] == title) {
        return c;
      }
    }
    return header.size();
  };
  const std::size_t version_col = column("Version");
  const std::size_t rev_col = column("Rev");
  const std::size_t tracking_col = column("Tracking");
  const std::size_t notes_col = column("Notes");
  if (version_col == header.size() || rev_col == header.size()) {
    return core::make_error("line " + std::to_string(first + 1) +
                            ": header lacks the Version or Rev column");
  }
  // `snap list --all` also lists disabled revisions; the active row is the one to report.
  std::optional<std::size_t> chosen;
  for (std::size_t i = first + 1; i < all.size(); ++i) {
    const auto row = fields(all[i], " \t");
    if (row.empty() || row[0] != name) {
      continue;
    }
    if (row.size() != header.size()) {
      return core::make_error("line " + std::to_string(i + 1) + ": expected " +
                              std::to_string(header.size()) + " columns, got " +
                              std::to_string(row.size()));
    }
    const bool disabled = notes_col < row.size() && has_note(row[notes_col], "disabled");
    if (!chosen || !disabled) {
      chosen = i;
    }
    if (!disabled) {
      break;
    }
  }
  if (!chosen) {
    return info;
  }
  const auto row = fields(all[*chosen], " \t");
  info.installed = true;
  info.version = std::string(row[version_col]);
  info.revision = std::string(row[rev_col]);
  if (tracking_col < row.size() && row[tracking_col] != "-") {
    info.tracking_channel = std::string(row[tracking_col]);
    const std::string_view tracking = info.tracking_channel;
    info.channel_truncated = tracking.size() >= k_ellipsis.size() &&
                             tracking.substr(tracking.size() - k_ellipsis.size()) == k_ellipsis;
  }
  if (notes_col < row.size()) {
    info.confinement = confinement_from_notes(row[notes_col]);
  }
  return info;
}

std::string normalize_channel(std::string_view channel)
{
  // A port of snapd's channel.Full: empty pieces are dropped ("latest//edge" has 2 parts).
  const auto parts = fields(channel, "/");
  switch (parts.size()) {
  case 0:
    return {};
  case 1:
    return is_risk(parts[0]) ? "latest/" + std::string(parts[0])
                             : std::string(parts[0]) + "/stable";
  case 2:
    if (is_risk(parts[0])) {
      return "latest/" + std::string(parts[0]) + "/" + std::string(parts[1]);
    }
    return std::string(parts[0]) + "/" + std::string(parts[1]);
  case 3:
    return std::string(parts[0]) + "/" + std::string(parts[1]) + "/" + std::string(parts[2]);
  default:
    // snapd rejects more than 3 parts; keep the text so a comparison simply fails.
    return std::string(channel);
  }
}

} // namespace fipsrock::host
