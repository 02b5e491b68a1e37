#include "support/sentinel_group.hpp"

#include <signal.h>

#include <fstream>
#include <stdexcept>
#include <thread>

#include "support/ports.hpp"

namespace bv::test {

using namespace std::chrono_literals;

SentinelGroup::SentinelGroup() {
  servers_.push_back(std::make_unique<ValkeyServer>());
  const std::string master_port = std::to_string(servers_[0]->port());
  servers_.push_back(std::make_unique<ValkeyServer>(std::vector<std::string>{"--replicaof", "127.0.0.1", master_port}));
  for (std::size_t i = 0; i < 3; ++i) {
    sentinel_ports_.push_back(0);
    sentinels_.push_back(nullptr);
    sentinel_ports_[i] = LaunchOnFreePort([&](std::uint16_t port) { LaunchSentinel(i, port); }, "redis-sentinel");
  }
  // The replica must be in sync before a failover can promote it, and every sentinel must know
  // it (they learn replicas from the master's INFO, every 10 s at most; once at start here).
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (true) {
    const auto info = RunCommand("redis-cli -p " + master_port + " INFO replication");
    bool sentinels_see_replica = true;
    for (const auto port : sentinel_ports_) {
      const auto replicas = RunCommand("redis-cli -p " + std::to_string(port) + " SENTINEL replicas " + kMasterName);
      sentinels_see_replica = sentinels_see_replica && replicas.output.find(std::to_string(servers_[1]->port())) != std::string::npos;
    }
    if (info.output.find("state=online") != std::string::npos && sentinels_see_replica) break;
    if (std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error("the Sentinel group did not come up:\n" + info.output);
    }
    std::this_thread::sleep_for(100ms);
  }
}

SentinelGroup::~SentinelGroup() {
  for (auto& s : sentinels_) {
    if (s) s->Signal(SIGKILL);
  }
}

void SentinelGroup::LaunchSentinel(std::size_t index, std::uint16_t port) {
  // Sentinels rewrite their configuration file (what they learn): one file each.
  const std::string conf = dir_.path() + "/sentinel-" + std::to_string(index) + ".conf";
  {
    std::ofstream out(conf);
    out << "port " << port << "\n"
        << "bind 127.0.0.1\n"
        << "daemonize no\n"
        << "protected-mode no\n"
        << "dir " << dir_.path() << "\n"
        << "sentinel monitor " << kMasterName << " 127.0.0.1 " << servers_[0]->port() << " 2\n"
        << "sentinel down-after-milliseconds " << kMasterName << " 1000\n"
        << "sentinel failover-timeout " << kMasterName << " 5000\n"
        << "sentinel parallel-syncs " << kMasterName << " 1\n";
  }
  ProcessOptions options;
  options.argv = {"/usr/bin/redis-sentinel", conf};
  sentinels_[index] = std::make_unique<ChildProcess>(std::move(options));
  if (!sentinels_[index]->WaitForLine("+monitor master", 10s)) {
    throw std::runtime_error("redis-sentinel did not start:\n" + sentinels_[index]->Output());
  }
}

std::string SentinelGroup::sentinels() const {
  std::string list;
  for (const auto port : sentinel_ports_) list += (list.empty() ? "" : ",") + ("127.0.0.1:" + std::to_string(port));
  return list;
}

std::uint16_t SentinelGroup::MasterPortNow() const {
  for (const auto port : sentinel_ports_) {
    const auto answer =
        RunCommand("redis-cli -p " + std::to_string(port) + " SENTINEL get-master-addr-by-name " + kMasterName);
    if (answer.status != 0) continue;
    const auto newline = answer.output.find('\n');
    if (newline == std::string::npos) continue;
    try {
      return static_cast<std::uint16_t>(std::stoi(answer.output.substr(newline + 1)));
    } catch (const std::exception&) {
      continue;
    }
  }
  return 0;
}

std::chrono::milliseconds SentinelGroup::KillMasterAndAwaitFailover(std::chrono::seconds limit) {
  const std::uint16_t old_port = master().port();
  const std::uint16_t new_port = replica().port();
  const auto killed = std::chrono::steady_clock::now();
  master().Kill();
  const auto deadline = killed + limit;
  while (MasterPortNow() != new_port) {
    if (std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error("no failover from port " + std::to_string(old_port) + " within the limit");
    }
    std::this_thread::sleep_for(50ms);
  }
  master_index_ = 1 - master_index_;
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - killed);
}

}  // namespace bv::test
