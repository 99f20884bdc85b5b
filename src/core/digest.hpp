// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <string>
#include <string_view>

// OpenSSL's context type, declared so that <openssl/evp.h> stays out of this header.
struct evp_md_ctx_st;

namespace fipsrock::core {

// The SHA-256 of `data` as 64 lowercase hex digits.
std::string sha256_hex(std::string_view data);

// SHA-256 over data that arrives in pieces (a stream, a large file), through OpenSSL's EVP.
class Sha256 {
public:
  Sha256();
  ~Sha256();
  Sha256(Sha256&& other) noexcept;
  Sha256& operator=(Sha256&& other) noexcept;
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void update(std::string_view data);
  // The digest of everything fed since construction or the last hex_digest(), as 64 lowercase
  // hex digits; the hasher then starts over. Empty only if OpenSSL could not allocate a context.
  std::string hex_digest();

private:
  struct Free {
    void operator()(evp_md_ctx_st* ctx) const;
  };
  std::unique_ptr<evp_md_ctx_st, Free> m_ctx;
};

} // namespace fipsrock::core
