#include "store/sqlite/sqlite_checkpointer.h"

#include <spdlog/spdlog.h>

#include "core/thread_name.h"

namespace ow::store {

namespace {

// After the bulk copy, up to kTailRounds more rounds run without pausing commits, until a
// round finds at most kPausedTailPages new pages; the rest is copied with commits paused.
constexpr int kPausedTailPages = 256;
constexpr int kTailRounds = 4;
constexpr int kRestartWaitMs = 10;

// Whether a checkpoint call succeeded; a failure other than BUSY (a reader or writer in the
// way, retried at the next signal) is logged.
bool CheckpointOk(sqlite3* db, int rc) {
  if (rc != SQLITE_OK && rc != SQLITE_BUSY)
    spdlog::warn("{{\"event\":\"sqlite_checkpoint_failed\",\"error\":\"{}\"}}", sqlite3_errmsg(db));
  return rc == SQLITE_OK;
}

}  // namespace

Result<std::unique_ptr<SqliteCheckpointer>> SqliteCheckpointer::Start(const std::string& path,
                                                                      int busy_timeout_ms,
                                                                      SqliteConnection& writer,
                                                                      int wal_pages,
                                                                      WithWriterPaused paused) {
  OW_ASSIGN_OR_RETURN(std::unique_ptr<SqliteConnection> conn,
                      SqliteConnection::Open(path, busy_timeout_ms, /*set_wal=*/false));
  std::unique_ptr<SqliteCheckpointer> c(
      new SqliteCheckpointer(std::move(conn), busy_timeout_ms, wal_pages, std::move(paused)));
  c->next_signal_pages_ = wal_pages;
  c->thread_ = std::thread([p = c.get()] {
    SetCurrentThreadName("ow-checkpoint");
    p->Loop();
  });
  // Replaces the hook sqlite3_wal_autocheckpoint installed: commits no longer checkpoint.
  sqlite3_wal_hook(writer.handle(), &SqliteCheckpointer::OnCommit, c.get());
  return c;
}

SqliteCheckpointer::~SqliteCheckpointer() { Stop(); }

void SqliteCheckpointer::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

// Runs on the writer's thread after each commit; `pages` is the log's size in pages.
int SqliteCheckpointer::OnCommit(void* self, sqlite3*, const char*, int pages) {
  auto* c = static_cast<SqliteCheckpointer*>(self);
  if (pages < c->last_pages_.load()) c->next_signal_pages_ = c->wal_pages_;  // started over
  c->last_pages_.store(pages);
  if (pages >= c->next_signal_pages_) {
    // At most one signal per stretch of log: the next comes when the log has started over and
    // filled again, or (it could not start over) grown by another eighth.
    c->next_signal_pages_ = pages + c->wal_pages_ / 8;
    {
      std::lock_guard lock(c->mu_);
      c->pending_ = true;
    }
    c->cv_.notify_one();
  }
  return SQLITE_OK;
}

void SqliteCheckpointer::Loop() {
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait(lock, [this] { return pending_ || stop_; });
    if (stop_) return;
    pending_ = false;
    lock.unlock();
    CheckpointOnce();
    lock.lock();
  }
}

void SqliteCheckpointer::CheckpointOnce() {
  // One PASSIVE checkpoint on `db`: copies the log as it stood when the call began. Returns that
  // log size in pages, or -1 on failure (logged; the next signal retries).
  auto passive = [](sqlite3* db) {
    int log_pages = 0, copied = 0;
    int rc = sqlite3_wal_checkpoint_v2(db, "main", SQLITE_CHECKPOINT_PASSIVE, &log_pages, &copied);
    return CheckpointOk(db, rc) ? log_pages : -1;
  };
  int log = passive(conn_->handle());  // the bulk, while commits go on
  if (log < 0) return;
  // What was committed meanwhile, in rounds that shrink, until a round has little to copy.
  for (int round = 0; round < kTailRounds; ++round) {
    int now = passive(conn_->handle());
    if (now < 0) return;
    bool small = now - log <= kPausedTailPages;
    log = now;
    if (small) break;
  }
  // The last pages with commits paused, as a RESTART checkpoint on the writer's connection: it
  // copies them and starts the log over once the readers still on it are done, waiting for
  // them at most kRestartWaitMs (readers that begin meanwhile read the database file and do
  // not hold it up). If one takes longer, the log goes on growing and the next signal retries.
  if (paused_) {
    paused_([&](SqliteConnection& writer) {
      sqlite3* db = writer.handle();
      sqlite3_busy_timeout(db, kRestartWaitMs);
      int rc = sqlite3_wal_checkpoint_v2(db, "main", SQLITE_CHECKPOINT_RESTART, nullptr, nullptr);
      sqlite3_busy_timeout(db, busy_timeout_ms_);
      if (rc == SQLITE_BUSY && log >= 2 * wal_pages_) {
        // A reader has kept the log from starting over for a while (a long report?).
        spdlog::warn("{{\"event\":\"sqlite_wal_growing\",\"pages\":{}}}", log);
      } else if (!CheckpointOk(db, rc) && rc != SQLITE_BUSY) {
        log = -1;
      }
    });
  }
  if (log >= 0) ++checkpoints_;
}

}  // namespace ow::store
