// SPDX-License-Identifier: Apache-2.0
#include "core/digest.hpp"

#include <openssl/evp.h>

#include <array>
#include <memory>

namespace fipsrock::core {

namespace {

std::string to_hex(const unsigned char* md, unsigned int length)
{
  static const char* const k_hex = "0123456789abcdef";
  std::string out;
  out.reserve(std::size_t{length} * 2);
  for (unsigned int i = 0; i < length; ++i) {
    out += k_hex[md[i] >> 4];
    out += k_hex[md[i] & 0x0f];
  }
  return out;
}

} // namespace

void Sha256::Free::operator()(evp_md_ctx_st* ctx) const
{
  EVP_MD_CTX_free(ctx);
}

Sha256::Sha256() : m_ctx(EVP_MD_CTX_new())
{
  if (m_ctx && EVP_DigestInit_ex(m_ctx.get(), EVP_sha256(), nullptr) != 1) {
    m_ctx.reset();
  }
}

Sha256::~Sha256() = default;
Sha256::Sha256(Sha256&& other) noexcept = default;
Sha256& Sha256::operator=(Sha256&& other) noexcept = default;

void Sha256::update(std::string_view data)
{
  if (m_ctx && !data.empty()) {
    EVP_DigestUpdate(m_ctx.get(), data.data(), data.size());
  }
}

std::string Sha256::hex_digest()
{
  if (!m_ctx) {
    return {};
  }
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(m_ctx.get(), md.data(), &length) != 1 ||
      EVP_DigestInit_ex(m_ctx.get(), EVP_sha256(), nullptr) != 1) {
    m_ctx.reset();
    return {};
  }
  return to_hex(md.data(), length);
}

std::string sha256_hex(std::string_view data)
{
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int length = 0;
  // EVP_Digest is one-shot and allocation-free for our purposes; it cannot fail for SHA-256
  // short of memory exhaustion, in which case the digest stays empty.
  if (EVP_Digest(data.data(), data.size(), md.data(), &length, EVP_sha256(), nullptr) != 1) {
    return {};
  }
  return to_hex(md.data(), length);
}

} // namespace fipsrock::core
