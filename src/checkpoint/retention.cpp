#include "checkpoint/retention.h"

#include <spdlog/spdlog.h>

#include "core/thread_name.h"

namespace ow::checkpoint {

Result<int64_t> Retention::RunOnce() {
  int64_t cutoff = clock_.NowMillis() - static_cast<int64_t>(days_) * 86400000;
  auto n = log_.PurgeBefore(cutoff);
  if (!n.ok()) {
    spdlog::error("{{\"event\":\"pass_purge_failed\",\"error\":\"{}\"}}", n.status().message());
    return n;
  }
  metrics_.Increment("onewindow_pass_records_purged_total",
                     "Pass records deleted by the retention purge.", *n);
  metrics_.Increment("onewindow_pass_purges_total", "Retention purges run.", 1);
  spdlog::info(
      "{{\"event\":\"pass_purge\",\"deleted\":{},\"before\":\"{}\",\"retention_days\":{}}}", *n,
      FormatRfc3339(cutoff), days_);
  return n;
}

void Retention::Start(std::chrono::milliseconds poll) {
  thread_ = std::thread([this, poll] {
    SetCurrentThreadName("ow-retention");
    mu_.Lock();
    while (!stop_) {
      Date today = ShanghaiDate(clock_.NowMillis());
      if (!last_day_ || *last_day_ != today) {
        last_day_ = today;
        mu_.Unlock();
        (void)RunOnce();
        mu_.Lock();
      }
      const auto deadline = std::chrono::steady_clock::now() + poll;
      while (!stop_ && cv_.WaitUntil(mu_, deadline)) {
      }
    }
    mu_.Unlock();
  });
}

void Retention::Stop() {
  {
    MutexLock lock(mu_);
    stop_ = true;
  }
  cv_.SignalAll();
  if (thread_.joinable()) thread_.join();
}

}  // namespace ow::checkpoint
