// Admission: bounded in-flight requests per route class, so that under overload the requests
// the server admits keep their latency and the rest are refused at once with 503 and
// Retry-After instead of waiting in an ever longer queue. Classes: probes (health, readiness,
// metrics: never limited), scans (the gates), reads, writes. A request holds its slot from
// routing until its response is handed back (asynchronous handlers too).
#pragma once

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
  std::chrono::seconds retry_after() const { return opts_.retry_after; }

 private:
  static size_t Index(RouteClass c) { return static_cast<size_t>(c); }
  int LimitOf(RouteClass c) const;

  AdmissionOptions opts_;
  std::array<std::atomic<int>, 4> counters_{};
};

}  // namespace ow::http
