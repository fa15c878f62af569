// Pool<Conn>: a bounded, lazily grown pool of connections shared by the storage backends.
// Callers borrow a connection as a Lease; when every connection is lent out they wait.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "store/database.h"

namespace ow::store {

// A bounded pool of connections of type Conn, created on demand by a factory.
template <typename Conn>
class Pool {
 public:
  using Factory = std::function<Result<std::unique_ptr<Conn>>()>;
  // Called (outside the pool lock) when a connection comes back; false closes it.
  using Check = std::function<bool(Conn&)>;

  // A borrowed connection; goes back to the pool (or is closed, if discarded) on destruction.
  class Lease {
   public:
    Lease(Pool* pool, std::unique_ptr<Conn> conn) : pool_(pool), conn_(std::move(conn)) {}
    Lease(Lease&& o) noexcept : pool_(std::exchange(o.pool_, nullptr)), conn_(std::move(o.conn_)) {}
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (pool_ != nullptr) pool_->Return(std::move(conn_), discard_);
    }
    Conn& operator*() const { return *conn_; }
    Conn* operator->() const { return conn_.get(); }
    // Closes the connection instead of returning it (it is broken).
    void Discard() { discard_ = true; }

   private:
    Pool* pool_;
    std::unique_ptr<Conn> conn_;
    bool discard_ = false;
  };

  Pool(int max_size, Factory factory, std::chrono::milliseconds wait_timeout, Check check = nullptr)
      : max_size_(max_size < 1 ? 1 : max_size),
        factory_(std::move(factory)),
        check_(std::move(check)),
        wait_timeout_(wait_timeout) {}

  // Borrows an idle connection, opens a new one if the pool may grow, or waits for one.
  Result<Lease> Acquire() {
    std::unique_lock lock(mu_);
    if (idle_.empty() && size_ >= max_size_) {
      ++waits_;
      bool got =
          cv_.wait_for(lock, wait_timeout_, [&] { return !idle_.empty() || size_ < max_size_; });
      if (!got) return Status::Unavailable("database connection pool exhausted");
    }
    if (!idle_.empty()) {
      std::unique_ptr<Conn> conn = std::move(idle_.back());
      idle_.pop_back();
      ++in_use_;
      return Lease(this, std::move(conn));
    }
    ++size_;
    ++in_use_;
    lock.unlock();
    Result<std::unique_ptr<Conn>> made = factory_();
    if (!made.ok()) {
      lock.lock();
      --size_;
      --in_use_;
      cv_.notify_one();
      return made.status();
    }
    return Lease(this, std::move(made).value());
  }

  PoolStats Stats() const {
    std::lock_guard lock(mu_);
    return PoolStats{size_, in_use_, waits_};
  }

 private:
  void Return(std::unique_ptr<Conn> conn, bool discard) {
    if (!discard && conn != nullptr && check_ != nullptr && !check_(*conn)) discard = true;
    std::unique_ptr<Conn> closing;
    {
      std::lock_guard lock(mu_);
      --in_use_;
      if (discard || conn == nullptr) {
        --size_;
        closing = std::move(conn);
      } else {
        idle_.push_back(std::move(conn));
      }
    }
    cv_.notify_one();
  }

  const int max_size_;
  const Factory factory_;
  const Check check_;
  const std::chrono::milliseconds wait_timeout_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Conn>> idle_;
  int size_ = 0;
  int in_use_ = 0;
  int64_t waits_ = 0;
};

}  // namespace ow::store
