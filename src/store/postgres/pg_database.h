// PgDatabase: the PostgreSQL backend. A pool of libpq connections (grown on demand up to
// OpenOptions::pool_size); serializable transactions retried on serialization failures, with
// jittered backoff and, after a few failures, exclusive retries so hot rows cannot starve.
#pragma once

#include <memory>
#include <string>

#include "store/database.h"
#include "store/pool.h"
#include "store/postgres/contention_gate.h"
#include "store/postgres/pg_connection.h"

namespace ow::store {

// The PostgreSQL implementation of Database.
class PgDatabase final : public Database {
 public:
  // Connects once to validate the URL; fails with kUnavailable if the server is unreachable.
  static Result<std::unique_ptr<Database>> Open(const std::string& url, const OpenOptions& options);

  Result<Rows> Query(std::string_view sql, const std::vector<Value>& params) override;
  Result<int64_t> Exec(std::string_view sql, const std::vector<Value>& params) override;
  Status Transact(const std::function<Status(Tx&)>& fn) override;
  Status ExecScript(std::string_view sql) override;
  Status Ping() override;
  Dialect dialect() const override { return Dialect::kPostgres; }
  PoolStats Stats() const override { return pool_.Stats(); }
  std::string Describe() const override { return description_; }

  // How many times Transact runs fn before giving up on serialization failures.
  static constexpr int kMaxAttempts = 10;
  // From this attempt on (0-based), a retry runs alone in this process (see ContentionGate).
  static constexpr int kExclusiveFromAttempt = 3;

 private:
  PgDatabase(std::string url, const OpenOptions& options);

  const std::string url_;
  const std::string description_;
  Pool<PgConnection> pool_;
  ContentionGate gate_;
};

}  // namespace ow::store
