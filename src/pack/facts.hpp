// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "pack/classify.hpp"

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace fipsrock::pack {

// One `rockcraft pack` of one rock for one platform.
struct PackRequest {
  std::string rock;
  std::string version;
  std::string platform;
  std::string dir; // build/<rock>: holds rockcraft.yaml; gets pack.log, pack.json, the .rock
  std::vector<std::string> argv;
  std::map<std::string, std::string> env;
  int retries = 2; // extra attempts after a transient failure
  std::chrono::milliseconds retry_delay{std::chrono::seconds(30)}; // doubled after each retry
  std::chrono::seconds timeout{std::chrono::hours(4)};             // per attempt
};

struct Attempt {
  int number = 0;
  std::string started; // RFC 3339, UTC
  std::string finished;
  int exit_code = -1;
  int signal = 0;
  bool timed_out = false;
  std::optional<FailureClass> failure;
};

enum class Outcome { success, failed, interrupted };

struct PackResult {
  Outcome outcome = Outcome::failed;
  std::vector<Attempt> attempts;
  std::optional<FailureClass> failure; // why the last attempt failed
  std::string log_path;
  std::string log_tail; // the last lines of output, for the report
  std::string artifact_path;
  std::string artifact_sha256;
  unsigned long long artifact_size = 0;
  std::string rockcraft_version;
  std::string rockcraft_revision;
  std::string started;
  std::string finished;
};

} // namespace fipsrock::pack
