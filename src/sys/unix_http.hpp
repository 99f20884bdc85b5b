// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/error.hpp"

#include <chrono>
#include <string>

namespace fipsrock::sys {

struct HttpResponse {
  int status = 0;
  std::string body; // de-chunked
};

// `GET target HTTP/1.1` on the Unix socket at `socket_path` (snapd's REST API). Handles
// Content-Length and chunked bodies. An error means no HTTP answer: the socket is missing or
// refuses, the reply is not HTTP, or `timeout` passed; the message names the socket.
core::Expected<HttpResponse> http_get_unix(const std::string& socket_path,
                                           const std::string& target,
                                           std::chrono::milliseconds timeout);

} // namespace fipsrock::sys
