// Shares MVG's rate limits across the fleet. When MVG answers one replica 429/403/509 with a
// Retry-After, that replica's breaker for the endpoint holds open until then (mvg::Client); this
// tells the other replicas, so they hold theirs too instead of each spending one more call (and
// earning one more 429) to learn it.
//
// On Valkey: the key <prefix>mvg-hold:<endpoint> (expiring with the hold) for replicas that start
// while a hold lasts, and a message "<endpoint> <milliseconds> <replica>" on <prefix>mvg-holds
// for the running ones. Best effort: with Valkey down each replica learns on its own again.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "cache/fleet.hpp"
#include "mvg/client.hpp"
#include "obs/metrics.hpp"
#include "valkey/client.hpp"

namespace bv::app {

// A message on <prefix>mvg-holds: "<endpoint> <milliseconds> <replica>". nullopt when malformed
// (such messages are ignored).
struct HoldMessage {
  std::string_view endpoint;
  long long hold_ms = 0;  // > 0
  std::string_view replica;
};
std::optional<HoldMessage> ParseHoldMessage(std::string_view payload);

class MvgHoldSharing {
 public:
  MvgHoldSharing(mvg::Client& mvg, valkey::Client& valkey, cache::Fleet& fleet, obs::Registry& registry);

  // Subscribes to the holds channel and listens to `mvg`'s rate limits. Call before the Valkey
  // client starts (cache::Fleet::Start starts it); publications go to `executor`.
  void Install(boost::asio::any_io_executor executor);
  // Applies the holds other replicas set before this one started (runs on `executor`).
  void LoadCurrentHolds();

 private:
  void OnRateLimited(std::string_view endpoint, std::chrono::seconds retry_after);
  void OnMessage(std::string_view payload);
  boost::asio::awaitable<void> Publish(std::string endpoint, std::chrono::milliseconds hold);
  boost::asio::awaitable<void> ReadHolds();
  std::string HoldKey(std::string_view endpoint) const;

  mvg::Client& mvg_;
  valkey::Client& valkey_;
  cache::Fleet& fleet_;
  const std::string channel_;
  const std::string replica_;  // tells our own messages apart
  boost::asio::any_io_executor executor_;
  obs::Family<obs::Counter>& shared_;
  obs::Counter& published_;
  obs::Counter& applied_;
};

}  // namespace bv::app
