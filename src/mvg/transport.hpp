// HTTP/1.1 GET over TCP or TLS to one upstream host, with pooled keep-alive connections.
// Guarantees: every call ends by its deadline; TLS verifies the certificate chain against the
// system store and the host name; a pooled connection that turns out to be closed is retried
// once on a fresh one (that is not an upstream failure). Connections are pooled per io_context
// (worker): a socket is only touched by the thread that created it. Thread-safe.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/system/result.hpp>

namespace bv::mvg {

struct TransportOptions {
  std::string scheme = "https";  // "http" or "https"
  std::string host;
  std::string port;              // "443" by default for https
  std::chrono::milliseconds connect_timeout{std::chrono::seconds{3}};
  std::string user_agent;
  std::size_t max_idle_connections = 32;
  // Per io_context (worker): open connections, and calls waiting for one once that many are
  // open. 0: no limit. Beyond both, Get() fails at once with kLimited.
  std::size_t max_connections = 0;
  std::size_t max_pending = 0;
  std::chrono::seconds max_idle_time{30};  // MVG's load balancers close idle connections too
  std::size_t max_body_bytes = 64 * 1024 * 1024;  // the full station catalogue is ~13 MiB
};

struct TransportResponse {
  unsigned status = 0;
  std::string content_type;
  std::string retry_after;
  std::string body;
};

struct TransportError {
  enum class Kind {
    kConnect,   // resolve, connect or TLS handshake failed
    kTimeout,   // the deadline passed
    kClosed,    // the connection closed or reset before a complete answer
    kProtocol,  // the answer was not valid HTTP/1.1
    kLimited,   // not sent: max_connections open and max_pending calls waiting (or the wait timed out)
  };
  Kind kind;
  std::string detail;
  std::string_view limit = {};  // kLimited: "connections" (the wait timed out) or "pending"
};

class Transport {
 public:
  explicit Transport(TransportOptions options);
  ~Transport();

  // GETs `target` (path and query from the root). `headers` are added to the request.
  boost::asio::awaitable<boost::system::result<TransportResponse, TransportError>> Get(
      std::string target, std::vector<std::pair<std::string, std::string>> headers,
      std::chrono::steady_clock::time_point deadline);

  // Closes the idle connections. Shutdown calls it once no thread runs the io_contexts, before
  // they are destroyed (the sockets belong to them).
  void CloseIdle();

 private:
  struct Connection;
  struct Pool;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace bv::mvg
