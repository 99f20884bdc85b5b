// SPDX-License-Identifier: Apache-2.0
#include "keys.hpp"

#include "attest/dsse.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace fipsrock::attest;
using namespace fipsrock::attest::test;

TEST_CASE("attest::pae")
{
  // The example of secure-systems-lab/dsse protocol.md.
  CHECK(pae("http://example.com/HelloWorld", "hello world") ==
        "DSSEv1 29 http://example.com/HelloWorld 11 hello world");
  CHECK(pae("application/vnd.in-toto+json", "") == "DSSEv1 28 application/vnd.in-toto+json 0 ");
  // Lengths count bytes, not characters.
  CHECK(pae("t", "\xc3\xa9") == "DSSEv1 1 t 2 \xc3\xa9");
}

TEST_CASE("attest::base64")
{
  SUBCASE("RFC 4648 test vectors")
  {
    const std::pair<const char*, const char*> vectors[] = {{"", ""},
                                                           {"f", "Zg=="},
                                                           {"fo", "Zm8="},
                                                           {"foo", "Zm9v"},
                                                           {"foob", "Zm9vYg=="},
                                                           {"fooba", "Zm9vYmE="},
                                                           {"foobar", "Zm9vYmFy"}};
    for (const auto& [plain, encoded] : vectors) {
      CHECK(base64_encode(plain) == encoded);
      CHECK(*base64_decode(encoded) == plain);
    }
  }
  SUBCASE("URL-safe and unpadded forms decode too")
  {
    const std::string bytes("\xfb\xff\xfe", 3);
    CHECK(base64_encode(bytes) == "+//+");
    CHECK(*base64_decode("-__-") == bytes);
    CHECK(*base64_decode("Zm9vYg") == "foob");
  }
  SUBCASE("binary and long input round-trip (more than one chunk)")
  {
    std::string bytes;
    for (int i = 0; i < 200000; ++i) {
      bytes += static_cast<char>(i * 7 % 256);
    }
    CHECK(*base64_decode(base64_encode(bytes)) == bytes);
  }
  SUBCASE("anything else is refused")
  {
    CHECK_FALSE(base64_decode("Zm9v!"));
    CHECK_FALSE(base64_decode("Zm9 v"));
    CHECK_FALSE(base64_decode("Z"));
    CHECK_FALSE(base64_decode("Zg==="));
  }
}

TEST_CASE("attest::Key")
{
  SUBCASE("keyid: sha256 of the DER public key, the same from either half")
  {
    auto priv = Key::private_from_pem(k_private_pem, "key.pem");
    REQUIRE(priv);
    CHECK(priv->keyid() == k_keyid);
    auto pub = Key::public_from_pem(k_public_pem, "pub.pem");
    REQUIRE(pub);
    CHECK(pub->keyid() == k_keyid);
    CHECK(Key::public_from_pem(k_private_pem, "key.pem")->keyid() == k_keyid);
  }
  SUBCASE("sign, verify; another message or key does not verify")
  {
    auto priv = Key::private_from_pem(k_private_pem, "key.pem");
    auto pub = Key::public_from_pem(k_public_pem, "pub.pem");
    auto other = Key::public_from_pem(k_other_public_pem, "other.pem");
    REQUIRE(priv);
    REQUIRE(other);
    auto sig = priv->sign("message");
    REQUIRE(sig);
    CHECK(pub->verify("message", *sig));
    CHECK_FALSE(pub->verify("messagE", *sig));
    CHECK_FALSE(other->verify("message", *sig));
    std::string flipped = *sig;
    flipped[flipped.size() / 2] = static_cast<char>(flipped[flipped.size() / 2] ^ 0x01);
    CHECK_FALSE(pub->verify("message", flipped));
    CHECK_FALSE(pub->verify("message", ""));
  }
  SUBCASE("a signature made by the openssl command verifies (DER ECDSA over SHA-256 of the PAE)")
  {
    auto pub = Key::public_from_pem(k_public_pem, "pub.pem");
    const auto sig = base64_decode(k_openssl_signature_of_empty_object);
    REQUIRE(sig);
    CHECK(pub->verify(pae(k_payload_type, "{}"), *sig));
  }
  SUBCASE("only P-256 keys, only PEM, a public key cannot sign")
  {
    auto p384 = Key::private_from_pem(k_p384_private_pem, "p384.pem");
    REQUIRE_FALSE(p384);
    CHECK(p384.error().message ==
          "p384.pem is an EC key on curve secp384r1, not P-256 (prime256v1)");
    auto garbage = Key::private_from_pem("not a key", "junk.pem");
    REQUIRE_FALSE(garbage);
    CHECK(garbage.error().message.find("junk.pem is not an unencrypted PEM private key") == 0);
    auto no_public = Key::public_from_pem("not a key", "junk.pem");
    REQUIRE_FALSE(no_public);
    CHECK(no_public.error().message == "junk.pem is not a PEM public key");
    auto pub = Key::public_from_pem(k_public_pem, "pub.pem");
    CHECK(pub->sign("x").error().message == "pub.pem is a public key and cannot sign");
    CHECK_FALSE(Key::private_from_pem(k_public_pem, "pub.pem"));
  }
}

TEST_CASE("attest::sign_envelope")
{
  auto priv = Key::private_from_pem(k_private_pem, "key.pem");
  auto pub = Key::public_from_pem(k_public_pem, "pub.pem");
  REQUIRE(priv);
  const std::string statement = R"({"_type":"https://in-toto.io/Statement/v1"})";
  auto envelope = sign_envelope(statement, *priv);
  REQUIRE(envelope);

  SUBCASE("the JSON form: base64 payload, payloadType, keyid, base64 signature")
  {
    const auto doc = nlohmann::json::parse(envelope_json(*envelope));
    CHECK(doc["payloadType"] == "application/vnd.in-toto+json");
    CHECK(*base64_decode(doc["payload"].get<std::string>()) == statement);
    REQUIRE(doc["signatures"].size() == 1);
    CHECK(doc["signatures"][0]["keyid"] == k_keyid);
    CHECK(pub->verify(pae(k_payload_type, statement),
                      *base64_decode(doc["signatures"][0]["sig"].get<std::string>())));
  }
  SUBCASE("parse round-trip and verification")
  {
    auto parsed = parse_envelope(envelope_json(*envelope));
    REQUIRE(parsed);
    CHECK(parsed->payload == statement);
    CHECK(envelope_verifies(*parsed, *pub));
    CHECK_FALSE(envelope_verifies(*parsed, *Key::public_from_pem(k_other_public_pem, "o.pem")));
    parsed->payload[3] = 'X';
    CHECK_FALSE(envelope_verifies(*parsed, *pub));
  }
  SUBCASE("the payloadType is signed too")
  {
    Envelope other = *envelope;
    other.payload_type = "application/json";
    CHECK_FALSE(envelope_verifies(other, *pub));
  }
  SUBCASE("malformed envelopes")
  {
    CHECK(parse_envelope("[]").error().message == "not a DSSE envelope: not a JSON object");
    CHECK(parse_envelope(R"({"payload":"e30="})").error().message ==
          "DSSE envelope: payloadType: missing or not a string");
    CHECK(parse_envelope(R"({"payload":"e30=","payloadType":"t"})").error().message ==
          "DSSE envelope: signatures: missing or not an array");
    CHECK(
        parse_envelope(R"({"payload":"e3!=","payloadType":"t","signatures":[]})").error().message ==
        "DSSE envelope: payload: not base64: unexpected character");
    CHECK(parse_envelope(R"({"payload":"e30=","payloadType":"t","signatures":[{"keyid":"k"}]})")
              .error()
              .message == "DSSE envelope: signatures[0].sig: missing");
  }
}
