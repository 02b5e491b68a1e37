// Read queries for request handlers without blocking request threads: statements run on a
// small thread pool of its own (DATABASE_POOL_SIZE threads, one connection each, opened lazily)
// and the awaiting coroutine resumes on its own executor. A connection lost to a server restart
// is replaced and the statements retried once. At most `max_pending` Run() calls wait or run at
// once; beyond that Run() fails at once with PgError::rejected (counted in
// bahnvision_upstream_rejections_total{upstream="postgresql",limit="pending_queries"}), so a
// slow database makes requests fail fast instead of queueing without bound. Thread-safe.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>

#include "store/db_metrics.hpp"
#include "store/pg.hpp"

namespace bv::store {

struct Statement {
  std::string sql;
  std::vector<Param> params;
};
using Results = PgOutcome<std::vector<PgResult>>;

class QueryPool {
 public:
  QueryPool(PgOptions options, unsigned threads, std::size_t max_pending, DatabaseMetrics& metrics);
  ~QueryPool();  // waits for running statements (bounded by the statement timeout)

  // Waits for running statements; completions still go to their callers' executors, so call it
  // before those io_contexts are destroyed. Idempotent.
  void Join() { threads_.join(); }
  // Shutdown: statements not yet started fail at once (a flood of queued station-stats loads
  // must not keep the process past its grace period) and running ones are cancelled on the
  // server. Every later Run() fails at once. Thread-safe.
  void Cancel();

  // Runs `statements` in order on one connection; the results, or the first error (rejected
  // when max_pending calls are already pending).
  boost::asio::awaitable<Results> Run(std::vector<Statement> statements);

 private:
  boost::asio::awaitable<Results> RunOnPool(std::vector<Statement> statements);
  Results RunBlocking(const std::vector<Statement>& statements);

  PgOptions options_;
  const std::size_t max_pending_;
  std::atomic<std::size_t> pending_{0};
  DatabaseMetrics& metrics_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<PgConnection>> idle_;  // guarded by mutex_
  std::vector<PgConnection*> busy_;                   // guarded by mutex_: running a statement
  std::atomic<bool> cancelled_{false};
  boost::asio::thread_pool threads_;
};

}  // namespace bv::store
