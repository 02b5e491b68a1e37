#include "store/pg.hpp"

#include <libpq-fe.h>

#include <cstdlib>
#include <utility>

#include <fmt/format.h>

namespace bv::store {
namespace {

// libpq's messages end in a newline (and sometimes a space).
std::string TrimmedMessage(const char* message) {
  std::string text = message ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

}  // namespace

PgResult::PgResult(pg_result* result) : result_(result) {}
PgResult::PgResult(PgResult&& other) noexcept : result_(std::exchange(other.result_, nullptr)) {}
PgResult& PgResult::operator=(PgResult&& other) noexcept {
  if (this != &other) {
    if (result_) PQclear(result_);
    result_ = std::exchange(other.result_, nullptr);
  }
  return *this;
}
PgResult::~PgResult() {
  if (result_) PQclear(result_);
}
int PgResult::rows() const { return result_ ? PQntuples(result_) : 0; }
int PgResult::columns() const { return result_ ? PQnfields(result_) : 0; }
bool PgResult::IsNull(int row, int column) const { return PQgetisnull(result_, row, column) != 0; }
std::string_view PgResult::Text(int row, int column) const {
  return {PQgetvalue(result_, row, column), static_cast<std::size_t>(PQgetlength(result_, row, column))};
}
std::optional<std::string> PgResult::Optional(int row, int column) const {
  if (IsNull(row, column)) return std::nullopt;
  return std::string(Text(row, column));
}
long long PgResult::Int(int row, int column) const { return std::strtoll(PQgetvalue(result_, row, column), nullptr, 10); }
double PgResult::Double(int row, int column) const { return std::strtod(PQgetvalue(result_, row, column), nullptr); }
long long PgResult::affected() const {
  const char* n = result_ ? PQcmdTuples(result_) : "";
  return *n ? std::strtoll(n, nullptr, 10) : 0;
}

std::string ConnInfo(const PgOptions& options) {
  std::string url = options.url;
  // SQLAlchemy-style "postgresql+asyncpg://" from the original configuration.
  if (const auto plus = url.find('+'); plus != std::string::npos && url.compare(0, 10, "postgresql") == 0 &&
                                       plus < url.find("://")) {
    url.erase(plus, url.find("://") - plus);
  }
  const char sep = url.find('?') == std::string::npos ? '?' : '&';
  // libpq accepts whole seconds, at least 2.
  const long long connect_s = std::max<long long>(2, options.connect_timeout.count());
  return fmt::format("{}{}connect_timeout={}&application_name={}&options=-c%20statement_timeout%3D{}%20-c%20client_min_messages%3Dwarning", url, sep,
                     connect_s, options.application_name, options.statement_timeout.count());
}

PgOutcome<std::unique_ptr<PgConnection>> PgConnection::Connect(const PgOptions& options) {
  const std::string info = ConnInfo(options);
  pg_conn* conn = PQconnectdb(info.c_str());
  if (conn == nullptr) return PgError{"out of memory", "", true};
  if (PQstatus(conn) != CONNECTION_OK) {
    PgError error{TrimmedMessage(PQerrorMessage(conn)), "", true};
    PQfinish(conn);
    return error;
  }
  return std::unique_ptr<PgConnection>(new PgConnection(conn, PQgetCancel(conn)));
}

PgConnection::~PgConnection() {
  if (cancel_ != nullptr) PQfreeCancel(cancel_);
  PQfinish(conn_);
}

void PgConnection::RequestCancel() {
  if (cancel_ == nullptr) return;
  char error[256];  // a failed cancel changes nothing: the statement timeout still bounds it
  PQcancel(cancel_, error, sizeof error);
}

bool PgConnection::ok() const { return PQstatus(conn_) == CONNECTION_OK; }

PgError PgConnection::ErrorOf(pg_result* result) const {
  PgError error;
  error.message = TrimmedMessage(result ? PQresultErrorMessage(result) : PQerrorMessage(conn_));
  if (error.message.empty()) error.message = TrimmedMessage(PQerrorMessage(conn_));
  if (result) {
    if (const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE)) error.sqlstate = state;
  }
  // Class 08 is "connection exception"; 57P01..57P03 are admin shutdown / crash / cannot connect now.
  error.connection_lost = PQstatus(conn_) != CONNECTION_OK || error.sqlstate.starts_with("08") ||
                          error.sqlstate.starts_with("57P") || error.sqlstate.empty();
  return error;
}

PgOutcome<PgResult> PgConnection::Exec(std::string_view sql, const std::vector<Param>& params) {
  const std::string statement(sql);
  pg_result* raw = nullptr;
  if (params.empty()) {
    raw = PQexec(conn_, statement.c_str());
  } else {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
    raw = PQexecParams(conn_, statement.c_str(), static_cast<int>(params.size()), nullptr, values.data(), nullptr,
                       nullptr, 0);
  }
  const auto status = raw ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY) return PgResult(raw);
  PgError error = ErrorOf(raw);
  if (raw) PQclear(raw);
  return error;
}

}  // namespace bv::store
