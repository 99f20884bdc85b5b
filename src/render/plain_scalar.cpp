// SPDX-License-Identifier: Apache-2.0
#include "render/plain_scalar.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <iterator>
#include <limits>
#include <string>
#include <string_view>

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

} // namespace

PlainScalar resolve_plain_scalar(const std::string& text)
{
  if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL") {
    return {nullptr, false};
  }
  if (is_bool(text)) {
    const char c = text[0];
    return {c == 'y' || c == 'Y' || c == 't' || c == 'T' || text == "on" || text == "On" ||
                text == "ON",
            false};
  }
  if (is_float(text)) {
    return {float_value(text), false};
  }
  if (is_int(text)) {
    return {int_value(text), false};
  }
  return {text, is_timestamp(text)};
}

} // namespace fipsrock::render
