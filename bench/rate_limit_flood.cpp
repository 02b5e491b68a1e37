// The client rate limiter under a flood of distinct clients (docs/operations/limits.md).
//
// One replica's limiter, driven in-process: a "well-behaved" client calls Check() on one thread
// and every call is timed, while a second thread sends either ordinary traffic (1,000 clients
// over and over: the reference) or a flood of 1,000,000 distinct clients (one request each, as
// from rotating IPv6 /64s). Rounds alternate reference / flood so that both see the same
// machine; the median of the rounds' p99 is reported for each, with their ratio (target <= 2),
// and the resident memory the flood added (bound: documented in limits.md).
//
//   bv_bench_rate_limit [--flood N] [--max-clients N] [--rounds N]
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "obs/metrics.hpp"
#include "ratelimit/rate_limiter.hpp"

namespace {

using Clock = std::chrono::steady_clock;

std::size_t ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  std::size_t size = 0, resident = 0;
  statm >> size >> resident;
  return resident * static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
}

// "2001:db8:XXXX:YYYY::/64" for client i, formatted into `buffer` (no heap).
std::string_view FloodKey(std::size_t i, std::array<char, 64>& buffer) {
  const auto end = fmt::format_to_n(buffer.data(), buffer.size(), "2001:db8:{:x}:{:x}::/64", (i >> 16) & 0xffff,
                                    i & 0xffff);
  return {buffer.data(), end.size};
}

struct Round {
  double p50_ns = 0;
  double p99_ns = 0;
  double background_ns_per_check = 0;
};

// The well-behaved client's Check() latencies while `background` runs `operations` checks.
Round Measure(bv::ratelimit::RateLimiter& limiter, std::size_t operations, bool flood, std::size_t& flood_next) {
  std::atomic<bool> done{false};
  std::vector<std::uint32_t> samples;
  samples.reserve(4'000'000);
  std::thread background([&] {
    std::array<char, 64> buffer{};
    for (std::size_t i = 0; i < operations; ++i) {
      const std::size_t id = flood ? flood_next++ : 0xfff0000 + i % 1000;
      limiter.Check(FloodKey(id, buffer));
    }
    done.store(true);
  });
  const auto background_start = Clock::now();
  while (!done.load(std::memory_order_relaxed) && samples.size() < samples.capacity()) {
    const auto t0 = Clock::now();
    limiter.Check("198.51.100.7");
    const auto t1 = Clock::now();
    samples.push_back(static_cast<std::uint32_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - t0).count()));
  }
  background.join();
  const double elapsed = std::chrono::duration<double, std::nano>(Clock::now() - background_start).count();
  Round r;
  if (samples.empty()) return r;
  std::sort(samples.begin(), samples.end());
  r.p50_ns = samples[samples.size() / 2];
  r.p99_ns = samples[samples.size() * 99 / 100];
  r.background_ns_per_check = elapsed / static_cast<double>(operations);
  return r;
}

std::string CounterValue(const std::string& exposition, std::string_view name) {
  const auto at = exposition.find(std::string("\n") + std::string(name) + " ");
  if (at == std::string::npos) return "?";
  const auto start = at + name.size() + 2;
  return exposition.substr(start, exposition.find('\n', start) - start);
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t flood = 1'000'000;
  std::size_t max_clients = 100'000;
  int rounds = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view flag = argv[i];
    const auto value = std::strtoull(argv[i + 1], nullptr, 10);
    if (flag == "--flood") flood = value;
    else if (flag == "--max-clients") max_clients = value;
    else if (flag == "--rounds") rounds = static_cast<int>(value);
  }
  bv::obs::Registry registry;
  bv::ratelimit::LimiterOptions options{1'000'000, 1'000'000};  // nobody is refused: the cost of tracking is measured
  options.max_clients = max_clients;
  bv::ratelimit::RateLimiter limiter(options, registry, nullptr);

  const std::size_t rss_before = ResidentBytes();
  std::size_t flood_next = 0;
  const std::size_t per_round = flood / static_cast<std::size_t>(rounds);
  std::vector<double> ref_p99, flood_p99, ref_p50, flood_p50, ref_cost, flood_cost;
  for (int round = 0; round < rounds; ++round) {
    const Round ref = Measure(limiter, per_round, false, flood_next);
    const Round hit = Measure(limiter, per_round, true, flood_next);
    ref_p99.push_back(ref.p99_ns);
    ref_p50.push_back(ref.p50_ns);
    ref_cost.push_back(ref.background_ns_per_check);
    flood_p99.push_back(hit.p99_ns);
    flood_p50.push_back(hit.p50_ns);
    flood_cost.push_back(hit.background_ns_per_check);
  }
  const std::size_t rss_after = ResidentBytes();
  const double growth_mib = (static_cast<double>(rss_after) - static_cast<double>(rss_before)) / (1024.0 * 1024.0);
  const double ratio = Median(flood_p99) / Median(ref_p99);

  fmt::print("rate limiter flood: {} distinct clients in {} rounds, RATE_LIMIT_MAX_CLIENTS={}\n", flood_next, rounds,
             max_clients);
  fmt::print("  tracked after the flood: {} (max {}), evictions: {}\n", limiter.clients(), limiter.max_clients(),
             CounterValue(registry.Expose(), "bahnvision_rate_limit_evictions_total"));
  fmt::print("  well-behaved client Check(): reference p50 {:.0f} ns p99 {:.0f} ns | flood p50 {:.0f} ns p99 {:.0f} ns\n",
             Median(ref_p50), Median(ref_p99), Median(flood_p50), Median(flood_p99));
  fmt::print("  background cost per Check(): ordinary {:.0f} ns, new client (insert/evict) {:.0f} ns\n",
             Median(ref_cost), Median(flood_cost));
  fmt::print("  RSS: {:.1f} MiB before, {:.1f} MiB after, growth {:.1f} MiB\n", rss_before / 1048576.0,
             rss_after / 1048576.0, growth_mib);
  fmt::print("RESULT p99_ratio={:.2f} (target <= 2.00) rss_growth_mib={:.1f} tracked={} max={}\n", ratio, growth_mib,
             limiter.clients(), limiter.max_clients());
  const bool ok = ratio <= 2.0 && limiter.clients() <= limiter.max_clients();
  return ok ? 0 : 1;
}
