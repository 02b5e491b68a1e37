#include "valkey/sentinel.hpp"

#include <boost/asio/this_coro.hpp>

#include "valkey/connection.hpp"

namespace bv::valkey {

namespace asio = boost::asio;

namespace {

std::vector<std::string_view> Words(std::string_view text) {
  std::vector<std::string_view> words;
  while (!text.empty()) {
    const auto start = text.find_first_not_of(' ');
    if (start == std::string_view::npos) break;
    text.remove_prefix(start);
    const auto end = text.find(' ');
    words.push_back(text.substr(0, end));
    text.remove_prefix(end == std::string_view::npos ? text.size() : end);
  }
  return words;
}

}  // namespace

ConnectionOptions SentinelConnectionOptions(const SentinelOptions& sentinels, const Endpoint& address) {
  ConnectionOptions o;
  o.host = address.host;
  o.port = address.port;
  o.password = sentinels.password;
  o.tls = sentinels.tls;
  o.tls_ca_file = sentinels.tls_ca_file;
  o.connect_timeout = sentinels.connect_timeout;
  o.command_timeout = sentinels.command_timeout;
  return o;
}

MasterLocator::MasterLocator(SentinelOptions options) : options_(std::move(options)) {}

std::optional<Endpoint> MasterLocator::known_master() const {
  std::lock_guard lock(mutex_);
  return master_;
}

asio::awaitable<AddressSource::Located> MasterLocator::Locate() {
  std::size_t first = 0;
  {
    std::lock_guard lock(mutex_);
    if (master_) co_return Located{master_, {}};
    first = preferred_;
  }
  // Ask the sentinels in turn, the one that answered last first; the first answer wins. Each
  // question is a short-lived connection: sentinels are asked rarely (start, failover, loss).
  const auto executor = co_await asio::this_coro::executor;
  std::string failures;
  const std::size_t count = options_.sentinels.size();
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t index = (first + i) % count;
    const Endpoint& sentinel = options_.sentinels[index];
    auto connection = std::make_shared<Connection>(executor, SentinelConnectionOptions(options_, sentinel));
    // A named vector, not a braced list inside co_await: GCC 12 miscompiles the latter.
    std::vector<std::string> question{"SENTINEL", "get-master-addr-by-name", options_.master_name};
    auto reply = co_await connection->Execute(std::move(question));
    connection->Close();
    std::string failure;
    if (!reply) {
      failure = reply.error().detail;
    } else if (reply->is_error()) {
      failure = reply->text;
    } else if (reply->type != Reply::Type::kArray || reply->elements.size() != 2) {
      failure = "does not know master " + options_.master_name;
    } else {
      Endpoint master{reply->elements[0].text, reply->elements[1].text};
      std::lock_guard lock(mutex_);
      master_ = master;
      preferred_ = index;
      co_return Located{std::move(master), {}};
    }
    failures += (failures.empty() ? "" : "; ") + ("sentinel " + sentinel.text() + ": " + failure);
  }
  co_return Located{std::nullopt, "no sentinel named the master " + options_.master_name + " (" + failures + ")"};
}

void MasterLocator::Forget(const Endpoint& endpoint) {
  std::lock_guard lock(mutex_);
  if (master_ == endpoint) master_.reset();
}

bool MasterLocator::Learn(std::string_view announcement) {
  const auto words = Words(announcement);
  if (words.size() != 5 || words[0] != options_.master_name || words[3].empty() || !net::ValidPort(words[4])) return false;
  Endpoint moved_to{std::string(words[3]), std::string(words[4])};
  std::function<void()> listener;
  {
    std::lock_guard lock(mutex_);
    if (master_ == moved_to) return false;  // another sentinel's copy of the same news
    master_ = std::move(moved_to);
    listener = on_moved_;
  }
  if (listener) listener();
  return true;
}

void MasterLocator::OnMoved(std::function<void()> listener) {
  std::lock_guard lock(mutex_);
  on_moved_ = std::move(listener);
}

}  // namespace bv::valkey
