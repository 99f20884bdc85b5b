// SPDX-License-Identifier: Apache-2.0
#include "verify/parse_rock.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

namespace fipsrock::verify {

namespace {

core::Expected<YAML::Node> load_map(std::string_view text, const char* what)
{
  try {
    YAML::Node root = YAML::Load(std::string(text));
    if (!root.IsMap()) {
      return core::make_error(fmt::format("{}: not a YAML mapping", what));
    }
    return root;
  } catch (const YAML::Exception& e) {
    return core::make_error(fmt::format("{}:{}: {}", what, e.mark.line + 1, e.msg));
  }
}

core::Expected<std::string>
scalar(const YAML::Node& parent, const char* key, const char* what, bool required)
{
  const YAML::Node node = parent[key];
  if (!node.IsDefined() || node.IsNull()) {
    if (required) {
      return core::make_error(fmt::format("{}: {}: missing", what, key));
    }
    return std::string();
  }
  if (!node.IsScalar()) {
    return core::make_error(
        fmt::format("{}:{}: {}: not a string", what, node.Mark().line + 1, key));
  }
  return node.Scalar();
}

} // namespace

core::Expected<RockMetadata> parse_rock_metadata(std::string_view text)
{
  constexpr const char* k_what = "metadata.yaml";
  auto root = load_map(text, k_what);
  if (!root) {
    return tl::make_unexpected(root.error());
  }
  RockMetadata out;
  const std::pair<const char*, std::string*> fields[] = {{"name", &out.name},
                                                         {"version", &out.version},
                                                         {"architecture", &out.architecture},
                                                         {"base", &out.base},
                                                         {"created", &out.created}};
  for (const auto& [key, target] : fields) {
    const bool required = std::string_view(key) == "name" || std::string_view(key) == "version" ||
                          std::string_view(key) == "architecture";
    try {
      auto value = scalar(*root, key, k_what, required);
      if (!value) {
        return tl::make_unexpected(value.error());
      }
      *target = std::move(*value);
    } catch (const YAML::Exception& e) {
      return core::make_error(fmt::format("{}: {}: {}", k_what, key, e.msg));
    }
  }
  return out;
}

core::Expected<PebbleLayer> parse_pebble_layer(std::string_view text)
{
  constexpr const char* k_what = "Pebble layer";
  auto root = load_map(text, k_what);
  if (!root) {
    return tl::make_unexpected(root.error());
  }
  PebbleLayer out;
  try {
    const YAML::Node services = (*root)["services"];
    if (!services.IsDefined() || services.IsNull()) {
      return out;
    }
    if (!services.IsMap()) {
      return core::make_error(fmt::format("{}: services: not a mapping", k_what));
    }
    for (const auto& item : services) {
      PebbleService service;
      service.name = item.first.Scalar();
      if (item.second.IsMap()) {
        const YAML::Node command = item.second["command"];
        if (command.IsDefined() && command.IsScalar()) {
          service.command = command.Scalar();
        }
      }
      out.services.push_back(std::move(service));
    }
  } catch (const YAML::Exception& e) {
    return core::make_error(fmt::format("{}: {}", k_what, e.msg));
  }
  return out;
}

core::Expected<RockFileName> parse_rock_file_name(std::string_view file_name)
{
  constexpr std::string_view k_suffix = ".rock";
  const auto shape = [&] {
    return core::make_error(fmt::format("'{}' is not <name>_<version>_<platform>.rock", file_name),
                            "keep the name rockcraft pack gave the file");
  };
  if (file_name.size() <= k_suffix.size() ||
      file_name.substr(file_name.size() - k_suffix.size()) != k_suffix) {
    return shape();
  }
  const std::string_view stem = file_name.substr(0, file_name.size() - k_suffix.size());
  // Rock names cannot contain '_' and platform names are [a-z0-9-]; versions may hold '_'.
  const auto first = stem.find('_');
  const auto last = stem.rfind('_');
  if (first == std::string_view::npos || first == last || first == 0 || last + 1 == stem.size() ||
      last == first + 1) {
    return shape();
  }
  return RockFileName{std::string(stem.substr(0, first)),
                      std::string(stem.substr(first + 1, last - first - 1)),
                      std::string(stem.substr(last + 1))};
}

} // namespace fipsrock::verify
