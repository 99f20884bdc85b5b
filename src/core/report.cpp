// SPDX-License-Identifier: Apache-2.0
#include "core/report.hpp"

#include <algorithm>

namespace fipsrock::core {

std::string_view to_string(Status status)
{
  switch (status) {
  case Status::pass:
    return "pass";
  case Status::info:
    return "info";
  case Status::warn:
    return "warn";
  case Status::fail:
    return "fail";
  case Status::error:
    return "error";
  }
  return "error";
}

std::size_t count_status(const Report& report, Status status)
{
  return static_cast<std::size_t>(
      std::count_if(report.findings.begin(), report.findings.end(), [status](const Finding& f) {
        return f.status == status;
      }));
}

Status overall_status(const Report& report)
{
  if (count_status(report, Status::fail) > 0) {
    return Status::fail;
  }
  if (count_status(report, Status::error) > 0) {
    return Status::error;
  }
  return Status::pass;
}

ExitCode exit_code_for(const Report& report)
{
  switch (overall_status(report)) {
  case Status::fail:
    return ExitCode::check_failed;
  case Status::error:
    return ExitCode::error;
  default:
    return ExitCode::ok;
  }
}

} // namespace fipsrock::core
