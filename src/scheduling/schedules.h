// ScheduleService: schedules and their slots. A weekly schedule's slots are generated on a
// rolling window (window_days ahead; the next day opens at release_minute, Asia/Shanghai, by
// the injected Clock); explicit slots are added one by one. Generation is idempotent and
// claimed per schedule with a conditional update, so many nodes may run it at once.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "core/time.h"
#include "scheduling/types.h"
#include "store/database.h"

namespace ow::scheduling {

// Limits of a schedule (validated by Create).
inline constexpr int kMinSlotMinutes = 5;
inline constexpr int kMaxSlotMinutes = 8 * 60;
inline constexpr int kMaxCapacity = 10'000;
inline constexpr int kMaxWindowDays = 90;
inline constexpr size_t kMaxOwnerBytes = 200;

class ScheduleService {
 public:
  ScheduleService(store::Database& db, const Clock& clock);

  // Validates the spec (Invalid with paths "$.owner", "$.slot_minutes", "$.weekly[0].weekday",
  // ...), stores it and releases its slots up to the window's last open day.
  Result<Schedule> Create(const ScheduleSpec& spec);
  Result<Schedule> Get(const std::string& id);
  // Active schedules whose owner starts with `owner_prefix`, oldest first.
  Result<std::vector<Schedule>> ByOwner(const std::string& owner_prefix);
  // Stops a schedule: no new slots; existing slots and bookings stay.
  Status Deactivate(const std::string& id);

  // Adds one explicit slot (Invalid for a bad range, Conflict if the schedule already has a
  // slot starting then, NotFound for an unknown schedule).
  Result<Slot> AddSlot(const std::string& schedule_id, int64_t start_ms, int64_t end_ms,
                       int capacity);

  // Creates the missing slots of every active weekly schedule up to its last open day now.
  // Cheap when nothing is due (checked at most once a minute of the clock per process).
  // Returns the number of slots created.
  Result<int64_t> Release();

  // The last open day of a schedule at instant now_ms: today + window_days once the Shanghai
  // clock has passed release_minute, today + window_days - 1 before.
  static Date LastOpenDay(const ScheduleSpec& spec, int64_t now_ms);

  // The slots of these schedules on a Shanghai day (YYYY-MM-DD), by start time, with `held`
  // counting holds unexpired now; `upcoming_only` leaves out slots that have started.
  Result<std::vector<Slot>> Slots(const std::vector<std::string>& schedule_ids,
                                  const std::string& day, bool upcoming_only = true);
  Result<Slot> GetSlot(const std::string& slot_id);

 private:
  Result<int64_t> ReleaseOne(const Schedule& s, int64_t now_ms);

  store::Database& db_;
  const Clock& clock_;
  std::atomic<int64_t> next_release_check_ms_{0};
};

}  // namespace ow::scheduling
