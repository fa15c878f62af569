// Online backup and restore of SQLite databases (see sqlite_backup.h).
#include "store/sqlite/sqlite_backup.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

namespace ow::store {

namespace {

namespace fs = std::filesystem;

// An open sqlite3 handle that closes itself.
class Handle {
 public:
  ~Handle() {
    if (db_ != nullptr) sqlite3_close_v2(db_);
  }
  Status Open(const std::string& path, int flags) {
    int rc = sqlite3_open_v2(path.c_str(), &db_, flags | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
      return Status::Unavailable("cannot open " + path + ": " +
                                 (db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc)));
    }
    sqlite3_busy_timeout(db_, 5000);
    return Status::Ok();
  }
  sqlite3* get() const { return db_; }
  Status Close() {
    int rc = sqlite3_close(db_);
    if (rc != SQLITE_OK) return Status::Internal(std::string("close: ") + sqlite3_errstr(rc));
    db_ = nullptr;
    return Status::Ok();
  }

 private:
  sqlite3* db_ = nullptr;
};

// The first column of the first row of `sql` as text ("" when there is none).
Result<std::string> QueryText(sqlite3* db, const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK) {
    return Status::Invalid(std::string("not a OneWindow database: ") + sqlite3_errmsg(db));
  }
  std::string out;
  int rc = sqlite3_step(stmt);
  if (rc == SQLITE_ROW) {
    const unsigned char* t = sqlite3_column_text(stmt, 0);
    if (t != nullptr) out = reinterpret_cast<const char*>(t);
  } else if (rc != SQLITE_DONE) {
    std::string msg = sqlite3_errmsg(db);
    sqlite3_finalize(stmt);
    return Status::Invalid("cannot read the database: " + msg);
  }
  sqlite3_finalize(stmt);
  return out;
}

// Checks that `db` is a sound OneWindow database; fills the report's migration count.
Status CheckCopy(sqlite3* db, BackupReport& report) {
  auto integrity = QueryText(db, "PRAGMA integrity_check");
  if (!integrity.ok()) return integrity.status();
  if (*integrity != "ok") return Status::Invalid("integrity check failed: " + *integrity);
  auto migrations = QueryText(db, "SELECT count(*) FROM schema_migrations");
  if (!migrations.ok()) return migrations.status();
  report.migrations = std::stoll(*migrations);
  if (report.migrations == 0) return Status::Invalid("not a OneWindow database: no migrations");
  auto pages = QueryText(db, "PRAGMA page_count");
  if (!pages.ok()) return pages.status();
  report.pages = std::stoll(*pages);
  return Status::Ok();
}

Status SyncPath(const std::string& path, int flags) {
  int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return Status::Internal("cannot open " + path + " to flush it");
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return Status::Internal("cannot flush " + path);
  return Status::Ok();
}

// Makes `tmp` durable and private, then renames it to `target` and flushes the directory.
Status Publish(const std::string& tmp, const std::string& target) {
  OW_RETURN_IF_ERROR(SyncPath(tmp, O_RDONLY));
  if (::chmod(tmp.c_str(), 0600) != 0) return Status::Internal("cannot chmod " + tmp);
  std::error_code ec;
  fs::rename(tmp, target, ec);
  if (ec) return Status::Internal("cannot rename " + tmp + " to " + target + ": " + ec.message());
  fs::path dir = fs::absolute(target).parent_path();
  return SyncPath(dir.string(), O_RDONLY | O_DIRECTORY);
}

std::string TempBeside(const std::string& target) {
  return target + ".tmp-" + std::to_string(::getpid());
}

}  // namespace

Result<BackupReport> BackupSqlite(const std::string& db_path, const std::string& out_path) {
  std::error_code ec;
  if (!fs::exists(db_path, ec)) return Status::NotFound("no database file at " + db_path);
  if (fs::exists(out_path, ec)) {
    return Status::Conflict(out_path + " exists; backups never overwrite a file");
  }
  const std::string tmp = TempBeside(out_path);
  fs::remove(tmp, ec);
  BackupReport report;
  Status s = [&]() -> Status {
    Handle src, dst;
    // Read-write without CREATE: a WAL database's shared-memory index must be writable even
    // for readers; nothing is written to the source.
    OW_RETURN_IF_ERROR(src.Open(db_path, SQLITE_OPEN_READWRITE));
    OW_RETURN_IF_ERROR(dst.Open(tmp, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE));
    sqlite3_backup* b = sqlite3_backup_init(dst.get(), "main", src.get(), "main");
    if (b == nullptr) return Status::Internal(std::string("backup: ") + sqlite3_errmsg(dst.get()));
    // All pages in one step: one read transaction on the source, so one snapshot. A writer
    // holding the lock only delays the step (busy/locked: try again).
    int rc = SQLITE_OK;
    for (int attempt = 0; attempt < 200; ++attempt) {
      rc = sqlite3_backup_step(b, -1);
      if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    int finish = sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE) return Status::Unavailable(std::string("backup: ") + sqlite3_errstr(rc));
    if (finish != SQLITE_OK) {
      return Status::Internal(std::string("backup: ") + sqlite3_errmsg(dst.get()));
    }
    OW_RETURN_IF_ERROR(CheckCopy(dst.get(), report));
    // The copy would keep the source's journal mode (WAL); a rollback-journal file is one
    // self-contained file that opening never grows a -wal beside (the server turns WAL back on
    // when it opens a restored database).
    auto mode = QueryText(dst.get(), "PRAGMA journal_mode = DELETE");
    if (!mode.ok()) return mode.status();
    if (*mode != "delete") return Status::Internal("backup: journal mode stayed " + *mode);
    OW_RETURN_IF_ERROR(dst.Close());
    return Status::Ok();
  }();
  if (!s.ok()) {
    fs::remove(tmp, ec);
    fs::remove(tmp + "-wal", ec);
    fs::remove(tmp + "-shm", ec);
    return s;
  }
  if (fs::exists(tmp + "-wal", ec)) {
    fs::remove(tmp, ec);
    return Status::Internal("backup: the copy's write-ahead log was not folded in");
  }
  fs::remove(tmp + "-shm", ec);
  OW_RETURN_IF_ERROR(Publish(tmp, out_path));
  report.bytes = static_cast<int64_t>(fs::file_size(out_path, ec));
  return report;
}

Result<BackupReport> RestoreSqlite(const std::string& backup_path, const std::string& db_path,
                                   bool replace) {
  std::error_code ec;
  if (!fs::exists(backup_path, ec)) return Status::NotFound("no backup file at " + backup_path);
  if (fs::exists(db_path, ec) && !replace) {
    return Status::Conflict(db_path +
                                 " exists; stop every server using it and pass --replace");
  }
  if (fs::exists(backup_path + "-wal", ec)) {
    return Status::Invalid(backup_path + " has a write-ahead log beside it; not a finished backup");
  }
  BackupReport report;
  {
    // Checking a file in WAL mode (a copy made by other tools) leaves an empty -wal and -shm
    // beside it; they go again.
    const bool had_shm = fs::exists(backup_path + "-shm", ec);
    Handle check;
    Status s = check.Open(backup_path, SQLITE_OPEN_READONLY);
    if (s.ok()) s = CheckCopy(check.get(), report);
    if (s.ok()) s = check.Close();
    if (!fs::exists(backup_path + "-wal", ec) || fs::file_size(backup_path + "-wal", ec) == 0) {
      fs::remove(backup_path + "-wal", ec);
      if (!had_shm) fs::remove(backup_path + "-shm", ec);
    }
    OW_RETURN_IF_ERROR(s);
  }
  fs::path dir = fs::absolute(db_path).parent_path();
  fs::create_directories(dir, ec);
  const std::string tmp = TempBeside(db_path);
  fs::remove(tmp, ec);
  fs::copy_file(backup_path, tmp, fs::copy_options::overwrite_existing, ec);
  if (ec) return Status::Internal("cannot copy the backup: " + ec.message());
  // The old database's log and shared memory must go before the new file takes its name, or
  // SQLite would replay the old log's frames onto the restored pages.
  fs::remove(db_path + "-wal", ec);
  fs::remove(db_path + "-shm", ec);
  Status s = Publish(tmp, db_path);
  if (!s.ok()) {
    fs::remove(tmp, ec);
    return s;
  }
  report.bytes = static_cast<int64_t>(fs::file_size(db_path, ec));
  return report;
}

}  // namespace ow::store
