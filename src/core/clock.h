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
  TestClock() = default;
  TimePoint Now() const override;
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
