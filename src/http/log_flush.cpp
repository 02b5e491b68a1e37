#include "http/log_flush.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "obs/log.hpp"

namespace bv::http {
namespace {

namespace asio = boost::asio;

asio::awaitable<void> FlushEvery(std::chrono::milliseconds interval) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  for (;;) {
    timer.expires_after(interval);
    const auto [error] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    if (error) co_return;
    obs::FlushThreadLogBuffer();
  }
}

}  // namespace

void StartLogBufferFlush(IoPool& pool, std::chrono::milliseconds interval) {
  for (std::size_t i = 0; i < pool.size(); ++i) {
    asio::co_spawn(pool.context(i), FlushEvery(interval), asio::detached);
  }
}

}  // namespace bv::http
