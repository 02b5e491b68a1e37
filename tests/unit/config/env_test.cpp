#include "config/env.hpp"

#include <gtest/gtest.h>

namespace bv::config {
namespace {

TEST(DotEnvTest, ParsesAssignmentsCommentsQuotesAndExport) {
  const auto env = ParseDotEnv(
      "# comment\n"
      "\n"
      "PORT=9000\n"
      "export HOST=0.0.0.0\n"
      "LOG_FORMAT=\"text\"\n"
      "CORS_ALLOW_ORIGINS='https://a.example, https://b.example'\n"
      "QUOTED=\"line\\nbreak \\\"x\\\"\"\n"
      "INLINE=value # trailing comment\n"
      "EMPTY=\n");
  ASSERT_TRUE(env) << env.error();
  EXPECT_EQ(env->at("PORT"), "9000");
  EXPECT_EQ(env->at("HOST"), "0.0.0.0");
  EXPECT_EQ(env->at("LOG_FORMAT"), "text");
  EXPECT_EQ(env->at("CORS_ALLOW_ORIGINS"), "https://a.example, https://b.example");
  EXPECT_EQ(env->at("QUOTED"), "line\nbreak \"x\"");
  EXPECT_EQ(env->at("INLINE"), "value");
  EXPECT_EQ(env->at("EMPTY"), "");
}

TEST(DotEnvTest, MalformedLineIsNamed) {
  const auto env = ParseDotEnv("PORT=1\nthis is not an assignment\n");
  ASSERT_FALSE(env);
  EXPECT_NE(env.error().find("line 2"), std::string::npos) << env.error();
}

TEST(DotEnvTest, UnterminatedQuoteIsAnError) {
  const auto env = ParseDotEnv("A=\"open\n");
  ASSERT_FALSE(env);
  EXPECT_NE(env.error().find("unterminated quote"), std::string::npos);
}

TEST(DotEnvTest, ProcessEnvironmentWinsOverDotEnv) {
  const EnvMap merged = MergeEnv({{"PORT", "1"}, {"HOST", "0.0.0.0"}}, {{"PORT", "2"}});
  EXPECT_EQ(merged.at("PORT"), "2");
  EXPECT_EQ(merged.at("HOST"), "0.0.0.0");
}

}  // namespace
}  // namespace bv::config
