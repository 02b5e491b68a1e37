#include "obs/log.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <ctime>

#include <fmt/format.h>

#include "obs/json_text.hpp"

namespace bv::obs {
namespace {

using LineBuffer = fmt::basic_memory_buffer<char, 1024>;

void AppendTimestamp(LineBuffer& out) {
  // RFC 3339 UTC with milliseconds, e.g. 2026-11-23T07:41:00.123Z.
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  tm utc{};
  gmtime_r(&ts.tv_sec, &utc);
  fmt::format_to(std::back_inserter(out), "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
                 utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min,
                 utc.tm_sec, ts.tv_nsec / 1'000'000);
}

void AppendJsonValue(LineBuffer& out, const LogField& f) {
  switch (f.kind()) {
    case LogField::Kind::kString: AppendJsonString(out, f.string()); break;
    case LogField::Kind::kInt: fmt::format_to(std::back_inserter(out), "{}", f.integer()); break;
    case LogField::Kind::kDouble: fmt::format_to(std::back_inserter(out), "{:.3f}", f.number()); break;
    case LogField::Kind::kBool: out.append(std::string_view(f.boolean() ? "true" : "false")); break;
    case LogField::Kind::kNull: out.append(std::string_view("null")); break;
  }
}

void AppendTextValue(LineBuffer& out, const LogField& f) {
  if (f.kind() == LogField::Kind::kString) {
    const bool quote = f.string().empty() || f.string().find(' ') != std::string_view::npos;
    if (quote) {
      AppendJsonString(out, f.string());
    } else {
      out.append(f.string());
    }
    return;
  }
  AppendJsonValue(out, f);
}

void WriteAll(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return;  // nowhere left to report a failing log sink
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
}

}  // namespace

std::optional<LogLevel> ParseLogLevel(std::string_view text) {
  if (text == "debug") return LogLevel::kDebug;
  if (text == "info") return LogLevel::kInfo;
  if (text == "warning" || text == "warn") return LogLevel::kWarning;
  if (text == "error") return LogLevel::kError;
  if (text == "critical") return LogLevel::kCritical;
  return std::nullopt;
}

std::optional<LogFormat> ParseLogFormat(std::string_view text) {
  if (text == "json") return LogFormat::kJson;
  if (text == "text") return LogFormat::kText;
  return std::nullopt;
}

std::string_view ToString(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug: return "debug";
    case LogLevel::kInfo: return "info";
    case LogLevel::kWarning: return "warning";
    case LogLevel::kError: return "error";
    case LogLevel::kCritical: return "critical";
  }
  return "info";
}

Logger::Logger(LogLevel min_level, LogFormat format, int fd)
    : min_level_(min_level), format_(format), fd_(fd) {}

void Logger::Log(LogLevel level, std::string_view message,
                 std::initializer_list<LogField> fields) const {
  if (!Enabled(level) || fd_ < 0) return;
  LineBuffer out;
  if (format_ == LogFormat::kJson) {
    out.append(std::string_view("{\"timestamp\":\""));
    AppendTimestamp(out);
    out.append(std::string_view("\",\"level\":\""));
    out.append(ToString(level));
    out.append(std::string_view("\",\"message\":"));
    AppendJsonString(out, message);
    for (const LogField& f : fields) {
      out.push_back(',');
      AppendJsonString(out, f.key());
      out.push_back(':');
      AppendJsonValue(out, f);
    }
    out.append(std::string_view("}\n"));
  } else {
    AppendTimestamp(out);
    fmt::format_to(std::back_inserter(out), " {:<7} {}", ToString(level), message);
    for (const LogField& f : fields) {
      out.push_back(' ');
      out.append(f.key());
      out.push_back('=');
      AppendTextValue(out, f);
    }
    out.push_back('\n');
  }
  WriteAll(fd_, out.data(), out.size());
}

Logger& NullLogger() {
  static Logger logger(LogLevel::kCritical, LogFormat::kJson, -1);
  return logger;
}

}  // namespace bv::obs
