// SPDX-License-Identifier: Apache-2.0
#include "core/report.hpp"
#include "core/report_json.hpp"
#include "core/report_text.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace fipsrock::core;

namespace {

Report sample()
{
  Report r;
  r.command = "doctor";
  r.context.emplace_back("mode", "guest-attach");
  r.findings.push_back({"host.os", Status::pass, "os", "ubuntu 22.04", "", {{"ID", "ubuntu"}}});
  r.findings.push_back(
      {"host.pro.attached", Status::fail, "pro", "not attached", "sudo pro attach <token>", {}});
  r.findings.push_back({"host.pro.api", Status::pass, "pro", "answers", "", {}});
  return r;
}

} // namespace

TEST_CASE("core::overall_status")
{
  Report r = sample();
  CHECK(overall_status(r) == Status::fail);
  CHECK(exit_code_for(r) == ExitCode::check_failed);
  r.findings[1].status = Status::error;
  CHECK(overall_status(r) == Status::error);
  CHECK(exit_code_for(r) == ExitCode::error);
  r.findings[1].status = Status::warn;
  CHECK(overall_status(r) == Status::pass);
  CHECK(exit_code_for(r) == ExitCode::ok);
  SUBCASE("a failure outranks a check that could not be decided")
  {
    r.findings.push_back({"x", Status::error, "s", "m", "", {}});
    r.findings.push_back({"y", Status::fail, "s", "m", "", {}});
    CHECK(exit_code_for(r) == ExitCode::check_failed);
  }
}

TEST_CASE("core::render_json")
{
  const auto doc = nlohmann::json::parse(render_json(sample()));
  CHECK(doc["fipsrock"] == FIPSROCK_VERSION);
  CHECK(doc["command"] == "doctor");
  CHECK(doc["mode"] == "guest-attach");
  CHECK(doc["status"] == "fail");
  REQUIRE(doc["findings"].size() == 3);
  CHECK(doc["findings"][0]["evidence"]["ID"] == "ubuntu");
  CHECK(doc["findings"][1]["remediation"] == "sudo pro attach <token>");
  CHECK(doc["findings"][1]["status"] == "fail");
  SUBCASE("invalid UTF-8 from a tool is replaced, not thrown on")
  {
    Report r = sample();
    r.findings[0].message = "bad \xff byte";
    CHECK(nlohmann::json::parse(render_json(r))["findings"][0]["message"] ==
          "bad \xEF\xBF\xBD byte");
  }
}

TEST_CASE("core::render_text")
{
  const std::string text = render_text(sample(), Color::no, Detail::normal);
  // grouped by subject in order of first appearance; remediation under the failure only
  CHECK(text == "os\n"
                "  pass   host.os            ubuntu 22.04\n"
                "pro\n"
                "  FAIL   host.pro.attached  not attached\n"
                "                            fix: sudo pro attach <token>\n"
                "  pass   host.pro.api       answers\n");
  CHECK(text.find('\033') == std::string::npos);
  const std::string verbose = render_text(sample(), Color::yes, Detail::verbose);
  CHECK(verbose.find("ID: ubuntu") != std::string::npos);
  CHECK(verbose.find("\033[31m") != std::string::npos);
  CHECK(summarize_counts(sample()) == "2 pass, 1 fail");
}
