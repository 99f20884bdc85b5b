// SPDX-License-Identifier: Apache-2.0
#include "pack/classify.hpp"
#include "pack/plan.hpp"
#include "pack/progress.hpp"
#include "pack/record.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace fipsrock::pack;

TEST_CASE("pack::classify_failure")
{
  SUBCASE("craft-application's Pro errors")
  {
    const auto f =
        classify_failure("Launching instance...\nUbuntu Pro is requested, but was found detached.\n"
                         "Recommended resolution: Attach Ubuntu Pro to continue.\n");
    REQUIRE(f);
    CHECK(f->id == "pack.pro-detached");
    CHECK(f->transience == Transience::permanent);
    CHECK(f->evidence == "Ubuntu Pro is requested, but was found detached.");
    CHECK(classify_failure("Incorrect Ubuntu Pro services are enabled.")
              ->remediation.find("rockcraft clean") == 0);
  }
  SUBCASE("craft-providers' guest attachment failure")
  {
    CHECK(classify_failure("Failed to attach 'rockcraft-metallb-speaker-on-amd64-for-amd64-1' to a "
                           "Pro subscription.")
              ->id == "pack.guest-attach");
  }
  SUBCASE("network failures are transient")
  {
    const auto f = classify_failure("Err:1 http://archive.ubuntu.com jammy InRelease\n  Temporary "
                                    "failure resolving 'archive.ubuntu.com'\n");
    REQUIRE(f);
    CHECK(f->id == "pack.network");
    CHECK(f->transience == Transience::transient);
    CHECK(classify_failure("curl: (6) Could not resolve host: aka.ms")->id == "pack.network");
  }
  SUBCASE("the Go archive checksum, apt downgrades, a full disk")
  {
    CHECK(classify_failure("/root/parts/go-toolchain/src/go.tar.gz: FAILED\nsha256sum: WARNING: 1 "
                           "computed checksum did NOT match")
              ->id == "pack.go-checksum");
    CHECK(
        classify_failure("E: Packages were downgraded and -y was used without --allow-downgrades.")
            ->id == "pack.apt-downgrade");
    CHECK(classify_failure("write error: No space left on device")->id == "pack.disk-full");
  }
  SUBCASE("the first known line wins; unknown output is not classified")
  {
    CHECK(classify_failure("Failed to fetch x\nNo space left on device\n")->id == "pack.network");
    CHECK_FALSE(classify_failure("everything is fine\nreally\n"));
    CHECK_FALSE(classify_failure(""));
    CHECK(unknown_failure(3, "tail").id == "pack.failed");
  }
}

TEST_CASE("pack::parse_step")
{
  CHECK(parse_step("Pulling openssl")->step == "pull");
  CHECK(parse_step("Building speaker")->part == "speaker");
  CHECK(parse_step("Overlaying controller")->step == "overlay");
  CHECK(parse_step("Staging go-toolchain")->step == "stage");
  CHECK(parse_step("Priming openssl")->step == "prime");
  CHECK(parse_step("Packing...")->step == "pack");
  CHECK_FALSE(parse_step("Building the thing for you"));
  CHECK_FALSE(parse_step("Launching instance..."));
  CHECK(parse_packed("Packed metallb-speaker_v0.16.1_amd64.rock") ==
        std::optional<std::string>("metallb-speaker_v0.16.1_amd64.rock"));
  CHECK_FALSE(parse_packed("Packed nothing"));
  CHECK(progress_line("metallb-speaker", "arm64", {"build", "speaker"}, 133) ==
        "metallb-speaker arm64 | build speaker | 02:13");
  CHECK(progress_line("r", "amd64", {"pack", ""}, 5) == "r amd64 | pack | 00:05");
}

TEST_CASE("pack::pack_argv")
{
  SUBCASE("guest attachment needs no root")
  {
    CHECK(
        *pack_argv({"guest-attach", Sudo::auto_detect, false, "arm64"}) ==
        std::vector<std::string>{"rockcraft", "pack", "--pro=fips-updates", "--platform", "arm64"});
  }
  SUBCASE("pro-sources runs through non-interactive sudo, keeping the environment")
  {
    CHECK(
        *pack_argv({"pro-sources", Sudo::auto_detect, false, "amd64"}) ==
        std::vector<std::string>{
            "sudo", "-n", "-E", "rockcraft", "pack", "--pro=fips-updates", "--platform", "amd64"});
    CHECK(pack_argv({"pro-sources", Sudo::auto_detect, true, "amd64"})->front() == "rockcraft");
  }
  SUBCASE("destructive mode")
  {
    CHECK(pack_argv({"destructive", Sudo::auto_detect, true, ""})->back() == "--destructive-mode");
  }
  SUBCASE("--sudo always and never")
  {
    CHECK(pack_argv({"guest-attach", Sudo::always, false, ""})->front() == "sudo");
    const auto refused = pack_argv({"pro-sources", Sudo::never, false, ""});
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message ==
          "pro-sources mode runs rockcraft as root, but --sudo never forbids sudo");
    CHECK(pack_argv({"pro-sources", Sudo::never, true, ""}));
  }
  CHECK(parse_sudo("never") == Sudo::never);
  CHECK_FALSE(parse_sudo("sometimes"));
  CHECK(artifact_name("metallb-speaker", "v0.16.1", "arm64") ==
        "metallb-speaker_v0.16.1_arm64.rock");
  CHECK(platform_of_machine("x86_64") == "amd64");
  CHECK(platform_of_machine("aarch64") == "arm64");
}

TEST_CASE("pack::pack_record")
{
  PackRequest request;
  request.rock = "metallb-speaker";
  request.version = "v0.16.1";
  request.platform = "amd64";
  request.argv = {"rockcraft", "pack", "--pro=fips-updates"};
  request.env = {{"PATH", "/usr/bin"}, {"UBUNTU_PRO_TOKEN", "abc"}, {"aws_secret_access_key", "x"}};
  PackResult result;
  result.outcome = Outcome::success;
  result.artifact_path = "build/metallb-speaker/metallb-speaker_v0.16.1_amd64.rock";
  result.artifact_sha256 = std::string(64, 'a');
  result.artifact_size = 42;
  Attempt a;
  a.number = 1;
  a.exit_code = 0;
  result.attempts.push_back(a);
  const auto doc = nlohmann::json::parse(pack_record(request, result));
  CHECK(doc["status"] == "pass");
  CHECK(doc["environment"]["PATH"] == "/usr/bin");
  CHECK(doc["environment"]["UBUNTU_PRO_TOKEN"] == "***");
  CHECK(doc["environment"]["aws_secret_access_key"] == "***");
  CHECK(doc["artifact"]["size"] == 42);
  CHECK(doc["attempts"][0]["failure"].is_null());
  SUBCASE("a failure names its class and no artifact")
  {
    result.outcome = Outcome::failed;
    result.failure = classify_failure("No space left on device");
    const auto failed = nlohmann::json::parse(pack_record(request, result));
    CHECK(failed["status"] == "fail");
    CHECK(failed["failure"]["id"] == "pack.disk-full");
    CHECK(failed["artifact"].is_null());
  }
}
