// Retention: purges pass records older than the retention window (default 28 days) once per
// Asia/Shanghai calendar day, from a background thread of the server itself. Each purge is
// logged and counted in /metrics (onewindow_pass_records_purged_total).
#pragma once

#include <atomic>
#include <thread>

#include "checkpoint/pass_log.h"
#include "core/clock.h"
#include "core/mutex.h"
#include "core/time.h"
#include "http/metrics.h"

namespace ow::checkpoint {

class Retention {
 public:
  Retention(PassLog& log, const Clock& clock, http::Metrics& metrics, int retention_days)
      : log_(log), clock_(clock), metrics_(metrics), days_(retention_days) {}
  ~Retention() { Stop(); }

  // Checks every `poll` whether a new day began, and purges if so.
  void Start(std::chrono::milliseconds poll = std::chrono::seconds(30));
  void Stop() EXCLUDES(mu_);
  // Purges now; returns the number of records removed.
  Result<int64_t> RunOnce();

 private:
  PassLog& log_;
  const Clock& clock_;
  http::Metrics& metrics_;
  int days_;
  Mutex mu_;
  CondVar cv_;  // signalled when stop_ is set
  bool stop_ GUARDED_BY(mu_) = false;
  std::optional<Date> last_day_ GUARDED_BY(mu_);
  std::thread thread_;
};

}  // namespace ow::checkpoint
