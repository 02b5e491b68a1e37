#include "obs/log.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <ctime>
#include <iomanip>
#include <regex>
#include <sstream>
#include <thread>

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace bv::obs {
namespace {

// Captures what a Logger writes, through a real pipe.
class PipeCapture {
 public:
  PipeCapture() { EXPECT_EQ(pipe(fds_), 0); }
  ~PipeCapture() {
    close(fds_[0]);
    if (fds_[1] >= 0) close(fds_[1]);
  }
  int write_fd() const { return fds_[1]; }
  // What has been written so far, without waiting.
  std::string ReadAvailable() {
    fcntl(fds_[0], F_SETFL, fcntl(fds_[0], F_GETFL) | O_NONBLOCK);
    std::string out;
    char buf[4096];
    ssize_t n;
    while ((n = read(fds_[0], buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
    return out;
  }
  std::string Drain() {
    close(fds_[1]);
    fds_[1] = -1;
    std::string out;
    char buf[4096];
    ssize_t n;
    while ((n = read(fds_[0], buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
    return out;
  }

 private:
  int fds_[2] = {-1, -1};
};

TEST(LoggerTest, JsonLineHasStableFieldsAndParses) {
  PipeCapture capture;
  Logger log(LogLevel::kInfo, LogFormat::kJson, capture.write_fd());
  log.Info("request", {{"route", "/api/v1/health"}, {"status", 200}, {"duration_ms", 1.25}, {"ok", true}});
  const std::string line = capture.Drain();
  ASSERT_FALSE(line.empty());
  EXPECT_EQ(line.back(), '\n');
  const auto doc = boost::json::parse(line).as_object();
  EXPECT_EQ(doc.at("level").as_string(), "info");
  EXPECT_EQ(doc.at("message").as_string(), "request");
  EXPECT_EQ(doc.at("route").as_string(), "/api/v1/health");
  EXPECT_EQ(doc.at("status").as_int64(), 200);
  EXPECT_DOUBLE_EQ(doc.at("duration_ms").as_double(), 1.25);
  EXPECT_TRUE(doc.at("ok").as_bool());
  const std::string ts(doc.at("timestamp").as_string());
  ASSERT_TRUE(std::regex_match(ts, std::regex(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)"))) << ts;
  // The per-thread cached second must be the current one, not a stale or local-time one.
  std::tm utc{};
  std::istringstream(ts) >> std::get_time(&utc, "%Y-%m-%dT%H:%M:%S");
  EXPECT_LE(std::abs(timegm(&utc) - std::time(nullptr)), 2) << ts;
}

// Lines of a kPerThread logger, split at newlines; each must parse on its own.
std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1) {
    lines.push_back(text.substr(start, nl - start));
  }
  EXPECT_EQ(start, text.size()) << "a line was split";
  return lines;
}

TEST(BufferedLoggerTest, LinesWaitForAFlushOfTheirThread) {
  PipeCapture capture;
  const Logger log(LogLevel::kInfo, LogFormat::kJson, capture.write_fd(), LogBuffering::kPerThread);
  std::thread([&] {
    log.Info("request", {{"status", 200}});
    log.Info("request", {{"status", 404}});
    EXPECT_EQ(capture.ReadAvailable(), "");
    FlushThreadLogBuffer();
    const auto lines = Lines(capture.ReadAvailable());
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(boost::json::parse(lines[1]).as_object().at("status").as_int64(), 404);
    FlushThreadLogBuffer();  // nothing left: writes nothing
    EXPECT_EQ(capture.ReadAvailable(), "");
  }).join();
}

TEST(BufferedLoggerTest, ThreadExitWritesWhatIsLeft) {
  PipeCapture capture;
  const Logger log(LogLevel::kInfo, LogFormat::kJson, capture.write_fd(), LogBuffering::kPerThread);
  std::thread([&] { log.Info("last words"); }).join();
  const auto lines = Lines(capture.ReadAvailable());
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(boost::json::parse(lines[0]).as_object().at("message").as_string(), "last words");
}

TEST(BufferedLoggerTest, AFullBufferIsWrittenAsWholeLinesInOrder) {
  PipeCapture capture;
  const Logger log(LogLevel::kInfo, LogFormat::kJson, capture.write_fd(), LogBuffering::kPerThread);
  std::string before_exit;
  std::thread([&] {
    const std::string path(300, 'p');
    for (int i = 0; i < 100; ++i) log.Info("request", {{"path", path}, {"n", i}});  // ~36 KiB
    before_exit = capture.ReadAvailable();
  }).join();
  const auto early = Lines(before_exit);
  EXPECT_GE(early.size(), 40u);  // at least one full 16 KiB buffer went out unasked
  EXPECT_LT(early.size(), 100u);
  const auto all = Lines(before_exit + capture.ReadAvailable());  // the rest at thread exit
  ASSERT_EQ(all.size(), 100u);
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(boost::json::parse(all[i]).as_object().at("n").as_int64(), static_cast<std::int64_t>(i));
  }
}

TEST(BufferedLoggerTest, OversizedLinesAndASecondSinkKeepTheOrder) {
  PipeCapture first;
  PipeCapture second;
  const Logger a(LogLevel::kInfo, LogFormat::kJson, first.write_fd(), LogBuffering::kPerThread);
  const Logger b(LogLevel::kInfo, LogFormat::kJson, second.write_fd(), LogBuffering::kPerThread);
  std::thread([&] {
    a.Info("one");
    b.Info("other sink");  // another fd: what `a` had buffered goes out first
    EXPECT_EQ(Lines(first.ReadAvailable()).size(), 1u);
    a.Info("big", {{"path", std::string(20'000, 'x')}});  // larger than the whole buffer: alone
    EXPECT_EQ(Lines(first.ReadAvailable()).size(), 1u);
    a.Info("three");
  }).join();
  EXPECT_EQ(Lines(first.ReadAvailable()).size(), 1u);
  const auto other = Lines(second.ReadAvailable());
  ASSERT_EQ(other.size(), 1u);
  EXPECT_NE(other[0].find("other sink"), std::string::npos);
}

TEST(LoggerTest, ClientControlledTextCannotBreakTheJson) {
  PipeCapture capture;
  Logger log(LogLevel::kInfo, LogFormat::kJson, capture.write_fd());
  const std::string hostile = std::string("a\"b\\c\nd\x01") + "\xff\xfe" + "München";
  log.Info("x", {{"path", hostile}});
  const auto doc = boost::json::parse(capture.Drain()).as_object();
  EXPECT_EQ(doc.at("path").as_string(), "a\"b\\c\nd\x01\xEF\xBF\xBD\xEF\xBF\xBDMünchen");
}

TEST(LoggerTest, LevelsBelowTheMinimumAreDropped) {
  PipeCapture capture;
  Logger log(LogLevel::kWarning, LogFormat::kJson, capture.write_fd());
  log.Info("hidden");
  log.Warn("shown");
  const std::string out = capture.Drain();
  EXPECT_EQ(out.find("hidden"), std::string::npos);
  EXPECT_NE(out.find("shown"), std::string::npos);
}

TEST(LoggerTest, TextFormatIsOneReadableLine) {
  PipeCapture capture;
  Logger log(LogLevel::kInfo, LogFormat::kText, capture.write_fd());
  log.Info("listening", {{"port", 8000}, {"host", "127.0.0.1"}});
  const std::string out = capture.Drain();
  EXPECT_NE(out.find(" info    listening port=8000 host=127.0.0.1\n"), std::string::npos) << out;
}

TEST(LoggerTest, TextFormatQuotesAndEscapesWhatCouldForgeALineOrAField) {
  PipeCapture capture;
  Logger log(LogLevel::kInfo, LogFormat::kText, capture.write_fd());
  const std::string hostile = std::string("x\nfake level=critical\r\x1b[31m\"q\"\\") + std::string(1, '\0') + "M\xc3\xbc";
  log.Info("request", {{"station", hostile}, {"path", "/a=b"}, {"empty", ""}, {"plain", "/api/v1/health"}});
  const auto lines = Lines(capture.Drain());
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find(R"(station="x\nfake level\x3dcritical\r\x1b[31m\"q\"\\\x00M\xc3\xbc")"), std::string::npos)
      << lines[0];
  EXPECT_NE(lines[0].find(R"(path="/a\x3db")"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find(R"(empty="")"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find(" plain=/api/v1/health"), std::string::npos) << lines[0];
  for (const char c : lines[0]) {
    const auto byte = static_cast<unsigned char>(c);
    EXPECT_TRUE(byte >= 0x20 && byte < 0x7F) << "raw byte " << int(byte) << " in " << lines[0];
  }
}

TEST(LoggerTest, JsonFormatEscapesUnicodeLineSeparators) {
  PipeCapture capture;
  Logger log(LogLevel::kInfo, LogFormat::kJson, capture.write_fd());
  log.Info("x", {{"path", "a\xe2\x80\xa8" "b\xe2\x80\xa9" "c\xc2\x85" "d"}});
  const std::string out = capture.Drain();
  EXPECT_NE(out.find(R"("a\u2028b\u2029c\u0085d")"), std::string::npos) << out;
  EXPECT_EQ(boost::json::parse(out).as_object().at("path").as_string(), "a\xe2\x80\xa8" "b\xe2\x80\xa9" "c\xc2\x85" "d");
}

TEST(LoggerTest, ParsesLevelsAndFormats) {
  EXPECT_EQ(ParseLogLevel("debug"), LogLevel::kDebug);
  EXPECT_EQ(ParseLogLevel("critical"), LogLevel::kCritical);
  EXPECT_FALSE(ParseLogLevel("verbose"));
  EXPECT_EQ(ParseLogFormat("text"), LogFormat::kText);
  EXPECT_FALSE(ParseLogFormat("xml"));
}

}  // namespace
}  // namespace bv::obs
