// In-process single-flight (Go's singleflight.Do): concurrent requests for one key share one
// load. Waiters are woken when the load completes (a channel per waiter, not polling) and may
// give up after a wait limit without cancelling the load, which other waiters still need.
// Thread-safe; waiters may sit on any executor.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/system/result.hpp>

#include "cache/cached_value.hpp"
#include "mvg/upstream_error.hpp"

namespace bv::cache {

using Outcome = boost::system::result<std::shared_ptr<const CachedValue>, mvg::UpstreamError>;
struct Waiter;

class SingleFlight {
 public:
  SingleFlight();
  ~SingleFlight();

  // A place in the flight for one key: Enter() registers it, Wait() collects the outcome.
  struct Ticket {
    std::shared_ptr<Waiter> waiter;
    bool leader = false;  // true: no flight ran; the caller must start the load now
  };

  // Joins the flight for `key`, creating it if none runs (then ticket.leader is true and the
  // caller must arrange for Complete(key, ...) to be called exactly once). Call from the
  // coroutine that will Wait(): the waiter is bound to `executor`.
  Ticket Enter(const std::string& key, boost::asio::any_io_executor executor);

  // The flight's outcome, or nullopt if `wait_limit` passed first (the load goes on). If
  // `keep_waiting` is set and true when the limit passes, waits on for the outcome without a
  // limit: the load bounds itself (the MVG client's total deadline) and always completes its
  // flight, also when shutdown cancels it. The caller keeps `*keep_waiting` alive.
  boost::asio::awaitable<std::optional<Outcome>> Wait(std::string key, Ticket ticket,
                                                      std::chrono::milliseconds wait_limit,
                                                      const std::atomic<bool>* keep_waiting = nullptr);

  // Starts a flight for `key` if none runs (a background refresh nobody waits for yet);
  // returns false if one is already running.
  bool TryBegin(const std::string& key);

  // Ends the flight for `key` and hands `outcome` to every waiter.
  void Complete(const std::string& key, const Outcome& outcome);

  bool InFlight(const std::string& key) const;

  // Shutdown, once no thread runs the io_contexts and before they are destroyed: forgets every
  // flight, so that a load frame destroyed unfinished completes nothing (its waiters' channels
  // belong to contexts that may already be gone).
  void Abandon();

 private:
  struct Flight;
  mutable std::mutex mutex_;  // guards flights_; never held across co_await
  std::unordered_map<std::string, std::shared_ptr<Flight>> flights_;
};

}  // namespace bv::cache
