// The values of the scheduling module: schedules (who gives time, how it is cut), slots with a
// capacity, holds and bookings. Nothing here knows what is booked (a doctor's clinic, a job
// interview): an owner is an opaque key and a realm names the module that uses the schedule.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ow::scheduling {

// A weekly opening: on `weekday` (1 = Monday .. 7 = Sunday), from `start_minute` to
// `end_minute` of the Asia/Shanghai day, cut into slots of the schedule's length.
struct WeeklyWindow {
  int weekday = 1;
  int start_minute = 8 * 60;
  int end_minute = 12 * 60;
  bool operator==(const WeeklyWindow&) const = default;
};

// What a schedule is made from.
struct ScheduleSpec {
  std::string owner;  // opaque key of whoever gives the time ("hospital:P/doctor:D")
  std::string realm;  // the module using it ("hospital", "interview"): counts are per realm
  std::string name;
  int slot_minutes = 10;
  int capacity = 1;                  // places per slot
  std::vector<WeeklyWindow> weekly;  // empty = explicit slots only (ScheduleService::AddSlot)
  int window_days = 14;              // days ahead (after today) that are open
  int release_minute = 6 * 60;       // the next day opens at this Shanghai minute (06:00)
};

// A stored schedule.
struct Schedule {
  std::string id;
  ScheduleSpec spec;
  std::string released_through;  // last Shanghai day (YYYY-MM-DD) whose slots exist, "" none
  bool active = true;
  int64_t created_at_ms = 0;
};

// A slot: one time range of one schedule with its places. `held` counts holds unexpired now.
struct Slot {
  std::string id;
  std::string schedule_id;
  std::string owner;
  int64_t start_ms = 0, end_ms = 0;
  std::string day;  // Shanghai date of the start
  int capacity = 0;
  int booked = 0;
  int held = 0;
  int Free() const { return capacity - booked - held > 0 ? capacity - booked - held : 0; }
};

// A hold: one place of a slot reserved for a person until `expires_at_ms`; it needs no sweep
// (an expired hold simply stops counting).
struct Hold {
  std::string id;
  std::string slot_id;
  std::string person;
  int64_t expires_at_ms = 0;
};

// The life of a booking. Everything but kCancelled keeps the booking's place and limits.
enum class BookingStatus { kBooked, kArrived, kNoShow, kFulfilled, kCancelled };
const char* BookingStatusName(BookingStatus s);
std::optional<BookingStatus> ParseBookingStatus(std::string_view s);

struct Booking {
  std::string id;
  std::string slot_id, schedule_id, owner, realm;
  std::string person;
  int64_t start_ms = 0, end_ms = 0;
  std::string day;
  BookingStatus status = BookingStatus::kBooked;
  std::string limit_key;
  int64_t created_at_ms = 0, updated_at_ms = 0;
};

// A booking request. `limit_key` (optional): a person has at most one live booking per key
// (the hospital uses "dept:<id>/<day>" for one booking per department per day), enforced by
// a unique index.
struct BookRequest {
  std::string slot_id;
  std::string person;
  std::string hold_id;  // "" = book directly
  std::string limit_key;
};

}  // namespace ow::scheduling
