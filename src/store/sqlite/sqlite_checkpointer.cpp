#include "store/sqlite/sqlite_checkpointer.h"

#include <spdlog/spdlog.h>

#include "core/thread_name.h"

namespace ow::store {

Result<std::unique_ptr<SqliteCheckpointer>> SqliteCheckpointer::Start(const std::string& path,
                                                                      int busy_timeout_ms,
                                                                      SqliteConnection& writer,
                                                                      int wal_pages) {
  OW_ASSIGN_OR_RETURN(std::unique_ptr<SqliteConnection> conn,
                      SqliteConnection::Open(path, busy_timeout_ms, /*set_wal=*/false));
  std::unique_ptr<SqliteCheckpointer> c(new SqliteCheckpointer(std::move(conn), wal_pages));
  c->thread_ = std::thread([p = c.get()] {
    SetCurrentThreadName("ow-checkpoint");
    p->Loop();
  });
  // Replaces the hook sqlite3_wal_autocheckpoint installed: commits no longer checkpoint.
  sqlite3_wal_hook(writer.handle(), &SqliteCheckpointer::OnCommit, c.get());
  return c;
}

SqliteCheckpointer::~SqliteCheckpointer() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

int SqliteCheckpointer::OnCommit(void* self, sqlite3*, const char*, int pages) {
  auto* c = static_cast<SqliteCheckpointer*>(self);
  if (pages >= c->wal_pages_) {
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
    int log_pages = 0, copied = 0;
    int rc = sqlite3_wal_checkpoint_v2(conn_->handle(), "main", SQLITE_CHECKPOINT_PASSIVE,
                                       &log_pages, &copied);
    if (rc == SQLITE_OK) {
      ++checkpoints_;
    } else if (rc != SQLITE_BUSY) {
      spdlog::warn("{{\"event\":\"sqlite_checkpoint_failed\",\"error\":\"{}\"}}",
                   sqlite3_errmsg(conn_->handle()));
    }
    lock.lock();
  }
}

}  // namespace ow::store
