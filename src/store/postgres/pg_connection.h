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
  // Connects with a libpq URL or key/value string (default connect_timeout 10 s).
  static Result<std::unique_ptr<PgConnection>> Connect(const std::string& url);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Runs one statement. `changes` (if set) gets the affected row count; `sqlstate` (if set)
  // gets the SQLSTATE of a failure.
  Result<Rows> Run(std::string_view sql, const std::vector<Value>& params,
                   int64_t* changes = nullptr, std::string* sqlstate = nullptr);
  // Runs a parameterless, possibly multi-statement script.
  Status ExecScript(std::string_view sql, std::string* sqlstate = nullptr);

  bool Healthy() const { return PQstatus(conn_) == CONNECTION_OK; }
  // Reconnects a broken connection; true when it is usable again.
  bool Reset();
  // Whether a transaction is open (possibly failed).
  bool InTransaction() const;
  // Whether the open transaction has failed and can only be rolled back.
  bool InFailedTransaction() const;

 private:
  explicit PgConnection(PGconn* conn) : conn_(conn) {}
  PGconn* conn_;
};

}  // namespace ow::store
