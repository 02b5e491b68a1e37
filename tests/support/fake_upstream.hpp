// A scripted stand-in for the MVG API at unit level: a real HTTP server on 127.0.0.1:<port>
// (the project's own server) whose answers a test function chooses. Integration tests use
// mvg-sim instead.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "support/test_server.hpp"

namespace bv::test {

struct SeenRequest {
  std::string target;  // path and query
  std::map<std::string, std::string> headers;  // lower-case names
};

struct Reply {
  unsigned status = 200;
  std::string body = "[]";
  std::string content_type = "application/json;charset=UTF-8";
  std::vector<std::pair<std::string, std::string>> headers;
  std::chrono::milliseconds delay{0};
  Reply& Header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

class FakeUpstream {
 public:
  using Script = std::function<Reply(const SeenRequest&)>;
  explicit FakeUpstream(Script script);

  std::string base_url() const;  // http://127.0.0.1:PORT/api/bgw-pt/v3
  int requests() const { return static_cast<int>(count_.load()); }
  std::vector<SeenRequest> seen() const;

 private:
  Script script_;
  mutable std::mutex mutex_;
  std::vector<SeenRequest> seen_;
  std::atomic<int> count_{0};
  std::unique_ptr<TestServer> server_;
};

}  // namespace bv::test
