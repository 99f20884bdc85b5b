// SPDX-License-Identifier: Apache-2.0
#include "verify/parse_oci.hpp"

#include <doctest/doctest.h>

namespace verify = fipsrock::verify;

namespace {

const std::string k_hex = "6779c7dbf07fb969c06801772688814aaefec31481110f132c806c3ca8a8f858";

} // namespace

TEST_CASE("verify::parse_oci_layout")
{
  CHECK(verify::parse_oci_layout(R"({"imageLayoutVersion": "1.0.0"})").value() == "1.0.0");
  CHECK(verify::parse_oci_layout("{}").error().message == "imageLayoutVersion: missing");
  CHECK(verify::parse_oci_layout("[1]").error().message == "not a JSON object");
  CHECK(verify::parse_oci_layout("{").error().message == "not valid JSON");
}

TEST_CASE("verify::parse_oci_index")
{
  SUBCASE("what skopeo writes")
  {
    const auto index = verify::parse_oci_index(
        R"({"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:)" +
        k_hex + R"(","size":345,"annotations":{"org.opencontainers.image.ref.name":"v0.14.9"}}]})");
    REQUIRE(index.has_value());
    CHECK(index->schema_version == 2);
    REQUIRE(index->manifests.size() == 1);
    CHECK(index->manifests[0].size == 345);
    CHECK(index->manifests[0].annotations.at("org.opencontainers.image.ref.name") == "v0.14.9");
  }
  SUBCASE("errors name the field")
  {
    CHECK(verify::parse_oci_index(R"({"manifests":[]})").error().message ==
          "schemaVersion: missing");
    CHECK(verify::parse_oci_index(R"({"schemaVersion":2})").error().message ==
          "manifests: missing");
    CHECK(verify::parse_oci_index(
              R"({"schemaVersion":2,"manifests":[{"mediaType":"x","digest":"y"}]})")
              .error()
              .message == "manifests[0].size: missing");
    CHECK(verify::parse_oci_index(
              R"({"schemaVersion":2,"manifests":[{"mediaType":"x","digest":"y","size":-1}]})")
              .error()
              .message == "manifests[0].size: negative");
    CHECK(verify::parse_oci_index(
              R"({"schemaVersion":2,"manifests":[{"mediaType":1,"digest":"y","size":1}]})")
              .error()
              .message == "manifests[0].mediaType: not a string");
  }
}

TEST_CASE("verify::parse_oci_manifest and parse_oci_config")
{
  const auto manifest = verify::parse_oci_manifest(
      R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
          "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:)" +
      k_hex + R"(","size":2},
          "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:)" +
      k_hex + R"(","size":3}]})");
  REQUIRE(manifest.has_value());
  CHECK(manifest->layers.size() == 1);
  CHECK(manifest->config.size == 2);
  CHECK(verify::parse_oci_manifest(R"({"schemaVersion":2,"layers":[]})").error().message ==
        "config: missing");

  const auto config = verify::parse_oci_config(
      R"({"architecture":"amd64","os":"linux","config":{"Entrypoint":["/bin/pebble","enter","--args","controller"],
          "Cmd":null,"Env":["PATH=/bin"],"Labels":{"org.opencontainers.image.version":"v1"}},
          "rootfs":{"type":"layers","diff_ids":["sha256:)" +
      k_hex + R"("]}})");
  REQUIRE(config.has_value());
  CHECK(config->architecture == "amd64");
  CHECK(config->entrypoint.size() == 4);
  CHECK(config->cmd.empty());
  CHECK(config->rootfs_type == "layers");
  CHECK(config->diff_ids.size() == 1);
  CHECK(config->labels.at("org.opencontainers.image.version") == "v1");
  CHECK(verify::parse_oci_config(R"({"architecture":"amd64","os":"linux"})").error().message ==
        "rootfs: missing");
  CHECK(verify::parse_oci_config(
            R"({"architecture":"amd64","os":"linux","rootfs":{"type":"layers"}})")
            .error()
            .message == "rootfs.diff_ids: missing");
}

TEST_CASE("verify::parse_digest")
{
  const auto d = verify::parse_digest("sha256:" + k_hex);
  REQUIRE(d.has_value());
  CHECK(d->algorithm == "sha256");
  CHECK(d->encoded == k_hex);
  CHECK(
      verify::parse_digest("sha512+b64u:LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564").has_value());
  CHECK_FALSE(verify::parse_digest("sha256:" + std::string(64, 'A')).has_value());
  CHECK_FALSE(verify::parse_digest("sha256:abc").has_value());
  CHECK_FALSE(verify::parse_digest("sha256").has_value());
  CHECK_FALSE(verify::parse_digest("SHA256:abc").has_value());
  CHECK_FALSE(verify::parse_digest("sha256:../../etc").has_value());
}
