// SPDX-License-Identifier: Apache-2.0
#include "testutil.hpp"

#include "sys/unix_http.hpp"

#include <doctest/doctest.h>

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstring>
#include <string>
#include <thread>
#include <utility>

using namespace std::chrono_literals;

namespace fipsrock::sys {

namespace {

int bound_socket(const std::string& path)
{
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  REQUIRE(fd >= 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  REQUIRE(path.size() < sizeof(address.sun_path));
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API
  REQUIRE(::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) == 0);
  return fd;
}

// Answers one connection on a Unix socket with `reply` (or, when `reply` is empty, reads the
// request and stays silent until the client hangs up), then stops.
class OneShotServer {
public:
  OneShotServer(const std::string& path, std::string reply)
      : m_listener(bound_socket(path)), m_reply(std::move(reply))
  {
    REQUIRE(::listen(m_listener, 1) == 0);
    m_thread = std::thread([this] { serve(); });
  }
  ~OneShotServer()
  {
    join();
    ::close(m_listener);
  }
  OneShotServer(const OneShotServer&) = delete;
  OneShotServer& operator=(const OneShotServer&) = delete;

  // What the client sent, up to the end of the headers; valid after the client is done.
  std::string request()
  {
    join();
    return m_request;
  }

private:
  void join()
  {
    if (m_thread.joinable()) {
      m_thread.join();
    }
  }

  void serve()
  {
    // Never block the test forever: give up when no client shows up.
    pollfd waiting{m_listener, POLLIN, 0};
    if (::poll(&waiting, 1, 5000) != 1) {
      return;
    }
    const int client = ::accept(m_listener, nullptr, nullptr);
    if (client < 0) {
      return;
    }
    std::array<char, 4096> buffer{};
    while (m_request.find("\r\n\r\n") == std::string::npos) {
      const ssize_t count = ::read(client, buffer.data(), buffer.size());
      if (count <= 0) {
        break;
      }
      m_request.append(buffer.data(), static_cast<std::size_t>(count));
    }
    if (m_reply.empty()) {
      pollfd hangup{client, POLLIN, 0};
      ::poll(&hangup, 1, 5000);
    } else {
      (void)!::write(client, m_reply.data(), m_reply.size());
    }
    ::close(client);
  }

  int m_listener;
  std::string m_reply;
  std::string m_request;
  std::thread m_thread;
};

} // namespace

TEST_CASE("sys::http_get_unix")
{
  test::ScratchDir dir;
  const std::string socket = dir.path() + "/snapd.socket";

  SUBCASE("a Content-Length body")
  {
    OneShotServer server(socket,
                         "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                         "Content-Length: 11\r\n\r\n{\"ok\":true}");
    const auto response = http_get_unix(socket, "/v2/snaps?snaps=core22", 5s);
    REQUIRE_MESSAGE(response.has_value(), (response ? "" : response.error().message));
    CHECK(response->status == 200);
    CHECK(response->body == "{\"ok\":true}");
    const auto request = server.request();
    CHECK(request.rfind("GET /v2/snaps?snaps=core22 HTTP/1.1\r\n", 0) == 0);
    CHECK(request.find("\r\nHost: localhost\r\n") != std::string::npos);
  }

  SUBCASE("a chunked body")
  {
    OneShotServer server(socket,
                         "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                         "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
    const auto response = http_get_unix(socket, "/v2/system-info", 5s);
    REQUIRE_MESSAGE(response.has_value(), (response ? "" : response.error().message));
    CHECK(response->status == 200);
    CHECK(response->body == "hello world");
  }

  SUBCASE("a 404 with a JSON body is a response, not an error")
  {
    const std::string body =
        R"({"type":"error","status-code":404,"result":{"kind":"snap-not-found"}})";
    OneShotServer server(socket,
                         "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n"
                         "Content-Length: " +
                             std::to_string(body.size()) + "\r\n\r\n" + body);
    const auto response = http_get_unix(socket, "/v2/snaps/nope", 5s);
    REQUIRE_MESSAGE(response.has_value(), (response ? "" : response.error().message));
    CHECK(response->status == 404);
    CHECK(response->body == body);
  }

  SUBCASE("a reply that is not HTTP")
  {
    OneShotServer server(socket, "SSH-2.0-OpenSSH_9.2\r\n\r\n");
    const auto response = http_get_unix(socket, "/", 5s);
    REQUIRE_FALSE(response.has_value());
    CHECK(response.error().message.rfind("no valid HTTP reply from " + socket + ": ", 0) == 0);
  }

  SUBCASE("a missing socket")
  {
    const auto response = http_get_unix(socket, "/", 5s);
    REQUIRE_FALSE(response.has_value());
    CHECK(response.error().message ==
          "cannot connect to " + socket + ": No such file or directory");
  }

  SUBCASE("a socket nobody listens on")
  {
    ::close(bound_socket(socket));
    const auto response = http_get_unix(socket, "/", 5s);
    REQUIRE_FALSE(response.has_value());
    CHECK(response.error().message == "cannot connect to " + socket + ": Connection refused");
  }

  SUBCASE("a server that never answers times out")
  {
    OneShotServer server(socket, "");
    const auto start = std::chrono::steady_clock::now();
    const auto response = http_get_unix(socket, "/", 300ms);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    REQUIRE_FALSE(response.has_value());
    CHECK(response.error().message ==
          "no HTTP reply from " + socket + " within 300 ms (timed out)");
    CHECK(elapsed >= 290ms);
    CHECK(elapsed < 1s);
  }
}

} // namespace fipsrock::sys
