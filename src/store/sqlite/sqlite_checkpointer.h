// SqliteCheckpointer: copies the write-ahead log back into the database file on a thread of its
// own, so that no commit waits for it. SQLite's automatic checkpoint runs inside the commit
// that crosses the threshold; under a stream of group commits (pass records) that commit then
// waits for tens of megabytes to be written and synced, and every scan riding on it sees the
// stall (p99 spikes of a few hundred milliseconds). Here the writer's WAL hook only signals;
// this thread copies the log with PASSIVE checkpoints on its own connection, which never block
// the writer or the readers.
//
// The log must also start over: SQLite rewinds it only when the writer's next transaction finds
// it wholly copied, and commits keep landing while the bulk is copied. So the checkpointer
// copies what arrived meanwhile in short rounds, and the last few pages with commits paused
// for that moment (a millisecond or two, once per `wal_pages`). Without that the log would only
// grow, and every commit past the threshold would set off a checkpoint of its own few pages,
// with two more fsyncs each. Figures: docs/performance.md, "SQLite WAL and checkpoints".
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/status.h"
#include "store/sqlite/sqlite_connection.h"

namespace ow::store {

class SqliteCheckpointer {
 public:
  // Runs fn on the writer connection while no transaction can start on it.
  using WithWriterPaused = std::function<void(const std::function<void(SqliteConnection&)>& fn)>;

  // Opens its own connection to `path` and takes over the writer's checkpoints: the writer's
  // automatic checkpoint is switched off and its WAL hook signals this thread once the log
  // holds `wal_pages` pages.
  static Result<std::unique_ptr<SqliteCheckpointer>> Start(const std::string& path,
                                                           int busy_timeout_ms,
                                                           SqliteConnection& writer, int wal_pages,
                                                           WithWriterPaused paused);
  // Stops the thread. The writer's WAL hook still points here: close the writer first.
  ~SqliteCheckpointer();
  SqliteCheckpointer(const SqliteCheckpointer&) = delete;
  SqliteCheckpointer& operator=(const SqliteCheckpointer&) = delete;

  // Stops and joins the thread; idempotent. Call before the writer connection goes away.
  void Stop();

  int64_t checkpoints() const { return checkpoints_.load(); }
  // The log's size in pages after the last commit.
  int64_t wal_pages() const { return last_pages_.load(); }

 private:
  SqliteCheckpointer(std::unique_ptr<SqliteConnection> conn, int busy_timeout_ms, int wal_pages,
                     WithWriterPaused paused)
      : conn_(std::move(conn)),
        busy_timeout_ms_(busy_timeout_ms),
        wal_pages_(wal_pages),
        paused_(std::move(paused)) {}
  static int OnCommit(void* self, sqlite3* db, const char* schema, int pages);
  void Loop();
  void CheckpointOnce();

  std::unique_ptr<SqliteConnection> conn_;
  const int busy_timeout_ms_;  // the writer's, restored after a restart
  const int wal_pages_;
  const WithWriterPaused paused_;
  // The log size that signals the next checkpoint: wal_pages_, or more while a log that could
  // not start over (a reader was still on it) keeps growing. Written by the writer's hook only.
  int next_signal_pages_ = 0;
  std::atomic<int> last_pages_{0};
  std::mutex mu_;
  std::condition_variable cv_;
  bool pending_ = false;
  bool stop_ = false;
  std::atomic<int64_t> checkpoints_{0};
  std::thread thread_;
};

}  // namespace ow::store
