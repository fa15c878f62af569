// PgConnection: one libpq connection that runs portable SQL (`?` placeholders) and
// reports failures as Status values.
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/database.h"

namespace ow::store {

// One open PostgreSQL connection. Not thread-safe; lent to one thread at a time.
class PgConnection {
 public:
  // Connects with a libpq URL or key/value string (default connect_timeout 5 s). Statements
  // run by Run() and the transaction control of Control() wait at most `timeout_ms` for their
  // answer (0 = no limit); after that the connection is abandoned (Healthy() is false).
  static Result<std::unique_ptr<PgConnection>> Connect(const std::string& url, int timeout_ms = 0);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Runs one statement. `changes` (if set) gets the affected row count; `sqlstate` (if set)
  // gets the SQLSTATE of a failure.
  Result<Rows> Run(std::string_view sql, const std::vector<Value>& params,
                   int64_t* changes = nullptr, std::string* sqlstate = nullptr);
  // Runs a parameterless, possibly multi-statement script, without a time limit.
  Status ExecScript(std::string_view sql, std::string* sqlstate = nullptr);
  // Runs one short parameterless statement (BEGIN, COMMIT, ROLLBACK) within the time limit.
  Status Control(std::string_view sql, std::string* sqlstate = nullptr);

  bool Healthy() const { return !abandoned_ && PQstatus(conn_) == CONNECTION_OK; }
  // Whether a statement went unanswered within the time limit (the connection is abandoned).
  bool TimedOut() const { return abandoned_; }
  // Reconnects a broken connection; true when it is usable again.
  bool Reset();
  // Whether a transaction is open (possibly failed).
  bool InTransaction() const;
  // Whether the open transaction has failed and can only be rolled back.
  bool InFailedTransaction() const;

 private:
  PgConnection(PGconn* conn, int timeout_ms) : conn_(conn), timeout_ms_(timeout_ms) {}
  // Waits for the answer to a query sent with PQsend*: the last result, or the first failing
  // one. Null with `*timed_out` set when no answer came within the time limit.
  PGresult* Await(bool* timed_out);

  PGconn* conn_;
  int timeout_ms_;
  bool abandoned_ = false;  // a query timed out: the connection's state is unknown
};

}  // namespace ow::store
