// Health endpoints: /api/v1/health (liveness with version and uptime), /api/v1/health/live and
// /api/v1/health/ready (503 while draining or when a required dependency is down).
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "http/router.hpp"

namespace bv::api {

// What readiness reports for one dependency.
struct CheckResult {
  std::string state;  // "ok", "down", "disabled", ...
  bool healthy = true;
};

// Readiness state: the drain flag plus one check per dependency. Thread-safe.
class Readiness {
 public:
  // `required`: an unhealthy result makes the whole service not ready.
  void AddCheck(std::string name, std::function<CheckResult()> check, bool required);
  void SetDraining() { draining_.store(true, std::memory_order_release); }
  bool draining() const { return draining_.load(std::memory_order_acquire); }

  struct Report {
    bool ready = true;
    std::vector<std::pair<std::string, std::string>> checks;  // name -> state
  };
  Report Evaluate() const;

 private:
  struct Check {
    std::string name;
    std::function<CheckResult()> check;
    bool required;
  };
  mutable std::mutex mutex_;  // guards checks_ (registration vs. probe); probes are rare
  std::vector<Check> checks_;
  std::atomic<bool> draining_{false};
};

struct HealthInfo {
  std::string version;
  std::chrono::steady_clock::time_point started_at;
};

void RegisterHealthRoutes(http::Router& router, HealthInfo info, const Readiness& readiness);

}  // namespace bv::api
