// JobLease: once-per-cluster background jobs. Several `serve` nodes share one database; a
// named job (e.g. "hall_timers") runs only on the node holding its lease. The lease is a row
// (name, holder, expires_at_ms) taken with a conditional update: a node gets it when nobody
// holds it, when the lease has expired (its holder died or stalled), or when it already holds
// it (renewal). Time comes from the injected Clock. A run on the holder must finish well within
// the lease's time to live, or another node may take over during the run (jobs must therefore
// also be idempotent; the hall's timers record every notice they send).
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "store/database.h"
#include "store/migrations.h"

namespace ow::store {

struct LeaseInfo {
  std::string holder;
  int64_t expires_at_ms = 0;
  int64_t runs = 0;  // successful acquisitions (a run each) since the row was created
};

class JobLease {
 public:
  // `holder` names this node (unique per process: e.g. host + pid + random).
  JobLease(Database& db, const Clock& clock, std::string holder);

  // Takes or renews the lease on `job` for `ttl`: true if this node holds it now.
  Result<bool> TryAcquire(const std::string& job, std::chrono::milliseconds ttl);
  // Gives the lease up at once if this node holds it (on shutdown), so another node need not
  // wait for the expiry.
  Status Release(const std::string& job);
  // Who holds the job's lease (nullopt if it was never taken).
  Result<std::optional<LeaseInfo>> Get(const std::string& job);

  const std::string& holder() const { return holder_; }

  // Wraps fn so that it runs only while this node holds the lease on `job` (taken or renewed
  // before each run); on other nodes the wrapped function does nothing and returns Ok.
  std::function<Status()> OncePerCluster(std::string job, std::chrono::milliseconds ttl,
                                         std::function<Status()> fn);

  // A holder name for this process: host name, process id and a random suffix.
  static std::string NewHolderName();

  // Module "job_leases", version 1: the lease table.
  static std::vector<Migration> Migrations();

 private:
  Database& db_;
  const Clock& clock_;
  std::string holder_;
};

}  // namespace ow::store
