#include "config/settings.hpp"

#include <arpa/inet.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <regex>
#include <thread>

#include <boost/url/parse.hpp>
#include <fmt/format.h>

#include "net/client_identity.hpp"
#include "net/host_port.hpp"
#include "net/trusted_proxies.hpp"

namespace bv::config {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// Reads variables and collects one error line per bad value.
class Reader {
 public:
  Reader(const EnvMap& env, std::vector<std::string>& errors) : env_(env), errors_(errors) {}

  // An unset or empty variable counts as "not given" (compose files often write `VAR=`).
  std::optional<std::string> Get(std::string_view name) const {
    const auto it = env_.find(name);
    if (it == env_.end() || it->second.empty()) return std::nullopt;
    return it->second;
  }

  // The value even when empty (an empty WEB_ROOT turns the UI off).
  std::optional<std::string> Raw(std::string_view name) const {
    const auto it = env_.find(name);
    if (it == env_.end()) return std::nullopt;
    return it->second;
  }

  void Fail(std::string_view name, std::string_view value, std::string_view allowed) {
    errors_.push_back(fmt::format("{}=\"{}\" is not allowed: {}", name, value, allowed));
  }

  template <typename T>
  T Integer(std::string_view name, T fallback, T min, T max) {
    const auto raw = Get(name);
    if (!raw) return fallback;
    long long value = 0;
    const auto* end = raw->data() + raw->size();
    const auto [ptr, ec] = std::from_chars(raw->data(), end, value);
    if (ec != std::errc() || ptr != end || value < static_cast<long long>(min) ||
        value > static_cast<long long>(max)) {
      Fail(name, *raw, fmt::format("expected an integer from {} to {}", min, max));
      return fallback;
    }
    return static_cast<T>(value);
  }

  // Seconds, fractions allowed (e.g. 0.05), returned in milliseconds.
  milliseconds Duration(std::string_view name, milliseconds fallback, double min_seconds,
                        double max_seconds) {
    const auto raw = Get(name);
    if (!raw) return fallback;
    double value = 0;
    const auto* end = raw->data() + raw->size();
    const auto [ptr, ec] = std::from_chars(raw->data(), end, value);
    if (ec != std::errc() || ptr != end || !std::isfinite(value) || value < min_seconds ||
        value > max_seconds) {
      Fail(name, *raw, fmt::format("expected a number of seconds from {} to {}", min_seconds, max_seconds));
      return fallback;
    }
    return milliseconds(static_cast<long long>(std::llround(value * 1000.0)));
  }

  seconds WholeSeconds(std::string_view name, seconds fallback, long long min, long long max) {
    return seconds(Integer<long long>(name, fallback.count(), min, max));
  }

  bool Boolean(std::string_view name, bool fallback) {
    const auto raw = Get(name);
    if (!raw) return fallback;
    if (*raw == "true" || *raw == "1" || *raw == "yes") return true;
    if (*raw == "false" || *raw == "0" || *raw == "no") return false;
    Fail(name, *raw, "expected true or false");
    return fallback;
  }

 private:
  const EnvMap& env_;
  std::vector<std::string>& errors_;
};

bool IsIpAddress(const std::string& text) {
  unsigned char buffer[sizeof(in6_addr)];
  return inet_pton(AF_INET, text.c_str(), buffer) == 1 || inet_pton(AF_INET6, text.c_str(), buffer) == 1;
}

// A browser Origin: scheme://host[:port], nothing after it.
bool IsOrigin(std::string_view text) {
  const auto url = boost::urls::parse_absolute_uri(text);
  if (!url) return false;
  const auto scheme = url->scheme();
  return (scheme == "http" || scheme == "https") && !url->host().empty() &&
         (url->path().empty() || url->path() == "/") &&
         !url->has_query() && !url->has_fragment() && !url->has_userinfo();
}

std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> items;
  while (!text.empty()) {
    const auto comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) items.emplace_back(item);
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
  }
  return items;
}

void ReadCacheTtl(Reader& r, std::string_view fresh_name, std::string_view stale_name,
                  CacheTtl& ttl) {
  ttl.fresh = r.WholeSeconds(fresh_name, ttl.fresh, 1, 7 * 86400);
  ttl.stale = r.WholeSeconds(stale_name, ttl.stale, 1, 30 * 86400);
  if (ttl.stale < ttl.fresh) {
    r.Fail(stale_name, std::to_string(ttl.stale.count()),
           fmt::format("must be at least {} ({})", fresh_name, ttl.fresh.count()));
  }
}

void ReadServer(Reader& r, Settings& s) {
  if (auto host = r.Get("HOST")) {
    if (IsIpAddress(*host)) {
      s.host = *host;
    } else {
      r.Fail("HOST", *host, "expected an IPv4 or IPv6 address such as 127.0.0.1 or 0.0.0.0");
    }
  }
  s.port = r.Integer<std::uint16_t>("PORT", s.port, 0, 65535);
  s.worker_threads = r.Integer<unsigned>("WORKER_THREADS", std::max(1u, std::thread::hardware_concurrency()), 1, 256);
  s.http_header_timeout = r.Duration("HTTP_HEADER_TIMEOUT_SECONDS", s.http_header_timeout, 0.1, 300);
  s.http_idle_timeout = r.Duration("HTTP_IDLE_TIMEOUT_SECONDS", s.http_idle_timeout, 0.1, 3600);
  s.http_max_connections = r.Integer<std::size_t>("HTTP_MAX_CONNECTIONS", s.http_max_connections, 1, 1'000'000);
  s.access_log = r.Boolean("ACCESS_LOG", s.access_log);
  if (const auto it = r.Raw("WEB_ROOT")) s.web_root = *it;
  s.shutdown_drain_delay = r.Duration("SHUTDOWN_DRAIN_DELAY_SECONDS", s.shutdown_drain_delay, 0, 300);
  s.shutdown_grace_period = r.Duration("SHUTDOWN_GRACE_PERIOD_SECONDS", s.shutdown_grace_period, 1, 3600);
  if (s.shutdown_drain_delay >= s.shutdown_grace_period) {
    r.Fail("SHUTDOWN_DRAIN_DELAY_SECONDS", fmt::format("{}", s.shutdown_drain_delay.count() / 1000.0),
           fmt::format("must be less than SHUTDOWN_GRACE_PERIOD_SECONDS ({})",
                       s.shutdown_grace_period.count() / 1000.0));
  }
}

void ReadLogging(Reader& r, Settings& s) {
  if (auto level = r.Get("LOG_LEVEL")) {
    std::string lower = *level;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (auto parsed = obs::ParseLogLevel(lower)) {
      s.log_level = *parsed;
    } else {
      r.Fail("LOG_LEVEL", *level, "expected one of debug, info, warning, error, critical");
    }
  }
  if (auto format = r.Get("LOG_FORMAT")) {
    if (auto parsed = obs::ParseLogFormat(*format)) {
      s.log_format = *parsed;
    } else {
      r.Fail("LOG_FORMAT", *format, "expected json or text");
    }
  }
}

// Origins no deployment of ours has anything to do with: different schemes, hosts, ports and
// labels. A pattern that accepts every one of them (".*", "^https?://.*", "[\\s\\S]*", "(.*)",
// ...) lets any web site read our answers with the user's browser, whatever way it is spelled;
// so does one that accepts "null", the origin of every sandboxed document. Both are refused.
bool AcceptsUnrelatedOrigins(const std::regex& pattern) {
  static constexpr std::string_view kUnrelated[] = {
      "https://attacker.example",    "http://evil.invalid:8080",  "https://xn--mnchen-3ya.example",
      "http://192.0.2.7",            "https://[2001:db8::7]:443", "https://a.b.c.d.example.org",
      "http://localhost.attacker.example:3000",
  };
  const auto accepts = [&](std::string_view origin) { return std::regex_match(origin.begin(), origin.end(), pattern); };
  return accepts("null") || std::all_of(std::begin(kUnrelated), std::end(kUnrelated), accepts);
}

void ReadCors(Reader& r, Settings& s) {
  if (auto origins = r.Get("CORS_ALLOW_ORIGINS")) {
    std::vector<std::string> parsed;
    bool ok = true;
    for (auto& origin : SplitList(*origins)) {
      if (origin == "*") {
        r.Fail("CORS_ALLOW_ORIGINS", *origins,
               "\"*\" is refused: list the exact origins, e.g. https://bahnvision.example");
        ok = false;
        break;
      }
      if (!IsOrigin(origin)) {
        r.Fail("CORS_ALLOW_ORIGINS", *origins,
               fmt::format("\"{}\" is not an origin: expected a comma list of scheme://host[:port]", origin));
        ok = false;
        break;
      }
      if (origin.back() == '/') origin.pop_back();
      parsed.push_back(std::move(origin));
    }
    if (ok) s.cors_allow_origins = std::move(parsed);
  }
  if (auto regex = r.Get("CORS_ALLOW_ORIGIN_REGEX")) {
    try {
      const std::regex compiled(*regex, std::regex::ECMAScript);
      if (AcceptsUnrelatedOrigins(compiled)) {
        r.Fail("CORS_ALLOW_ORIGIN_REGEX", *regex,
               "a pattern matching every origin is refused, as is \"*\" (it accepts unrelated origins such as "
               "https://attacker.example, or null); anchor it to your own hosts");
      } else {
        s.cors_allow_origin_regex = *regex;
      }
    } catch (const std::regex_error& e) {
      r.Fail("CORS_ALLOW_ORIGIN_REGEX", *regex, fmt::format("expected an ECMAScript regular expression ({})", e.what()));
    }
  }
}

void ReadUpstream(Reader& r, Settings& s) {
  if (auto base = r.Get("MVG_BASE_URL")) {
    const auto url = boost::urls::parse_absolute_uri(*base);
    if (!url || (url->scheme() != "http" && url->scheme() != "https") || url->host().empty() ||
        url->has_query() || url->has_fragment()) {
      r.Fail("MVG_BASE_URL", *base,
             "expected an http:// or https:// URL without query, e.g. https://www.mvg.de/api/bgw-pt/v3");
    } else {
      std::string normalized = *base;
      while (!normalized.empty() && normalized.back() == '/') normalized.pop_back();
      s.mvg_base_url = std::move(normalized);
    }
  }
  s.mvg_connect_timeout = r.Duration("MVG_CONNECT_TIMEOUT_SECONDS", s.mvg_connect_timeout, 0.05, 60);
  s.mvg_timeout = r.Duration("MVG_TIMEOUT_SECONDS", s.mvg_timeout, 0.1, 120);
  s.mvg_retry_after_max = r.WholeSeconds("MVG_RETRY_AFTER_MAX_SECONDS", s.mvg_retry_after_max, 1, 86400);
  s.mvg_max_connections = r.Integer<unsigned>("MVG_MAX_CONNECTIONS", s.mvg_max_connections, 1, 100000);
  s.mvg_max_pending_requests = r.Integer<unsigned>("MVG_MAX_PENDING_REQUESTS", s.mvg_max_pending_requests, 0, 1000000);
}

// Valkey Sentinel: both variables or neither.
void ReadSentinels(Reader& r, Settings& s) {
  const auto sentinels = r.Get("VALKEY_SENTINELS");
  const auto master = r.Get("VALKEY_SENTINEL_MASTER");
  if (sentinels) {
    std::string why;
    if (!net::ParseHostPortList(*sentinels, &why)) {
      r.Fail("VALKEY_SENTINELS", *sentinels, "expected host:port[,host:port...] (" + why + ")");
    } else {
      s.valkey_sentinels = *sentinels;
    }
  }
  if (master) {
    const bool name_ok = master->size() <= 128 && master->find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") == std::string::npos;
    if (!name_ok) {
      r.Fail("VALKEY_SENTINEL_MASTER", *master, "expected a master name of letters, digits, '.', '_' or '-'");
    } else {
      s.valkey_sentinel_master = *master;
    }
  }
  if (sentinels.has_value() != master.has_value()) {
    r.Fail(sentinels ? "VALKEY_SENTINEL_MASTER" : "VALKEY_SENTINELS", "",
           "VALKEY_SENTINELS and VALKEY_SENTINEL_MASTER go together (the sentinels and the master's name)");
  }
  s.valkey_sentinel_password = r.Get("VALKEY_SENTINEL_PASSWORD");
}

void ReadCache(Reader& r, Settings& s) {
  // VALKEY_URL wins; REDIS_URL is the original's alias.
  const char* valkey_name = r.Get("VALKEY_URL") ? "VALKEY_URL" : "REDIS_URL";
  if (auto url_text = r.Get(valkey_name)) {
    const auto url = boost::urls::parse_absolute_uri(*url_text);
    const bool scheme_ok = url && (url->scheme() == "redis" || url->scheme() == "rediss" ||
                                   url->scheme() == "valkey" || url->scheme() == "valkeys");
    bool db_ok = true;
    if (url && !url->path().empty() && url->path() != "/") {
      const std::string db = url->path().substr(1);
      db_ok = !db.empty() && db.size() <= 2 && db.find_first_not_of("0123456789") == std::string::npos;
    }
    if (!scheme_ok || url->host().empty() || !db_ok) {
      r.Fail(valkey_name, RedactUrl(*url_text),
             "expected redis://, rediss://, valkey:// or valkeys:// with a host, e.g. "
             "valkey://:password@127.0.0.1:6379/0");
    } else {
      s.valkey_url = *url_text;
    }
  }
  ReadSentinels(r, s);
  s.not_found_ttl = r.WholeSeconds("VALKEY_CACHE_TTL_NOT_FOUND_SECONDS", s.not_found_ttl, 1, 86400);
  ReadCacheTtl(r, "MVG_DEPARTURES_CACHE_TTL_SECONDS", "MVG_DEPARTURES_CACHE_STALE_TTL_SECONDS", s.departures_ttl);
  ReadCacheTtl(r, "MVG_STATION_SEARCH_CACHE_TTL_SECONDS", "MVG_STATION_SEARCH_CACHE_STALE_TTL_SECONDS",
               s.station_search_ttl);
  ReadCacheTtl(r, "MVG_STATION_LIST_CACHE_TTL_SECONDS", "MVG_STATION_LIST_CACHE_STALE_TTL_SECONDS",
               s.station_list_ttl);
  ReadCacheTtl(r, "MVG_ROUTE_CACHE_TTL_SECONDS", "MVG_ROUTE_CACHE_STALE_TTL_SECONDS", s.route_ttl);
  s.singleflight_lock_ttl = r.Duration("CACHE_SINGLEFLIGHT_LOCK_TTL_SECONDS", s.singleflight_lock_ttl, 0.1, 300);
  s.singleflight_lock_wait = r.Duration("CACHE_SINGLEFLIGHT_LOCK_WAIT_SECONDS", s.singleflight_lock_wait, 0.01, 300);
  s.singleflight_retry_delay =
      r.Duration("CACHE_SINGLEFLIGHT_RETRY_DELAY_SECONDS", s.singleflight_retry_delay, 0.001, 10);
  s.circuit_breaker_timeout =
      r.Duration("CACHE_CIRCUIT_BREAKER_TIMEOUT_SECONDS", s.circuit_breaker_timeout, 0.1, 3600);
  s.fleet_outage_grace = r.Duration("CACHE_FLEET_OUTAGE_GRACE_SECONDS", s.fleet_outage_grace, 0, 300);
  s.valkey_connect_timeout = r.Duration("VALKEY_CONNECT_TIMEOUT_SECONDS", s.valkey_connect_timeout, 0.01, 60);
  s.valkey_command_timeout = r.Duration("VALKEY_COMMAND_TIMEOUT_SECONDS", s.valkey_command_timeout, 0.01, 60);
  if (auto ca = r.Get("VALKEY_TLS_CA_FILE")) {
    if (::access(ca->c_str(), R_OK) != 0) {
      r.Fail("VALKEY_TLS_CA_FILE", *ca, "expected a readable PEM file of CA certificates");
    } else {
      s.valkey_tls_ca_file = *ca;
    }
  }
  s.mvg_breaker_open = r.Duration("MVG_CIRCUIT_BREAKER_OPEN_SECONDS", s.mvg_breaker_open, 0.1, 3600);
  s.cache_max_bytes = r.Integer<std::size_t>("CACHE_MAX_BYTES", s.cache_max_bytes, 1024 * 1024, 64ULL << 30);
}

void ReadRateLimit(Reader& r, Settings& s) {
  s.rate_limit_per_minute = r.Integer<unsigned>("RATE_LIMIT_PER_MINUTE", s.rate_limit_per_minute, 0, 1'000'000);
  s.rate_limit_burst = r.Integer<unsigned>("RATE_LIMIT_BURST", s.rate_limit_burst, 1, 1'000'000);
  if (auto proxies = r.Get("RATE_LIMIT_TRUSTED_PROXIES")) {
    auto items = SplitList(*proxies);
    if (auto parsed = net::TrustedProxies::Parse(items); !parsed) {
      r.Fail("RATE_LIMIT_TRUSTED_PROXIES", *proxies,
             fmt::format("{}: expected a comma list of addresses or networks, e.g. 10.0.0.0/8,fd00::/8", parsed.error()));
    } else {
      s.rate_limit_trusted_proxies = std::move(items);
    }
  }
  if (auto header = r.Get("RATE_LIMIT_FORWARDED_HEADER")) {
    if (const auto parsed = net::ParseForwardedHeader(*header)) {
      s.rate_limit_forwarded_header = *parsed;
    } else {
      r.Fail("RATE_LIMIT_FORWARDED_HEADER", *header,
             "expected x-forwarded-for or forwarded: the header your trusted proxies append to");
    }
  }
  s.rate_limit_ipv6_prefix = r.Integer<unsigned>("RATE_LIMIT_IPV6_PREFIX", s.rate_limit_ipv6_prefix, 1, 128);
  s.rate_limit_max_clients =
      r.Integer<std::size_t>("RATE_LIMIT_MAX_CLIENTS", s.rate_limit_max_clients, 1000, 10'000'000);
}

void ReadDatabase(Reader& r, Settings& s) {
  if (auto url_text = r.Get("DATABASE_URL")) {
    const auto url = boost::urls::parse_absolute_uri(*url_text);
    // SQLAlchemy-style driver suffixes (postgresql+asyncpg://) from the original are accepted.
    const bool ok = url && (url->scheme() == "postgres" || url->scheme() == "postgresql" ||
                            url->scheme().starts_with("postgresql+"));
    if (!ok) {
      r.Fail("DATABASE_URL", RedactUrl(*url_text),
             "expected postgresql://user:password@host:port/database");
    } else {
      s.database_url = *url_text;
    }
  }
  s.database_pool_size = r.Integer<unsigned>("DATABASE_POOL_SIZE", s.database_pool_size, 1, 100);
  s.database_max_pending_queries =
      r.Integer<std::size_t>("DATABASE_MAX_PENDING_QUERIES", s.database_max_pending_queries, 1, 100000);
  s.database_connect_timeout = r.WholeSeconds("DATABASE_CONNECT_TIMEOUT_SECONDS", s.database_connect_timeout, 2, 300);
  s.database_statement_timeout =
      r.Duration("DATABASE_STATEMENT_TIMEOUT_SECONDS", s.database_statement_timeout, 0.1, 3600);
  if (const auto dir = r.Get("MIGRATIONS_DIR")) s.migrations_dir = *dir;
  s.persist_queue_max = r.Integer<std::size_t>("PERSIST_QUEUE_MAX", s.persist_queue_max, 100, 10'000'000);
  s.persist_batch_size = r.Integer<std::size_t>("PERSIST_BATCH_SIZE", s.persist_batch_size, 1, 10000);
  s.persist_flush_interval = r.Duration("PERSIST_FLUSH_INTERVAL_SECONDS", s.persist_flush_interval, 0.01, 60);
  s.database_retention_months = r.Integer<unsigned>("DATABASE_RETENTION_MONTHS", s.database_retention_months, 1, 240);
  s.partition_maintenance_interval =
      r.WholeSeconds("PARTITION_MAINTENANCE_INTERVAL_SECONDS", s.partition_maintenance_interval, 1, 7 * 86400);
  ReadCacheTtl(r, "STATION_STATS_CACHE_TTL_SECONDS", "STATION_STATS_CACHE_STALE_TTL_SECONDS", s.station_stats_ttl);
}

}  // namespace

boost::system::result<Settings, std::vector<std::string>> LoadSettings(const EnvMap& env) {
  std::vector<std::string> errors;
  Reader reader(env, errors);
  Settings s;
  ReadServer(reader, s);
  ReadLogging(reader, s);
  ReadCors(reader, s);
  ReadUpstream(reader, s);
  ReadCache(reader, s);
  ReadRateLimit(reader, s);
  ReadDatabase(reader, s);
  if (!errors.empty()) return errors;
  return s;
}

std::string RedactUrl(const std::string& url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return url;
  const auto authority_start = scheme_end + 3;
  const auto at = url.find('@', authority_start);
  const auto slash = url.find('/', authority_start);
  if (at == std::string::npos || (slash != std::string::npos && slash < at)) return url;
  const auto colon = url.find(':', authority_start);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

}  // namespace bv::config
