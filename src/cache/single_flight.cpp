#include "cache/single_flight.hpp"

#include <algorithm>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace bv::cache {

namespace asio = boost::asio;
using namespace asio::experimental::awaitable_operators;

// One waiter's mailbox: a thread-safe channel bound to the waiter's executor, so Complete()
// may post into it from any thread and the waiter resumes on its own executor.
struct Waiter {
  explicit Waiter(asio::any_io_executor executor) : channel(std::move(executor), 1) {}
  asio::experimental::concurrent_channel<void(boost::system::error_code, Outcome)> channel;
};

struct SingleFlight::Flight {
  std::vector<std::shared_ptr<Waiter>> waiters;
};

SingleFlight::SingleFlight() = default;
SingleFlight::~SingleFlight() = default;

SingleFlight::Ticket SingleFlight::Enter(const std::string& key, asio::any_io_executor executor) {
  Ticket ticket{std::make_shared<Waiter>(std::move(executor)), false};
  std::lock_guard lock(mutex_);
  auto& flight = flights_[key];
  if (!flight) {
    flight = std::make_shared<Flight>();
    ticket.leader = true;
  }
  flight->waiters.push_back(ticket.waiter);
  return ticket;
}

asio::awaitable<std::optional<Outcome>> SingleFlight::Wait(std::string key, Ticket ticket,
                                                            std::chrono::milliseconds wait_limit,
                                                            const std::atomic<bool>* keep_waiting) {
  asio::steady_timer timer(co_await asio::this_coro::executor, wait_limit);
  auto first = co_await (ticket.waiter->channel.async_receive(asio::as_tuple(asio::use_awaitable)) ||
                         timer.async_wait(asio::as_tuple(asio::use_awaitable)));
  if (first.index() == 0) {
    auto [ec, outcome] = std::get<0>(std::move(first));
    if (!ec) co_return outcome;
  } else if (keep_waiting && keep_waiting->load()) {
    // Still registered with the flight: the cancelled receive consumed nothing, and the
    // outcome, when posted, waits in the channel.
    auto [ec, outcome] = co_await ticket.waiter->channel.async_receive(asio::as_tuple(asio::use_awaitable));
    if (!ec) co_return outcome;
  }
  // Gave up: leave the flight (if it still runs) so Complete() does not post to us.
  std::lock_guard lock(mutex_);
  if (const auto it = flights_.find(key); it != flights_.end()) {
    auto& waiters = it->second->waiters;
    waiters.erase(std::remove(waiters.begin(), waiters.end(), ticket.waiter), waiters.end());
  }
  co_return std::nullopt;
}

bool SingleFlight::TryBegin(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto& flight = flights_[key];
  if (flight) return false;
  flight = std::make_shared<Flight>();
  return true;
}

void SingleFlight::Complete(const std::string& key, const Outcome& outcome) {
  std::shared_ptr<Flight> flight;
  {
    std::lock_guard lock(mutex_);
    const auto it = flights_.find(key);
    if (it == flights_.end()) return;
    flight = std::move(it->second);
    flights_.erase(it);
  }
  for (const auto& waiter : flight->waiters) {
    // Capacity 1 and one message per waiter: this never fails for a live waiter.
    waiter->channel.try_send(boost::system::error_code{}, outcome);
  }
}

void SingleFlight::Abandon() {
  std::lock_guard lock(mutex_);
  flights_.clear();
}

bool SingleFlight::InFlight(const std::string& key) const {
  std::lock_guard lock(mutex_);
  return flights_.count(key) > 0;
}

}  // namespace bv::cache
