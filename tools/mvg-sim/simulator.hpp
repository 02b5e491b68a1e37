// Everything the simulator's handlers share: the network and its derived indexes (read-only),
// the clock, the fault settings and the request counters (thread-safe). Built once at start.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "faults.hpp"
#include "network.hpp"
#include "search.hpp"
#include "timetable.hpp"

namespace bv::sim {

// Wall-clock time, or a frozen instant for reproducible tests. Thread-safe.
class SimClock {
 public:
  std::int64_t NowMs() const {
    const std::int64_t frozen = frozen_ms_.load(std::memory_order_acquire);
    if (frozen >= 0) return frozen;
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
  void Freeze(std::int64_t ms) { frozen_ms_.store(ms, std::memory_order_release); }
  void Unfreeze() { frozen_ms_.store(-1, std::memory_order_release); }
  bool frozen() const { return frozen_ms_.load(std::memory_order_acquire) >= 0; }

 private:
  std::atomic<std::int64_t> frozen_ms_{-1};
};

class Simulator {
 public:
  Simulator(Network network, std::uint64_t seed);
  Simulator(const Simulator&) = delete;  // the timetable and search point into network_
  Simulator& operator=(const Simulator&) = delete;

  const Network& network() const { return network_; }
  const Timetable& timetable() const { return timetable_; }
  const StationSearch& search() const { return search_; }
  std::uint64_t seed() const { return seed_; }
  SimClock& clock() { return clock_; }
  FaultState& faults() { return faults_; }
  Stats& stats() { return stats_; }

  // Bodies that never change, serialised once and shared by every answer.
  std::shared_ptr<const std::string> catalogue_json() const { return catalogue_json_; }
  const std::string& catalogue_hash() const { return catalogue_hash_; }
  std::shared_ptr<const std::string> lines_json() const { return lines_json_; }
  std::shared_ptr<const std::string> zdm_stations_json() const { return zdm_stations_json_; }

 private:
  Network network_;
  std::uint64_t seed_;
  Timetable timetable_;
  StationSearch search_;
  SimClock clock_;
  FaultState faults_;
  Stats stats_;
  std::string catalogue_hash_;
  std::shared_ptr<const std::string> catalogue_json_;
  std::shared_ptr<const std::string> lines_json_;
  std::shared_ptr<const std::string> zdm_stations_json_;
};

}  // namespace bv::sim
