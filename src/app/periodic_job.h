// PeriodicJob: runs a function every `interval` on a background thread of the server until
// stopped (e.g. the risk-area sweep). Failures are logged; the next run tries again.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "core/status.h"

namespace ow::app {

class PeriodicJob {
 public:
  // With run_first, fn also runs once right away (on the job's thread).
  PeriodicJob(std::string name, std::chrono::milliseconds interval, std::function<Status()> fn,
              bool run_first = false);
  ~PeriodicJob();  // stops and joins
  PeriodicJob(const PeriodicJob&) = delete;
  PeriodicJob& operator=(const PeriodicJob&) = delete;

 private:
  void Loop();

  std::string name_;
  std::chrono::milliseconds interval_;
  std::function<Status()> fn_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  bool run_first_ = false;
  std::thread thread_;
};

}  // namespace ow::app
