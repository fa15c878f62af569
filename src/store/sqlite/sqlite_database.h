// SqliteDatabase: the embedded backend. One writer connection (behind a mutex) runs Exec,
// Transact and any non-read-only Query; a lazily grown pool of reader connections runs
// read-only queries concurrently (WAL mode lets readers proceed while the writer writes).
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "store/database.h"
#include "store/pool.h"
#include "store/sqlite/sqlite_checkpointer.h"
#include "store/sqlite/sqlite_connection.h"

namespace ow::store {

// The SQLite implementation of Database. "sqlite::memory:" uses one shared connection.
class SqliteDatabase final : public Database {
 public:
  static Result<std::unique_ptr<Database>> Open(const std::string& path,
                                                const OpenOptions& options);
  ~SqliteDatabase() override;

  Result<Rows> Query(std::string_view sql, const std::vector<Value>& params) override;
  Result<int64_t> Exec(std::string_view sql, const std::vector<Value>& params) override;
  Status Transact(const std::function<Status(Tx&)>& fn) override;
  Status ExecScript(std::string_view sql) override;
  Status Ping() override;
  Dialect dialect() const override { return Dialect::kSqlite; }
  PoolStats Stats() const override;
  std::string Describe() const override { return "sqlite:" + path_; }

 private:
  SqliteDatabase(std::string path, std::unique_ptr<SqliteConnection> writer);

  // Runs f(writer) holding the writer mutex. Fails instead of deadlocking when the calling
  // thread already holds it (a Database call made from inside Transact).
  template <typename R, typename F>
  R WithWriter(F&& f);
  // Runs fn(writer) between two transactions, ahead of writers waiting (the checkpointer's
  // short pause; see sqlite_checkpointer.h).
  void WithWriterPaused(const std::function<void(SqliteConnection&)>& fn);

  const std::string path_;
  std::unique_ptr<SqliteCheckpointer> checkpointer_;  // null for ":memory:"; outlives writer_
  std::unique_ptr<SqliteConnection> writer_;
  std::mutex writer_mu_;
  std::atomic<std::thread::id> writer_owner_{};
  std::atomic<int64_t> writer_waits_{0};
  std::atomic<bool> writer_busy_{false};
  std::atomic<bool> pause_wanted_{false};
  std::mutex pause_mu_;
  std::condition_variable pause_cv_;
  std::unique_ptr<Pool<SqliteConnection>> readers_;  // null for ":memory:"
};

}  // namespace ow::store
