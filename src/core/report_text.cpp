// SPDX-License-Identifier: Apache-2.0
#include "core/report_text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace fipsrock::core {

namespace {

const char* color_of(Status status)
{
  switch (status) {
  case Status::pass:
    return "\033[32m";
  case Status::info:
    return "\033[36m";
  case Status::warn:
    return "\033[33m";
  case Status::fail:
    return "\033[31m";
  case Status::error:
    return "\033[35m";
  }
  return "";
}

std::string label_of(Status status)
{
  switch (status) {
  case Status::pass:
    return "pass";
  case Status::info:
    return "info";
  case Status::warn:
    return "warn";
  case Status::fail:
    return "FAIL";
  case Status::error:
    return "ERROR";
  }
  return "?";
}

// Continuation lines of a multi-line text, indented under the message column.
std::string indent_lines(const std::string& text, const std::string& pad)
{
  std::string out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = text.find('\n', start);
    const auto line =
        text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    out += pad + line + "\n";
    if (end == std::string::npos) {
      break;
    }
    start = end + 1;
  }
  return out;
}

} // namespace

std::string render_text(const Report& report, Color color, Detail detail)
{
  std::vector<std::string> subjects;
  std::size_t id_width = 0;
  for (const auto& finding : report.findings) {
    if (std::find(subjects.begin(), subjects.end(), finding.subject) == subjects.end()) {
      subjects.push_back(finding.subject);
    }
    id_width = std::max(id_width, finding.id.size());
  }
  const std::string pad(2 + 7 + id_width + 2, ' ');
  const char* bold = color == Color::yes ? "\033[1m" : "";
  const char* reset = color == Color::yes ? "\033[0m" : "";

  std::string out;
  for (const auto& subject : subjects) {
    out += fmt::format("{}{}{}\n", bold, subject, reset);
    for (const auto& f : report.findings) {
      if (f.subject != subject) {
        continue;
      }
      const std::string label = fmt::format("{:<5}", label_of(f.status));
      out += fmt::format("  {}{}{}  {:<{}}  {}\n",
                         color == Color::yes ? color_of(f.status) : "",
                         label,
                         reset,
                         f.id,
                         id_width,
                         f.message);
      const bool problem =
          f.status == Status::warn || f.status == Status::fail || f.status == Status::error;
      if (problem && !f.remediation.empty()) {
        out += indent_lines("fix: " + f.remediation, pad);
      }
      if (detail == Detail::verbose) {
        for (const auto& [key, value] : f.evidence) {
          out += indent_lines(key + ": " + value, pad);
        }
      }
    }
  }
  return out;
}

std::string summarize_counts(const Report& report)
{
  std::string out;
  for (Status s : {Status::pass, Status::info, Status::warn, Status::fail, Status::error}) {
    const auto n = count_status(report, s);
    if (n == 0) {
      continue;
    }
    if (!out.empty()) {
      out += ", ";
    }
    out += fmt::format("{} {}", n, to_string(s));
  }
  return out.empty() ? "no findings" : out;
}

} // namespace fipsrock::core
