// SPDX-License-Identifier: Apache-2.0
#include "render/collect.hpp"

#include "render/parse_inputs.hpp"
#include "sys/file.hpp"

#include <fmt/format.h>

#include <filesystem>

namespace fipsrock::render {

namespace fs = std::filesystem;

std::string default_pins_path(const std::string& project_path)
{
  return (fs::path(project_path).parent_path() / "pins.yaml").string();
}

core::Expected<Inputs> load_inputs(const std::string& project_path,
                                   const std::string& pins_path,
                                   const std::string& templates_dir)
{
  Inputs in;
  auto project_text = sys::read_file(project_path);
  if (!project_text) {
    return core::make_error(
        project_text.error().message,
        "give the project file with --project (default rockcraft/metallb.yaml)");
  }
  in.project_text = std::move(*project_text);
  auto project = parse_project(in.project_text, project_path);
  if (!project) {
    return tl::make_unexpected(project.error());
  }
  in.project = std::move(*project);

  const std::string pins_file = pins_path.empty() ? default_pins_path(project_path) : pins_path;
  auto pins_text = sys::read_file(pins_file);
  if (!pins_text) {
    return core::make_error(
        pins_text.error().message,
        "give the lock file with --pins (default: pins.yaml beside the project)");
  }
  in.pins_text = std::move(*pins_text);
  auto pins = parse_pins(in.pins_text, pins_file);
  if (!pins) {
    return tl::make_unexpected(pins.error());
  }
  in.pins = std::move(*pins);
  if (auto checked = check_inputs(in.project, in.pins); !checked) {
    return tl::make_unexpected(checked.error());
  }

  if (templates_dir.empty()) {
    in.templates = embedded_templates();
    in.templates_source = "embedded";
    return in;
  }
  std::error_code ec;
  if (!fs::is_directory(templates_dir, ec)) {
    return core::make_error(fmt::format("templates directory not found: {}", templates_dir),
                            "give the folder that holds rock.yaml.mustache with --templates");
  }
  for (const auto& entry : fs::recursive_directory_iterator(templates_dir, ec)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".mustache") {
      continue;
    }
    auto text = sys::read_file(entry.path().string());
    if (!text) {
      return tl::make_unexpected(text.error());
    }
    in.templates[fs::relative(entry.path(), templates_dir).generic_string()] = std::move(*text);
  }
  in.templates_source = templates_dir;
  return in;
}

} // namespace fipsrock::render
