// A cache Fetcher for cache tests: counts its calls and answers by a script the test changes
// between calls. Shared by the in-process and the fleet cache tests.
#pragma once

#include <atomic>
#include <chrono>
#include <string>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "cache/cache.hpp"

namespace bv::test {

class CountingFetcher {
 public:
  // What the next calls answer: body "v<N>" (N = call number, counted over every fetcher made
  // here), or a 503 with Retry-After `retry_after` when `fail`, or a not-found marker.
  bool fail = false;
  bool not_found = false;
  std::chrono::seconds retry_after{0};

  // A fetcher answering after `delay`.
  cache::Fetcher Make(std::chrono::milliseconds delay = std::chrono::milliseconds(0)) {
    return [this, delay]() -> boost::asio::awaitable<cache::FetchOutcome> {
      const int n = ++calls_;
      if (delay.count() > 0) {
        boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, delay);
        co_await timer.async_wait(boost::asio::use_awaitable);
      }
      if (fail) co_return mvg::UpstreamError{mvg::UpstreamError::Kind::kStatus5xx, retry_after, "503"};
      if (not_found) co_return cache::Fill{cache::ValueKind::kNotFound, R"({"detail":"Station not found"})", nullptr};
      co_return cache::Fill{cache::ValueKind::kFound, "v" + std::to_string(n), nullptr};
    };
  }

  int calls() const { return calls_.load(); }

 private:
  std::atomic<int> calls_{0};
};

}  // namespace bv::test
