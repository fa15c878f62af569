// Clock: the single source of "now" in OneWindow. Production uses SystemClock; tests and
// `serve --test-clock` use TestClock, which can be set or advanced.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace ow {

using TimePoint = std::chrono::system_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;
  // Milliseconds since the Unix epoch; the unit used for timestamps in storage.
  int64_t NowMillis() const;
};

class SystemClock final : public Clock {
 public:
  TimePoint Now() const override { return std::chrono::system_clock::now(); }
};

// A clock that runs with real time plus an offset that tests can move, or that is frozen
// at a set instant. Thread-safe.
class TestClock final : public Clock {
 public:
  // The instants a TestClock may show: system_clock counts nanoseconds in 64 bits (years
  // 1677..2262), so the checked setters keep "now" within [1970-01-01, 2200-01-01).
  static constexpr int64_t kMinMillis = 0;
  static constexpr int64_t kMaxMillis = 7'258'118'400'000;  // 2200-01-01T00:00:00Z

  TestClock() = default;
  TimePoint Now() const override;
  // Checked forms of Set and Advance: false, and the clock unchanged, when the new "now"
  // would leave [kMinMillis, kMaxMillis) or the arithmetic would overflow.
  bool TrySetMillis(int64_t ms);
  bool TryAdvanceMillis(int64_t delta_ms);
  // Moves the clock forward (or back, for negative values).
  void Advance(std::chrono::milliseconds d) { offset_ms_ += d.count(); }
  // Sets "now" to t; the clock keeps running from there.
  void Set(TimePoint t);
  // Stops the clock at its current instant (or resumes it).
  void Freeze(bool frozen);

 private:
  std::atomic<int64_t> offset_ms_{0};
  std::atomic<int64_t> frozen_at_ms_{-1};
};

}  // namespace ow
