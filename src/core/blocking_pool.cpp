// BlockingPool: worker threads taking tasks from a bounded queue (see blocking_pool.h).
#include "core/blocking_pool.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>

#include "core/thread_name.h"

namespace ow {

int DefaultHashingWorkers() {
  int cores = static_cast<int>(std::thread::hardware_concurrency());
  return std::max(1, cores / 2);
}

BlockingPool::BlockingPool(BlockingPoolOptions options) : queue_limit_(std::max(0, options.queue)) {
  int n = std::max(1, options.workers);
  threads_.reserve(n);
  for (int i = 0; i < n; ++i)
    threads_.emplace_back(
        [this, name = options.name + "-" + std::to_string(i), nice = options.nice] {
          SetCurrentThreadName(name);
          if (nice != 0)  // per thread on Linux; a failure only leaves the default priority
            (void)setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), nice);
          Work();
        });
}

BlockingPool::~BlockingPool() {
  {
    MutexLock lock(mu_);
    stopping_ = true;
  }
  wake_.SignalAll();
  for (auto& t : threads_) t.join();
}

bool BlockingPool::TrySubmit(std::function<void()> task) {
  {
    MutexLock lock(mu_);
    // Room for `workers` running tasks and `queue_limit_` waiting ones. (While stopping, tasks
    // are still taken: the workers run every queued task before they exit.)
    if (running_ + static_cast<int>(queue_.size()) >= workers() + queue_limit_) {
      ++refused_;
      return false;
    }
    queue_.push_back(std::move(task));
  }
  wake_.Signal();
  return true;
}

BlockingPool::Stats BlockingPool::stats() const {
  MutexLock lock(mu_);
  return Stats{running_, static_cast<int>(queue_.size()), done_, refused_};
}

void BlockingPool::Work() {
  mu_.Lock();
  for (;;) {
    while (queue_.empty() && !stopping_) wake_.Wait(mu_);
    if (queue_.empty()) break;  // stopping, and nothing left to run
    std::function<void()> task = std::move(queue_.front());
    queue_.pop_front();
    ++running_;
    mu_.Unlock();
    task();
    mu_.Lock();
    --running_;
    ++done_;
  }
  mu_.Unlock();
}

}  // namespace ow
