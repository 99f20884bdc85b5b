// SPDX-License-Identifier: Apache-2.0
#include "testutil.hpp"

#include "host/evaluate.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace fipsrock;
using core::Status;
using host::CommandOutcome;
using host::HostFacts;
using host::Mode;

namespace {

CommandOutcome exited(std::string out, int rc = 0)
{
  CommandOutcome o;
  o.argv = {"tool"};
  o.state = CommandOutcome::State::exited;
  o.exit_code = rc;
  o.out = std::move(out);
  return o;
}

// A host ready for a guest-attach build, from the real captures.
HostFacts ready_host()
{
  HostFacts f;
  f.os_release = {"/etc/os-release",
                  true,
                  test::read_fixture("os-release/ubuntu-22.04.1-jammy.os-release"),
                  ""};
  f.kernel_release = {"/proc/sys/kernel/osrelease", true, "5.15.0-91-generic\n", ""};
  f.pro_path = "/usr/bin/pro";
  f.pro_version = exited("37.1ubuntu0~22.04\n");
  f.pro_enabled_services =
      exited(test::read_fixture("pro/api-enabled-services.attached.fips-updates-disabled.json"));
  f.pro_is_attached = exited(test::read_fixture("pro/api-is-attached.attached.json"));
  f.pro_status = exited(test::read_fixture("pro/status-all.attached.fips-updates-disabled.json"));
  f.pro_guest_attach = exited("lxd_guest_attach on\n");
  f.rockcraft_snap.source = host::SnapProbe::Source::snap_list;
  f.rockcraft_snap.text = test::read_fixture("snap/snap-list-rockcraft.stable.non-tty.txt");
  f.rockcraft_path = "/snap/bin/rockcraft";
  f.rockcraft_pack_help =
      exited("Options:\n   --pro:  Enable Ubuntu Pro services for this command.\n");
  f.lxd_snap.source = host::SnapProbe::Source::rest;
  f.lxd_snap.http_status = 200;
  f.lxd_snap.text = test::read_fixture("snap/v2-snaps-lxd.select-enabled.5.21-stable.json");
  f.lxd_path = "/snap/bin/lxd";
  f.lxd_version = exited("5.21.4 LTS\n");
  f.lxc_profile =
      exited("devices:\n  root:\n    path: /\n    pool: default\n    type: disk\nname: default\n");
  f.lxd_socket_path = "/var/snap/lxd/common/lxd/unix.socket";
  f.lxd_socket_exists = true;
  f.lxd_socket_writable = true;
  f.is_root = false;
  return f;
}

// The statuses of every finding with `id`.
std::vector<Status> statuses(const core::Report& r, const std::string& id)
{
  std::vector<Status> out;
  for (const auto& f : r.findings) {
    if (f.id == id) {
      out.push_back(f.status);
    }
  }
  return out;
}

bool has(const core::Report& r, const std::string& id, Status s)
{
  const auto v = statuses(r, id);
  return std::find(v.begin(), v.end(), s) != v.end();
}

core::Report run(const HostFacts& f, Mode mode = Mode::auto_detect)
{
  host::DoctorPolicy policy;
  policy.mode = mode;
  return host::evaluate(f, policy);
}

} // namespace

TEST_CASE("host::evaluate")
{
  SUBCASE("a ready guest-attach host passes every required rule")
  {
    const auto r = run(ready_host());
    CHECK(core::overall_status(r) == Status::pass);
    CHECK(r.context[0].second == "guest-attach");
    for (const char* id : {"host.os",
                           "host.pro.client",
                           "host.pro.api",
                           "host.pro.attached",
                           "host.pro.fips-updates",
                           "host.pro.guest-attach",
                           "host.rockcraft",
                           "host.lxd",
                           "host.fips-kernel"}) {
      CHECK_MESSAGE(has(r, id, Status::pass), id);
    }
    CHECK(has(r, "host.privileges", Status::info));
  }
  SUBCASE("a non-root user without sudo fails modes that need root")
  {
    auto f = ready_host();
    f.sudo_check = exited("", 1);
    f.sudo_check.err = "sudo: a password is required";
    const auto r = run(f, Mode::pro_sources);
    CHECK(has(r, "host.privileges", Status::fail));
    f.sudo_check = exited("");
    CHECK(has(run(f, Mode::pro_sources), "host.privileges", Status::pass));
  }
  SUBCASE("an LXD socket the user cannot write fails guest-attach, not pro-sources")
  {
    auto f = ready_host();
    f.lxd_socket_writable = false;
    CHECK(has(run(f), "host.lxd", Status::fail));
    CHECK_FALSE(has(run(f, Mode::pro_sources), "host.lxd", Status::fail));
  }
  SUBCASE("a missing LXD socket fails")
  {
    auto f = ready_host();
    f.lxd_socket_exists = false;
    CHECK(has(run(f), "host.lxd", Status::fail));
  }
  SUBCASE("LXD 6.3 is new enough for guest attachment, 6.2 is not")
  {
    auto f = ready_host();
    f.lxd_version = exited("6.3\n");
    CHECK_FALSE(has(run(f), "host.lxd", Status::fail));
    f.lxd_version = exited("6.2\n");
    CHECK(has(run(f), "host.lxd", Status::fail));
  }
  SUBCASE("a Pro client older than 35.1 cannot do guest attachment")
  {
    auto f = ready_host();
    f.pro_version = exited("34.0~22.04\n");
    CHECK(has(run(f), "host.pro.client", Status::fail));
    CHECK(has(run(f, Mode::pro_sources), "host.pro.client", Status::pass));
  }
  SUBCASE("the Pro version comes from the API envelope when `pro version` fails")
  {
    auto f = ready_host();
    f.pro_version = exited("", 1);
    const auto r = run(f);
    const auto it = std::find_if(r.findings.begin(), r.findings.end(), [](const core::Finding& x) {
      return x.id == "host.pro.client";
    });
    REQUIRE(it != r.findings.end());
    CHECK(it->status == Status::pass);
    CHECK(it->message.find("37.1ubuntu0~22.04") != std::string::npos);
  }
  SUBCASE("guest attach falls back to `pro status` when `pro config show` fails")
  {
    auto f = ready_host();
    f.pro_guest_attach = exited("", 1);
    // the fixture's ua_config says off
    CHECK(has(run(f), "host.pro.guest-attach", Status::fail));
  }
  SUBCASE("fips-updates with a warning counts as enabled in destructive mode, with a warning")
  {
    auto f = ready_host();
    f.pro_enabled_services =
        exited(test::read_fixture("pro/api-enabled-services.attached.fips-updates-warning.json"));
    f.pro_status = exited(test::read_fixture(
        "pro/status-all.attached.fips-updates-warning.access-only-no-ubuntu-fips.json"));
    const auto r = run(f, Mode::destructive);
    CHECK(has(r, "host.pro.fips-updates", Status::warn));
    CHECK(has(r, "host.lxd", Status::info));
  }
  SUBCASE("fips_enabled=0 drops fips-updates from the enabled services: destructive fails")
  {
    auto f = ready_host();
    f.pro_enabled_services = exited(test::read_fixture(
        "pro/api-enabled-services.attached.fips-updates-disabled.fips-enabled-0.json"));
    f.pro_status = exited(
        test::read_fixture("pro/status-all.attached.fips-updates-disabled.fips-enabled-0.json"));
    f.fips_enabled = {"/proc/sys/crypto/fips_enabled", true, "0\n", ""};
    const auto r = run(f, Mode::destructive);
    CHECK(has(r, "host.pro.fips-updates", Status::fail));
    CHECK(has(r, "host.fips-kernel", Status::pass));
  }
  SUBCASE("a detached pro status error document cannot be decided")
  {
    auto f = ready_host();
    f.pro_status =
        exited(test::read_fixture("pro/status.unattached.error-connectivity.exit1.json"), 1);
    CHECK(has(run(f), "host.pro.fips-updates", Status::error));
  }
  SUBCASE("a FIPS kernel is recognised by its release suffix alone")
  {
    auto f = ready_host();
    f.kernel_release.content = "5.4.0-1021-aws-fips\n";
    CHECK(has(run(f), "host.fips-kernel", Status::warn));
  }
  SUBCASE("a rockcraft that crashes at start-up on a FIPS kernel points at #901")
  {
    auto f = ready_host();
    f.fips_enabled = {"/proc/sys/crypto/fips_enabled", true, "1\n", ""};
    f.rockcraft_pack_help = exited("", 1);
    f.rockcraft_pack_help.err = "Traceback (most recent call last):";
    const auto r = run(f);
    const auto it = std::find_if(r.findings.begin(), r.findings.end(), [](const core::Finding& x) {
      return x.id == "host.rockcraft" && x.status == Status::error;
    });
    REQUIRE(it != r.findings.end());
    CHECK(it->message.find("rockcraft#901") != std::string::npos);
  }
  SUBCASE("no os-release at all cannot be decided")
  {
    auto f = ready_host();
    f.os_release = {"/mnt/etc/os-release", false, "", ""};
    CHECK(has(run(f), "host.os", Status::error));
    CHECK(core::exit_code_for(run(f)) == core::ExitCode::error);
  }
}

TEST_CASE("host::choose_mode")
{
  auto f = ready_host();
  SUBCASE("rockcraft >= 1.18 means guest attachment")
  {
    CHECK(host::choose_mode(f, Mode::auto_detect).mode == Mode::guest_attach);
  }
  SUBCASE("an older rockcraft on the pro-sources branch means pro-sources")
  {
    f.rockcraft_snap.source = host::SnapProbe::Source::snap_info;
    f.rockcraft_snap.text =
        test::read_fixture("snap/snap-info-rockcraft.edge-pro-sources.non-tty.txt");
    CHECK(host::choose_mode(f, Mode::auto_detect).mode == Mode::pro_sources);
  }
  SUBCASE(
      "`snap list` hides the branch; latest/edge/… with an old rockcraft is taken as pro-sources")
  {
    f.rockcraft_snap.text =
        test::read_fixture("snap/snap-list-rockcraft.edge-pro-sources.non-tty.txt");
    const auto choice = host::choose_mode(f, Mode::auto_detect);
    CHECK(choice.mode == Mode::pro_sources);
  }
  SUBCASE("CRAFT_BUILD_ENVIRONMENT=host means destructive")
  {
    f.build_environment_host = true;
    CHECK(host::choose_mode(f, Mode::auto_detect).mode == Mode::destructive);
  }
  SUBCASE("an explicit mode wins")
  {
    CHECK(host::choose_mode(f, Mode::pro_sources).mode == Mode::pro_sources);
  }
}

TEST_CASE("host::parse_mode")
{
  CHECK(host::parse_mode("guest-attach") == Mode::guest_attach);
  CHECK(host::parse_mode("auto") == Mode::auto_detect);
  CHECK_FALSE(host::parse_mode("guest_attach"));
}
