// SPDX-License-Identifier: Apache-2.0
#include "attest/dsse.hpp"

#include "core/digest.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <array>

namespace fipsrock::attest {

namespace {

// The most recent OpenSSL error as text ("unknown" when the queue is empty); clears the queue.
std::string openssl_error()
{
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) {
    return "unknown OpenSSL error";
  }
  std::array<char, 256> buffer{};
  ERR_error_string_n(code, buffer.data(), buffer.size());
  return buffer.data();
}

// A passphrase callback that refuses: an encrypted key fails instead of prompting.
int no_passphrase(char* /*buf*/, int /*size*/, int /*rwflag*/, void* /*userdata*/)
{
  return -1;
}

struct BioDeleter {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

using BioPtr = std::unique_ptr<BIO, BioDeleter>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;

BioPtr memory_bio(std::string_view pem)
{
  return BioPtr(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
}

// Refuses anything but an EC key on P-256 ("prime256v1", FIPS 186-4 / SP 800-186).
core::Expected<void> require_p256(EVP_PKEY* pkey, const std::string& name)
{
  if (EVP_PKEY_get_base_id(pkey) != EVP_PKEY_EC) {
    return core::make_error(
        fmt::format("{} is not an EC key: attest signs with ECDSA P-256", name),
        "make one: openssl ecparam -name prime256v1 -genkey -noout -out key.pem");
  }
  std::array<char, 64> group{};
  std::size_t length = 0;
  if (EVP_PKEY_get_group_name(pkey, group.data(), group.size(), &length) != 1 ||
      std::string_view(group.data(), length) != "prime256v1") {
    return core::make_error(
        fmt::format("{} is an EC key on curve {}, not P-256 (prime256v1)", name, group.data()),
        "make one: openssl ecparam -name prime256v1 -genkey -noout -out key.pem");
  }
  return {};
}

core::Expected<std::string> public_der(EVP_PKEY* pkey, const std::string& name)
{
  unsigned char* der = nullptr;
  const int length = i2d_PUBKEY(pkey, &der);
  if (length <= 0) {
    return core::make_error(
        fmt::format("cannot encode the public key of {}: {}", name, openssl_error()));
  }
  std::string out(reinterpret_cast<const char*>(der), static_cast<std::size_t>(length));
  OPENSSL_free(der);
  return out;
}

bool is_base64_char(char c)
{
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/';
}

// Chunks that keep EVP_EncodeBlock/EVP_DecodeBlock's int lengths far from overflow.
constexpr std::size_t k_encode_chunk = std::size_t{3} * 16384;
constexpr std::size_t k_decode_chunk = std::size_t{4} * 16384;

} // namespace

std::string pae(std::string_view payload_type, std::string_view payload)
{
  return fmt::format(
      "DSSEv1 {} {} {} {}", payload_type.size(), payload_type, payload.size(), payload);
}

std::string base64_encode(std::string_view bytes)
{
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t at = 0; at < bytes.size(); at += k_encode_chunk) {
    const std::string_view chunk = bytes.substr(at, k_encode_chunk);
    std::string encoded((chunk.size() + 2) / 3 * 4 + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()),
                                  reinterpret_cast<const unsigned char*>(chunk.data()),
                                  static_cast<int>(chunk.size()));
    out.append(encoded.data(), static_cast<std::size_t>(n));
  }
  return out;
}

core::Expected<std::string> base64_decode(std::string_view text)
{
  // Normalise: URL-safe alphabet to the standard one, then the padding DSSE allows to omit.
  std::string normal(text);
  std::size_t padding = 0;
  while (!normal.empty() && normal.back() == '=' && padding < 2) {
    normal.pop_back();
    ++padding;
  }
  for (char& c : normal) {
    if (c == '-') {
      c = '+';
    } else if (c == '_') {
      c = '/';
    }
    if (!is_base64_char(c)) {
      return core::make_error("not base64: unexpected character");
    }
  }
  if (normal.size() % 4 == 1) {
    return core::make_error("not base64: wrong length");
  }
  padding = (4 - normal.size() % 4) % 4;
  normal.append(padding, '=');

  std::string out;
  out.reserve(normal.size() / 4 * 3);
  for (std::size_t at = 0; at < normal.size(); at += k_decode_chunk) {
    const std::string_view chunk = std::string_view(normal).substr(at, k_decode_chunk);
    std::string decoded(chunk.size() / 4 * 3, '\0');
    const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(decoded.data()),
                                  reinterpret_cast<const unsigned char*>(chunk.data()),
                                  static_cast<int>(chunk.size()));
    if (n < 0) {
      return core::make_error("not base64");
    }
    out.append(decoded.data(), static_cast<std::size_t>(n));
  }
  // EVP_DecodeBlock writes a zero byte for every '=' of the padding.
  out.resize(out.size() - padding);
  return out;
}

core::Expected<Key> Key::private_from_pem(std::string_view pem, const std::string& name)
{
  ERR_clear_error();
  BioPtr bio = memory_bio(pem);
  EVP_PKEY* pkey =
      bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, no_passphrase, nullptr) : nullptr;
  if (pkey == nullptr) {
    return core::make_error(
        fmt::format("{} is not an unencrypted PEM private key: {}", name, openssl_error()),
        "make one: openssl ecparam -name prime256v1 -genkey -noout -out key.pem");
  }
  Key key;
  key.m_key =
      std::shared_ptr<void>(pkey, [](void* p) { EVP_PKEY_free(static_cast<EVP_PKEY*>(p)); });
  key.m_private = true;
  key.m_name = name;
  if (auto ok = require_p256(pkey, name); !ok) {
    return tl::make_unexpected(ok.error());
  }
  auto der = public_der(pkey, name);
  if (!der) {
    return tl::make_unexpected(der.error());
  }
  key.m_keyid = core::sha256_hex(*der);
  return key;
}

core::Expected<Key> Key::public_from_pem(std::string_view pem, const std::string& name)
{
  ERR_clear_error();
  BioPtr bio = memory_bio(pem);
  EVP_PKEY* pkey = bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, no_passphrase, nullptr) : nullptr;
  if (pkey == nullptr) {
    // A private key PEM also names its public key.
    auto from_private = private_from_pem(pem, name);
    if (from_private) {
      from_private->m_private = false;
      return from_private;
    }
    return core::make_error(fmt::format("{} is not a PEM public key", name),
                            "export it: openssl ec -in key.pem -pubout -out pub.pem");
  }
  Key key;
  key.m_key =
      std::shared_ptr<void>(pkey, [](void* p) { EVP_PKEY_free(static_cast<EVP_PKEY*>(p)); });
  key.m_name = name;
  if (auto ok = require_p256(pkey, name); !ok) {
    return tl::make_unexpected(ok.error());
  }
  auto der = public_der(pkey, name);
  if (!der) {
    return tl::make_unexpected(der.error());
  }
  key.m_keyid = core::sha256_hex(*der);
  return key;
}

core::Expected<std::string> Key::sign(std::string_view data) const
{
  if (!m_private) {
    return core::make_error(fmt::format("{} is a public key and cannot sign", m_name));
  }
  ERR_clear_error();
  auto* pkey = static_cast<EVP_PKEY*>(m_key.get());
  MdCtxPtr ctx(EVP_MD_CTX_new());
  std::size_t length = 0;
  const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, pkey) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &length, bytes, data.size()) != 1) {
    return core::make_error(fmt::format("cannot sign with {}: {}", m_name, openssl_error()));
  }
  std::string signature(length, '\0');
  if (EVP_DigestSign(ctx.get(),
                     reinterpret_cast<unsigned char*>(signature.data()),
                     &length,
                     bytes,
                     data.size()) != 1) {
    return core::make_error(fmt::format("cannot sign with {}: {}", m_name, openssl_error()));
  }
  signature.resize(length);
  return signature;
}

bool Key::verify(std::string_view data, std::string_view signature) const
{
  auto* pkey = static_cast<EVP_PKEY*>(m_key.get());
  MdCtxPtr ctx(EVP_MD_CTX_new());
  const bool ok = ctx &&
                  EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, pkey) == 1 &&
                  EVP_DigestVerify(ctx.get(),
                                   reinterpret_cast<const unsigned char*>(signature.data()),
                                   signature.size(),
                                   reinterpret_cast<const unsigned char*>(data.data()),
                                   data.size()) == 1;
  // A bad signature leaves a DER or ECDSA error in the queue; it is an answer, not an error.
  ERR_clear_error();
  return ok;
}

core::Expected<Envelope> sign_envelope(std::string_view payload, const Key& key)
{
  auto sig = key.sign(pae(k_payload_type, payload));
  if (!sig) {
    return tl::make_unexpected(sig.error());
  }
  return Envelope{std::string(k_payload_type), std::string(payload), {{key.keyid(), *sig}}};
}

std::string envelope_json(const Envelope& envelope)
{
  nlohmann::ordered_json doc;
  doc["payload"] = base64_encode(envelope.payload);
  doc["payloadType"] = envelope.payload_type;
  doc["signatures"] = nlohmann::ordered_json::array();
  for (const auto& s : envelope.signatures) {
    doc["signatures"].push_back({{"keyid", s.keyid}, {"sig", base64_encode(s.sig)}});
  }
  return doc.dump(2) + "\n";
}

core::Expected<Envelope> parse_envelope(std::string_view json)
{
  try {
    const auto doc = nlohmann::json::parse(json);
    if (!doc.is_object()) {
      return core::make_error("not a DSSE envelope: not a JSON object");
    }
    Envelope out;
    for (const char* field : {"payloadType", "payload"}) {
      if (!doc.contains(field) || !doc[field].is_string()) {
        return core::make_error(fmt::format("DSSE envelope: {}: missing or not a string", field));
      }
    }
    out.payload_type = doc["payloadType"].get<std::string>();
    auto payload = base64_decode(doc["payload"].get<std::string>());
    if (!payload) {
      return core::make_error(fmt::format("DSSE envelope: payload: {}", payload.error().message));
    }
    out.payload = std::move(*payload);
    if (!doc.contains("signatures") || !doc["signatures"].is_array()) {
      return core::make_error("DSSE envelope: signatures: missing or not an array");
    }
    for (std::size_t i = 0; i < doc["signatures"].size(); ++i) {
      const auto& s = doc["signatures"][i];
      if (!s.is_object() || !s.contains("sig") || !s["sig"].is_string()) {
        return core::make_error(fmt::format("DSSE envelope: signatures[{}].sig: missing", i));
      }
      auto sig = base64_decode(s["sig"].get<std::string>());
      if (!sig) {
        return core::make_error(
            fmt::format("DSSE envelope: signatures[{}].sig: {}", i, sig.error().message));
      }
      const std::string keyid = s.contains("keyid") && s["keyid"].is_string()
                                    ? s["keyid"].get<std::string>()
                                    : std::string();
      out.signatures.push_back({keyid, std::move(*sig)});
    }
    return out;
  } catch (const nlohmann::json::exception& e) {
    return core::make_error(fmt::format("not a DSSE envelope: {}", e.what()));
  }
}

bool envelope_verifies(const Envelope& envelope, const Key& key)
{
  const std::string message = pae(envelope.payload_type, envelope.payload);
  for (const auto& s : envelope.signatures) {
    // A keyid is only a hint (DSSE protocol.md): an empty or other keyid is still tried.
    if (key.verify(message, s.sig)) {
      return true;
    }
  }
  return false;
}

} // namespace fipsrock::attest
