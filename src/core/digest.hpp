// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

namespace fipsrock::core {

// The SHA-256 of `data` as 64 lowercase hex digits.
std::string sha256_hex(std::string_view data);

// SHA-256 over data that arrives in pieces (a stream, a large file).
class Sha256 {
public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void update(std::string_view data);
  // The digest as 64 lowercase hex digits; the object is spent afterwards.
  std::string hex_digest();

private:
  void* m_ctx; // EVP_MD_CTX, kept out of this header
};

} // namespace fipsrock::core
