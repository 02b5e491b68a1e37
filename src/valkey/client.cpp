#include "valkey/client.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/url/parse.hpp>

namespace bv::valkey {

namespace asio = boost::asio;

boost::system::result<ConnectionOptions, std::string> ParseUrl(const std::string& text) {
  // in_place_error: ConnectionOptions (an aggregate) is constructible from a string too.
  const auto fail = [](std::string why) {
    return boost::system::result<ConnectionOptions, std::string>(boost::system::in_place_error, std::move(why));
  };
  const auto url = boost::urls::parse_absolute_uri(text);
  if (!url) return fail("not a URL");
  const std::string scheme(url->scheme());
  if (scheme != "redis" && scheme != "valkey" && scheme != "rediss" && scheme != "valkeys") {
    return fail("unknown scheme " + scheme);
  }
  ConnectionOptions o;
  o.tls = scheme == "rediss" || scheme == "valkeys";
  o.host = url->host();
  if (o.host.empty()) return fail("no host");
  if (url->has_port()) o.port = std::string(url->port());
  if (url->has_userinfo()) {
    const std::string user = url->user();
    if (!user.empty()) o.username = user;
    if (url->has_password()) o.password = url->password();
  }
  const std::string path = url->path();
  if (path.size() > 1) o.db = std::stoi(path.substr(1));
  return o;
}

Client::Client(std::vector<asio::any_io_executor> executors, ClientOptions options, const clock::Clock& clock)
    : options_(std::move(options)), clock_(clock) {
  if (options_.sentinel) {
    locator_ = std::make_shared<MasterLocator>(*options_.sentinel);
    options_.connection.address_source = locator_;
  }
  for (std::size_t i = 0; i < std::max<std::size_t>(1, options_.connections); ++i) {
    connections_.push_back(std::make_shared<Connection>(executors[i % executors.size()], options_.connection, clock_));
  }
  subscriber_executor_ = executors.back();
  if (locator_) WatchSentinels();
}

Client::~Client() { Stop(); }

void Client::WatchSentinels() {
  // Every sentinel announces a failover; listening to all of them means one dead sentinel
  // does not hide it (duplicates are ignored by MasterLocator::Learn).
  for (const Endpoint& sentinel : options_.sentinel->sentinels) {
    auto watcher = std::make_shared<Connection>(subscriber_executor_,
                                                SentinelConnectionOptions(*options_.sentinel, sentinel), clock_);
    watcher->SetSubscriber({"SUBSCRIBE", "+switch-master"}, [locator = std::weak_ptr<MasterLocator>(locator_)](const Reply& reply) {
      if (reply.type != Reply::Type::kArray || reply.elements.size() != 3 || reply.elements[0].text != "message") return;
      if (auto l = locator.lock()) l->Learn(reply.elements[2].text);
    });
    sentinel_watchers_.push_back(std::move(watcher));
  }
}

asio::awaitable<Result> Client::Command(std::vector<std::string> args) {
  auto& connection = connections_[next_.fetch_add(1, std::memory_order_relaxed) % connections_.size()];
  co_return co_await connection->Execute(std::move(args));
}

void Client::Subscribe(std::string channel, std::function<void(std::string_view)> on_message) {
  (*handlers_)[std::move(channel)] = std::move(on_message);
  if (!subscriber_) subscriber_ = std::make_shared<Connection>(subscriber_executor_, options_.connection, clock_);
  // One connection for every channel: SUBSCRIBE a b c, sent again after every reconnect.
  std::vector<std::string> subscribe{"SUBSCRIBE"};
  for (const auto& [name, handler] : *handlers_) subscribe.push_back(name);
  subscriber_->SetSubscriber(std::move(subscribe), [handlers = handlers_](const Reply& reply) {
    // ["message", channel, payload]; "subscribe" confirmations are skipped.
    if (reply.type != Reply::Type::kArray || reply.elements.size() != 3 || reply.elements[0].text != "message") return;
    const auto it = handlers->find(reply.elements[1].text);
    if (it != handlers->end()) it->second(reply.elements[2].text);
  });
}

void Client::Start() {
  if ((!subscriber_ && sentinel_watchers_.empty()) || running_->exchange(true)) return;
  if (locator_) {
    // After a failover, connections to the old master go at once (it may still answer reads
    // until it is demoted); they reconnect to the new one without back-off. The listener owns
    // the connections: Stop() removes it, breaking the cycle through the connections' options.
    std::vector<std::shared_ptr<Connection>> to_move = connections_;
    if (subscriber_) to_move.push_back(subscriber_);
    locator_->OnMoved([to_move] {
      for (const auto& c : to_move) c->Reconnect();
    });
  }
  asio::co_spawn(subscriber_executor_, KeepSubscribed(), asio::detached);
}

void Client::Stop() {
  running_->store(false);
  if (locator_) locator_->OnMoved({});
  if (subscriber_) subscriber_->Close();
  for (auto& c : sentinel_watchers_) c->Close();
  for (auto& c : connections_) c->Close();
}


asio::awaitable<void> Client::KeepSubscribed() {
  // Owns what it uses: the client may be destroyed while this sleeps.
  auto running = running_;
  std::vector<std::shared_ptr<Connection>> subscribers = sentinel_watchers_;
  if (subscriber_) subscribers.push_back(subscriber_);
  asio::steady_timer timer(co_await asio::this_coro::executor);
  while (running->load()) {
    for (const auto& subscriber : subscribers) {
      if (!subscriber->connected()) co_await subscriber->Connect();
    }
    timer.expires_after(std::chrono::milliseconds(100));
    co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
  }
}

}  // namespace bv::valkey
