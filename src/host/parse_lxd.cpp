// SPDX-License-Identifier: Apache-2.0
#include "host/parse_lxd.hpp"

#include <yaml-cpp/yaml.h>

#include <string>

namespace fipsrock::host {

namespace {

// The scalar at `key` of the mapping `node`, or "" when absent or not a scalar.
std::string scalar_at(const YAML::Node& node, const char* key)
{
  const YAML::Node value = node[key];
  return value.IsDefined() && value.IsScalar() ? value.Scalar() : std::string();
}

} // namespace

core::Expected<bool> profile_has_root_disk(std::string_view yaml)
{
  // yaml-cpp reports syntax errors and bad accesses by throwing; they stop here.
  try {
    const YAML::Node profile = YAML::Load(std::string(yaml));
    if (!profile.IsMap()) {
      return core::make_error("not a YAML mapping of a profile");
    }
    const YAML::Node devices = profile["devices"];
    if (!devices.IsDefined() || devices.IsNull()) {
      return false;
    }
    if (!devices.IsMap()) {
      return core::make_error("key 'devices' is not a mapping");
    }
    for (const auto& device : devices) {
      if (device.second.IsMap() && scalar_at(device.second, "type") == "disk" &&
          scalar_at(device.second, "path") == "/") {
        return true;
      }
    }
    return false;
  } catch (const YAML::Exception& e) {
    return core::make_error(std::string("not YAML: ") + e.what());
  }
}

} // namespace fipsrock::host
