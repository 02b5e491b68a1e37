// Valkey Sentinel (high availability): which server is the master right now.
//
// A Connection configured with an AddressSource asks it for the server before every connect
// attempt instead of using a fixed host:port. MasterLocator is the Sentinel-backed source: it
// asks the sentinels (`SENTINEL get-master-addr-by-name`) once and remembers the answer until
//   - a connection to that master breaks or finds it read-only (a demoted master answers
//     `READONLY`): Forget(), and the next connect asks the sentinels again;
//   - a sentinel announces a failover (`+switch-master`, fed to Learn() by the client's
//     subscriptions): the new master is known at once and OnMoved() listeners close the
//     connections that still point at the old one.
// The protocol is the same for Valkey Sentinel and Redis Sentinel (Debian's redis-sentinel).
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "net/host_port.hpp"

namespace bv::valkey {

using Endpoint = net::HostPort;

// Where a connection goes; asked before every connect attempt.
class AddressSource {
 public:
  struct Located {
    std::optional<Endpoint> endpoint;
    std::string failure;  // why there is none (for logs and the commands that waited)
  };
  virtual ~AddressSource() = default;
  // The server to connect to now. May talk to other servers (bounded by their timeouts).
  virtual boost::asio::awaitable<Located> Locate() = 0;
  // A connection to `endpoint` broke or found a replica there: the next Locate() asks again.
  virtual void Forget(const Endpoint& endpoint) = 0;
};

struct SentinelOptions {
  std::vector<Endpoint> sentinels;
  std::string master_name;
  // The sentinels' own password (their `requirepass`), not the master's.
  std::optional<std::string> password;
  bool tls = false;  // as for the master (rediss:// / valkeys://)
  std::optional<std::string> tls_ca_file;
  std::chrono::milliseconds connect_timeout{2000};  // per sentinel asked
  std::chrono::milliseconds command_timeout{500};
};

class MasterLocator final : public AddressSource {
 public:
  explicit MasterLocator(SentinelOptions options);

  boost::asio::awaitable<Located> Locate() override;
  void Forget(const Endpoint& endpoint) override;

  // A `+switch-master` message: "<name> <old-ip> <old-port> <new-ip> <new-port>". True when it
  // names our master and moves it (the OnMoved listeners have run then).
  bool Learn(std::string_view announcement);
  // Runs (on the thread that called Learn) after every move; an empty function removes it.
  void OnMoved(std::function<void()> listener);

  const SentinelOptions& options() const { return options_; }
  std::optional<Endpoint> known_master() const;

 private:
  SentinelOptions options_;
  mutable std::mutex mutex_;
  std::optional<Endpoint> master_;
  std::size_t preferred_ = 0;  // the sentinel that answered last is asked first next time
  std::function<void()> on_moved_;
};

}  // namespace bv::valkey
