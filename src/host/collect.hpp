// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "host/facts.hpp"

#include <chrono>
#include <map>
#include <string>

namespace fipsrock::host {

// Where and how to look at the host.
struct CollectOptions {
  std::string root = "/";                         // host files are read under this directory
  std::string snapd_socket = "/run/snapd.socket"; // snapd's REST API
  std::chrono::milliseconds timeout{std::chrono::seconds(20)}; // per command
  std::map<std::string, std::string> env; // environment of every command (PATH!)
};

// Runs the host's tools and reads its files (the only effects of the doctor). Never fails:
// whatever could not be learnt is recorded in the facts for the rules to judge.
HostFacts collect(const CollectOptions& options);

} // namespace fipsrock::host
