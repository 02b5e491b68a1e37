// The one adapter over libpq (STYLE.md 7.9): a blocking connection with deadlines (connect
// timeout, statement timeout), text-format parameters and results. No other file sees libpq.
// Blocking is deliberate: connections are used only on the store's own threads (the
// write-behind writer, the maintenance job, the query pool), never on a request thread.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/system/result.hpp>

struct pg_conn;
struct pg_result;
struct pg_cancel;

namespace bv::store {

struct PgOptions {
  std::string url;  // postgresql://user:password@host:port/db (postgresql+driver:// accepted)
  std::chrono::seconds connect_timeout{5};
  std::chrono::milliseconds statement_timeout{std::chrono::seconds{10}};
  std::string application_name = "bahnvision";
};

// A failed call. `connection_lost` tells a broken/absent connection (retry later) from a
// statement the server refused (retrying the same statement will not help).
struct PgError {
  std::string message;        // for logs only
  std::string sqlstate;       // e.g. "23505"; empty when the connection failed
  bool connection_lost = false;
  bool rejected = false;  // refused before it was sent: the read-query queue was full
};

// Rows of a result as text (NULL -> nullopt). Movable, not copyable.
class PgResult {
 public:
  PgResult() = default;
  explicit PgResult(pg_result* result);
  PgResult(PgResult&&) noexcept;
  PgResult& operator=(PgResult&&) noexcept;
  ~PgResult();

  int rows() const;
  int columns() const;
  bool IsNull(int row, int column) const;
  std::string_view Text(int row, int column) const;  // "" for NULL
  std::optional<std::string> Optional(int row, int column) const;
  long long Int(int row, int column) const;
  double Double(int row, int column) const;
  long long affected() const;  // rows affected by INSERT/UPDATE/DELETE

 private:
  pg_result* result_ = nullptr;
};

using Param = std::optional<std::string>;  // nullopt -> SQL NULL
template <typename T>
using PgOutcome = boost::system::result<T, PgError>;

// One server connection. Not thread-safe: one thread uses it at a time.
class PgConnection {
 public:
  // Connects (blocking, bounded by the connect timeout).
  static PgOutcome<std::unique_ptr<PgConnection>> Connect(const PgOptions& options);
  ~PgConnection();

  // Runs `sql`, which may hold several statements when `params` is empty (simple protocol).
  PgOutcome<PgResult> Exec(std::string_view sql, const std::vector<Param>& params = {});
  // Whether the connection still looks usable (libpq's view; a dead server shows on next use).
  bool ok() const;
  // Asks the server to cancel the statement running on this connection (it then fails with
  // SQLSTATE 57014). Unlike the rest, callable from any thread (libpq's PQcancel is).
  void RequestCancel();

 private:
  PgConnection(pg_conn* conn, pg_cancel* cancel) : conn_(conn), cancel_(cancel) {}
  PgError ErrorOf(pg_result* result) const;
  pg_conn* conn_;
  pg_cancel* cancel_;  // made at connect time: PQgetCancel itself is not thread-safe
};

// libpq's connection string for `options` (scheme normalised, timeouts added). Exposed for tests.
std::string ConnInfo(const PgOptions& options);

}  // namespace bv::store
