#include "obs/log.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>

#include <fmt/format.h>

#include "obs/json_text.hpp"

namespace bv::obs {
namespace {

using LineBuffer = fmt::basic_memory_buffer<char, 1024>;

void AppendTimestamp(LineBuffer& out) {
  // RFC 3339 UTC with milliseconds, e.g. 2026-11-23T07:41:00.123Z. The part up to the second
  // is formatted once per second and thread: a busy thread logs thousands of lines in it.
  struct SecondText {
    time_t second = -1;
    char text[20] = {};  // 2026-11-23T07:41:00
  };
  thread_local SecondText cached;
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  if (ts.tv_sec != cached.second) {
    tm utc{};
    gmtime_r(&ts.tv_sec, &utc);
    fmt::format_to_n(cached.text, sizeof cached.text, "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", utc.tm_year + 1900,
                     utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec);
    cached.second = ts.tv_sec;
  }
  const auto millis = static_cast<int>(ts.tv_nsec / 1'000'000);
  const char fraction[] = {'.', static_cast<char>('0' + millis / 100), static_cast<char>('0' + millis / 10 % 10),
                           static_cast<char>('0' + millis % 10), 'Z'};
  out.append(std::string_view(cached.text, 19));
  out.append(std::string_view(fraction, sizeof fraction));
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

// Bytes a text-format value shows as they are: printable ASCII except the ones that delimit
// (space, '"', '\\', '='). Anything else (control characters such as a decoded %0A, DEL,
// non-ASCII bytes) would let client text forge a line or a field, so such a value is quoted and
// those bytes are escaped.
bool IsPlainTextByte(unsigned char c) { return c > 0x20 && c < 0x7F && c != '"' && c != '\\' && c != '='; }

// Escapes every byte that is not plain, without quotes ("\n", "\\", "\x1b", "\x3d").
void AppendTextEscaped(LineBuffer& out, std::string_view text, bool keep_spaces) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (IsPlainTextByte(c) || (keep_spaces && c == ' ')) {
      out.push_back(ch);
      continue;
    }
    switch (c) {
      case '"': out.append(std::string_view("\\\"")); break;
      case '\\': out.append(std::string_view("\\\\")); break;
      case '\n': out.append(std::string_view("\\n")); break;
      case '\r': out.append(std::string_view("\\r")); break;
      case '\t': out.append(std::string_view("\\t")); break;
      default: {
        const char escaped[] = {'\\', 'x', kHex[c >> 4], kHex[c & 0xF]};
        out.append(std::string_view(escaped, sizeof escaped));
      }
    }
  }
}

void AppendTextValue(LineBuffer& out, const LogField& f) {
  if (f.kind() != LogField::Kind::kString) {
    AppendJsonValue(out, f);
    return;
  }
  const std::string_view text = f.string();
  const bool plain = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return IsPlainTextByte(static_cast<unsigned char>(c));
  });
  if (plain) {
    out.append(text);
    return;
  }
  out.push_back('"');
  AppendTextEscaped(out, text, true);
  out.push_back('"');
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

// The lines kPerThread loggers wrote on one thread and not yet written out. Storage inside the
// object (thread_local, no heap), so buffering allocates nothing either.
class ThreadLogBuffer {
 public:
  static constexpr std::size_t kCapacity = 16 * 1024;

  ~ThreadLogBuffer() { Flush(); }  // thread exit: nothing buffered is lost

  void Append(int fd, std::string_view line) {
    if (fd != fd_ || size_ + line.size() > kCapacity) Flush();
    if (line.size() > kCapacity) {  // never split a line: an oversized one goes out alone
      WriteAll(fd, line.data(), line.size());
      return;
    }
    fd_ = fd;
    std::memcpy(data_ + size_, line.data(), line.size());
    size_ += line.size();
  }

  void Flush() {
    if (size_ == 0) return;
    WriteAll(fd_, data_, size_);
    size_ = 0;
  }

 private:
  int fd_ = -1;
  std::size_t size_ = 0;
  char data_[kCapacity];
};

ThreadLogBuffer& ThisThreadLogBuffer() {
  thread_local ThreadLogBuffer buffer;
  return buffer;
}

}  // namespace

void FlushThreadLogBuffer() { ThisThreadLogBuffer().Flush(); }

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

Logger::Logger(LogLevel min_level, LogFormat format, int fd, LogBuffering buffering)
    : min_level_(min_level), format_(format), fd_(fd), buffering_(buffering) {}

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
    fmt::format_to(std::back_inserter(out), " {:<7} ", ToString(level));
    AppendTextEscaped(out, message, true);
    for (const LogField& f : fields) {
      out.push_back(' ');
      AppendTextEscaped(out, f.key(), false);
      out.push_back('=');
      AppendTextValue(out, f);
    }
    out.push_back('\n');
  }
  if (buffering_ == LogBuffering::kPerThread) {
    ThisThreadLogBuffer().Append(fd_, std::string_view(out.data(), out.size()));
  } else {
    WriteAll(fd_, out.data(), out.size());
  }
}

Logger& NullLogger() {
  static Logger logger(LogLevel::kCritical, LogFormat::kJson, -1);
  return logger;
}

}  // namespace bv::obs
