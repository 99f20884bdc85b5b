// SPDX-License-Identifier: Apache-2.0
#include "core/text_diff.hpp"

#include <fmt/format.h>

#include <vector>

namespace fipsrock::core {

namespace {

std::vector<std::string_view> split_lines(std::string_view text)
{
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = text.find('\n', start);
    if (end == std::string_view::npos) {
      lines.push_back(text.substr(start));
      break;
    }
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

struct Op {
  char kind; // ' ', '-', '+'
  std::string_view line;
  std::size_t a; // line index in before (for ' ' and '-')
  std::size_t b; // line index in after (for ' ' and '+')
};

} // namespace

std::string unified_diff(std::string_view before,
                         std::string_view after,
                         const std::string& before_name,
                         const std::string& after_name,
                         std::size_t context)
{
  if (before == after) {
    return {};
  }
  const auto a = split_lines(before);
  const auto b = split_lines(after);
  // Longest common subsequence table; recipes are a few hundred lines at most.
  std::vector<std::vector<std::size_t>> lcs(a.size() + 1,
                                            std::vector<std::size_t>(b.size() + 1, 0));
  for (std::size_t i = a.size(); i-- > 0;) {
    for (std::size_t j = b.size(); j-- > 0;) {
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  std::vector<Op> ops;
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a.size() || j < b.size()) {
    if (i < a.size() && j < b.size() && a[i] == b[j]) {
      ops.push_back({' ', a[i], i, j});
      ++i;
      ++j;
    } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
      ops.push_back({'-', a[i], i, j});
      ++i;
    } else {
      ops.push_back({'+', b[j], i, j});
      ++j;
    }
  }
  std::string out = fmt::format("--- {}\n+++ {}\n", before_name, after_name);
  std::size_t k = 0;
  while (k < ops.size()) {
    if (ops[k].kind == ' ') {
      ++k;
      continue;
    }
    // A hunk: from `context` lines before this change to `context` after the last change
    // that is not separated from it by more than 2*context unchanged lines.
    const std::size_t first = k >= context ? k - context : 0;
    std::size_t last = k;
    std::size_t scan = k;
    while (scan < ops.size()) {
      if (ops[scan].kind != ' ') {
        last = scan;
      } else if (scan - last > 2 * context) {
        break;
      }
      ++scan;
    }
    const std::size_t end = std::min(ops.size(), last + context + 1);
    std::size_t a_count = 0;
    std::size_t b_count = 0;
    for (std::size_t x = first; x < end; ++x) {
      a_count += ops[x].kind != '+' ? 1 : 0;
      b_count += ops[x].kind != '-' ? 1 : 0;
    }
    out +=
        fmt::format("@@ -{},{} +{},{} @@\n", ops[first].a + 1, a_count, ops[first].b + 1, b_count);
    for (std::size_t x = first; x < end; ++x) {
      out += fmt::format("{}{}\n", ops[x].kind, ops[x].line);
    }
    k = end;
  }
  return out;
}

} // namespace fipsrock::core
