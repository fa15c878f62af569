#include "app/periodic_job.h"

#include <spdlog/spdlog.h>

#include "core/thread_name.h"

namespace ow::app {

PeriodicJob::PeriodicJob(std::string name, std::chrono::milliseconds interval,
                         std::function<Status()> fn, bool run_first)
    : name_(std::move(name)), interval_(interval), fn_(std::move(fn)), run_first_(run_first) {
  thread_ = std::thread([this] {
    SetCurrentThreadName("ow-job-" + name_);
    Loop();
  });
}

PeriodicJob::~PeriodicJob() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void PeriodicJob::Loop() {
  std::unique_lock lock(mu_);
  for (bool first = run_first_;; first = false) {
    if (!first && cv_.wait_for(lock, interval_, [this] { return stop_; })) return;
    lock.unlock();
    Status s = fn_();
    if (!s.ok())
      spdlog::warn("{{\"event\":\"job_failed\",\"job\":\"{}\",\"error\":\"{}\"}}", name_,
                   s.ToString());
    lock.lock();
  }
}

}  // namespace ow::app
