// Database: the one storage interface of OneWindow, with an embedded SQLite backend and a
// PostgreSQL backend (libpq, connection pool). Modules write portable SQL with `?`
// placeholders; the PostgreSQL backend rewrites them to $1, $2, ... Each module owns its own
// tables (see Migration) and reaches other modules only through their C++ interfaces.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/status.h"

namespace ow::store {

// A binary value (BLOB in SQLite, BYTEA in PostgreSQL).
struct Blob {
  std::string bytes;
  bool operator==(const Blob&) const = default;
};

// A parameter or column value. Booleans are stored as INTEGER 0/1 in both dialects.
using Value = std::variant<std::nullptr_t, int64_t, double, std::string, Blob>;

// One result row. Accessors convert where it is lossless (text "12" is not converted).
class Row {
 public:
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
  size_t size() const { return values_.size(); }
  bool IsNull(size_t i) const { return std::holds_alternative<std::nullptr_t>(values_.at(i)); }
  int64_t Int(size_t i) const;        // 0 when NULL
  double Real(size_t i) const;        // 0.0 when NULL
  std::string Text(size_t i) const;   // "" when NULL
  std::string Bytes(size_t i) const;  // blob bytes ("" when NULL)
  std::optional<std::string> OptText(size_t i) const;
  std::optional<int64_t> OptInt(size_t i) const;
  const Value& at(size_t i) const { return values_.at(i); }

 private:
  std::vector<Value> values_;
};

using Rows = std::vector<Row>;

enum class Dialect { kSqlite, kPostgres };

// A connection inside a transaction. Valid only for the duration of Database::Transact.
class Tx {
 public:
  virtual ~Tx() = default;
  virtual Result<Rows> Query(std::string_view sql, const std::vector<Value>& params = {}) = 0;
  // Runs a statement; returns the number of rows changed.
  virtual Result<int64_t> Exec(std::string_view sql, const std::vector<Value>& params = {}) = 0;
  // Runs a multi-statement script without parameters inside the transaction (used by
  // migrations). Not pure so that test doubles need not implement it.
  virtual Status ExecScript(std::string_view sql);
  virtual Dialect dialect() const = 0;

  // Runs fn once this transaction has committed (never if it rolls back or is retried), on
  // the committing thread, after the database is free again: the place to tell caches.
  void AfterCommit(std::function<void()> fn) { after_commit_.push_back(std::move(fn)); }
  // For Database implementations: the functions registered so far.
  std::vector<std::function<void()>> TakeAfterCommit() { return std::move(after_commit_); }

 private:
  std::vector<std::function<void()>> after_commit_;
};

struct PoolStats {
  int size = 0;       // connections open
  int in_use = 0;     // connections lent out right now
  int64_t waits = 0;  // times a caller had to wait for a free connection
  // SQLite: checkpoints run, and the write-ahead log's size in pages after the last commit.
  int64_t checkpoints = 0;
  int64_t wal_pages = 0;
};

// The database. Thread-safe: every call borrows a connection from the pool.
class Database {
 public:
  virtual ~Database() = default;

  // Auto-commit statements.
  virtual Result<Rows> Query(std::string_view sql, const std::vector<Value>& params = {}) = 0;
  virtual Result<int64_t> Exec(std::string_view sql, const std::vector<Value>& params = {}) = 0;

  // Runs fn inside one transaction: commits when fn returns ok, rolls back otherwise.
  // Transactions are serializable (SQLite: BEGIN IMMEDIATE; PostgreSQL: SERIALIZABLE) and
  // are retried (fn runs again) while an attempt ends in Code::kAborted: a serialization
  // failure, a deadlock, a busy database, or fn's own kAborted (store/retry.h, the one retry
  // loop), so fn must not have side effects outside the transaction. Other failures are
  // returned at once, whatever their message.
  virtual Status Transact(const std::function<Status(Tx&)>& fn) = 0;

  // Runs a multi-statement script without parameters (used for migrations).
  virtual Status ExecScript(std::string_view sql) = 0;

  virtual Status Ping() = 0;
  virtual Dialect dialect() const = 0;
  virtual PoolStats Stats() const = 0;
  // A URL-like description with any password removed, for logs.
  virtual std::string Describe() const = 0;
};

struct OpenOptions {
  int pool_size = 8;           // PostgreSQL connections / SQLite reader connections
  int busy_timeout_ms = 5000;  // SQLite
  // SQLite: the write-ahead log is copied back into the database file (off the commit path)
  // once it holds this many pages (32 MiB of 4 KiB pages).
  int checkpoint_pages = 8192;
  // PostgreSQL: a statement with no answer after this long is given up (the connection is
  // closed, the caller gets kUnavailable -> 503 + Retry-After), so a stalled or unreachable
  // server cannot hold requests and connections indefinitely. 0 = wait forever. Scripts
  // (migrations, DDL) are not bounded.
  int query_timeout_ms = 10000;
};

// Opens "sqlite:PATH" (PATH may be ":memory:" only for single-connection use in tests)
// or "postgresql://..." / "postgres://...". Creates the SQLite file and its directory.
Result<std::unique_ptr<Database>> Open(std::string_view url, const OpenOptions& options = {});

}  // namespace ow::store
