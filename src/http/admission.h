// Admission: bounded in-flight requests per route class, so that under overload the requests
// the server admits keep their latency and the rest are refused at once with 503 and
// Retry-After instead of waiting in an ever longer queue. Classes: probes (health, readiness,
// metrics: never limited), scans (the gates), reads, writes. A request holds its slot from
// routing until its response is handed back (asynchronous handlers too).
//
// In-flight counters cannot see the queue that forms before a request reaches the dispatcher
// (ready handlers waiting for an I/O thread), so there is a second signal: the server's
// queue delay, measured by a probe timer on the I/O threads (how late it fires). While that
// delay is above `max_queue_delay`, limited classes are refused at once; the refusals are
// cheap, the refused clients back off for Retry-After, and the queue drains.
#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "http/api.h"

namespace ow::http {

enum class RouteClass { kUnlimited, kScan, kRead, kWrite };
const char* RouteClassName(RouteClass c);

struct AdmissionOptions {
  // In-flight requests allowed per class; 0 = unlimited. The defaults are far above what a
  // healthy node holds at once (synchronous handlers hold at most one slot per I/O thread).
  int scans = 1024;
  int reads = 512;
  int writes = 256;
  std::chrono::seconds retry_after{1};
  // Refuse limited classes while the measured queue delay exceeds this many milliseconds;
  // 0 = off.
  int max_queue_delay_ms = 0;
  // Route patterns never limited (probes; routes bounded by a queue of their own, such as the
  // password-hashing ones), and the patterns of the scan class (the gate's routes).
  std::vector<std::string> unlimited_routes = {"/healthz", "/readyz", "/metrics"};
  std::vector<std::string> scan_routes;
};

// A 503 problem with Retry-After: the server (or one of its queues) is full right now.
Response Overloaded(std::string_view detail, std::string_view instance,
                    std::chrono::seconds retry_after);

class Admission {
 public:
  explicit Admission(AdmissionOptions options);

  // The class of a matched route (its pattern, as registered).
  RouteClass ClassOf(Method method, std::string_view pattern) const;

  // A held slot; giving it back (Release or destruction) is idempotent.
  class Slot {
   public:
    explicit Slot(std::atomic<int>* counter) : counter_(counter) {}
    ~Slot() { Release(); }
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    void Release() {
      if (auto* c = counter_.exchange(nullptr)) c->fetch_sub(1, std::memory_order_acq_rel);
    }

   private:
    std::atomic<std::atomic<int>*> counter_;
  };

  // Takes a slot of class `c`; null when the class is full (the request must be refused).
  // A class whose limit is 0 is counted but never refused.
  std::shared_ptr<Slot> TryAdmit(RouteClass c);

  int in_flight(RouteClass c) const { return counters_[Index(c)].load(); }

  // The server's measurements of how long ready work waits for an I/O thread, one per probe
  // (from one thread: the probe timer's handler). As in CoDel, what counts is the standing
  // queue: the smallest delay of each kQueueDelayWindow; a burst that clears within a window
  // (a scheduler hiccup, a burst of connections) refuses nothing.
  static constexpr int kQueueDelayWindow = 10;  // probes (10 ms apart: 100 ms)
  void ObserveQueueDelay(std::chrono::microseconds delay) {
    last_delay_us_.store(delay.count(), std::memory_order_relaxed);
    window_min_us_ = window_probes_ == 0 ? delay.count() : std::min(window_min_us_, delay.count());
    if (++window_probes_ == kQueueDelayWindow) {
      standing_delay_us_.store(window_min_us_, std::memory_order_relaxed);
      window_probes_ = 0;
    }
  }
  // The latest probe's delay, and the standing delay (minimum of the last full window).
  std::chrono::microseconds queue_delay() const {
    return std::chrono::microseconds(last_delay_us_.load(std::memory_order_relaxed));
  }
  std::chrono::microseconds standing_queue_delay() const {
    return std::chrono::microseconds(standing_delay_us_.load(std::memory_order_relaxed));
  }
  // True while the standing queue delay is above the configured maximum (limited classes are
  // refused).
  bool Congested() const {
    return opts_.max_queue_delay_ms > 0 &&
           standing_queue_delay() > std::chrono::milliseconds(opts_.max_queue_delay_ms);
  }
  // Requests refused so far (in-flight limits and queue delay together).
  int64_t refused() const { return refused_.load(std::memory_order_relaxed); }
  void CountRefusal() { refused_.fetch_add(1, std::memory_order_relaxed); }
  std::chrono::seconds retry_after() const { return opts_.retry_after; }

 private:
  static size_t Index(RouteClass c) { return static_cast<size_t>(c); }
  int LimitOf(RouteClass c) const;

  AdmissionOptions opts_;
  std::array<std::atomic<int>, 4> counters_{};
  std::atomic<int64_t> last_delay_us_{0};
  std::atomic<int64_t> standing_delay_us_{0};
  int64_t window_min_us_ = 0;  // touched only by the probe's handler (one at a time)
  int window_probes_ = 0;
  std::atomic<int64_t> refused_{0};
};

}  // namespace ow::http
