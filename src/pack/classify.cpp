// SPDX-License-Identifier: Apache-2.0
#include "pack/classify.hpp"

#include <fmt/format.h>

#include <vector>

namespace fipsrock::pack {

namespace {

struct Pattern {
  const char* needle; // a substring of one line of rockcraft's output
  const char* id;
  Transience transience;
  const char* message;
  const char* remediation;
};

// Exact strings from craft-application, craft-providers, apt, curl and sha256sum
// (shared/research/rockcraft.md §2.5 and §5). Ordered: the first match wins, so the specific
// ones come before the generic network patterns.
const std::vector<Pattern>& patterns()
{
  static const std::vector<Pattern> k_patterns = {
      {"Ubuntu Pro is requested, but was found detached.",
       "pack.pro-detached",
       Transience::permanent,
       "the host is not attached to Ubuntu Pro",
       "sudo pro attach <token>, then run the build again"},
      {"Incorrect Ubuntu Pro services are enabled.",
       "pack.pro-services",
       Transience::permanent,
       "the build instance was set up for other Pro services",
       "rockcraft clean (in the rock's build folder), then run the build again"},
      {"to a Pro subscription.",
       "pack.guest-attach",
       Transience::permanent,
       "the build instance could not attach itself to Ubuntu Pro (LXD guest attachment)",
       "sudo pro config set lxd_guest_attach=available && sudo snap restart lxd; LXD must be >= "
       "5.21.4"},
      {"Failed to enable Pro service",
       "pack.guest-attach",
       Transience::permanent,
       "the build instance could not enable fips-updates: the subscription must entitle it",
       "check `pro status --all`: fips-updates must be entitled"},
      {"Ubuntu Pro builds are only supported with LXD backend.",
       "pack.lxd",
       Transience::permanent,
       "Pro builds need the LXD backend",
       "sudo snap install lxd && sudo lxd init --auto"},
      {"lxd init --auto",
       "pack.lxd",
       Transience::permanent,
       "LXD is not initialised",
       "sudo lxd init --auto"},
      {"LXD is not installed",
       "pack.lxd",
       Transience::permanent,
       "LXD is not installed",
       "sudo snap install lxd --channel 5.21/stable && sudo lxd init --auto"},
      {"requires additional permissions",
       "pack.lxd",
       Transience::permanent,
       "this user may not use LXD",
       "sudo usermod -aG lxd \"$USER\" && newgrp lxd"},
      {"Failed to wait for LXD",
       "pack.lxd",
       Transience::transient,
       "LXD did not become ready in time",
       "sudo snap restart lxd"},
      {"computed checksum did NOT match",
       "pack.go-checksum",
       Transience::permanent,
       "the Microsoft Go archive does not match its pinned sha256",
       "check go.msgo in rockcraft/pins.yaml against the release's assets.json; never skip the "
       "check"},
      {"go.tar.gz: FAILED",
       "pack.go-checksum",
       Transience::permanent,
       "the Microsoft Go archive does not match its pinned sha256",
       "check go.msgo in rockcraft/pins.yaml against the release's assets.json; never skip the "
       "check"},
      {"Packages were downgraded and -y was used without --allow-downgrades",
       "pack.apt-downgrade",
       Transience::permanent,
       "apt refused a downgrade that fips-updates needs (fixed in rockcraft 1.19.2)",
       "sudo snap refresh rockcraft --channel latest/stable"},
      {"No space left on device",
       "pack.disk-full",
       Transience::permanent,
       "the disk is full",
       "free space (rockcraft clean; lxc --project=rockcraft delete old instances), then build "
       "again"},
      {"Temporary failure resolving",
       "pack.network",
       Transience::transient,
       "a name could not be resolved",
       "check the network and DNS of the build instance"},
      {"Could not resolve host",
       "pack.network",
       Transience::transient,
       "a name could not be resolved",
       "check the network and DNS of the build instance"},
      {"Failed to fetch",
       "pack.network",
       Transience::transient,
       "apt could not fetch a package",
       "check the network; the Pro archives need the build instance to reach esm.ubuntu.com"},
      {"Connection timed out",
       "pack.network",
       Transience::transient,
       "a connection timed out",
       "check the network of the build instance"},
      {"Connection reset by peer",
       "pack.network",
       Transience::transient,
       "a connection was reset",
       "check the network of the build instance"},
      {"Unable to connect to",
       "pack.network",
       Transience::transient,
       "a server could not be reached",
       "check the network of the build instance"},
  };
  return k_patterns;
}

} // namespace

std::optional<FailureClass> classify_failure(std::string_view log)
{
  std::size_t start = 0;
  while (start < log.size()) {
    const auto end = log.find('\n', start);
    const std::string_view line =
        log.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    for (const auto& p : patterns()) {
      if (line.find(p.needle) != std::string_view::npos) {
        return FailureClass{p.id, p.transience, p.message, p.remediation, std::string(line)};
      }
    }
    if (end == std::string_view::npos) {
      break;
    }
    start = end + 1;
  }
  return std::nullopt;
}

FailureClass unknown_failure(int exit_code, std::string_view log_tail)
{
  return FailureClass{
      "pack.failed",
      Transience::permanent,
      fmt::format("rockcraft pack failed (exit {}) for a reason fipsrock does not know", exit_code),
      "read the log's last lines below and the full pack.log",
      std::string(log_tail)};
}

} // namespace fipsrock::pack
