#include "store/postgres/pg_database.h"

#include <chrono>

#include "store/postgres/pg_values.h"
#include "store/retry.h"
#include "store/url.h"

namespace ow::store {
namespace {

// A request waits this long for a connection before it is refused (503 + Retry-After).
constexpr std::chrono::seconds kPoolWaitTimeout{10};

// The Tx handed to Transact callbacks; remembers whether a statement hit a serialization
// failure or deadlock so that Transact can retry.
class PgTx final : public Tx {
 public:
  explicit PgTx(PgConnection& conn) : conn_(conn) {}
  Result<Rows> Query(std::string_view sql, const std::vector<Value>& params) override {
    std::string state;
    Result<Rows> r = conn_.Run(sql, params, nullptr, &state);
    Note(state);
    return r;
  }
  Result<int64_t> Exec(std::string_view sql, const std::vector<Value>& params) override {
    int64_t changes = 0;
    std::string state;
    Result<Rows> r = conn_.Run(sql, params, &changes, &state);
    Note(state);
    if (!r.ok()) return r.status();
    return changes;
  }
  Status ExecScript(std::string_view sql) override {
    std::string state;
    Status s = conn_.ExecScript(sql, &state);
    Note(state);
    return s;
  }
  Dialect dialect() const override { return Dialect::kPostgres; }
  bool saw_retryable() const { return saw_retryable_; }

 private:
  void Note(const std::string& state) {
    if (IsRetryableSqlState(state)) saw_retryable_ = true;
  }
  PgConnection& conn_;
  bool saw_retryable_ = false;
};

// Returns a connection to a clean state before it goes back to the pool. A broken or abandoned
// connection is closed, not reconnected here: reconnecting to a stalled server would hold the
// returning request; the next Acquire opens a fresh one (after a failover, to the new primary).
bool KeepConnection(PgConnection& c) {
  if (c.Healthy() && c.InTransaction()) (void)c.Control("ROLLBACK");
  return c.Healthy();
}

}  // namespace

PgDatabase::PgDatabase(std::string url, const OpenOptions& options)
    : url_(std::move(url)),
      description_(RedactUrl(url_)),
      pool_(
          options.pool_size,
          [this, timeout = options.query_timeout_ms] {
            return PgConnection::Connect(url_, timeout);
          },
          kPoolWaitTimeout, KeepConnection) {}

Result<std::unique_ptr<Database>> PgDatabase::Open(const std::string& url,
                                                   const OpenOptions& options) {
  std::unique_ptr<PgDatabase> db(new PgDatabase(url, options));
  {
    Result<Pool<PgConnection>::Lease> first = db->pool_.Acquire();
    if (!first.ok()) {
      return Status::Unavailable(first.status().message() + " (" + db->description_ + ")");
    }
  }
  return std::unique_ptr<Database>(std::move(db));
}

Result<Rows> PgDatabase::Query(std::string_view sql, const std::vector<Value>& params) {
  OW_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  return conn->Run(sql, params);
}

Result<int64_t> PgDatabase::Exec(std::string_view sql, const std::vector<Value>& params) {
  OW_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  int64_t changes = 0;
  OW_ASSIGN_OR_RETURN(Rows ignored, conn->Run(sql, params, &changes));
  (void)ignored;
  return changes;
}

Status PgDatabase::Transact(const std::function<Status(Tx&)>& fn) {
  std::vector<std::function<void()>> after_commit;
  const RetryPolicy policy{.max_attempts = kMaxAttempts};
  Status s = RetryAborted(
      [&](int attempt) -> Status {
        ContentionGate::Pass pass(gate_, attempt >= kExclusiveFromAttempt);
        OW_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
        Status begun = conn->Control("BEGIN ISOLATION LEVEL SERIALIZABLE");
        if (!begun.ok()) {
          // Nothing ran yet, so a dropped connection is safe to retry on a fresh one; a server
          // that does not answer in time is not asked again (the caller gets a quick 503).
          if (begun.code() == Code::kUnavailable && !conn->TimedOut())
            return Status::Aborted(begun.message());
          return begun;
        }
        PgTx tx(*conn);
        Status result = fn(tx);
        if (result.ok() && conn->InFailedTransaction()) {
          result = Status::Internal("postgres: a statement failed inside the transaction");
        }
        if (result.ok()) {
          // A serialization failure at commit comes back as kAborted (PgStatus).
          // No answer in time: the outcome is unknown (kUnavailable, not retried here);
          // clients retry with their Idempotency-Key.
          Status committed = conn->Control("COMMIT");
          if (committed.ok()) after_commit = tx.TakeAfterCommit();
          return committed;  // the connection goes back to the pool before the hooks run
        }
        if (conn->Healthy()) (void)conn->Control("ROLLBACK");
        // fn may have passed on a lost race as another status: the connection saw it.
        if (tx.saw_retryable() && !IsRetryable(result)) return Status::Aborted(result.message());
        return result;
      },
      policy, "postgres: transaction");
  if (s.ok()) {
    for (auto& f : after_commit) f();
  }
  return s;
}

Status PgDatabase::ExecScript(std::string_view sql) {
  OW_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  return conn->ExecScript(sql);
}

Status PgDatabase::Ping() {
  OW_ASSIGN_OR_RETURN(Rows rows, Query("SELECT 1", {}));
  if (rows.size() != 1 || rows[0].Int(0) != 1) return Status::Internal("postgres: bad ping");
  return Status::Ok();
}

}  // namespace ow::store
