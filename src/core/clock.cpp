#include "core/clock.h"

namespace ow {

namespace {
int64_t ToMillis(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}
TimePoint FromMillis(int64_t ms) { return TimePoint(std::chrono::milliseconds(ms)); }
}  // namespace

int64_t Clock::NowMillis() const { return ToMillis(Now()); }

TimePoint TestClock::Now() const {
  int64_t frozen = frozen_at_ms_.load();
  if (frozen >= 0) return FromMillis(frozen + offset_ms_.load());
  return std::chrono::system_clock::now() + std::chrono::milliseconds(offset_ms_.load());
}

void TestClock::Set(TimePoint t) {
  int64_t frozen = frozen_at_ms_.load();
  int64_t base = frozen >= 0 ? frozen : ToMillis(std::chrono::system_clock::now());
  offset_ms_ = ToMillis(t) - base;
}

bool TestClock::TrySetMillis(int64_t ms) {
  if (ms < kMinMillis || ms >= kMaxMillis) return false;
  Set(FromMillis(ms));
  return true;
}

bool TestClock::TryAdvanceMillis(int64_t delta_ms) {
  int64_t target = 0;
  if (__builtin_add_overflow(NowMillis(), delta_ms, &target)) return false;
  return TrySetMillis(target);
}

void TestClock::Freeze(bool frozen) {
  if (frozen) {
    int64_t now = ToMillis(Now());
    offset_ms_ = 0;
    frozen_at_ms_ = now;
  } else {
    int64_t now = ToMillis(Now());
    frozen_at_ms_ = -1;
    offset_ms_ = 0;
    offset_ms_ = now - ToMillis(std::chrono::system_clock::now());
  }
}

}  // namespace ow
