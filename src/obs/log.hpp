// Structured logging: one JSON object (or one human-readable line) per event. Guarantee: no
// lock and no heap allocation for lines under 1 KiB, so the access log can run on every
// request; lines from concurrent threads never interleave.
//
// Two ways to write (LogBuffering):
//  - kNone: each line is one write(2) (less than PIPE_BUF on pipes, O_APPEND semantics on
//    files), visible at once. For everything an operator or a supervisor waits for.
//  - kPerThread: lines are appended to a 16 KiB buffer of the calling thread and written
//    whole lines at a time: when the buffer is full, when FlushThreadLogBuffer() is called on
//    that thread (the server's workers do so every 200 ms, see http/log_flush.hpp) and when the
//    thread exits. For the access log: one write per request from every worker thread into one
//    file cost the hit path a tenth of its throughput. Lines are late by at most the flush
//    interval; a process killed with SIGKILL loses what its threads had not flushed.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace bv::obs {

enum class LogLevel { kDebug = 0, kInfo, kWarning, kError, kCritical };
enum class LogFormat { kJson, kText };
enum class LogBuffering { kNone, kPerThread };

std::optional<LogLevel> ParseLogLevel(std::string_view text);  // debug|info|warning|error|critical
std::optional<LogFormat> ParseLogFormat(std::string_view text);  // json|text
std::string_view ToString(LogLevel level);

// One key/value of a log line. Holds views: the line is written before they dangle.
class LogField {
 public:
  enum class Kind { kString, kInt, kDouble, kBool, kNull };

  LogField(std::string_view key, std::string_view v) : key_(key), kind_(Kind::kString), s_(v) {}
  LogField(std::string_view key, const char* v) : LogField(key, std::string_view(v)) {}
  LogField(std::string_view key, const std::string& v) : LogField(key, std::string_view(v)) {}
  template <typename T>
    requires(std::is_integral_v<T> && !std::is_same_v<T, bool>)
  LogField(std::string_view key, T v) : key_(key), kind_(Kind::kInt), i_(static_cast<std::int64_t>(v)) {}
  LogField(std::string_view key, double v) : key_(key), kind_(Kind::kDouble), d_(v) {}
  LogField(std::string_view key, bool v) : key_(key), kind_(Kind::kBool), b_(v) {}
  LogField(std::string_view key, std::nullptr_t) : key_(key), kind_(Kind::kNull) {}

  std::string_view key() const { return key_; }
  Kind kind() const { return kind_; }
  std::string_view string() const { return s_; }
  std::int64_t integer() const { return i_; }
  double number() const { return d_; }
  bool boolean() const { return b_; }

 private:
  std::string_view key_;
  Kind kind_;
  std::string_view s_;
  std::int64_t i_ = 0;
  double d_ = 0;
  bool b_ = false;
};

// Thread-safe; cheap to share by reference. Field names are stable and documented in
// docs/operations/logging.md: timestamp, level, message, then the event's own fields.
class Logger {
 public:
  Logger(LogLevel min_level, LogFormat format, int fd, LogBuffering buffering = LogBuffering::kNone);

  bool Enabled(LogLevel level) const { return level >= min_level_; }
  void Log(LogLevel level, std::string_view message,
           std::initializer_list<LogField> fields = {}) const;

  void Debug(std::string_view m, std::initializer_list<LogField> f = {}) const { Log(LogLevel::kDebug, m, f); }
  void Info(std::string_view m, std::initializer_list<LogField> f = {}) const { Log(LogLevel::kInfo, m, f); }
  void Warn(std::string_view m, std::initializer_list<LogField> f = {}) const { Log(LogLevel::kWarning, m, f); }
  void Error(std::string_view m, std::initializer_list<LogField> f = {}) const { Log(LogLevel::kError, m, f); }

  int fd() const { return fd_; }

 private:
  LogLevel min_level_;
  LogFormat format_;
  int fd_;
  LogBuffering buffering_;
};

// Writes the lines that kPerThread loggers buffered on the calling thread. Cheap when there
// are none.
void FlushThreadLogBuffer();

// A logger that drops everything (tests, tools that do not log).
Logger& NullLogger();

}  // namespace bv::obs
