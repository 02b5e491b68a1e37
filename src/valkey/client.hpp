// The service's Valkey client: a few pipelined connections for commands (round robin) and one
// subscriber connection that stays connected (reconnecting with back-off) for fill
// notifications. No call blocks a thread. Thread-safe. With Sentinel, one more subscriber
// connection per sentinel listens for failovers.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/system/result.hpp>

#include "valkey/connection.hpp"

namespace bv::valkey {

struct ClientOptions {
  ConnectionOptions connection;  // with `sentinel`: host and port are unused
  std::size_t connections = 2;
  // Valkey Sentinel: the master is whichever server the sentinels name (valkey/sentinel.hpp);
  // the client follows failovers (`+switch-master`) and never writes to a replica.
  std::optional<SentinelOptions> sentinel;
};

// Parses redis://, rediss://, valkey://, valkeys:// URLs: [user[:password]@]host[:port][/db];
// the `s` schemes turn on TLS.
boost::system::result<ConnectionOptions, std::string> ParseUrl(const std::string& url);

class Client {
 public:
  // `executors`: where connections live (one per connection, cycled). `clock` (reconnect
  // back-offs) must outlive the client.
  Client(std::vector<boost::asio::any_io_executor> executors, ClientOptions options,
         const clock::Clock& clock = clock::SystemClock::Instance());
  ~Client();

  boost::asio::awaitable<Result> Command(std::vector<std::string> args);

  // Subscribes to `channel`; `on_message(payload)` runs on the subscriber's strand for every
  // message. The subscription is renewed after every reconnect. Call before Start(), once per
  // channel; all channels share one subscriber connection.
  void Subscribe(std::string channel, std::function<void(std::string_view payload)> on_message);
  // Keeps the subscriber connected until Stop().
  void Start();
  // The subscriber's epoch (Connection::subscription_epoch); 0 without a subscription.
  std::uint64_t SubscriptionEpoch() const { return subscriber_ ? subscriber_->subscription_epoch() : 0; }
  void Stop();

 private:
  boost::asio::awaitable<void> KeepSubscribed();
  void WatchSentinels();

  ClientOptions options_;
  const clock::Clock& clock_;
  std::shared_ptr<MasterLocator> locator_;  // Sentinel only
  std::vector<std::shared_ptr<Connection>> sentinel_watchers_;  // one per sentinel: +switch-master
  std::vector<std::shared_ptr<Connection>> connections_;
  std::shared_ptr<Connection> subscriber_;
  using Handlers = std::map<std::string, std::function<void(std::string_view)>, std::less<>>;
  std::shared_ptr<Handlers> handlers_ = std::make_shared<Handlers>();
  boost::asio::any_io_executor subscriber_executor_;
  std::atomic<std::size_t> next_{0};
  std::shared_ptr<std::atomic<bool>> running_ = std::make_shared<std::atomic<bool>>(false);
};

}  // namespace bv::valkey
