// SqliteConnection: one sqlite3 handle with its pragmas and a cache of prepared statements.
// Not thread-safe; the database lends each connection to one thread at a time.
#pragma once

#include <sqlite3.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.h"
#include "store/database.h"

namespace ow::store {

// One open SQLite connection plus its prepared statement cache (keyed by SQL text).
class SqliteConnection {
 public:
  // Opens `path` (":memory:" allowed) with synchronous=FULL, foreign keys and a busy
  // timeout; `set_wal` also switches the file to WAL mode (persistent, done by the writer).
  static Result<std::unique_ptr<SqliteConnection>> Open(const std::string& path,
                                                        int busy_timeout_ms, bool set_wal);
  ~SqliteConnection();
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  // Whether `sql` (a single statement) only reads.
  Result<bool> IsReadOnly(std::string_view sql);
  // Runs one statement, returning its rows; `changes` (if set) gets the rows modified.
  Result<Rows> Run(std::string_view sql, const std::vector<Value>& params,
                   int64_t* changes = nullptr);
  // Runs a parameterless multi-statement script.
  Status ExecScript(std::string_view sql);
  // Whether no transaction is open.
  bool AutoCommit() const;
  // The raw handle, for hooks and checkpoints (sqlite_checkpointer).
  sqlite3* handle() const { return db_; }

 private:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  Result<sqlite3_stmt*> Prepare(std::string_view sql);
  Status Error(int rc, std::string_view sql) const;

  sqlite3* db_;
  // Looked up by string_view (no copy of the statement text per execution).
  struct TextHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, sqlite3_stmt*, TextHash, std::equal_to<>> cache_;
};

// Maps an SQLite result code (extended) and message to a Status.
Status SqliteStatus(int extended_rc, std::string_view message, std::string_view sql);

}  // namespace ow::store
