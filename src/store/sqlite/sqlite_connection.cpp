#include "store/sqlite/sqlite_connection.h"

#include <string>

namespace ow::store {
namespace {

constexpr size_t kMaxCachedStatements = 512;

// Resets and unbinds a cached statement when a call is done with it.
class StatementGuard {
 public:
  explicit StatementGuard(sqlite3_stmt* s) : s_(s) {}
  ~StatementGuard() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
  StatementGuard(const StatementGuard&) = delete;
  StatementGuard& operator=(const StatementGuard&) = delete;

 private:
  sqlite3_stmt* s_;
};

std::string Abbrev(std::string_view sql) {
  constexpr size_t kMax = 120;
  if (sql.size() <= kMax) return std::string(sql);
  return std::string(sql.substr(0, kMax)) + "...";
}

int Bind(sqlite3_stmt* stmt, int index, const Value& v) {
  if (std::holds_alternative<std::nullptr_t>(v)) return sqlite3_bind_null(stmt, index);
  if (const auto* n = std::get_if<int64_t>(&v)) return sqlite3_bind_int64(stmt, index, *n);
  if (const auto* d = std::get_if<double>(&v)) return sqlite3_bind_double(stmt, index, *d);
  if (const auto* s = std::get_if<std::string>(&v)) {
    return sqlite3_bind_text64(stmt, index, s->data(), s->size(), SQLITE_STATIC, SQLITE_UTF8);
  }
  const Blob& b = std::get<Blob>(v);
  if (b.bytes.empty()) return sqlite3_bind_zeroblob(stmt, index, 0);
  return sqlite3_bind_blob64(stmt, index, b.bytes.data(), b.bytes.size(), SQLITE_STATIC);
}

Value Column(sqlite3_stmt* stmt, int i) {
  switch (sqlite3_column_type(stmt, i)) {
    case SQLITE_INTEGER:
      return static_cast<int64_t>(sqlite3_column_int64(stmt, i));
    case SQLITE_FLOAT:
      return sqlite3_column_double(stmt, i);
    case SQLITE_TEXT: {
      const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
      return std::string(p == nullptr ? "" : p, sqlite3_column_bytes(stmt, i));
    }
    case SQLITE_BLOB: {
      const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt, i));
      int n = sqlite3_column_bytes(stmt, i);
      return Blob{p == nullptr ? std::string() : std::string(p, n)};
    }
    default:
      return nullptr;
  }
}

bool OnlySpaceOrComments(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ';') {
      ++i;
    } else if (s.substr(i, 2) == "--") {
      size_t nl = s.find('\n', i);
      i = nl == std::string_view::npos ? s.size() : nl + 1;
    } else if (s.substr(i, 2) == "/*") {
      size_t end = s.find("*/", i + 2);
      i = end == std::string_view::npos ? s.size() : end + 2;
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace

Status SqliteStatus(int extended_rc, std::string_view message, std::string_view sql) {
  std::string text = "sqlite: " + std::string(message);
  if (!sql.empty()) text += " (in: " + Abbrev(sql) + ")";
  switch (extended_rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return Status::Conflict(std::move(text));
    default:
      break;
  }
  int primary = extended_rc & 0xff;
  // Another connection holds the lock past the busy timeout: a lost race, run it again.
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    return Status::Aborted(std::move(text));
  }
  return Status::Internal(std::move(text));
}

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::Open(const std::string& path,
                                                                 int busy_timeout_ms,
                                                                 bool set_wal) {
  sqlite3* db = nullptr;
  int flags =
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return Status::Unavailable("sqlite: cannot open " + path + ": " + msg);
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, busy_timeout_ms);
  std::unique_ptr<SqliteConnection> conn(new SqliteConnection(db));
  std::string pragmas =
      "PRAGMA busy_timeout = " + std::to_string(busy_timeout_ms) + "; PRAGMA foreign_keys = ON;";
  // 4 KiB pages (only takes effect on a new file). Small group commits favour small pages:
  // every dirtied page goes to the WAL whole. A gate serving many people inserts random keys
  // into the hour's person index, so a scan's group of ~25 records dirties about one index
  // page per record, and the larger the page, the more each commit writes and flushes. Bulk
  // commits favour larger pages, but with the pass records partitioned by hour they lose
  // little. Figures: docs/performance.md, "SQLite page size".
  if (set_wal) pragmas += " PRAGMA page_size = 4096; PRAGMA journal_mode = WAL;";
  // A larger page cache keeps the hot index pages of bulk writes (pass records) in memory
  // instead of re-reading them from the WAL; the cache only grows as it is used.
  pragmas +=
      " PRAGMA synchronous = FULL; PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 8192;"
      // A WAL that grew during a burst is cut back when it restarts.
      " PRAGMA journal_size_limit = 67108864;";
  OW_RETURN_IF_ERROR(conn->ExecScript(pragmas));
  return conn;
}

SqliteConnection::~SqliteConnection() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

Status SqliteConnection::Error(int rc, std::string_view sql) const {
  int ext = sqlite3_extended_errcode(db_);
  if ((ext & 0xff) != (rc & 0xff)) ext = rc;
  return SqliteStatus(ext, sqlite3_errmsg(db_), sql);
}

Result<sqlite3_stmt*> SqliteConnection::Prepare(std::string_view sql) {
  if (auto it = cache_.find(sql); it != cache_.end()) return it->second;
  std::string key(sql);
  if (cache_.size() >= kMaxCachedStatements) {
    for (auto& [text, stmt] : cache_) sqlite3_finalize(stmt);
    cache_.clear();
  }
  sqlite3_stmt* stmt = nullptr;
  const char* tail = nullptr;
  int rc = sqlite3_prepare_v3(db_, key.data(), static_cast<int>(key.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, &tail);
  if (rc != SQLITE_OK) return Error(rc, sql);
  if (stmt == nullptr) return Status::Internal("sqlite: empty statement");
  size_t used = static_cast<size_t>(tail - key.data());
  if (!OnlySpaceOrComments(std::string_view(key).substr(used))) {
    sqlite3_finalize(stmt);
    return Status::Internal("sqlite: more than one statement; use ExecScript (in: " + Abbrev(sql) +
                            ")");
  }
  cache_.emplace(std::move(key), stmt);
  return stmt;
}

Result<bool> SqliteConnection::IsReadOnly(std::string_view sql) {
  OW_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Prepare(sql));
  return sqlite3_stmt_readonly(stmt) != 0;
}

Result<Rows> SqliteConnection::Run(std::string_view sql, const std::vector<Value>& params,
                                   int64_t* changes) {
  OW_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Prepare(sql));
  StatementGuard guard(stmt);
  int expected = sqlite3_bind_parameter_count(stmt);
  if (expected != static_cast<int>(params.size())) {
    return Status::Internal("sqlite: statement expects " + std::to_string(expected) +
                            " parameters but got " + std::to_string(params.size()) +
                            " (in: " + Abbrev(sql) + ")");
  }
  for (size_t i = 0; i < params.size(); ++i) {
    int rc = Bind(stmt, static_cast<int>(i + 1), params[i]);
    if (rc != SQLITE_OK) return Error(rc, sql);
  }
  Rows rows;
  const int columns = sqlite3_column_count(stmt);
  for (;;) {
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return Error(rc, sql);
    std::vector<Value> values;
    values.reserve(columns);
    for (int c = 0; c < columns; ++c) values.push_back(Column(stmt, c));
    rows.emplace_back(std::move(values));
  }
  if (changes != nullptr) {
    *changes = sqlite3_stmt_readonly(stmt) ? 0 : sqlite3_changes64(db_);
  }
  return rows;
}

Status SqliteConnection::ExecScript(std::string_view sql) {
  std::string text(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
  if (rc == SQLITE_OK) return Status::Ok();
  std::string msg = err != nullptr ? err : sqlite3_errstr(rc);
  sqlite3_free(err);
  int ext = sqlite3_extended_errcode(db_);
  if ((ext & 0xff) != (rc & 0xff)) ext = rc;
  return SqliteStatus(ext, msg, sql);
}

bool SqliteConnection::AutoCommit() const { return sqlite3_get_autocommit(db_) != 0; }

}  // namespace ow::store
