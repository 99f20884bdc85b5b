// SPDX-License-Identifier: Apache-2.0
#include "sys/unix_http.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <cstdint>
#include <exception>
#include <string>
#include <utility>

namespace fipsrock::sys {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using Socket = asio::local::stream_protocol::socket;

// snapd's larger answers (snap info, assertions) stay well below this.
constexpr std::uint64_t k_body_limit = std::uint64_t{64} * 1024 * 1024;

// One GET on one connection: connect, send, read, each step started by the previous one.
class Exchange {
public:
  Exchange(asio::io_context& io, const std::string& socket_path, const std::string& target)
      : m_socket(io), m_socket_path(socket_path), m_request(http::verb::get, target, 11)
  {
    m_request.set(http::field::host, "localhost");
    m_request.set(http::field::user_agent, "fipsrock");
    m_request.set(http::field::connection, "close");
    m_parser.body_limit(k_body_limit);
  }

  void start()
  {
    m_socket.async_connect(asio::local::stream_protocol::endpoint(m_socket_path),
                           [this](const boost::system::error_code& ec) {
                             if (ec) {
                               fail("cannot connect to " + m_socket_path, ec);
                               return;
                             }
                             send();
                           });
  }

  void close()
  {
    boost::system::error_code ignored;
    m_socket.close(ignored);
  }

  bool done() const { return m_done; }

  core::Expected<HttpResponse> result()
  {
    if (!m_error.empty()) {
      return core::make_error(m_error);
    }
    HttpResponse response;
    response.status = static_cast<int>(m_parser.get().result_int());
    response.body = std::move(m_parser.get().body());
    return response;
  }

private:
  void send()
  {
    http::async_write(
        m_socket, m_request, [this](const boost::system::error_code& ec, std::size_t /*size*/) {
          if (ec) {
            fail("cannot send a request to " + m_socket_path, ec);
            return;
          }
          receive();
        });
  }

  void receive()
  {
    http::async_read(m_socket,
                     m_buffer,
                     m_parser,
                     [this](const boost::system::error_code& ec, std::size_t /*size*/) {
                       if (ec) {
                         fail("no valid HTTP reply from " + m_socket_path, ec);
                         return;
                       }
                       m_done = true;
                     });
  }

  void fail(const std::string& what, const boost::system::error_code& ec)
  {
    m_error = what + ": " + ec.message();
    m_done = true;
  }

  Socket m_socket;
  std::string m_socket_path;
  http::request<http::empty_body> m_request;
  beast::flat_buffer m_buffer;
  http::response_parser<http::string_body> m_parser;
  std::string m_error;
  bool m_done = false;
};

} // namespace

core::Expected<HttpResponse> http_get_unix(const std::string& socket_path,
                                           const std::string& target,
                                           std::chrono::milliseconds timeout)
{
  try {
    asio::io_context io;
    Exchange exchange(io, socket_path, target);
    exchange.start();
    io.run_for(timeout);
    if (!exchange.done()) {
      // Closing aborts the pending operation; run again so its handler completes before the
      // exchange it refers to goes away.
      exchange.close();
      io.restart();
      io.run();
      return core::make_error("no HTTP reply from " + socket_path + " within " +
                              std::to_string(timeout.count()) + " ms (timed out)");
    }
    return exchange.result();
  } catch (const std::exception& e) {
    return core::make_error("cannot query " + socket_path + ": " + e.what());
  } catch (...) {
    return core::make_error("cannot query " + socket_path + ": unknown error");
  }
}

} // namespace fipsrock::sys
