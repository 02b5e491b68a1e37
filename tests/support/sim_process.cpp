#include "support/sim_process.hpp"

#include <stdexcept>

#include <boost/json/parse.hpp>

#include "support/http_client.hpp"
#include "support/paths.hpp"

namespace bv::test {

SimProcess::SimProcess(std::vector<std::string> extra_args) {
  ProcessOptions options;
  options.argv = {kSimBinary, "--host", "127.0.0.1", "--port", "0"};
  options.argv.insert(options.argv.end(), extra_args.begin(), extra_args.end());
  process_ = std::make_unique<ChildProcess>(std::move(options));
  const auto line = process_->WaitForLine("listening on ", std::chrono::seconds(20));
  if (!line) throw std::runtime_error("mvg-sim did not start:\n" + process_->Output());
  port_ = ParseListeningPort(*line);
}

void SimProcess::SetFaults(const std::string& query) {
  HttpClient client("127.0.0.1", port_);
  const auto res = client.Request("POST", "/__sim/faults?" + query);
  if (!res || res->status != 200) throw std::runtime_error("cannot set faults: " + query);
}

void SimProcess::ClearFaults() {
  HttpClient client("127.0.0.1", port_);
  if (!client.Request("DELETE", "/__sim/faults")) throw std::runtime_error("cannot clear faults");
}

void SimProcess::Reset() {
  HttpClient client("127.0.0.1", port_);
  if (!client.Request("POST", "/__sim/reset")) throw std::runtime_error("cannot reset mvg-sim");
}

std::map<std::string, int> SimProcess::Stats() {
  const auto res = HttpGet(port_, "/__sim/stats");
  if (!res || res->status != 200) throw std::runtime_error("cannot read /__sim/stats");
  std::map<std::string, int> stats;
  const boost::json::value doc = boost::json::parse(res->body);  // named: the loop refers into it
  for (const auto& [key, value] : doc.at("requests").as_object()) {
    stats[std::string(key)] = static_cast<int>(value.to_number<std::int64_t>());
  }
  return stats;
}

}  // namespace bv::test
