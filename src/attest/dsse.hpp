// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/error.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

// DSSE envelopes (secure-systems-lab/dsse envelope.md, protocol.md; in-toto spec/v1/envelope.md)
// signed with ECDSA P-256 / SHA-256 through OpenSSL's EVP interface: nothing here implements
// cryptography, and on a host whose OpenSSL runs its FIPS provider by default the signatures
// are made by the FIPS module.

namespace fipsrock::attest {

inline constexpr std::string_view k_payload_type = "application/vnd.in-toto+json";

// The DSSE pre-authentication encoding of `payload` of type `payload_type`:
// "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, lengths as ASCII decimal byte counts.
std::string pae(std::string_view payload_type, std::string_view payload);

// Standard base64 with padding (RFC 4648 §4), through EVP_EncodeBlock.
std::string base64_encode(std::string_view bytes);

// Decodes standard or URL-safe base64, padded or not (DSSE accepts both alphabets), through
// EVP_DecodeBlock. An error when `text` holds anything else.
core::Expected<std::string> base64_decode(std::string_view text);

// An ECDSA P-256 key read from PEM: a private key signs, a public key only verifies.
class Key {
public:
  // The private key in `pem` (PKCS#8 or SEC1 "EC PRIVATE KEY", unencrypted); `name` (the file)
  // appears in errors. An error when it is not a P-256 key or is encrypted.
  static core::Expected<Key> private_from_pem(std::string_view pem, const std::string& name);
  // The public key in `pem` (SubjectPublicKeyInfo), or the public half of a private key PEM.
  static core::Expected<Key> public_from_pem(std::string_view pem, const std::string& name);

  // The sha256 (hex) of the DER SubjectPublicKeyInfo: the DSSE keyid of this key.
  const std::string& keyid() const { return m_keyid; }
  const std::string& name() const { return m_name; }

  // The DER ECDSA signature of SHA-256(`data`); an error when this is not a private key or
  // OpenSSL refuses.
  core::Expected<std::string> sign(std::string_view data) const;
  // True when `signature` (DER) is a valid ECDSA signature of SHA-256(`data`) by this key.
  bool verify(std::string_view data, std::string_view signature) const;

private:
  std::shared_ptr<void> m_key; // EVP_PKEY, kept out of this header
  bool m_private = false;
  std::string m_keyid;
  std::string m_name;
};

struct Signature {
  std::string keyid; // may be empty
  std::string sig;   // raw bytes (base64 only in JSON)
};

// A DSSE envelope with its payload and signatures decoded.
struct Envelope {
  std::string payload_type;
  std::string payload;
  std::vector<Signature> signatures;
};

// `payload` (an in-toto statement) signed by `key` over its PAE.
core::Expected<Envelope> sign_envelope(std::string_view payload, const Key& key);

// The JSON of `envelope`: {"payload", "payloadType", "signatures": [{"keyid", "sig"}]}, base64
// where DSSE says, two-space indented, with a final newline.
std::string envelope_json(const Envelope& envelope);

// Reads an envelope from its JSON text. An error names the field that is missing or is not
// valid base64.
core::Expected<Envelope> parse_envelope(std::string_view json);

// True when some signature of `envelope` verifies with `key` over the envelope's PAE.
bool envelope_verifies(const Envelope& envelope, const Key& key);

} // namespace fipsrock::attest
