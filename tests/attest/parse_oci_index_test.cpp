// SPDX-License-Identifier: Apache-2.0
#include "attest/parse_oci_index.hpp"

#include <doctest/doctest.h>

using namespace fipsrock::attest;

namespace {

const std::string k_a = "sha256:" + std::string(64, 'a');
const std::string k_b = "sha256:" + std::string(64, 'b');

std::string manifest(const std::string& digest, const std::string& extra = "")
{
  return R"({"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":")" + digest +
         R"(","size":349)" + extra + "}";
}

} // namespace

TEST_CASE("attest::image_manifest_digest")
{
  SUBCASE("the one manifest of a rock (as skopeo's oci-archive writes index.json)")
  {
    const std::string index =
        R"({"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:8979f919e40fe0ded2e828355d9f9aa7cc275b8351cef5bb83ce92bb5cb6d181","size":349}]})";
    auto d = image_manifest_digest(index, "amd64");
    REQUIRE(d);
    CHECK(*d == "sha256:8979f919e40fe0ded2e828355d9f9aa7cc275b8351cef5bb83ce92bb5cb6d181");
  }
  SUBCASE("attestation manifests are not the image")
  {
    const std::string index =
        R"({"schemaVersion":2,"manifests":[)" +
        manifest(k_a, R"(,"platform":{"architecture":"amd64","os":"linux"})") + "," +
        manifest(
            k_b,
            R"(,"platform":{"architecture":"unknown","os":"unknown"},"annotations":{"vnd.docker.reference.type":"attestation-manifest"})") +
        "]}";
    auto d = image_manifest_digest(index, "arm64");
    REQUIRE(d);
    CHECK(*d == k_a);
  }
  SUBCASE("several images: the one of the platform")
  {
    const std::string index =
        R"({"manifests":[)" +
        manifest(k_a, R"(,"platform":{"architecture":"amd64","os":"linux"})") + "," +
        manifest(k_b, R"(,"platform":{"architecture":"arm64","os":"linux"})") + "]}";
    CHECK(*image_manifest_digest(index, "arm64") == k_b);
    auto none = image_manifest_digest(index, "s390x");
    REQUIRE_FALSE(none);
    CHECK(none.error().message ==
          "index.json names 2 image manifests and not exactly one for s390x");
  }
  SUBCASE("not an index")
  {
    CHECK(image_manifest_digest("[]", "amd64").error().message ==
          "index.json has no manifests array");
    CHECK(image_manifest_digest(R"({"manifests":[]})", "amd64").error().message ==
          "index.json names no image manifest");
    CHECK(image_manifest_digest("{", "amd64")
              .error()
              .message.find("index.json is not a valid OCI index") == 0);
    CHECK(image_manifest_digest(R"({"manifests":[{"digest":"sha256:ABC"}]})", "amd64")
              .error()
              .message == "index.json: manifest digest 'sha256:ABC' is not sha256:<64 hex>");
    CHECK_FALSE(image_manifest_digest(R"({"manifests":[{"digest":7}]})", "amd64"));
    CHECK_FALSE(image_manifest_digest(R"({"manifests":[{"digest":"x","mediaType":5}]})", "amd64"));
  }
}
