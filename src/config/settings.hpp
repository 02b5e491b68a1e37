// Typed, validated service configuration (ARCHITECTURE.md section 4).
// Built once in app/ from the environment (+ .env); modules receive their own slice of it.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/system/result.hpp>

#include "config/env.hpp"
#include "net/client_identity.hpp"
#include "obs/log.hpp"

namespace bv::config {

struct CacheTtl {
  std::chrono::seconds fresh;
  std::chrono::seconds stale;  // Invariant: stale >= fresh.
};

struct Settings {
  // HTTP server
  std::string host = "127.0.0.1";
  std::uint16_t port = 8000;  // 0 picks a free port (tests)
  unsigned worker_threads = 0;  // 0 = one per hardware thread
  std::chrono::milliseconds http_header_timeout{std::chrono::seconds{10}};
  std::chrono::milliseconds http_idle_timeout{std::chrono::seconds{60}};
  std::size_t http_max_connections = 10000;
  bool access_log = true;
  std::string web_root = "web/dist";  // the built web UI, served at `/`; empty: no UI

  // Graceful shutdown: readiness turns 503 at once, the listener closes after the drain delay,
  // and the process exits within the grace period (counted from the signal).
  std::chrono::milliseconds shutdown_drain_delay{std::chrono::seconds{5}};
  std::chrono::milliseconds shutdown_grace_period{std::chrono::seconds{25}};

  obs::LogLevel log_level = obs::LogLevel::kInfo;
  obs::LogFormat log_format = obs::LogFormat::kJson;

  std::vector<std::string> cors_allow_origins = {"http://localhost:3000", "http://localhost:5173",
                                                 "http://127.0.0.1:3000", "http://127.0.0.1:5173"};
  std::optional<std::string> cors_allow_origin_regex;

  // Upstream
  std::string mvg_base_url = "https://www.mvg.de/api/bgw-pt/v3";
  std::chrono::milliseconds mvg_connect_timeout{std::chrono::seconds{3}};
  std::chrono::milliseconds mvg_timeout{std::chrono::seconds{8}};  // per call, retries included
  // Open connections to MVG per replica, split across the workers (at least one each), and
  // calls waiting for a connection once they are all busy (also split); beyond: stale or 503.
  unsigned mvg_max_connections = 64;
  unsigned mvg_max_pending_requests = 512;

  // Cache (names and defaults of the original BahnVision)
  std::optional<std::string> valkey_url;  // unset (and no sentinels) -> in-process cache only
  // Valkey Sentinel: "host:port,..." of the sentinels and the master's name; VALKEY_URL then
  // gives only credentials, database and TLS (its host:port is not used).
  std::optional<std::string> valkey_sentinels;
  std::string valkey_sentinel_master;
  std::optional<std::string> valkey_sentinel_password;  // the sentinels' own requirepass
  std::chrono::seconds not_found_ttl{15};
  CacheTtl departures_ttl{std::chrono::seconds{30}, std::chrono::seconds{300}};
  CacheTtl station_search_ttl{std::chrono::seconds{60}, std::chrono::seconds{600}};
  CacheTtl station_list_ttl{std::chrono::seconds{86400}, std::chrono::seconds{172800}};
  CacheTtl route_ttl{std::chrono::seconds{120}, std::chrono::seconds{900}};
  std::chrono::milliseconds singleflight_lock_ttl{std::chrono::seconds{5}};
  std::chrono::milliseconds singleflight_lock_wait{std::chrono::seconds{5}};
  std::chrono::milliseconds singleflight_retry_delay{20};  // fleet fill poll (fallback to pub/sub)
  std::chrono::milliseconds circuit_breaker_timeout{std::chrono::seconds{30}};  // Valkey breaker
  std::chrono::milliseconds fleet_outage_grace{std::chrono::seconds{5}};  // hold refreshes when Valkey just failed
  std::chrono::milliseconds valkey_connect_timeout{std::chrono::seconds{2}};  // TCP + TLS + AUTH/SELECT
  std::chrono::milliseconds valkey_command_timeout{500};
  std::optional<std::string> valkey_tls_ca_file;  // rediss://: trust this CA instead of the system's
  std::chrono::milliseconds mvg_breaker_open{std::chrono::seconds{30}};  // per MVG endpoint
  std::chrono::seconds mvg_retry_after_max{600};  // longest hold one MVG Retry-After can cause
  std::size_t cache_max_bytes = 256 * 1024 * 1024;  // in-process tier

  // Client rate limit (per client address; fleet-wide through Valkey when configured)
  unsigned rate_limit_per_minute = 600;  // 0: off
  unsigned rate_limit_burst = 100;
  std::vector<std::string> rate_limit_trusted_proxies;  // addresses/networks whose forwarding header counts
  net::ForwardedHeader rate_limit_forwarded_header = net::ForwardedHeader::kXForwardedFor;  // the one they write
  unsigned rate_limit_ipv6_prefix = 64;  // IPv6 clients are keyed per network of this many bits
  std::size_t rate_limit_max_clients = 100000;  // clients tracked per replica; beyond: least recently seen forgotten

  // Persistence
  std::optional<std::string> database_url;  // unset -> persistence off
  unsigned database_pool_size = 5;  // connections (and threads) for read queries (station stats)
  std::size_t database_max_pending_queries = 64;  // read queries waiting or running; beyond: 503
  std::chrono::seconds database_connect_timeout{5};
  std::chrono::milliseconds database_statement_timeout{std::chrono::seconds{10}};
  std::string migrations_dir = "migrations";  // `bahnvision migrate` reads NNNN_name.sql here
  std::size_t persist_queue_max = 100000;  // observations held while PostgreSQL is down; beyond: drop oldest
  std::size_t persist_batch_size = 500;    // rows per write transaction
  std::chrono::milliseconds persist_flush_interval{200};  // a partial batch waits at most this long
  unsigned database_retention_months = 18;  // departure_observations partitions older than this are dropped
  std::chrono::seconds partition_maintenance_interval{3600};
  CacheTtl station_stats_ttl{std::chrono::seconds{60}, std::chrono::seconds{300}};
};

// Builds Settings from `env`. On failure returns one line per bad variable (every one, not
// just the first), each naming the variable, the value and what is allowed.
boost::system::result<Settings, std::vector<std::string>> LoadSettings(const EnvMap& env);

// `scheme://user:***@host...`: a URL with its password masked, for logs.
std::string RedactUrl(const std::string& url);

}  // namespace bv::config
