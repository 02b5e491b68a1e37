#include "store/query_pool.hpp"

#include <algorithm>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace bv::store {

namespace asio = boost::asio;

QueryPool::QueryPool(PgOptions options, unsigned threads, std::size_t max_pending, DatabaseMetrics& metrics)
    : options_(std::move(options)), max_pending_(max_pending), metrics_(metrics), threads_(threads) {}

QueryPool::~QueryPool() { threads_.join(); }

void QueryPool::Cancel() {
  cancelled_.store(true, std::memory_order_release);
  std::lock_guard lock(mutex_);
  for (PgConnection* c : busy_) c->RequestCancel();
}

asio::awaitable<Results> QueryPool::Run(std::vector<Statement> statements) {
  if (pending_.fetch_add(1, std::memory_order_acq_rel) >= max_pending_) {
    pending_.fetch_sub(1, std::memory_order_acq_rel);
    metrics_.pending_rejections.Inc();
    co_return PgError{"read-query queue full (DATABASE_MAX_PENDING_QUERIES)", "", false, true};
  }
  struct Release {
    std::atomic<std::size_t>& pending;
    ~Release() { pending.fetch_sub(1, std::memory_order_acq_rel); }
  } release{pending_};
  // Not cancellable through Asio (an empty slot): the statement blocks a pool thread, and a
  // cancellation emitted from another pool thread would race with it. Cancel() cancels on the
  // server instead, and the caller resumes once the statement has ended.
  co_return co_await asio::co_spawn(threads_.get_executor(), RunOnPool(std::move(statements)),
                                    asio::bind_cancellation_slot(asio::cancellation_slot(), asio::use_awaitable));
}

asio::awaitable<Results> QueryPool::RunOnPool(std::vector<Statement> statements) {
  co_return RunBlocking(statements);
}

Results QueryPool::RunBlocking(const std::vector<Statement>& statements) {
  if (cancelled_.load(std::memory_order_acquire)) return PgError{"cancelled: the service is shutting down", "", false};
  for (int attempt = 0;; ++attempt) {
    std::unique_ptr<PgConnection> connection;
    bool reused = false;
    {
      std::lock_guard lock(mutex_);
      if (!idle_.empty()) {
        connection = std::move(idle_.back());
        idle_.pop_back();
        reused = true;
      }
    }
    if (!connection) {
      auto connected = PgConnection::Connect(options_);
      if (!connected) {
        metrics_.connect_errors.Inc();
        metrics_.query_errors.Inc();
        return connected.error();
      }
      connection = std::move(*connected);
    }
    {
      // Registered while it runs, so that Cancel() reaches it; checked again under the lock
      // so that a Cancel() that came first is not missed.
      std::lock_guard lock(mutex_);
      if (cancelled_.load(std::memory_order_acquire)) {
        idle_.push_back(std::move(connection));
        return PgError{"cancelled: the service is shutting down", "", false};
      }
      busy_.push_back(connection.get());
    }
    std::vector<PgResult> results;
    std::optional<PgError> error;
    for (const auto& s : statements) {
      auto r = connection->Exec(s.sql, s.params);
      if (!r) {
        error = r.error();
        break;
      }
      results.push_back(std::move(*r));
    }
    {
      std::lock_guard lock(mutex_);
      busy_.erase(std::find(busy_.begin(), busy_.end(), connection.get()));
    }
    if (!error) {
      std::lock_guard lock(mutex_);
      idle_.push_back(std::move(connection));
      return results;
    }
    // An idle connection may have died with a server restart: one retry on a fresh one.
    if (error->connection_lost && reused && attempt == 0) continue;
    metrics_.query_errors.Inc();
    if (!error->connection_lost) {
      std::lock_guard lock(mutex_);
      idle_.push_back(std::move(connection));
    }
    return *error;
  }
}

}  // namespace bv::store
