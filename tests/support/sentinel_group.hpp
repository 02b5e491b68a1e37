// Valkey with Sentinel failover for tests, all on loopback: a master, one replica and three
// sentinels (Debian's redis-server and redis-sentinel; the protocol is Valkey Sentinel's).
// Sentinels decide quickly (down after 1 s, quorum 2) so a failover takes a few seconds.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "support/process.hpp"
#include "support/valkey_server.hpp"

namespace bv::test {

class SentinelGroup {
 public:
  static constexpr const char* kMasterName = "bvmaster";
  SentinelGroup();
  ~SentinelGroup();

  // "127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3", for VALKEY_SENTINELS.
  std::string sentinels() const;
  ValkeyServer& master() { return *servers_[master_index_]; }
  ValkeyServer& replica() { return *servers_[1 - master_index_]; }
  // The port the sentinels name as master now (asks the first sentinel that answers); 0 if none.
  std::uint16_t MasterPortNow() const;
  // SIGKILL the master; returns once the sentinels named the replica as master (or throws after
  // `limit`). The returned duration is kill -> promotion as the sentinels saw it.
  std::chrono::milliseconds KillMasterAndAwaitFailover(std::chrono::seconds limit = std::chrono::seconds(30));

 private:
  void LaunchSentinel(std::size_t index, std::uint16_t port);
  std::vector<std::unique_ptr<ValkeyServer>> servers_;  // [0] starts as master, [1] as replica
  std::size_t master_index_ = 0;
  TempDir dir_;
  std::vector<std::uint16_t> sentinel_ports_;
  std::vector<std::unique_ptr<ChildProcess>> sentinels_;
};

}  // namespace bv::test
