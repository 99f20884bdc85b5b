// SPDX-License-Identifier: Apache-2.0
#include "host/parse_os_release.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <utility>

namespace fipsrock::host {

namespace {

std::string_view trim(std::string_view text)
{
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) {
    return {};
  }
  const auto last = text.find_last_not_of(" \t\r");
  return text.substr(first, last - first + 1);
}

bool is_escapable_in_double_quotes(char c)
{
  return c == '"' || c == '\\' || c == '$' || c == '`';
}

// The value after '=' with shell quoting removed, as systemd's env-file parser reads it:
// double quotes resolve \" \\ \$ \` (other backslashes stay), single quotes are literal, a
// backslash outside quotes escapes the next character, and quoted and bare pieces concatenate.
// nullopt when a quote is not closed on the line (os-release values are single-line).
std::optional<std::string> unquote(std::string_view raw)
{
  std::string value;
  char quote = '\0';
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (quote == '\'') {
      if (c == '\'') {
        quote = '\0';
      } else {
        value += c;
      }
    } else if (quote == '"') {
      if (c == '"') {
        quote = '\0';
      } else if (c == '\\' && i + 1 < raw.size() && is_escapable_in_double_quotes(raw[i + 1])) {
        value += raw[++i];
      } else {
        value += c;
      }
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '\\' && i + 1 < raw.size()) {
      value += raw[++i];
    } else {
      value += c;
    }
  }
  if (quote != '\0') {
    return std::nullopt;
  }
  return value;
}

} // namespace

core::Expected<std::map<std::string, std::string>> parse_os_release(std::string_view text)
{
  std::map<std::string, std::string> values;
  std::size_t number = 0;
  while (!text.empty()) {
    ++number;
    const auto end = text.find('\n');
    const std::string_view line = trim(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (line.empty() || line[0] == '#') {
      continue;
    }
    const auto equals = line.find('=');
    if (equals == std::string_view::npos) {
      return core::make_error("line " + std::to_string(number) + ": expected KEY=value, got '" +
                              std::string(line) + "'");
    }
    const std::string_view key = trim(line.substr(0, equals));
    if (key.empty()) {
      return core::make_error("line " + std::to_string(number) + ": empty key before '='");
    }
    auto value = unquote(line.substr(equals + 1));
    if (!value) {
      return core::make_error("line " + std::to_string(number) + ": unterminated quote");
    }
    // Later assignments win, as when the file is sourced by a shell.
    values[std::string(key)] = std::move(*value);
  }
  return values;
}

} // namespace fipsrock::host
