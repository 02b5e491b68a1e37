// mvg-sim as a real process on 127.0.0.1:<free port>, with helpers for its /__sim admin API
// (faults, request counters). The integration tests' stand-in for the MVG API.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "support/process.hpp"

namespace bv::test {

class SimProcess {
 public:
  explicit SimProcess(std::vector<std::string> extra_args = {});

  std::uint16_t port() const { return port_; }
  // What the service's MVG_BASE_URL must be to talk to this simulator.
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/api/bgw-pt/v3"; }

  // POST /__sim/faults?<query> (replaces the fault set), DELETE /__sim/faults.
  void SetFaults(const std::string& query);
  void ClearFaults();
  // GET /__sim/stats: requests per upstream endpoint ("departures", "locations", ...).
  std::map<std::string, int> Stats();
  int Calls(const std::string& endpoint) { return Stats()[endpoint]; }
  void Reset();  // zero the counters and clear faults
  ChildProcess& process() { return *process_; }

 private:
  std::unique_ptr<ChildProcess> process_;
  std::uint16_t port_ = 0;
};

}  // namespace bv::test
