#include "store/sqlite/sqlite_database.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "store/retry.h"

namespace ow::store {
namespace {

constexpr std::chrono::seconds kReaderWaitTimeout{30};

// The database holds declarations, appeals and pass records: its files are its owner's only.
constexpr mode_t kFileMode = 0600;
constexpr mode_t kDirMode = 0700;

// A lost race on SQLite is a lock held by another process past the busy timeout, which has
// already waited: a few more attempts, not many.
constexpr RetryPolicy kSqliteRetry{.max_attempts = 3};

std::string Errno(const std::string& what, const std::string& path) {
  return "sqlite: " + what + " " + path + ": " + std::strerror(errno);
}

// mkdir -p: the directories it creates are 0700 (existing ones are left as they are).
Status MakeDirs(const std::filesystem::path& dir) {
  std::filesystem::path prefix;
  for (const auto& part : dir) {
    prefix /= part;
    if (::mkdir(prefix.c_str(), kDirMode) == 0) {
      // mkdir applies the umask, which may only remove bits: set exactly 0700.
      if (::chmod(prefix.c_str(), kDirMode) != 0)
        return Status::Unavailable(Errno("cannot protect directory", prefix.string()));
      continue;
    }
    struct stat st {};
    if (errno == EEXIST && ::stat(prefix.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) continue;
    return Status::Unavailable(Errno("cannot create directory", prefix.string()));
  }
  return Status::Ok();
}

// Creates the database file 0600 before SQLite opens it (SQLite gives its -wal and -shm files
// the mode of the database file), and takes group and other access away from files of an
// older installation.
Status MakePrivate(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, kFileMode);
  if (fd < 0) return Status::Unavailable(Errno("cannot create", path));
  struct stat st {};
  const bool ok =
      ::fstat(fd, &st) == 0 && ((st.st_mode & 0777) == kFileMode || ::fchmod(fd, kFileMode) == 0);
  ::close(fd);
  if (!ok) return Status::Unavailable(Errno("cannot protect", path));
  for (const char* suffix : {"-wal", "-shm", "-journal"}) {
    const std::string side = path + suffix;
    if (::stat(side.c_str(), &st) == 0 && (st.st_mode & 0077) != 0)
      (void)::chmod(side.c_str(), kFileMode);
  }
  return Status::Ok();
}

// The Tx handed to Transact callbacks: runs everything on the writer connection.
class SqliteTx final : public Tx {
 public:
  explicit SqliteTx(SqliteConnection& conn) : conn_(conn) {}
  Result<Rows> Query(std::string_view sql, const std::vector<Value>& params) override {
    return conn_.Run(sql, params);
  }
  Result<int64_t> Exec(std::string_view sql, const std::vector<Value>& params) override {
    int64_t changes = 0;
    OW_ASSIGN_OR_RETURN(Rows ignored, conn_.Run(sql, params, &changes));
    (void)ignored;
    return changes;
  }
  Status ExecScript(std::string_view sql) override { return conn_.ExecScript(sql); }
  Dialect dialect() const override { return Dialect::kSqlite; }

 private:
  SqliteConnection& conn_;
};

// Rolls back the open transaction unless it was committed (also when fn throws).
class RollbackGuard {
 public:
  explicit RollbackGuard(SqliteConnection& conn) : conn_(conn) {}
  ~RollbackGuard() {
    if (!conn_.AutoCommit()) (void)conn_.ExecScript("ROLLBACK");
  }
  RollbackGuard(const RollbackGuard&) = delete;
  RollbackGuard& operator=(const RollbackGuard&) = delete;

 private:
  SqliteConnection& conn_;
};

}  // namespace

Result<std::unique_ptr<Database>> SqliteDatabase::Open(const std::string& path,
                                                       const OpenOptions& options) {
  const bool memory = path == ":memory:";
  if (!memory) {
    OW_RETURN_IF_ERROR(MakeDirs(std::filesystem::path(path).parent_path()));
    OW_RETURN_IF_ERROR(MakePrivate(path));
  }
  OW_ASSIGN_OR_RETURN(std::unique_ptr<SqliteConnection> writer,
                      SqliteConnection::Open(path, options.busy_timeout_ms, !memory));
  std::unique_ptr<SqliteDatabase> db(new SqliteDatabase(path, std::move(writer)));
  if (!memory) {
    OW_ASSIGN_OR_RETURN(db->checkpointer_,
                        SqliteCheckpointer::Start(
                            path, options.busy_timeout_ms, *db->writer_, options.checkpoint_pages,
                            [raw = db.get()](const std::function<void(SqliteConnection&)>& fn) {
                              raw->WithWriterPaused(fn);
                            }));
    int timeout = options.busy_timeout_ms;
    db->readers_ = std::make_unique<Pool<SqliteConnection>>(
        options.pool_size,
        [path, timeout] { return SqliteConnection::Open(path, timeout, /*set_wal=*/false); },
        kReaderWaitTimeout);
  }
  return std::unique_ptr<Database>(std::move(db));
}

SqliteDatabase::SqliteDatabase(std::string path, std::unique_ptr<SqliteConnection> writer)
    : path_(std::move(path)), writer_(std::move(writer)) {}

SqliteDatabase::~SqliteDatabase() {
  // The checkpointer's thread uses the writer: stop it before the members go.
  if (checkpointer_) checkpointer_->Stop();
}

template <typename R, typename F>
R SqliteDatabase::WithWriter(F&& f) {
  if (writer_owner_.load() == std::this_thread::get_id()) {
    return Status::Internal(
        "sqlite: Database used from inside its own Transact on the same thread; use the Tx");
  }
  // The checkpointer asked for a moment between transactions: let it in first (a writer that
  // commits back to back would otherwise take the mutex again before it wakes up).
  if (pause_wanted_.load()) {
    std::unique_lock l(pause_mu_);
    pause_cv_.wait_for(l, std::chrono::milliseconds(50), [this] { return !pause_wanted_.load(); });
  }
  std::unique_lock lock(writer_mu_, std::try_to_lock);
  if (!lock.owns_lock()) {
    ++writer_waits_;
    lock.lock();
  }
  writer_owner_.store(std::this_thread::get_id());
  writer_busy_.store(true);
  // Clears the owner even if f throws.
  struct Release {
    SqliteDatabase* db;
    ~Release() {
      db->writer_busy_.store(false);
      db->writer_owner_.store(std::thread::id());
    }
  } release{this};
  return f(*writer_);
}

void SqliteDatabase::WithWriterPaused(const std::function<void(SqliteConnection&)>& fn) {
  pause_wanted_.store(true);
  std::lock_guard lock(writer_mu_);
  {
    std::lock_guard l(pause_mu_);
    pause_wanted_.store(false);
  }
  pause_cv_.notify_all();
  fn(*writer_);
}

Result<Rows> SqliteDatabase::Query(std::string_view sql, const std::vector<Value>& params) {
  if (readers_ != nullptr) {
    OW_ASSIGN_OR_RETURN(auto reader, readers_->Acquire());
    OW_ASSIGN_OR_RETURN(bool read_only, reader->IsReadOnly(sql));
    if (read_only) return reader->Run(sql, params);
    // INSERT ... RETURNING and other writes go to the writer.
  }
  return WithWriter<Result<Rows>>([&](SqliteConnection& c) { return c.Run(sql, params); });
}

Result<int64_t> SqliteDatabase::Exec(std::string_view sql, const std::vector<Value>& params) {
  return WithWriter<Result<int64_t>>([&](SqliteConnection& c) -> Result<int64_t> {
    int64_t changes = 0;
    OW_ASSIGN_OR_RETURN(Rows ignored, c.Run(sql, params, &changes));
    (void)ignored;
    return changes;
  });
}

Status SqliteDatabase::Transact(const std::function<Status(Tx&)>& fn) {
  std::vector<std::function<void()>> after_commit;
  // Each attempt takes the writer afresh, so others may run between attempts.
  Status s = RetryAborted(
      [&](int) {
        return WithWriter<Status>([&](SqliteConnection& c) -> Status {
          // BEGIN and COMMIT go through the prepared-statement cache (sqlite3_exec parses
          // each time).
          OW_RETURN_IF_ERROR(c.Run("BEGIN IMMEDIATE", {}).status());
          RollbackGuard guard(c);
          SqliteTx tx(c);
          OW_RETURN_IF_ERROR(fn(tx));
          if (c.AutoCommit()) {
            return Status::Internal("sqlite: the transaction was ended inside Transact");
          }
          OW_RETURN_IF_ERROR(c.Run("COMMIT", {}).status());
          after_commit = tx.TakeAfterCommit();
          return Status::Ok();
        });
      },
      kSqliteRetry, "sqlite: transaction");
  for (auto& f : after_commit) f();
  return s;
}

Status SqliteDatabase::ExecScript(std::string_view sql) {
  return WithWriter<Status>([&](SqliteConnection& c) { return c.ExecScript(sql); });
}

Status SqliteDatabase::Ping() {
  OW_ASSIGN_OR_RETURN(Rows rows, Query("SELECT 1", {}));
  if (rows.size() != 1 || rows[0].Int(0) != 1) return Status::Internal("sqlite: bad ping");
  return Status::Ok();
}

PoolStats SqliteDatabase::Stats() const {
  PoolStats s;
  if (readers_ != nullptr) s = readers_->Stats();
  s.size += 1;
  s.in_use += writer_busy_.load() ? 1 : 0;
  s.waits += writer_waits_.load();
  if (checkpointer_ != nullptr) {
    s.checkpoints = checkpointer_->checkpoints();
    s.wal_pages = checkpointer_->wal_pages();
  }
  return s;
}

}  // namespace ow::store
