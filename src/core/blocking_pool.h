// BlockingPool: a few worker threads with a bounded queue of their own, for CPU-heavy work
// that must never run on the HTTP I/O threads (password hashing: an argon2id hash takes tens of
// milliseconds and 64 MiB). A task is refused at once when the queue is full, so that the
// caller can answer "503, retry later" instead of letting the backlog grow without bound.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "core/mutex.h"

namespace ow {

struct BlockingPoolOptions {
  int workers = 1;  // threads running tasks (at least 1)
  int queue = 32;   // tasks waiting for a worker, beyond the running ones (at least 0)
  std::string name = "blocking";  // thread names: "<name>-<i>"
  // Niceness of the workers (Linux, best effort): > 0 lets the I/O threads and the commit
  // threads win the cores while the workers are busy.
  int nice = 0;
};

// The default size of the password-hashing pool: half the cores, at least one, so that hashing
// never takes every core from the I/O threads.
int DefaultHashingWorkers();

class BlockingPool {
 public:
  explicit BlockingPool(BlockingPoolOptions options);
  // Runs every task already queued, then joins the workers.
  ~BlockingPool();
  BlockingPool(const BlockingPool&) = delete;
  BlockingPool& operator=(const BlockingPool&) = delete;

  // Queues `task` for a worker; false (and `task` is dropped unrun) when every worker is busy
  // and `queue` tasks are already waiting. Thread-safe. A task must not throw.
  bool TrySubmit(std::function<void()> task);

  struct Stats {
    int running = 0;       // tasks a worker is running now
    int queued = 0;        // tasks waiting for a worker
    uint64_t done = 0;     // tasks finished since start
    uint64_t refused = 0;  // TrySubmit calls that found the queue full
  };
  Stats stats() const;
  int workers() const { return static_cast<int>(threads_.size()); }
  int queue_limit() const { return queue_limit_; }

 private:
  void Work();

  const int queue_limit_;
  mutable Mutex mu_;
  CondVar wake_;
  std::deque<std::function<void()>> queue_ GUARDED_BY(mu_);
  bool stopping_ GUARDED_BY(mu_) = false;
  int running_ GUARDED_BY(mu_) = 0;
  uint64_t done_ GUARDED_BY(mu_) = 0;
  uint64_t refused_ GUARDED_BY(mu_) = 0;
  std::vector<std::thread> threads_;
};

}  // namespace ow
