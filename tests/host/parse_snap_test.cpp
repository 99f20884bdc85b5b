// SPDX-License-Identifier: Apache-2.0
#include "testutil.hpp"

#include "host/parse_snap.hpp"

#include <doctest/doctest.h>

#include <string>

namespace host = fipsrock::host;
using fipsrock::test::read_fixture;

namespace {

template <typename T> std::string error_of(const fipsrock::core::Expected<T>& result)
{
  REQUIRE_FALSE(result.has_value());
  return result.error().message;
}

// `text` with the first `from` replaced by `to`; fails the test when `from` is absent.
std::string replaced(std::string text, const std::string& from, const std::string& to)
{
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

} // namespace

TEST_CASE("host::parse_snapd_snap")
{
  SUBCASE("rockcraft tracking latest/edge/pro-sources")
  {
    const auto snap =
        host::parse_snapd_snap(read_fixture("snap/v2-snaps-rockcraft.edge-pro-sources.json"));
    REQUIRE(snap);
    CHECK(snap->name == "rockcraft");
    CHECK(snap->installed);
    CHECK(snap->version == "1.17.0.post42+g2f2348c5");
    CHECK(snap->revision == "3412");
    CHECK(snap->tracking_channel == "latest/edge/pro-sources");
    CHECK_FALSE(snap->channel_truncated);
    CHECK(snap->status == "active");
    CHECK(snap->confinement == "classic");
  }
  SUBCASE("lxd ?select=enabled")
  {
    const auto snap =
        host::parse_snapd_snap(read_fixture("snap/v2-snaps-lxd.select-enabled.5.21-stable.json"));
    REQUIRE(snap);
    CHECK(snap->name == "lxd");
    CHECK(snap->version == "5.21.4-9eb1368");
    CHECK(snap->revision == "36971");
    CHECK(snap->tracking_channel == "5.21/stable");
    CHECK(snap->status == "active");
    CHECK(snap->confinement == "strict");
  }
  SUBCASE("404 snap-not-found: not installed")
  {
    const auto snap =
        host::parse_snapd_snap(read_fixture("snap/v2-snaps-rockcraft.not-installed.404.json"));
    REQUIRE(snap);
    CHECK_FALSE(snap->installed);
    CHECK(snap->name == "rockcraft");
    CHECK(snap->version.empty());
  }
  SUBCASE("third-party: a result object following a branch, wrapped in a sync reply")
  {
    const auto object = read_fixture(
        "snap/third-party/v2-snap-result-object.gnome-3-38-2004.tracking-branch.wazuh.json");
    const auto snap = host::parse_snapd_snap(
        R"({"type": "sync", "status-code": 200, "status": "OK", "result": )" + object + "}");
    REQUIRE(snap);
    CHECK(snap->name == "gnome-3-38-2004");
    CHECK(snap->version == "0+git.6f39565");
    CHECK(snap->revision == "119");
    CHECK(snap->tracking_channel == "latest/stable/ubuntu-22.04");
  }
  SUBCASE("malformed: garbage, truncated, array")
  {
    CHECK(error_of(host::parse_snapd_snap("HTTP/1.1 400 Bad Request\r\n")).find("not JSON:") == 0);
    const auto text = read_fixture("snap/v2-snaps-rockcraft.edge-pro-sources.json");
    CHECK(error_of(host::parse_snapd_snap(text.substr(0, text.size() / 2)))
              .find("not JSON: parse error at line") == 0);
    CHECK(error_of(host::parse_snapd_snap("[]")) == "not a JSON object (got array)");
  }
  SUBCASE("malformed: wrong shape")
  {
    CHECK(error_of(host::parse_snapd_snap(R"({"status-code": 200, "result": {}})")) ==
          "key 'type' is missing");
    CHECK(error_of(host::parse_snapd_snap(R"({"type": "sync", "status-code": 200})")) ==
          "key 'result' is missing");
    CHECK(error_of(host::parse_snapd_snap(
              read_fixture("snap/third-party/v2-snaps.list.saltext-snap.json"))) ==
          "key 'result' is not an object (got array)");
    CHECK(error_of(host::parse_snapd_snap(replaced(
              read_fixture("snap/v2-snaps-rockcraft.edge-pro-sources.json"),
              R"("revision": "3412")",
              R"("revision": 3412)"))) == "key 'result.revision' is not a string (got number)");
    CHECK(error_of(host::parse_snapd_snap(R"({"type": "async", "change": "7", "result": null})")) ==
          "unexpected reply type 'async' (expected sync or error)");
  }
  SUBCASE("another error reply")
  {
    CHECK(error_of(host::parse_snapd_snap(
              R"({"type": "error", "status-code": 500, "status": "Internal Server Error",
                "result": {"message": "cannot read state", "kind": "internal"}})")) ==
          "snapd answered with an error: cannot read state (kind internal) [status-code 500]");
  }
}

TEST_CASE("host::parse_snapd_snaps")
{
  SUBCASE("third-party: real GET /v2/snaps")
  {
    const auto snaps =
        host::parse_snapd_snaps(read_fixture("snap/third-party/v2-snaps.list.saltext-snap.json"));
    REQUIRE(snaps);
    REQUIRE(snaps->size() == 11);
    CHECK((*snaps)[0].name == "gtk-common-themes");
    CHECK((*snaps)[0].status == "installed");
    CHECK((*snaps)[1].name == "hello-world");
    CHECK((*snaps)[1].version == "6.3");
    CHECK((*snaps)[1].revision == "28");
    CHECK((*snaps)[1].tracking_channel == "latest/stable"); // although "channel" is ""
    const auto& bw = (*snaps)[6];
    CHECK(bw.name == "bw");
    CHECK(bw.revision == "60");
    CHECK(bw.tracking_channel.empty()); // installed from a local file: no tracking-channel
  }
  SUBCASE("a single-snap reply is the wrong shape")
  {
    CHECK(error_of(host::parse_snapd_snaps(
              read_fixture("snap/v2-snaps-lxd.select-enabled.5.21-stable.json"))) ==
          "key 'result' is not an array (got object)");
  }
  SUBCASE("an error reply")
  {
    CHECK(error_of(host::parse_snapd_snaps(
              read_fixture("snap/v2-snaps-rockcraft.not-installed.404.json"))) ==
          "snapd answered with an error: snap not installed (kind snap-not-found) "
          "[status-code 404]");
  }
  SUBCASE("an element of the wrong shape")
  {
    CHECK(error_of(host::parse_snapd_snaps(R"({"type": "sync", "result": [{"name": "x"}]})")) ==
          "key 'result[0].version' is missing");
  }
}

TEST_CASE("host::parse_snap_info")
{
  SUBCASE("rockcraft tracking latest/edge/pro-sources")
  {
    const auto snap = host::parse_snap_info(
        read_fixture("snap/snap-info-rockcraft.edge-pro-sources.non-tty.txt"));
    REQUIRE(snap);
    CHECK(snap->name == "rockcraft");
    CHECK(snap->installed);
    CHECK(snap->version == "1.17.0.post42+g2f2348c5");
    CHECK(snap->revision == "3412");
    CHECK(snap->tracking_channel == "latest/edge/pro-sources");
    CHECK_FALSE(snap->channel_truncated);
    CHECK(snap->confinement == "classic");
  }
  SUBCASE("rockcraft not installed")
  {
    const auto snap =
        host::parse_snap_info(read_fixture("snap/snap-info-rockcraft.not-installed.non-tty.txt"));
    REQUIRE(snap);
    CHECK(snap->name == "rockcraft");
    CHECK_FALSE(snap->installed);
    CHECK(snap->tracking_channel.empty());
    CHECK(snap->version.empty());
  }
  SUBCASE("third-party: firefox on a TTY, tracking a branch")
  {
    const auto snap = host::parse_snap_info(read_fixture(
        "snap/third-party/snap-info-firefox.tracking-branch.tty.ubuntu-discourse.txt"));
    REQUIRE(snap);
    CHECK(snap->name == "firefox");
    CHECK(snap->installed);
    CHECK(snap->version == "109.0.1-1");
    CHECK(snap->revision == "2311");
    CHECK(snap->tracking_channel == "latest/stable/ubuntu-22.04");
    CHECK(snap->confinement == "strict");
  }
  SUBCASE("third-party: hello-world")
  {
    const auto snap = host::parse_snap_info(
        read_fixture("snap/third-party/snap-info-hello-world.non-tty.saltext-snap.txt"));
    REQUIRE(snap);
    CHECK(snap->name == "hello-world");
    CHECK(snap->version == "6.3");
    CHECK(snap->revision == "28");
    CHECK(snap->tracking_channel == "latest/stable");
  }
  SUBCASE("third-party: hello-world --verbose")
  {
    const auto snap = host::parse_snap_info(
        read_fixture("snap/third-party/snap-info-verbose-hello-world.non-tty.saltext-snap.txt"));
    REQUIRE(snap);
    CHECK(snap->name == "hello-world");
    CHECK(snap->installed);
    CHECK(snap->version == "6.3");
    CHECK(snap->revision == "28");
    CHECK(snap->tracking_channel == "latest/stable");
  }
  SUBCASE("two snaps: the first is reported")
  {
    const auto snap = host::parse_snap_info(
        read_fixture("snap/snap-info-rockcraft.not-installed.non-tty.txt") + "---\n" +
        read_fixture("snap/third-party/snap-info-hello-world.non-tty.saltext-snap.txt"));
    REQUIRE(snap);
    CHECK(snap->name == "rockcraft");
    CHECK_FALSE(snap->installed);
  }
  SUBCASE("malformed")
  {
    CHECK(error_of(host::parse_snap_info("error: no snap found for \"rockcraft\"\n")) ==
          "no 'name:' line");
    CHECK(error_of(host::parse_snap_info("")) == "no 'name:' line");
    CHECK(error_of(host::parse_snap_info("name: x\ninstalled: 1.0\n")) ==
          "line 2: expected 'installed: <version> (<revision>) ...', got 'installed: 1.0'");
  }
}

TEST_CASE("host::parse_snap_list")
{
  SUBCASE("rockcraft on latest/edge/pro-sources shows a truncated channel")
  {
    const auto snap = host::parse_snap_list(
        read_fixture("snap/snap-list-rockcraft.edge-pro-sources.non-tty.txt"), "rockcraft");
    REQUIRE(snap);
    CHECK(snap->installed);
    CHECK(snap->version == "1.17.0.post42+g2f2348c5");
    CHECK(snap->revision == "3412");
    CHECK(snap->tracking_channel == "latest/edge/\xE2\x80\xA6");
    CHECK(snap->channel_truncated);
    CHECK(snap->confinement == "classic");
  }
  SUBCASE("rockcraft on latest/stable")
  {
    const auto snap = host::parse_snap_list(
        read_fixture("snap/snap-list-rockcraft.stable.non-tty.txt"), "rockcraft");
    REQUIRE(snap);
    CHECK(snap->version == "1.20.0");
    CHECK(snap->revision == "3627");
    CHECK(snap->tracking_channel == "latest/stable");
    CHECK_FALSE(snap->channel_truncated);
  }
  SUBCASE("rockcraft not installed: empty stdout, the error is on stderr")
  {
    const auto stderr_text = read_fixture("snap/snap-list-rockcraft.not-installed.stderr.txt");
    CHECK(stderr_text == "error: no matching snaps installed\n");
    const auto snap = host::parse_snap_list("", "rockcraft");
    REQUIRE(snap);
    CHECK(snap->name == "rockcraft");
    CHECK_FALSE(snap->installed);
  }
  SUBCASE("snap list on a build host")
  {
    const auto text = read_fixture("snap/snap-list.host.rockcraft-edge-pro-sources.non-tty.txt");
    const auto lxd = host::parse_snap_list(text, "lxd");
    REQUIRE(lxd);
    CHECK(lxd->version == "5.21.4-9eb1368");
    CHECK(lxd->revision == "36971");
    CHECK(lxd->tracking_channel == "5.21/stable");
    CHECK(lxd->confinement == "strict");
    // The row after the one with the multi-byte ellipsis still splits into its columns.
    const auto snapd = host::parse_snap_list(text, "snapd");
    REQUIRE(snapd);
    CHECK(snapd->revision == "26865");
    const auto rockcraft = host::parse_snap_list(text, "rockcraft");
    REQUIRE(rockcraft);
    CHECK(rockcraft->channel_truncated);
    const auto core = host::parse_snap_list(text, "core");
    REQUIRE(core);
    CHECK_FALSE(core->installed); // "core22" and "core24" are other snaps
  }
  SUBCASE("third-party: snap list --all")
  {
    const auto text = read_fixture("snap/third-party/snap-list-all.non-tty.saltext-snap.txt");
    const auto bw = host::parse_snap_list(text, "bw");
    REQUIRE(bw);
    CHECK(bw->installed);
    CHECK(bw->revision == "60");
    CHECK(bw->tracking_channel.empty()); // "-": installed from a local file
    CHECK_FALSE(bw->channel_truncated);
    const auto yubioath = host::parse_snap_list(text, "yubioath-desktop");
    REQUIRE(yubioath);
    CHECK(yubioath->version == "5.0.5");
    CHECK(yubioath->revision == "12");
    const auto core18 = host::parse_snap_list(text, "core18");
    REQUIRE(core18);
    CHECK(core18->version == "20231027"); // only a disabled revision: still reported
    const auto hello = host::parse_snap_list(text, "hello-world");
    REQUIRE(hello);
    CHECK(hello->version == "6.3");
    CHECK(hello->tracking_channel == "latest/stable");
  }
  SUBCASE("malformed")
  {
    CHECK(error_of(host::parse_snap_list("error: cannot communicate with server\n", "lxd")) ==
          "line 1: missing header 'Name  Version  Rev  Tracking  Publisher  Notes'");
    CHECK(error_of(host::parse_snap_list(
              "Name  Version  Rev  Tracking  Publisher  Notes\nlxd  5.21  36971\n", "lxd")) ==
          "line 2: expected 6 columns, got 3");
  }
}

TEST_CASE("host::normalize_channel")
{
  CHECK(host::normalize_channel("edge") == "latest/edge");
  CHECK(host::normalize_channel("stable") == "latest/stable");
  CHECK(host::normalize_channel("5.21") == "5.21/stable");
  CHECK(host::normalize_channel("latest") == "latest/stable");
  CHECK(host::normalize_channel("edge/pro-sources") == "latest/edge/pro-sources");
  CHECK(host::normalize_channel("stable/ubuntu-22.04") == "latest/stable/ubuntu-22.04");
  CHECK(host::normalize_channel("5.21/candidate") == "5.21/candidate");
  CHECK(host::normalize_channel("latest/edge") == "latest/edge");
  CHECK(host::normalize_channel("latest/edge/pro-sources") == "latest/edge/pro-sources");
  CHECK(host::normalize_channel("latest//edge") == "latest/edge"); // empty parts dropped
  CHECK(host::normalize_channel("") == "");
  CHECK(host::normalize_channel("a/b/c/d") == "a/b/c/d");
}
