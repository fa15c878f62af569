// Leases of once-per-cluster background jobs (see job_lease.h).
#include "store/job_lease.h"

#include <unistd.h>

#include <random>

namespace ow::store {

JobLease::JobLease(Database& db, const Clock& clock, std::string holder)
    : db_(db), clock_(clock), holder_(std::move(holder)) {}

Result<bool> JobLease::TryAcquire(const std::string& job, std::chrono::milliseconds ttl) {
  const int64_t now = clock_.NowMillis();
  bool held = false;
  OW_RETURN_IF_ERROR(db_.Transact([&](Tx& tx) -> Status {
    OW_RETURN_IF_ERROR(tx.Exec("INSERT INTO job_leases (name, holder, expires_at_ms, runs) "
                               "VALUES (?, '', 0, 0) ON CONFLICT (name) DO NOTHING",
                               {job})
                           .status());
    // The conditional update: free, expired, or ours.
    OW_ASSIGN_OR_RETURN(
        int64_t n, tx.Exec("UPDATE job_leases SET holder = ?, expires_at_ms = ?, runs = runs + 1 "
                           "WHERE name = ? AND (holder = ? OR holder = '' OR expires_at_ms <= ?)",
                           {holder_, now + ttl.count(), job, holder_, now}));
    held = n == 1;
    return Status::Ok();
  }));
  return held;
}

Status JobLease::Release(const std::string& job) {
  return db_
      .Exec("UPDATE job_leases SET holder = '', expires_at_ms = 0 WHERE name = ? AND holder = ?",
            {job, holder_})
      .status();
}

Result<std::optional<LeaseInfo>> JobLease::Get(const std::string& job) {
  OW_ASSIGN_OR_RETURN(
      Rows rows,
      db_.Query("SELECT holder, expires_at_ms, runs FROM job_leases WHERE name = ?", {job}));
  if (rows.empty()) return std::optional<LeaseInfo>{};
  return std::optional<LeaseInfo>{LeaseInfo{rows[0].Text(0), rows[0].Int(1), rows[0].Int(2)}};
}

std::function<Status()> JobLease::OncePerCluster(std::string job, std::chrono::milliseconds ttl,
                                                 std::function<Status()> fn) {
  return [this, job = std::move(job), ttl, fn = std::move(fn)]() -> Status {
    OW_ASSIGN_OR_RETURN(bool held, TryAcquire(job, ttl));
    if (!held) return Status::Ok();
    return fn();
  };
}

std::string JobLease::NewHolderName() {
  char host[64] = {0};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  std::random_device rd;
  char suffix[9];
  std::snprintf(suffix, sizeof suffix, "%08x", rd());
  return std::string(host) + ":" + std::to_string(getpid()) + ":" + suffix;
}

std::vector<Migration> JobLease::Migrations() {
  return {{.module = "job_leases", .version = 1, .name = "leases", .sql = R"SQL(
CREATE TABLE job_leases (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  expires_at_ms BIGINT NOT NULL,
  runs BIGINT NOT NULL
);
)SQL"}};
}

}  // namespace ow::store
