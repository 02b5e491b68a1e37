// A small HTTP/1.1 test client over real loopback sockets, with a deadline on every call.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace bv::test {

struct HttpResult {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  bool keep_alive = true;

  std::string Header(const std::string& lower_name) const {
    const auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
  bool HasHeader(const std::string& lower_name) const { return headers.count(lower_name) > 0; }
};

using Headers = std::vector<std::pair<std::string, std::string>>;

// One persistent (keep-alive) connection. Not thread-safe; use one per thread.
class HttpClient {
 public:
  HttpClient(std::string host, std::uint16_t port,
             std::chrono::milliseconds timeout = std::chrono::seconds(10));
  ~HttpClient();

  // Sends a request on the current connection (connecting first if needed) and reads the
  // answer. Returns nullopt on any transport error (the connection is then closed).
  std::optional<HttpResult> Request(const std::string& method, const std::string& target,
                                    const Headers& headers = {}, const std::string& body = {});
  std::optional<HttpResult> Get(const std::string& target, const Headers& headers = {}) {
    return Request("GET", target, headers);
  }
  bool connected() const;
  // Whether the last Request() reused an existing connection.
  bool reused() const { return reused_; }
  void Close();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  bool reused_ = false;
};

// One request on a fresh connection.
std::optional<HttpResult> HttpGet(std::uint16_t port, const std::string& target,
                                  const Headers& headers = {});

// Sends raw bytes (in chunks with `pause` between them, to act like a slow client), then reads
// until the server closes the connection or `timeout` passes. Returns what was received and
// whether the server closed the connection.
struct RawResult {
  std::string received;
  bool closed_by_server = false;
  std::chrono::milliseconds elapsed{0};
};
RawResult RawExchange(std::uint16_t port, const std::vector<std::string>& chunks,
                      std::chrono::milliseconds pause, std::chrono::milliseconds timeout);

// `count` GETs of `target` at the same time, each on its own connection (one thread, async
// I/O); results in start order, nullopt where a request failed.
std::vector<std::optional<HttpResult>> ConcurrentGets(std::uint16_t port, const std::string& target, int count,
                                                      std::chrono::milliseconds timeout = std::chrono::seconds(20));
// One GET per target, all at the same time, each on its own connection; results in order.
std::vector<std::optional<HttpResult>> ConcurrentGets(std::uint16_t port, const std::vector<std::string>& targets,
                                                      std::chrono::milliseconds timeout = std::chrono::seconds(20));

// Status code of the first response in raw bytes ("HTTP/1.1 431 ..." -> 431), 0 if none.
int StatusOf(const std::string& raw_response);

}  // namespace bv::test
