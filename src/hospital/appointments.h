// AppointmentService: hospital booking over the scheduling module — schedules of departments
// and doctors, free slots by day, holds, bookings with the hospital's rules (BookingRules),
// cancellations before the deadline, the hospital's day list and attendance, and the
// health-code gate: a person whose colour is red or yellow cannot book an ordinary clinic and
// is sent to the fever clinic (发热门诊), whose slots are offered instead.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/principal.h"
#include "healthcode/colour_state.h"
#include "hospital/directory.h"
#include "identity/identity_service.h"
#include "scheduling/bookings.h"
#include "scheduling/schedules.h"

namespace ow::hospital {

// The hospital's booking rules (configuration: AppConfig::hospital_rules).
struct BookingRules {
  bool real_name = true;                   // only a registered, real-name person books for self
  bool one_per_department_per_day = true;  // a person's live bookings: one per dept and day
  int64_t cancel_deadline_minutes = 120;   // cancelling closes this long before the slot
  int noshow_limit = 3;                    // this many no-shows within the window...
  int noshow_window_days = 180;            // ... (six months) ...
  int noshow_block_days = 90;              // ... block booking for this long after the last
  bool health_code_gate = true;            // red/yellow: fever clinic only
};

// Refusal codes (FieldError::code) of the hospital's own rules.
inline constexpr char kFeverClinicRequired[] = "fever_clinic_required";
inline constexpr char kNoShowBlocked[] = "noshow_blocked";
inline constexpr char kCancelDeadlinePassed[] = "cancel_deadline_passed";
inline constexpr char kRealNameRequired[] = "real_name_required";

// The longest span of days a no-show list covers.
inline constexpr int kMaxNoShowDays = 366;

// A new schedule of a department (doctor_id "" = the clinic itself).
struct NewSchedule {
  std::string department_id;
  std::string doctor_id;
  int slot_minutes = 10;
  int capacity = 1;
  std::vector<scheduling::WeeklyWindow> weekly;
  int window_days = 14;
};

// The free slots of a department on a day, as one person may book them.
struct DaySlots {
  Department department;
  std::vector<scheduling::Slot> slots;
  bool refused = false;                       // the health-code gate refuses this person here
  std::vector<Department> fever_clinics;      // offered when refused
  std::vector<scheduling::Slot> fever_slots;  // their free slots that day
};

// An appointment as shown: the booking with its department and doctor.
struct Appointment {
  scheduling::Booking booking;
  std::string hospital_id, department_id, doctor_id;
};

// A person's no-show standing under the rules (their own view).
struct NoShowStanding {
  int64_t count = 0;             // no-shows within the rules' window (six months)
  bool blocked = false;          // booking is suspended now (NoShowCheck refuses)
  int64_t blocked_until_ms = 0;  // when blocked: the latest no-show plus the block period
};

class AppointmentService {
 public:
  AppointmentService(HospitalDirectory& directory, scheduling::ScheduleService& schedules,
                     scheduling::BookingService& bookings, healthcode::ColourService& colours,
                     identity::IdentityService& identity, const Clock& clock,
                     BookingRules rules = {});

  Result<scheduling::Schedule> CreateSchedule(const Principal& p, const std::string& hospital_id,
                                              const NewSchedule& in);
  Result<std::vector<scheduling::Schedule>> Schedules(const Principal& p,
                                                      const std::string& hospital_id);
  Result<DaySlots> FreeSlots(const Principal& p, const std::string& department_id,
                             const std::string& day);
  Result<scheduling::Hold> Hold(const Principal& p, const std::string& slot_id);
  // Gives a live hold of one's own back at once (NotFound when none), rather than letting it
  // expire.
  Status ReleaseHold(const Principal& p, const std::string& hold_id);
  Result<Appointment> Book(const Principal& p, const std::string& slot_id,
                           const std::string& hold_id);
  // The same booking answered through `done` (exactly once): the rules read before the
  // booking's transaction are checked on the caller's thread, and the booking itself is
  // group-committed, `done` running after the durable commit (BookingService::BookAsync).
  using BookDone = std::function<void(Result<Appointment>)>;
  void BookAsync(const Principal& p, const std::string& slot_id, const std::string& hold_id,
                 BookDone done);
  Result<Appointment> Cancel(const Principal& p, const std::string& booking_id);
  Result<std::vector<Appointment>> Mine(const Principal& p);
  // The hospital's list of a day (administrators).
  Result<std::vector<Appointment>> DayList(const Principal& p, const std::string& hospital_id,
                                           const std::string& day);
  // The hospital's no-shows on the days from..to (administrators), newest first.
  Result<std::vector<Appointment>> NoShows(const Principal& p, const std::string& hospital_id,
                                           const std::string& from_day, const std::string& to_day);
  // The caller's own no-show count and booking block.
  Result<NoShowStanding> Standing(const Principal& p);
  // Attendance: arrived, noshow or fulfilled (administrators).
  Result<Appointment> Mark(const Principal& p, const std::string& hospital_id,
                           const std::string& booking_id, scheduling::BookingStatus to);

  const BookingRules& rules() const { return rules_; }

 private:
  Result<Department> DepartmentOfSlot(const scheduling::Slot& slot);
  Status Gate(const std::string& person, const Department& d);
  Status NoShowCheck(store::Tx& tx, const std::string& person);
  // Whether `in_window` no-shows, `recent` of them within the block period, block booking.
  bool Blocks(int64_t in_window, int64_t recent) const;
  // The checks before a booking's transaction (real name, slot, health-code gate) and the
  // request they make.
  Result<scheduling::BookRequest> PrepareBooking(const Principal& p, const std::string& slot_id,
                                                 const std::string& hold_id);
  scheduling::BookingService::BookCheck InTxCheck(const std::string& person);

  HospitalDirectory& directory_;
  scheduling::ScheduleService& schedules_;
  scheduling::BookingService& bookings_;
  healthcode::ColourService& colours_;
  identity::IdentityService& identity_;
  const Clock& clock_;
  BookingRules rules_;
};

// The ids in a hospital owner key "hospital:<h>/dept:<d>/[doctor:<x>]" ({} when not one).
struct OwnerParts {
  std::string hospital_id, department_id, doctor_id;
};
std::optional<OwnerParts> ParseOwner(const std::string& owner);

}  // namespace ow::hospital
