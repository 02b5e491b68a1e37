#include "obs/log.hpp"

#include <unistd.h>

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
  EXPECT_EQ(ts.size(), 24u);  // 2026-11-23T07:41:00.123Z
  EXPECT_EQ(ts.back(), 'Z');
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

TEST(LoggerTest, ParsesLevelsAndFormats) {
  EXPECT_EQ(ParseLogLevel("debug"), LogLevel::kDebug);
  EXPECT_EQ(ParseLogLevel("critical"), LogLevel::kCritical);
  EXPECT_FALSE(ParseLogLevel("verbose"));
  EXPECT_EQ(ParseLogFormat("text"), LogFormat::kText);
  EXPECT_FALSE(ParseLogFormat("xml"));
}

}  // namespace
}  // namespace bv::obs
