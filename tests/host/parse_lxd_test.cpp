// SPDX-License-Identifier: Apache-2.0
#include "host/parse_lxd.hpp"

#include <doctest/doctest.h>

#include <string>

namespace host = fipsrock::host;

namespace {

// `lxc profile show default` after `lxd init --auto`.
constexpr const char* k_initialised = R"(config: {}
description: Default LXD profile
devices:
  eth0:
    name: eth0
    network: lxdbr0
    type: nic
  root:
    path: /
    pool: default
    type: disk
name: default
used_by: []
)";

// `lxc profile show default` on a freshly installed, never initialised LXD.
constexpr const char* k_uninitialised = R"(config: {}
description: Default LXD profile
devices: {}
name: default
used_by: []
)";

std::string error_of(const fipsrock::core::Expected<bool>& result)
{
  REQUIRE_FALSE(result.has_value());
  return result.error().message;
}

} // namespace

TEST_CASE("host::profile_has_root_disk")
{
  SUBCASE("initialised: root disk on /")
  {
    const auto found = host::profile_has_root_disk(k_initialised);
    REQUIRE(found);
    CHECK(*found);
  }
  SUBCASE("uninitialised: devices {}")
  {
    const auto found = host::profile_has_root_disk(k_uninitialised);
    REQUIRE(found);
    CHECK_FALSE(*found);
  }
  SUBCASE("a disk elsewhere than / and no devices key")
  {
    const auto elsewhere = host::profile_has_root_disk("devices:\n"
                                                       "  data:\n"
                                                       "    path: /data\n"
                                                       "    source: /srv/data\n"
                                                       "    type: disk\n"
                                                       "name: default\n");
    REQUIRE(elsewhere);
    CHECK_FALSE(*elsewhere);
    const auto none = host::profile_has_root_disk("config: {}\nname: default\n");
    REQUIRE(none);
    CHECK_FALSE(*none);
  }
  SUBCASE("malformed: not a mapping")
  {
    CHECK(error_of(host::profile_has_root_disk("- devices\n- name\n")) ==
          "not a YAML mapping of a profile");
    CHECK(error_of(host::profile_has_root_disk("just some text\n")) ==
          "not a YAML mapping of a profile");
    CHECK(error_of(host::profile_has_root_disk("")) == "not a YAML mapping of a profile");
    CHECK(error_of(host::profile_has_root_disk("devices:\n- root\n")) ==
          "key 'devices' is not a mapping");
  }
  SUBCASE("malformed: YAML syntax error")
  {
    const auto message = error_of(host::profile_has_root_disk("devices: {root: [\n"));
    CHECK(message.find("not YAML: yaml-cpp: error at line") == 0);
    const std::string text = k_initialised;
    CHECK(
        error_of(host::profile_has_root_disk(text.substr(0, text.find("  root:")) + "  root: [\n"))
            .find("not YAML:") == 0);
  }
}
