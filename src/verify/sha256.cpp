// SPDX-License-Identifier: Apache-2.0
#include "verify/sha256.hpp"

#include <openssl/evp.h>

#include <array>

namespace fipsrock::verify {

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

void Sha256::update(std::string_view bytes)
{
  if (m_ctx && !bytes.empty()) {
    EVP_DigestUpdate(m_ctx.get(), bytes.data(), bytes.size());
  }
}

std::string Sha256::finish()
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
  static const char* const k_hex = "0123456789abcdef";
  std::string out;
  out.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    out += k_hex[md[i] >> 4];
    out += k_hex[md[i] & 0x0f];
  }
  return out;
}

} // namespace fipsrock::verify
