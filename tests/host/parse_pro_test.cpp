// SPDX-License-Identifier: Apache-2.0
#include "testutil.hpp"

#include "host/parse_pro.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace host = fipsrock::host;
using fipsrock::test::read_fixture;

namespace {

// U+2014, what Pro prints (as "\u2014" or literally) for a service the contract does not entitle.
const std::string k_em_dash = "\xE2\x80\x94";

template <typename T> std::string error_of(const fipsrock::core::Expected<T>& result)
{
  REQUIRE_FALSE(result.has_value());
  return result.error().message;
}

const host::ProService& service(const host::ProStatus& status, const char* name)
{
  const host::ProService* found = host::find_service(status, name);
  REQUIRE_MESSAGE(found != nullptr, "no service " << name);
  return *found;
}

} // namespace

TEST_CASE("host::parse_pro_status")
{
  SUBCASE("attached, fips-updates not entitled")
  {
    const auto status =
        host::parse_pro_status(read_fixture("pro/status-all.attached.fips-not-entitled.json"));
    REQUIRE(status);
    CHECK(status->schema_version == "0.1");
    CHECK(status->result == "success");
    CHECK(status->version == "37.1ubuntu0~22.04");
    CHECK(status->attached);
    CHECK(status->expires == "9999-12-31T00:00:00+00:00");
    CHECK(status->execution_status == "inactive");
    CHECK(status->lxd_guest_attach == std::optional<std::string>("off"));
    CHECK(status->services.size() == 6);
    CHECK(status->errors.empty());
    const auto& fips_updates = service(*status, "fips-updates");
    CHECK(fips_updates.available == "yes");
    CHECK(fips_updates.entitled == "no");
    CHECK(fips_updates.status == k_em_dash);
    CHECK(fips_updates.status_details.empty());
    CHECK_FALSE(fips_updates.warning.has_value());
    CHECK(service(*status, "esm-apps").status == "enabled");
  }
  SUBCASE("attached, fips-updates disabled because fips_enabled is 0")
  {
    const auto status = host::parse_pro_status(
        read_fixture("pro/status-all.attached.fips-updates-disabled.fips-enabled-0.json"));
    REQUIRE(status);
    const auto& fips_updates = service(*status, "fips-updates");
    CHECK(fips_updates.entitled == "yes");
    CHECK(fips_updates.status == "disabled");
    CHECK(fips_updates.status_details == "/proc/sys/crypto/fips_enabled is not set to 1");
    CHECK(service(*status, "fips").status == "disabled");
  }
  SUBCASE("attached, fips-updates not configured (--all)")
  {
    const auto status =
        host::parse_pro_status(read_fixture("pro/status-all.attached.fips-updates-disabled.json"));
    REQUIRE(status);
    CHECK(status->services.size() == 6);
    CHECK(service(*status, "fips-updates").status == "disabled");
    CHECK(service(*status, "fips-updates").status_details == "FIPS Updates is not configured");
    CHECK(service(*status, "livepatch").status_details ==
          "canonical-livepatch snap is not installed.");
  }
  SUBCASE("attached, fips-updates enabled on a FIPS kernel (--all)")
  {
    const auto status = host::parse_pro_status(
        read_fixture("pro/status-all.attached.fips-updates-enabled.fips-kernel.json"));
    REQUIRE(status);
    CHECK(service(*status, "fips-updates").status == "enabled");
    CHECK(service(*status, "fips-updates").status_details == "FIPS Updates is active");
    const auto& fips = service(*status, "fips");
    CHECK(fips.available == "no");
    CHECK(fips.status == "n/a");
    CHECK(fips.blocked_by == std::vector<std::string>{"fips-updates-invalidates-fips"});
  }
  SUBCASE("attached, fips-updates enabled, reboot required")
  {
    const auto status = host::parse_pro_status(
        read_fixture("pro/status-all.attached.fips-updates-enabled.reboot-required.json"));
    REQUIRE(status);
    CHECK(service(*status, "fips-updates").status == "enabled");
    CHECK(service(*status, "fips-updates").status_details == "Reboot to FIPS kernel required");
    CHECK(service(*status, "fips-preview").blocked_by.size() == 1);
  }
  SUBCASE("attached, fips-updates warning (access-only, no ubuntu-fips)")
  {
    const auto status = host::parse_pro_status(read_fixture(
        "pro/status-all.attached.fips-updates-warning.access-only-no-ubuntu-fips.json"));
    REQUIRE(status);
    const auto& fips_updates = service(*status, "fips-updates");
    CHECK(fips_updates.status == "warning");
    CHECK(fips_updates.status_details.empty());
    REQUIRE(fips_updates.warning.has_value());
    CHECK(fips_updates.warning->code == "fips-packages-missing");
    CHECK(fips_updates.warning->title == "The following packages are not installed:\nubuntu-fips\n"
                                         "fips-updates may not be enabled on this system.");
  }
  SUBCASE("unattached (--all)")
  {
    const auto status = host::parse_pro_status(read_fixture("pro/status-all.unattached.json"));
    REQUIRE(status);
    CHECK_FALSE(status->attached);
    CHECK(status->expires.empty()); // null
    CHECK(status->services.size() == 12);
    CHECK(service(*status, "cc-eal").available == "no");
    CHECK(service(*status, "fips-updates").available == "yes");
    CHECK(service(*status, "fips-updates").entitled.empty());
    CHECK(service(*status, "fips-updates").status.empty());
  }
  SUBCASE("attached, contract expired")
  {
    const auto status =
        host::parse_pro_status(read_fixture("pro/status.attached.contract-expired.json"));
    REQUIRE(status);
    CHECK(status->attached);
    CHECK(status->expires == "2024-01-01T00:00:00+00:00");
    CHECK(service(*status, "esm-infra").status == "enabled");
  }
  SUBCASE("attached, fips-updates not configured")
  {
    const auto status =
        host::parse_pro_status(read_fixture("pro/status.attached.fips-updates-disabled.json"));
    REQUIRE(status);
    CHECK(status->attached);
    CHECK(service(*status, "fips-updates").entitled == "yes");
    CHECK(service(*status, "fips-updates").status == "disabled");
  }
  SUBCASE("attached, fips-updates enabled on a FIPS kernel (n/a services hidden)")
  {
    const auto status = host::parse_pro_status(
        read_fixture("pro/status.attached.fips-updates-enabled.fips-kernel.json"));
    REQUIRE(status);
    CHECK(status->services.size() == 4);
    CHECK(host::find_service(*status, "fips") == nullptr);
    CHECK(service(*status, "fips-updates").status == "enabled");
  }
  SUBCASE("unattached, contract server unreachable (error document)")
  {
    const auto status =
        host::parse_pro_status(read_fixture("pro/status.unattached.error-connectivity.exit1.json"));
    REQUIRE(status);
    CHECK(status->result == "failure");
    CHECK_FALSE(status->attached);
    CHECK(status->services.empty());
    REQUIRE(status->errors.size() == 1);
    CHECK(status->errors[0].code == "connectivity-error");
    CHECK(status->errors[0].service.empty()); // null
    CHECK(status->errors[0].title.find("Failed to connect to http://127.0.0.1:9/v1/resources") ==
          0);
  }
  SUBCASE("unattached")
  {
    const auto status = host::parse_pro_status(read_fixture("pro/status.unattached.json"));
    REQUIRE(status);
    CHECK_FALSE(status->attached);
    CHECK(status->services.size() == 9);
    CHECK(service(*status, "realtime-kernel").available == "yes");
  }
  SUBCASE("third-party: real 37.2 capture from noble, pretty-printed")
  {
    const auto status = host::parse_pro_status(read_fixture(
        "pro/third-party/status.attached.v37.2-noble.no-fips-listed.edlitmus-halite.json"));
    REQUIRE(status);
    CHECK(status->version == "37.2ubuntu~24.04.1");
    CHECK(status->attached);
    CHECK_FALSE(status->lxd_guest_attach.has_value()); // ua_config was trimmed
    CHECK(host::find_service(*status, "fips-updates") == nullptr);
    const auto& livepatch = service(*status, "livepatch");
    CHECK(livepatch.status == "warning");
    REQUIRE(livepatch.warning.has_value());
    CHECK(livepatch.warning->code == "livepatch-kernel-not-supported");
    CHECK(livepatch.warning->title == "The current kernel is not covered by livepatch.");
    CHECK(service(*status, "realtime-kernel").blocked_by ==
          std::vector<std::string>{"realtime-livepatch-incompatible"});
  }
  SUBCASE("third-party: legacy 27.2.2 status.json cache (no result, extra origin, literal dash)")
  {
    const auto status = host::parse_pro_status(read_fixture(
        "pro/third-party/"
        "status-cache-file.v27.2.2-xenial.fips-updates-disabled.lacework-go-sdk.json"));
    REQUIRE(status);
    CHECK(status->result.empty());
    CHECK(status->version == "27.2.2~16.04.1");
    CHECK(status->attached);
    CHECK(status->services.size() == 7);
    CHECK(service(*status, "esm-apps").entitled == "no");
    CHECK(service(*status, "esm-apps").status == k_em_dash);
    CHECK(service(*status, "fips-updates").status_details == "FIPS Updates is not configured");
    CHECK(service(*status, "fips-updates").blocked_by.empty());
    CHECK_FALSE(status->lxd_guest_attach.has_value());
  }
  SUBCASE("malformed: garbage text")
  {
    const auto message = error_of(host::parse_pro_status("Segmentation fault (core dumped)\n"));
    CHECK(message.find("not JSON: parse error at line 1, column 1") == 0);
  }
  SUBCASE("malformed: empty output")
  {
    CHECK(error_of(host::parse_pro_status("")).find("not JSON:") == 0);
  }
  SUBCASE("malformed: truncated JSON")
  {
    const auto text = read_fixture("pro/status-all.attached.fips-not-entitled.json");
    const auto message = error_of(host::parse_pro_status(text.substr(0, text.size() / 2)));
    CHECK(message.find("not JSON: parse error at line 1") == 0);
  }
  SUBCASE("malformed: an array")
  {
    CHECK(error_of(host::parse_pro_status("[{\"attached\": true}]")) ==
          "not a JSON object (got array)");
  }
  SUBCASE("malformed: a `pro api` reply instead of a status document")
  {
    CHECK(error_of(host::parse_pro_status(read_fixture("pro/api-is-attached.attached.json"))) ==
          "key 'attached' is missing");
  }
  SUBCASE("malformed: services of the wrong type")
  {
    CHECK(error_of(host::parse_pro_status(R"({"result": "success", "attached": true,
                                              "services": {"name": "fips"}})")) ==
          "key 'services' is not an array (got object)");
    CHECK(error_of(host::parse_pro_status(R"({"result": "success", "attached": true,
                                              "services": [{"name": 7}]})")) ==
          "key 'services[0].name' is not a string (got number)");
    CHECK(error_of(host::parse_pro_status(R"({"result": "success", "attached": "yes",
                                              "services": []})")) ==
          "key 'attached' is not a boolean (got string)");
  }
}

TEST_CASE("host::find_service")
{
  const auto status =
      host::parse_pro_status(read_fixture("pro/status.attached.fips-updates-disabled.json"));
  REQUIRE(status);
  const host::ProService* found = host::find_service(*status, "esm-apps");
  REQUIRE(found != nullptr);
  CHECK(found->status_details == "Ubuntu Pro: ESM Apps is active");
  CHECK(host::find_service(*status, "fips-update") == nullptr);
  CHECK(host::find_service(host::ProStatus{}, "fips-updates") == nullptr);
}

TEST_CASE("host::parse_pro_api_envelope")
{
  SUBCASE("invalid endpoint")
  {
    const auto envelope =
        host::parse_pro_api_envelope(read_fixture("pro/api-error.invalid-endpoint.exit1.json"));
    REQUIRE(envelope);
    CHECK(envelope->schema_version == "v1");
    CHECK(envelope->result == "failure");
    CHECK(envelope->version == "37.1ubuntu0~22.04");
    REQUIRE(envelope->errors.size() == 1);
    CHECK(envelope->errors[0].code == "api-invalid-endpoint");
    CHECK(envelope->errors[0].title == "'u.pro.status.enabled_services' is not a valid endpoint");
    CHECK(envelope->errors[0].service.empty()); // meta holds only `endpoint`
    CHECK(envelope->warnings.empty());
  }
  SUBCASE("arguments given to an endpoint without any")
  {
    const auto envelope = host::parse_pro_api_envelope(
        read_fixture("pro/api-error.no-arguments-accepted.exit1.json"));
    REQUIRE(envelope);
    CHECK(envelope->result == "failure");
    REQUIRE(envelope->errors.size() == 1);
    CHECK(envelope->errors[0].code == "api-no-argument-for-endpoint");
    CHECK(envelope->errors[0].title == "u.pro.status.is_attached.v1 accepts no arguments");
  }
  SUBCASE("malformed: missing result")
  {
    CHECK(error_of(host::parse_pro_api_envelope(R"({"_schema_version": "v1", "data": {}})")) ==
          "key 'result' is missing");
  }
  SUBCASE("malformed: errors of the wrong shape")
  {
    CHECK(error_of(host::parse_pro_api_envelope(
              R"({"_schema_version": "v1", "result": "failure", "errors": ["boom"]})")) ==
          "key 'errors[0]' is not an object (got string)");
  }
}

TEST_CASE("host::parse_pro_is_attached")
{
  SUBCASE("attached")
  {
    const auto reply =
        host::parse_pro_is_attached(read_fixture("pro/api-is-attached.attached.json"));
    REQUIRE(reply);
    CHECK(reply->envelope.result == "success");
    CHECK(reply->envelope.version == "37.1ubuntu0~22.04");
    CHECK(reply->is_attached);
    CHECK(reply->is_attached_and_contract_valid);
    CHECK(reply->contract_status == "active");
    CHECK(reply->contract_remaining_days == std::optional<long>(2912105));
  }
  SUBCASE("attached, contract expired")
  {
    const auto reply = host::parse_pro_is_attached(
        read_fixture("pro/api-is-attached.attached.contract-expired.json"));
    REQUIRE(reply);
    CHECK(reply->is_attached);
    CHECK_FALSE(reply->is_attached_and_contract_valid);
    CHECK(reply->contract_status == "expired");
    CHECK(reply->contract_remaining_days == std::optional<long>(-1068));
  }
  SUBCASE("unattached")
  {
    const auto reply =
        host::parse_pro_is_attached(read_fixture("pro/api-is-attached.unattached.json"));
    REQUIRE(reply);
    CHECK_FALSE(reply->is_attached);
    CHECK_FALSE(reply->is_attached_and_contract_valid);
    CHECK(reply->contract_status.empty()); // null
    CHECK(reply->contract_remaining_days == std::optional<long>(0));
  }
  SUBCASE("third-party: real 37.2 capture from noble")
  {
    const auto reply = host::parse_pro_is_attached(
        read_fixture("pro/third-party/api-is-attached.attached.v37.2-noble.edlitmus-halite.json"));
    REQUIRE(reply);
    CHECK(reply->envelope.version == "37.2ubuntu~24.04.1");
    CHECK(reply->is_attached);
    CHECK(reply->contract_remaining_days == std::optional<long>(2912171));
  }
  SUBCASE("failure envelope parses; no attributes are read")
  {
    const auto reply =
        host::parse_pro_is_attached(read_fixture("pro/api-error.no-arguments-accepted.exit1.json"));
    REQUIRE(reply);
    CHECK(reply->envelope.result == "failure");
    CHECK(reply->envelope.errors.at(0).code == "api-no-argument-for-endpoint");
    CHECK_FALSE(reply->is_attached);
  }
  SUBCASE("malformed: truncated JSON")
  {
    const auto text = read_fixture("pro/api-is-attached.attached.json");
    CHECK(error_of(host::parse_pro_is_attached(text.substr(0, text.size() / 2)))
              .find("not JSON: parse error") == 0);
  }
  SUBCASE("malformed: the reply of another endpoint")
  {
    CHECK(error_of(host::parse_pro_is_attached(
              read_fixture("pro/api-enabled-services.attached.fips-updates-enabled.json"))) ==
          "key 'data.attributes.is_attached' is missing");
  }
  SUBCASE("malformed: success without attributes, wrong types")
  {
    CHECK(error_of(host::parse_pro_is_attached(
              R"({"_schema_version": "v1", "result": "success", "data": {}})")) ==
          "key 'data.attributes' is missing");
    CHECK(error_of(host::parse_pro_is_attached(
              R"({"_schema_version": "v1", "result": "success",
                "data": {"attributes": {"is_attached": "true"}}})")) ==
          "key 'data.attributes.is_attached' is not a boolean (got string)");
  }
}

TEST_CASE("host::parse_pro_enabled_services")
{
  using Names = std::vector<std::string>;
  SUBCASE("fips-updates enabled")
  {
    const auto reply = host::parse_pro_enabled_services(
        read_fixture("pro/api-enabled-services.attached.fips-updates-enabled.json"));
    REQUIRE(reply);
    CHECK(reply->envelope.result == "success");
    CHECK(reply->names == Names{"esm-apps", "esm-infra", "fips-updates"});
    CHECK(reply->envelope.warnings.empty());
  }
  SUBCASE("fips-updates in warning: listed, plus a warning")
  {
    const auto reply = host::parse_pro_enabled_services(
        read_fixture("pro/api-enabled-services.attached.fips-updates-warning.json"));
    REQUIRE(reply);
    CHECK(reply->names == Names{"esm-apps", "esm-infra", "fips-updates"});
    REQUIRE(reply->envelope.warnings.size() == 1);
    CHECK(reply->envelope.warnings[0].code == "fips-packages-missing");
    CHECK(reply->envelope.warnings[0].service == "fips-updates");
    CHECK(reply->envelope.warnings[0].title.find("ubuntu-fips") != std::string::npos);
  }
  SUBCASE("fips-updates not configured")
  {
    const auto reply = host::parse_pro_enabled_services(
        read_fixture("pro/api-enabled-services.attached.fips-updates-disabled.json"));
    REQUIRE(reply);
    CHECK(reply->names == Names{"esm-apps", "esm-infra"});
  }
  SUBCASE("fips-updates configured but fips_enabled is 0: not listed")
  {
    const auto reply = host::parse_pro_enabled_services(read_fixture(
        "pro/api-enabled-services.attached.fips-updates-disabled.fips-enabled-0.json"));
    REQUIRE(reply);
    CHECK(reply->names == Names{"esm-apps", "esm-infra"});
  }
  SUBCASE("unattached: empty list, still success")
  {
    const auto reply =
        host::parse_pro_enabled_services(read_fixture("pro/api-enabled-services.unattached.json"));
    REQUIRE(reply);
    CHECK(reply->envelope.result == "success");
    CHECK(reply->names.empty());
  }
  SUBCASE("failure envelope")
  {
    const auto reply =
        host::parse_pro_enabled_services(read_fixture("pro/api-error.invalid-endpoint.exit1.json"));
    REQUIRE(reply);
    CHECK(reply->envelope.result == "failure");
    CHECK(reply->envelope.errors.at(0).code == "api-invalid-endpoint");
    CHECK(reply->names.empty());
  }
  SUBCASE("malformed")
  {
    CHECK(error_of(host::parse_pro_enabled_services("not json")).find("not JSON:") == 0);
    CHECK(error_of(host::parse_pro_enabled_services(
              read_fixture("pro/api-is-attached.attached.json"))) ==
          "key 'data.attributes.enabled_services' is missing");
    CHECK(error_of(host::parse_pro_enabled_services(
              R"({"_schema_version": "v1", "result": "success",
                "data": {"attributes": {"enabled_services": [{"variant_name": null}]}}})")) ==
          "key 'data.attributes.enabled_services[0].name' is missing");
  }
}

TEST_CASE("host::parse_pro_config_value")
{
  SUBCASE("pro config show lxd_guest_attach")
  {
    const auto value = host::parse_pro_config_value(
        read_fixture("pro/config-show-lxd_guest_attach.default-off.txt"), "lxd_guest_attach");
    REQUIRE(value);
    CHECK(*value == "off");
  }
  SUBCASE("pro config show (all keys)")
  {
    const auto text = read_fixture("pro/config-show.all.default.txt");
    CHECK(host::parse_pro_config_value(text, "lxd_guest_attach").value() == "off");
    CHECK(host::parse_pro_config_value(text, "http_proxy").value() == "None");
    CHECK(host::parse_pro_config_value(text, "metering_timer").value() == "14400");
    // A key that is a prefix of another must not match the longer one.
    CHECK(host::parse_pro_config_value(text, "apt_news").value() == "True");
    CHECK(host::parse_pro_config_value(text, "apt_news_url").value() ==
          "https://motd.ubuntu.com/aptnews.json");
  }
  SUBCASE("key not listed (client older than 35)")
  {
    CHECK(error_of(host::parse_pro_config_value("http_proxy None\n", "lxd_guest_attach")) ==
          "key 'lxd_guest_attach' is not listed");
    CHECK(error_of(host::parse_pro_config_value("", "lxd_guest_attach")) ==
          "key 'lxd_guest_attach' is not listed");
  }
}
