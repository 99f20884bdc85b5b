// SPDX-License-Identifier: Apache-2.0
#include "testutil.hpp"

#include "host/parse_os_release.hpp"

#include <doctest/doctest.h>

#include <string>

namespace host = fipsrock::host;
using fipsrock::test::read_fixture;

namespace {

std::string error_of(const fipsrock::core::Expected<std::map<std::string, std::string>>& result)
{
  REQUIRE_FALSE(result.has_value());
  return result.error().message;
}

} // namespace

TEST_CASE("host::parse_os_release")
{
  SUBCASE("Ubuntu 22.04.1")
  {
    const auto os =
        host::parse_os_release(read_fixture("os-release/ubuntu-22.04.1-jammy.os-release"));
    REQUIRE(os);
    CHECK(os->size() == 12);
    CHECK(os->at("ID") == "ubuntu");
    CHECK(os->at("VERSION_ID") == "22.04");
    CHECK(os->at("VERSION_CODENAME") == "jammy");
    CHECK(os->at("PRETTY_NAME") == "Ubuntu 22.04.1 LTS");
    CHECK(os->at("VERSION") == "22.04.1 LTS (Jammy Jellyfish)");
  }
  SUBCASE("Ubuntu 22.04.2")
  {
    const auto os =
        host::parse_os_release(read_fixture("os-release/ubuntu-22.04.2-jammy.os-release"));
    REQUIRE(os);
    CHECK(os->at("ID") == "ubuntu");
    CHECK(os->at("ID_LIKE") == "debian");
    CHECK(os->at("VERSION_ID") == "22.04");
    CHECK(os->at("UBUNTU_CODENAME") == "jammy");
    CHECK(os->at("PRETTY_NAME") == "Ubuntu 22.04.2 LTS");
  }
  SUBCASE("Ubuntu 24.04.3")
  {
    const auto os =
        host::parse_os_release(read_fixture("os-release/ubuntu-24.04.3-noble.os-release"));
    REQUIRE(os);
    CHECK(os->size() == 13);
    CHECK(os->at("ID") == "ubuntu");
    CHECK(os->at("VERSION_ID") == "24.04");
    CHECK(os->at("VERSION_CODENAME") == "noble");
    CHECK(os->at("LOGO") == "ubuntu-logo");
    CHECK(os->at("PRIVACY_POLICY_URL") ==
          "https://www.ubuntu.com/legal/terms-and-policies/privacy-policy");
  }
  SUBCASE("Debian 12")
  {
    const auto os =
        host::parse_os_release(read_fixture("os-release/debian-12-bookworm.os-release"));
    REQUIRE(os);
    CHECK(os->at("ID") == "debian");
    CHECK(os->at("VERSION_ID") == "12");
    CHECK(os->at("VERSION_CODENAME") == "bookworm");
    CHECK(os->count("UBUNTU_CODENAME") == 0);
    CHECK(os->count("ID_LIKE") == 0);
  }
  SUBCASE("quoting, escapes, comments, blank lines, CRLF")
  {
    const auto os = host::parse_os_release("# written by hand\n"
                                           "\n"
                                           "  # indented comment\r\n"
                                           "NAME='Ubuntu \"single\" $HOME'\r\n"
                                           "PRETTY_NAME=\"a \\\"b\\\" \\\\ \\$X \\`y\\`\"\n"
                                           "BARE=with\\ space\n"
                                           "KEEP=\"back\\nslash\"\n"
                                           "JOINED=\"a\"'b'c\n"
                                           "EMPTY=\n"
                                           "ID=first\n"
                                           "ID=second\n");
    REQUIRE(os);
    CHECK(os->at("NAME") == "Ubuntu \"single\" $HOME");
    CHECK(os->at("PRETTY_NAME") == "a \"b\" \\ $X `y`");
    CHECK(os->at("BARE") == "with space");
    CHECK(os->at("KEEP") == "back\\nslash"); // not one of the four escapes: kept as is
    CHECK(os->at("JOINED") == "abc");
    CHECK(os->at("EMPTY").empty());
    CHECK(os->at("ID") == "second");
  }
  SUBCASE("empty file")
  {
    const auto os = host::parse_os_release("");
    REQUIRE(os);
    CHECK(os->empty());
  }
  SUBCASE("malformed: truncated inside a quoted value")
  {
    const auto text = read_fixture("os-release/ubuntu-24.04.3-noble.os-release");
    const auto cut = text.find("(Noble");
    REQUIRE(cut != std::string::npos);
    CHECK(error_of(host::parse_os_release(text.substr(0, cut))) == "line 4: unterminated quote");
    CHECK(error_of(host::parse_os_release("ID='ubuntu\n")) == "line 1: unterminated quote");
    CHECK(error_of(host::parse_os_release("ID=\"ubuntu\\\"\n")) == "line 1: unterminated quote");
  }
  SUBCASE("malformed: a line without '='")
  {
    CHECK(error_of(host::parse_os_release("ID=ubuntu\nthis is not os-release\n")) ==
          "line 2: expected KEY=value, got 'this is not os-release'");
    CHECK(error_of(host::parse_os_release("=ubuntu\n")) == "line 1: empty key before '='");
  }
}
