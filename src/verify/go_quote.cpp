// SPDX-License-Identifier: Apache-2.0
#include "verify/go_quote.hpp"

#include <cstdint>
#include <utility>

// A transcription of strconv.unquote and strconv.UnquoteChar (Go 1.19) for '"' and '`', so
// that a value reads here exactly as `go version -m` reads it.

namespace fipsrock::verify {

namespace {

constexpr std::uint32_t k_max_rune = 0x10ffff;

struct Unquoted {
  std::string value;
  std::size_t consumed = 0; // bytes of the input used, both quotes included
};

int unhex(char c)
{
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

bool in_range(unsigned char c, unsigned char low, unsigned char high)
{
  return c >= low && c <= high;
}

// The length of the valid UTF-8 sequence starting `s` (non-empty, first byte >= 0x80), or 0
// when it is invalid; the same acceptance as Go's utf8.DecodeRuneInString.
std::size_t utf8_sequence(std::string_view s)
{
  const auto b0 = static_cast<unsigned char>(s[0]);
  auto at = [&](std::size_t i) { return i < s.size() ? static_cast<unsigned char>(s[i]) : 0; };
  std::size_t size = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xbf;
  if (in_range(b0, 0xc2, 0xdf)) {
    size = 2;
  } else if (in_range(b0, 0xe0, 0xef)) {
    size = 3;
    low = b0 == 0xe0 ? 0xa0 : 0x80;
    high = b0 == 0xed ? 0x9f : 0xbf;
  } else if (in_range(b0, 0xf0, 0xf4)) {
    size = 4;
    low = b0 == 0xf0 ? 0x90 : 0x80;
    high = b0 == 0xf4 ? 0x8f : 0xbf;
  } else {
    return 0;
  }
  if (!in_range(at(1), low, high)) {
    return 0;
  }
  for (std::size_t i = 2; i < size; ++i) {
    if (!in_range(at(i), 0x80, 0xbf)) {
      return 0;
    }
  }
  return size;
}

void append_utf8(std::string& out, std::uint32_t rune)
{
  if (rune < 0x80) {
    out += static_cast<char>(rune);
  } else if (rune < 0x800) {
    out += static_cast<char>(0xc0 | (rune >> 6));
    out += static_cast<char>(0x80 | (rune & 0x3f));
  } else if (rune < 0x10000) {
    out += static_cast<char>(0xe0 | (rune >> 12));
    out += static_cast<char>(0x80 | ((rune >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (rune & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (rune >> 18));
    out += static_cast<char>(0x80 | ((rune >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((rune >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (rune & 0x3f));
  }
}

// Decodes the escape after a backslash at s[0] == '\\', appending it to `out`; returns the bytes
// consumed (backslash included) or 0 for an invalid escape.
std::size_t unescape(std::string_view s, std::string& out)
{
  if (s.size() < 2) {
    return 0;
  }
  const char c = s[1];
  switch (c) {
  case 'a':
    out += '\a';
    return 2;
  case 'b':
    out += '\b';
    return 2;
  case 'f':
    out += '\f';
    return 2;
  case 'n':
    out += '\n';
    return 2;
  case 'r':
    out += '\r';
    return 2;
  case 't':
    out += '\t';
    return 2;
  case 'v':
    out += '\v';
    return 2;
  case '\\':
  case '"':
    out += c;
    return 2;
  case 'x':
  case 'u':
  case 'U': {
    const std::size_t digits = c == 'x' ? 2 : (c == 'u' ? 4 : 8);
    if (s.size() < 2 + digits) {
      return 0;
    }
    std::uint32_t value = 0;
    for (std::size_t j = 0; j < digits; ++j) {
      const int digit = unhex(s[2 + j]);
      if (digit < 0) {
        return 0;
      }
      value = (value << 4) | static_cast<std::uint32_t>(digit);
    }
    if (c == 'x') {
      out += static_cast<char>(value); // one byte, possibly not UTF-8
    } else if (value > k_max_rune || (value >= 0xd800 && value <= 0xdfff)) {
      return 0;
    } else {
      append_utf8(out, value);
    }
    return 2 + digits;
  }
  default:
    break;
  }
  if (c < '0' || c > '7' || s.size() < 4) {
    return 0;
  }
  std::uint32_t value = 0;
  for (std::size_t j = 1; j < 4; ++j) {
    if (s[j] < '0' || s[j] > '7') {
      return 0;
    }
    value = (value << 3) | static_cast<std::uint32_t>(s[j] - '0');
  }
  if (value > 255) {
    return 0;
  }
  out += static_cast<char>(value);
  return 4;
}

// strconv.unquote(in, unescape=true) for '"' and '`': the value and how much of `in` it used.
std::optional<Unquoted> unquote_prefix(std::string_view in)
{
  if (in.size() < 2) {
    return std::nullopt;
  }
  Unquoted result;
  if (in[0] == '`') {
    const auto end = in.find('`', 1);
    if (end == std::string_view::npos) {
      return std::nullopt;
    }
    for (const char c : in.substr(1, end - 1)) {
      if (c != '\r') {
        result.value += c;
      }
    }
    result.consumed = end + 1;
    return result;
  }
  if (in[0] != '"') {
    return std::nullopt;
  }
  std::size_t i = 1;
  while (i < in.size() && in[i] != '"') {
    const auto c = static_cast<unsigned char>(in[i]);
    std::size_t used = 0;
    if (c == '\n') {
      return std::nullopt;
    }
    if (c == '\\') {
      used = unescape(in.substr(i), result.value);
      if (used == 0) {
        return std::nullopt;
      }
    } else if (c >= 0x80) {
      used = utf8_sequence(in.substr(i));
      if (used == 0) {
        result.value += "\xef\xbf\xbd"; // U+FFFD, as Go's decoder yields for a bad byte
        used = 1;
      } else {
        result.value += in.substr(i, used);
      }
    } else {
      result.value += static_cast<char>(c);
      used = 1;
    }
    i += used;
  }
  if (i >= in.size()) {
    return std::nullopt;
  }
  result.consumed = i + 1;
  return result;
}

} // namespace

core::Expected<std::string> go_unquote(std::string_view quoted)
{
  auto result = unquote_prefix(quoted);
  if (!result) {
    return core::make_error("invalid Go quoted string");
  }
  if (result->consumed != quoted.size()) {
    return core::make_error("unexpected characters after a Go quoted string");
  }
  return std::move(result->value);
}

std::optional<std::size_t> go_quoted_prefix(std::string_view text)
{
  const auto result = unquote_prefix(text);
  if (!result) {
    return std::nullopt;
  }
  return result->consumed;
}

} // namespace fipsrock::verify
