#include "obs/process_metrics.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <fmt/format.h>

namespace bv::obs {
namespace {

struct ProcStat {
  double cpu_seconds = 0;
  double start_time_seconds = 0;
  double virtual_bytes = 0;
  double resident_bytes = 0;
};

double BootTimeSeconds() {
  std::ifstream in("/proc/stat");
  std::string key;
  while (in >> key) {
    if (key == "btime") {
      double btime = 0;
      in >> btime;
      return btime;
    }
    in.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
  }
  return 0;
}

ProcStat ReadProcStat() {
  ProcStat s;
  std::ifstream in("/proc/self/stat");
  std::string line;
  if (!std::getline(in, line)) return s;
  // Field 2 (comm) may contain spaces; everything after its closing parenthesis is numeric.
  const auto close = line.rfind(')');
  if (close == std::string::npos) return s;
  std::istringstream rest(line.substr(close + 2));
  std::string field;
  // Fields from 3 on: state(3) ... utime(14) stime(15) ... starttime(22) vsize(23) rss(24).
  double utime = 0, stime = 0, starttime = 0, vsize = 0, rss = 0;
  for (int index = 3; rest >> field && index <= 24; ++index) {
    if (index == 14) utime = std::stod(field);
    if (index == 15) stime = std::stod(field);
    if (index == 22) starttime = std::stod(field);
    if (index == 23) vsize = std::stod(field);
    if (index == 24) rss = std::stod(field);
  }
  const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  s.cpu_seconds = (utime + stime) / ticks;
  s.start_time_seconds = BootTimeSeconds() + starttime / ticks;
  s.virtual_bytes = vsize;
  s.resident_bytes = rss * static_cast<double>(sysconf(_SC_PAGESIZE));
  return s;
}

double CountOpenFds() {
  std::error_code ec;
  double n = 0;
  for (std::filesystem::directory_iterator it("/proc/self/fd", ec), end; !ec && it != end;
       it.increment(ec)) {
    ++n;
  }
  return n;
}

double MaxFds() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
  return static_cast<double>(limit.rlim_cur);
}

void AppendFamily(std::string& out, std::string_view name, std::string_view type,
                  std::string_view help, double value) {
  fmt::format_to(std::back_inserter(out), "# HELP {} {}\n# TYPE {} {}\n{} {}\n", name, help, name,
                 type, name, value);
}

}  // namespace

void RegisterProcessMetrics(Registry& registry) {
  // Start time never changes; read it once rather than on every scrape.
  const double start_time = ReadProcStat().start_time_seconds;
  registry.AddCollector([start_time](std::string& out) {
    const ProcStat s = ReadProcStat();
    AppendFamily(out, "process_cpu_seconds_total", "counter",
                 "Total user and system CPU time spent in seconds.", s.cpu_seconds);
    AppendFamily(out, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.",
                 s.resident_bytes);
    AppendFamily(out, "process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.",
                 s.virtual_bytes);
    AppendFamily(out, "process_open_fds", "gauge", "Number of open file descriptors.",
                 CountOpenFds());
    AppendFamily(out, "process_max_fds", "gauge", "Maximum number of open file descriptors.",
                 MaxFds());
    AppendFamily(out, "process_start_time_seconds", "gauge",
                 "Start time of the process since unix epoch in seconds.", start_time);
  });
}

}  // namespace bv::obs
