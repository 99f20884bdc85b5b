// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fipsrock::core {

// Outcome of one rule on one subject, ordered by severity.
enum class Status { pass, info, warn, fail, error };

std::string_view to_string(Status status);

// Ordered key/value pairs that show what a rule looked at (a version, an exit code, a path).
using Evidence = std::vector<std::pair<std::string, std::string>>;

// One result of one rule: `id` is a stable rule id such as `host.pro.attached`; `remediation`
// is the exact command or step that fixes a failure (empty when there is nothing to do).
struct Finding {
  std::string id;
  Status status = Status::pass;
  std::string subject;
  std::string message;
  std::string remediation;
  Evidence evidence;
};

} // namespace fipsrock::core
