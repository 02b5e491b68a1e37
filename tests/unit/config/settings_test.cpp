#include "config/settings.hpp"

#include <gtest/gtest.h>

namespace bv::config {
namespace {

using std::chrono::seconds;

// The single error line for `env`, which must be invalid.
std::string OnlyError(const EnvMap& env) {
  const auto result = LoadSettings(env);
  EXPECT_FALSE(result);
  if (result) return {};
  EXPECT_EQ(result.error().size(), 1u);
  return result.error().front();
}

TEST(SettingsTest, DefaultsMatchTheArchitecture) {
  const auto s = LoadSettings({});
  ASSERT_TRUE(s);
  EXPECT_EQ(s->host, "127.0.0.1");
  EXPECT_EQ(s->port, 8000);
  EXPECT_GE(s->worker_threads, 1u);
  EXPECT_EQ(s->mvg_base_url, "https://www.mvg.de/api/bgw-pt/v3");
  EXPECT_FALSE(s->valkey_url);
  EXPECT_FALSE(s->database_url);
  EXPECT_EQ(s->departures_ttl.fresh, seconds(30));
  EXPECT_EQ(s->departures_ttl.stale, seconds(300));
  EXPECT_EQ(s->station_search_ttl.fresh, seconds(60));
  EXPECT_EQ(s->station_list_ttl.stale, seconds(172800));
  EXPECT_EQ(s->route_ttl.fresh, seconds(120));
  EXPECT_EQ(s->route_ttl.stale, seconds(900));
  EXPECT_EQ(s->not_found_ttl, seconds(15));
}

TEST(SettingsTest, ReadsEveryKindOfValue) {
  const auto s = LoadSettings({{"HOST", "0.0.0.0"},
                               {"PORT", "9001"},
                               {"WORKER_THREADS", "3"},
                               {"LOG_LEVEL", "DEBUG"},
                               {"LOG_FORMAT", "text"},
                               {"MVG_BASE_URL", "http://127.0.0.1:9100/api/bgw-pt/v3/"},
                               {"REDIS_URL", "redis://:secret@127.0.0.1:6379/2"},
                               {"DATABASE_URL", "postgresql+asyncpg://u:p@db:5432/bahnvision"},
                               {"CORS_ALLOW_ORIGINS", "https://a.example, http://localhost:5173/"},
                               {"CACHE_SINGLEFLIGHT_RETRY_DELAY_SECONDS", "0.05"},
                               {"MVG_ROUTE_CACHE_TTL_SECONDS", "60"}});
  ASSERT_TRUE(s) << s.error().front();
  EXPECT_EQ(s->host, "0.0.0.0");
  EXPECT_EQ(s->port, 9001);
  EXPECT_EQ(s->worker_threads, 3u);
  EXPECT_EQ(s->log_level, obs::LogLevel::kDebug);
  EXPECT_EQ(s->log_format, obs::LogFormat::kText);
  EXPECT_EQ(s->mvg_base_url, "http://127.0.0.1:9100/api/bgw-pt/v3");
  EXPECT_EQ(s->valkey_url, "redis://:secret@127.0.0.1:6379/2");  // REDIS_URL alias
  EXPECT_EQ(s->database_url, "postgresql+asyncpg://u:p@db:5432/bahnvision");
  EXPECT_EQ(s->cors_allow_origins, (std::vector<std::string>{"https://a.example", "http://localhost:5173"}));
  EXPECT_EQ(s->singleflight_retry_delay, std::chrono::milliseconds(50));
  EXPECT_EQ(s->route_ttl.fresh, seconds(60));
}

TEST(SettingsTest, EmptyValueMeansUnset) {
  const auto s = LoadSettings({{"VALKEY_URL", ""}, {"PORT", ""}});
  ASSERT_TRUE(s);
  EXPECT_FALSE(s->valkey_url);
  EXPECT_EQ(s->port, 8000);
}

TEST(SettingsTest, BadPortNamesVariableValueAndRange) {
  EXPECT_EQ(OnlyError({{"PORT", "abc"}}), "PORT=\"abc\" is not allowed: expected an integer from 0 to 65535");
  EXPECT_EQ(OnlyError({{"PORT", "70000"}}), "PORT=\"70000\" is not allowed: expected an integer from 0 to 65535");
}

TEST(SettingsTest, UpstreamLimitsAndValkeyConnectTimeoutHaveDocumentedDefaultsAndRanges) {
  const auto s = LoadSettings({});
  ASSERT_TRUE(s);
  EXPECT_EQ(s->mvg_max_connections, 64u);
  EXPECT_EQ(s->mvg_max_pending_requests, 512u);
  EXPECT_EQ(s->valkey_connect_timeout, seconds(2));
  const auto set = LoadSettings({{"MVG_MAX_CONNECTIONS", "8"}, {"MVG_MAX_PENDING_REQUESTS", "0"}});
  ASSERT_TRUE(set);
  EXPECT_EQ(set->mvg_max_connections, 8u);
  EXPECT_EQ(set->mvg_max_pending_requests, 0u);
  EXPECT_EQ(OnlyError({{"MVG_MAX_CONNECTIONS", "0"}}),
            "MVG_MAX_CONNECTIONS=\"0\" is not allowed: expected an integer from 1 to 100000");
}

TEST(SettingsTest, SentinelsAndMasterNameGoTogetherAndAreValidated) {
  const auto s = LoadSettings({{"VALKEY_SENTINELS", "10.0.0.1:26379, 10.0.0.2:26379,[::1]:26380"},
                               {"VALKEY_SENTINEL_MASTER", "bahnvision"},
                               {"VALKEY_SENTINEL_PASSWORD", "s3cret"}});
  ASSERT_TRUE(s);
  EXPECT_EQ(s->valkey_sentinels, "10.0.0.1:26379, 10.0.0.2:26379,[::1]:26380");
  EXPECT_EQ(s->valkey_sentinel_master, "bahnvision");
  EXPECT_EQ(s->valkey_sentinel_password, "s3cret");
  EXPECT_FALSE(s->valkey_url);  // the Valkey tier is on through the sentinels alone
  EXPECT_NE(OnlyError({{"VALKEY_SENTINELS", "10.0.0.1:26379"}}).find("go together"), std::string::npos);
  EXPECT_NE(OnlyError({{"VALKEY_SENTINEL_MASTER", "bahnvision"}}).find("go together"), std::string::npos);
  EXPECT_NE(OnlyError({{"VALKEY_SENTINELS", "10.0.0.1"}, {"VALKEY_SENTINEL_MASTER", "m"}}).find("expected host:port"),
            std::string::npos);
  EXPECT_NE(OnlyError({{"VALKEY_SENTINELS", "10.0.0.1:0"}, {"VALKEY_SENTINEL_MASTER", "m"}}).find("VALKEY_SENTINELS"),
            std::string::npos);
  EXPECT_NE(OnlyError({{"VALKEY_SENTINELS", "h:1"}, {"VALKEY_SENTINEL_MASTER", "bad name"}}).find("VALKEY_SENTINEL_MASTER"),
            std::string::npos);
}

TEST(SettingsTest, WildcardCorsOriginIsRefused) {
  const std::string error = OnlyError({{"CORS_ALLOW_ORIGINS", "*"}});
  EXPECT_EQ(error.rfind("CORS_ALLOW_ORIGINS=\"*\" is not allowed: ", 0), 0u) << error;
  EXPECT_NE(error.find("refused"), std::string::npos);
}

TEST(SettingsTest, CorsOriginWithPathIsRefused) {
  const std::string error = OnlyError({{"CORS_ALLOW_ORIGINS", "https://ok.example,https://x.example/app"}});
  EXPECT_NE(error.find("\"https://x.example/app\" is not an origin"), std::string::npos) << error;
}

TEST(SettingsTest, CatchAllCorsRegexIsRefusedAndBadRegexNamed) {
  EXPECT_NE(OnlyError({{"CORS_ALLOW_ORIGIN_REGEX", ".*"}}).find("refused"), std::string::npos);
  EXPECT_NE(OnlyError({{"CORS_ALLOW_ORIGIN_REGEX", "https://(a"}}).find("CORS_ALLOW_ORIGIN_REGEX=\"https://(a\""),
            std::string::npos);
  const auto ok = LoadSettings({{"CORS_ALLOW_ORIGIN_REGEX", R"(https://.*\.bahnvision\.example)"}});
  ASSERT_TRUE(ok);
}

TEST(SettingsTest, CorsRegexThatAcceptsUnrelatedOriginsIsRefusedHoweverSpelled) {
  for (const char* pattern : {".*", "^.*$", "(.*)", ".+", "[\\s\\S]*", "^https?://.*", "https?://[^/]+", "(?:.*)",
                              ".*|x", "null|.*", "null"}) {
    EXPECT_NE(OnlyError({{"CORS_ALLOW_ORIGIN_REGEX", pattern}}).find("refused"), std::string::npos) << pattern;
  }
  for (const char* pattern : {R"(https://[a-z0-9-]+\.preview\.bahnvision\.example)", R"(http://localhost:\d+)",
                              R"(https://(www\.)?bahnvision\.example)"}) {
    EXPECT_TRUE(LoadSettings({{"CORS_ALLOW_ORIGIN_REGEX", pattern}})) << pattern;
  }
}

TEST(SettingsTest, RetryAfterCapDefaultsToTenMinutesAndIsBounded) {
  auto defaults = LoadSettings({});
  ASSERT_TRUE(defaults);
  EXPECT_EQ(defaults->mvg_retry_after_max, std::chrono::seconds(600));
  auto set = LoadSettings({{"MVG_RETRY_AFTER_MAX_SECONDS", "30"}});
  ASSERT_TRUE(set);
  EXPECT_EQ(set->mvg_retry_after_max, std::chrono::seconds(30));
  EXPECT_NE(OnlyError({{"MVG_RETRY_AFTER_MAX_SECONDS", "0"}}).find("MVG_RETRY_AFTER_MAX_SECONDS"), std::string::npos);
  EXPECT_NE(OnlyError({{"MVG_RETRY_AFTER_MAX_SECONDS", "999999999"}}).find("MVG_RETRY_AFTER_MAX_SECONDS"),
            std::string::npos);
}

TEST(SettingsTest, ClientIdentityAndLimiterBoundsAreValidated) {
  auto defaults = LoadSettings({});
  ASSERT_TRUE(defaults);
  EXPECT_EQ(defaults->rate_limit_forwarded_header, net::ForwardedHeader::kXForwardedFor);
  EXPECT_EQ(defaults->rate_limit_ipv6_prefix, 64u);
  EXPECT_EQ(defaults->rate_limit_max_clients, 100000u);
  auto set = LoadSettings({{"RATE_LIMIT_FORWARDED_HEADER", "Forwarded"},
                           {"RATE_LIMIT_IPV6_PREFIX", "48"},
                           {"RATE_LIMIT_MAX_CLIENTS", "5000"}});
  ASSERT_TRUE(set);
  EXPECT_EQ(set->rate_limit_forwarded_header, net::ForwardedHeader::kForwarded);
  EXPECT_EQ(set->rate_limit_ipv6_prefix, 48u);
  EXPECT_EQ(set->rate_limit_max_clients, 5000u);
  EXPECT_NE(OnlyError({{"RATE_LIMIT_FORWARDED_HEADER", "x-real-ip"}}).find("RATE_LIMIT_FORWARDED_HEADER"),
            std::string::npos);
  for (const char* prefix : {"0", "129", "-1", "64x"}) {
    EXPECT_NE(OnlyError({{"RATE_LIMIT_IPV6_PREFIX", prefix}}).find("RATE_LIMIT_IPV6_PREFIX"), std::string::npos) << prefix;
  }
  EXPECT_NE(OnlyError({{"RATE_LIMIT_MAX_CLIENTS", "10"}}).find("RATE_LIMIT_MAX_CLIENTS"), std::string::npos);
}

TEST(SettingsTest, StaleTtlShorterThanFreshIsRefused) {
  const std::string error = OnlyError({{"MVG_DEPARTURES_CACHE_TTL_SECONDS", "60"},
                                       {"MVG_DEPARTURES_CACHE_STALE_TTL_SECONDS", "30"}});
  EXPECT_EQ(error,
            "MVG_DEPARTURES_CACHE_STALE_TTL_SECONDS=\"30\" is not allowed: must be at least "
            "MVG_DEPARTURES_CACHE_TTL_SECONDS (60)");
}

TEST(SettingsTest, UrlsAreValidatedAndPasswordsNeverEchoed) {
  const std::string valkey = OnlyError({{"VALKEY_URL", "http://:hunter2@cache:6379"}});
  EXPECT_NE(valkey.find("VALKEY_URL=\"http://:***@cache:6379\""), std::string::npos) << valkey;
  EXPECT_EQ(valkey.find("hunter2"), std::string::npos);
  const std::string db = OnlyError({{"DATABASE_URL", "mysql://u:hunter2@db/x"}});
  EXPECT_EQ(db.find("hunter2"), std::string::npos) << db;
  EXPECT_NE(OnlyError({{"MVG_BASE_URL", "ftp://mvg"}}).find("MVG_BASE_URL"), std::string::npos);
  EXPECT_NE(OnlyError({{"VALKEY_URL", "valkey://cache:6379/abc"}}).find("VALKEY_URL"), std::string::npos);
}

TEST(SettingsTest, EveryBadVariableIsReportedNotJustTheFirst) {
  const auto result = LoadSettings({{"PORT", "-1"}, {"LOG_LEVEL", "loud"}, {"HOST", "example.com"},
                                    {"WORKER_THREADS", "0"}});
  ASSERT_FALSE(result);
  ASSERT_EQ(result.error().size(), 4u);
  std::string all;
  for (const auto& e : result.error()) all += e + "\n";
  for (const char* name : {"PORT=\"-1\"", "LOG_LEVEL=\"loud\"", "HOST=\"example.com\"", "WORKER_THREADS=\"0\""}) {
    EXPECT_NE(all.find(name), std::string::npos) << all;
  }
}

TEST(SettingsTest, DrainDelayMustFitInTheGracePeriod) {
  const std::string error = OnlyError({{"SHUTDOWN_DRAIN_DELAY_SECONDS", "30"}, {"SHUTDOWN_GRACE_PERIOD_SECONDS", "20"}});
  EXPECT_NE(error.find("must be less than SHUTDOWN_GRACE_PERIOD_SECONDS"), std::string::npos) << error;
}

TEST(SettingsTest, RedactUrlMasksOnlyThePassword) {
  EXPECT_EQ(RedactUrl("redis://user:pw@host:1/0"), "redis://user:***@host:1/0");
  EXPECT_EQ(RedactUrl("redis://host:1/0"), "redis://host:1/0");
  EXPECT_EQ(RedactUrl("postgresql://u@h/db"), "postgresql://u@h/db");
}

}  // namespace
}  // namespace bv::config
