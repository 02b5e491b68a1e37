// Resident memory of the L1 cache against CACHE_MAX_BYTES (docs/operations/limits.md).
//
// A flood of distinct departure boards through the real caches, in-process, as a flood of
// distinct station ids reaches a replica: for each board, the station-by-id cache gets the
// station (body + structured Station, as api::StationResolver stores it) and the departures
// cache gets the board rendered by api::RenderDepartures from a recorded MVG payload (first 1 to
// 11 departures of ../shared/mvg/samples, so bodies range from ~0.5 to ~5 kB). `--threads`
// threads fill at once, each on its own io_context as the service's I/O threads do (so glibc
// gives them their own malloc arenas). Filling stops once L1 has turned over `--turnover`
// times (evictions >= turnover x entries held): the steady state of a cache under a flood.
//
// Reported: VmRSS before the flood (the base: binary, libraries, the parsed sample) and after
// it, as is (what the service would show: it never calls malloc_trim) and after
// malloc_trim(0) (memory glibc still keeps in free lists), and (RSS - base) / bound, the
// figure CACHE_MAX_BYTES is promised to keep <= 1.2.
//
//   bv_bench_l1_memory [--max-mib N] [--threads N] [--turnover N] [--sample PATH]
#include <malloc.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include "api/render.hpp"
#include "api/station_resolver.hpp"
#include "cache/cache.hpp"
#include "mvg/mapping.hpp"
#include "obs/log.hpp"
#include "obs/metrics.hpp"

namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

// VmRSS of this process in bytes (/proc/self/status).
std::size_t ResidentBytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::strtoull(line.c_str() + 6, nullptr, 10) * 1024;
  }
  return 0;
}

double Mib(double bytes) { return bytes / (1024.0 * 1024.0); }

struct Flood {
  bv::cache::L1Store& l1;
  bv::cache::Cache& stations;
  bv::cache::Cache& departures;
  const std::vector<bv::model::Departure>& sample;
  std::size_t turnover;
  std::atomic<bool> done{false};
};

// A fetcher's answer, already at hand (a coroutine with its own frame: no closure to outlive).
asio::awaitable<bv::cache::FetchOutcome> Answer(bv::cache::Fill fill) { co_return fill; }

// A fetcher that answers `fill`.
bv::cache::Fetcher Constant(bv::cache::Fill fill) {
  return [fill = std::move(fill)]() mutable { return Answer(std::move(fill)); };
}

bool TurnedOver(const Flood& flood) {
  return flood.l1.entries() > 0 && flood.l1.evictions() >= flood.turnover * flood.l1.entries();
}

// One thread's share of the flood: boards `first`, `first + step`, ... until L1 turned over.
asio::awaitable<void> Fill(Flood* flood, std::size_t first, std::size_t step) {
  for (std::size_t i = first; !flood->done.load(std::memory_order_relaxed); i += step) {
    bv::model::Station station;
    station.id = fmt::format("de:09162:{}", 100000 + i);
    station.name = fmt::format("Haltestelle Nummer {}", i);
    station.place = "München";
    station.latitude = 48.137;
    station.longitude = 11.575;
    const std::size_t count = 1 + i % flood->sample.size();
    const std::vector<bv::model::Departure> board(flood->sample.begin(), flood->sample.begin() + count);

    // Fetchers are named variables, never temporaries of the co_await expression: GCC 12 may
    // destroy such temporaries twice (the service's handlers do the same).
    bv::cache::Fetcher station_fetch = Constant(bv::api::StationFill(station));
    auto got = co_await flood->stations.Get(station.id, std::move(station_fetch));
    if (!got) std::abort();  // nothing here can fail; a failure means the bench is broken
    // The key as api/departures.cpp builds it: folded station, limit, offset, types.
    std::string key = fmt::format("{}\x1f{}\x1f{}\x1f{}", station.id, count, 0, 1023);
    bv::cache::Fetcher board_fetch =
        Constant(bv::cache::Fill{bv::cache::ValueKind::kFound, bv::api::RenderDepartures(station, board), nullptr});
    got = co_await flood->departures.Get(std::move(key), std::move(board_fetch));
    if (!got) std::abort();
    if (TurnedOver(*flood)) flood->done.store(true);
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t max_mib = 256;
  std::size_t threads = 2;
  std::size_t turnover = 2;
  std::string sample_path = std::string(BV_SOURCE_DIR) +
                            "/../shared/mvg/samples/"
                            "departures_bgwptv3_2026-10-08_de-09162-318_bus_first11.json";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view flag = argv[i];
    if (flag == "--sample") sample_path = argv[i + 1];
    const auto value = std::strtoull(argv[i + 1], nullptr, 10);
    if (flag == "--max-mib")
      max_mib = value;
    else if (flag == "--threads")
      threads = std::max<std::size_t>(1, value);
    else if (flag == "--turnover")
      turnover = value;
  }
  std::ifstream in(sample_path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  auto sample = bv::mvg::MapDepartures(text.str());
  if (!in || !sample || sample->empty()) {
    fmt::print(stderr, "l1 memory: cannot use the MVG sample {}\n", sample_path);
    return 2;
  }

  const std::size_t bound = max_mib * 1024 * 1024;
  bv::cache::SystemClock clock;
  bv::cache::L1Store l1({bound, 16}, clock);
  bv::cache::SingleFlight flights;
  bv::cache::TaskTracker tasks(bv::obs::NullLogger());
  bv::obs::Registry registry;
  bv::cache::CacheMetrics metrics(registry, l1);
  const bv::cache::CacheShared shared{clock, l1, flights, tasks, metrics};
  // The service's default TTLs: nothing expires during the flood, only evictions free memory.
  bv::cache::Cache stations({"station", 86400s, 172800s}, shared);
  bv::cache::Cache departures({"departures", 30s, 300s}, shared);
  Flood flood{l1, stations, departures, *sample, turnover};

  malloc_trim(0);
  const std::size_t base = ResidentBytes();
  const auto started = std::chrono::steady_clock::now();
  std::vector<std::thread> workers;
  for (std::size_t t = 0; t < threads; ++t) {
    workers.emplace_back([&flood, t, threads] {
      asio::io_context io;
      asio::co_spawn(io, Fill(&flood, t, threads), asio::detached);
      io.run();
    });
  }
  for (auto& w : workers) w.join();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const std::size_t after = ResidentBytes();
  malloc_trim(0);
  const std::size_t trimmed = ResidentBytes();

  const double ratio = (static_cast<double>(after) - static_cast<double>(base)) / static_cast<double>(bound);
  const double trimmed_ratio =
      (static_cast<double>(trimmed) - static_cast<double>(base)) / static_cast<double>(bound);
  const std::size_t filled = l1.entries() + l1.evictions();
  fmt::print(
      "l1 memory: CACHE_MAX_BYTES={} MiB, {} threads, {} entries written in {:.1f} s ({} held, {} evicted)\n",
      max_mib, threads, filled, seconds, l1.entries(), l1.evictions());
  fmt::print("  charged: {:.1f} MiB ({:.0f} bytes per entry held)\n", Mib(static_cast<double>(l1.bytes())),
             static_cast<double>(l1.bytes()) / static_cast<double>(std::max<std::size_t>(1, l1.entries())));
  fmt::print("  VmRSS: base {:.1f} MiB, after the flood {:.1f} MiB, after malloc_trim(0) {:.1f} MiB\n",
             Mib(base), Mib(after), Mib(trimmed));
  fmt::print("RESULT rss_ratio={:.3f} (target <= 1.2) trimmed_ratio={:.3f} base_mib={:.1f} bound_mib={}\n",
             ratio, trimmed_ratio, Mib(base), max_mib);
  return ratio <= 1.2 ? 0 : 1;
}
