// SPDX-License-Identifier: Apache-2.0
#include "pack/progress.hpp"

#include <fmt/format.h>

namespace fipsrock::pack {

namespace {

std::string_view trim(std::string_view s)
{
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

} // namespace

std::optional<Step> parse_step(std::string_view line)
{
  line = trim(line);
  // craft-parts announces each step as "<Verb>ing <part>" (and "Packing..." at the end).
  static const std::pair<const char*, const char*> k_verbs[] = {
      {"Pulling ", "pull"},
      {"Overlaying ", "overlay"},
      {"Building ", "build"},
      {"Staging ", "stage"},
      {"Priming ", "prime"},
  };
  for (const auto& [verb, step] : k_verbs) {
    const std::string_view v(verb);
    if (line.substr(0, v.size()) == v && line.size() > v.size()) {
      const std::string_view part = line.substr(v.size());
      if (part.find(' ') == std::string_view::npos) {
        return Step{step, std::string(part)};
      }
    }
  }
  if (line.substr(0, 7) == "Packing") {
    return Step{"pack", ""};
  }
  return std::nullopt;
}

std::optional<std::string> parse_packed(std::string_view line)
{
  line = trim(line);
  const std::string_view prefix = "Packed ";
  if (line.substr(0, prefix.size()) != prefix) {
    return std::nullopt;
  }
  const std::string_view file = trim(line.substr(prefix.size()));
  if (file.size() < 6 || file.substr(file.size() - 5) != ".rock") {
    return std::nullopt;
  }
  return std::string(file);
}

std::string
progress_line(const std::string& rock, const std::string& platform, const Step& step, long seconds)
{
  return fmt::format("{} {} | {}{}{} | {:02}:{:02}",
                     rock,
                     platform,
                     step.step,
                     step.part.empty() ? "" : " ",
                     step.part,
                     seconds / 60,
                     seconds % 60);
}

} // namespace fipsrock::pack
