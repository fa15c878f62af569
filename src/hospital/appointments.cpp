// Hospital booking rules over the scheduling module (see appointments.h).
#include "hospital/appointments.h"

#include "core/time.h"

namespace ow::hospital {

namespace {

using scheduling::Booking;
using scheduling::BookingStatus;
using scheduling::Slot;

Status Refusal(Code code, std::string message, const char* path, const char* machine_code) {
  std::string field = message;
  return Status(code, std::move(message), {{path, std::move(field), machine_code}});
}

Appointment AppointmentOf(const Booking& b) {
  Appointment a{b, "", "", ""};
  if (auto parts = ParseOwner(b.owner)) {
    a.hospital_id = parts->hospital_id;
    a.department_id = parts->department_id;
    a.doctor_id = parts->doctor_id;
  }
  return a;
}

}  // namespace

std::optional<OwnerParts> ParseOwner(const std::string& owner) {
  // hospital:<h>/dept:<d>/ or hospital:<h>/dept:<d>/doctor:<x>
  constexpr std::string_view kH = "hospital:", kD = "dept:", kDoc = "doctor:";
  std::string_view s = owner;
  if (!s.starts_with(kH)) return std::nullopt;
  s.remove_prefix(kH.size());
  size_t slash = s.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  OwnerParts o;
  o.hospital_id = std::string(s.substr(0, slash));
  s.remove_prefix(slash + 1);
  if (!s.starts_with(kD)) return std::nullopt;
  s.remove_prefix(kD.size());
  slash = s.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  o.department_id = std::string(s.substr(0, slash));
  s.remove_prefix(slash + 1);
  if (s.starts_with(kDoc)) o.doctor_id = std::string(s.substr(kDoc.size()));
  return o;
}

AppointmentService::AppointmentService(HospitalDirectory& directory,
                                       scheduling::ScheduleService& schedules,
                                       scheduling::BookingService& bookings,
                                       healthcode::ColourService& colours,
                                       identity::IdentityService& identity, const Clock& clock,
                                       BookingRules rules)
    : directory_(directory),
      schedules_(schedules),
      bookings_(bookings),
      colours_(colours),
      identity_(identity),
      clock_(clock),
      rules_(rules) {}

Result<scheduling::Schedule> AppointmentService::CreateSchedule(const Principal& p,
                                                                const std::string& hospital_id,
                                                                const NewSchedule& in) {
  OW_RETURN_IF_ERROR(directory_.Hospital(hospital_id).status());
  if (!HospitalDirectory::CanManage(p, hospital_id))
    return Status::Forbidden("only this hospital's administrators manage its schedules");
  auto d = directory_.GetDepartment(in.department_id);
  if (!d.ok() || d->hospital_id != hospital_id)
    return Status::Invalid("unknown department", {{"$.department_id",
                                                   "is not a department of "
                                                   "this hospital",
                                                   "unknown_department"}});
  scheduling::ScheduleSpec spec;
  spec.owner = DepartmentOwner(*d);
  spec.name = d->name_zh;
  if (!in.doctor_id.empty()) {
    auto doc = directory_.GetDoctor(in.doctor_id);
    if (!doc.ok() || doc->department_id != d->id)
      return Status::Invalid("unknown doctor", {{"$.doctor_id",
                                                 "is not a doctor of this "
                                                 "department",
                                                 "unknown_doctor"}});
    spec.owner = DoctorOwner(*d, doc->id);
    spec.name = d->name_zh + " " + doc->name;
  }
  spec.realm = kRealm;
  spec.slot_minutes = in.slot_minutes;
  spec.capacity = in.capacity;
  spec.weekly = in.weekly;
  spec.window_days = in.window_days;
  return schedules_.Create(spec);
}

Result<std::vector<scheduling::Schedule>> AppointmentService::Schedules(
    const Principal& p, const std::string& hospital_id) {
  OW_RETURN_IF_ERROR(directory_.Hospital(hospital_id).status());
  if (!HospitalDirectory::CanManage(p, hospital_id))
    return Status::Forbidden("only this hospital's administrators see its schedules");
  return schedules_.ByOwner(HospitalOwner(hospital_id));
}

Status AppointmentService::Gate(const std::string& person, const Department& d) {
  if (!rules_.health_code_gate || d.kind == DepartmentKind::kFever) return Status::Ok();
  OW_ASSIGN_OR_RETURN(healthcode::ColourState c, colours_.Current(person));
  if (c.colour == codes::Colour::kGreen) return Status::Ok();
  return Refusal(Code::kForbidden,
                 "健康码为红码或黄码，请前往发热门诊就诊 / with a red or yellow health code, go "
                 "to the fever clinic",
                 "$.slot_id", kFeverClinicRequired);
}

Status AppointmentService::NoShowCheck(store::Tx& tx, const std::string& person) {
  if (rules_.noshow_limit <= 0) return Status::Ok();
  const int64_t now = clock_.NowMillis();
  OW_ASSIGN_OR_RETURN(int64_t in_window,
                      scheduling::BookingService::CountStatus(
                          tx, person, kRealm, BookingStatus::kNoShow,
                          now - int64_t{rules_.noshow_window_days} * kMillisPerDay));
  if (in_window < rules_.noshow_limit) return Status::Ok();
  OW_ASSIGN_OR_RETURN(int64_t recent, scheduling::BookingService::CountStatus(
                                          tx, person, kRealm, BookingStatus::kNoShow,
                                          now - int64_t{rules_.noshow_block_days} * kMillisPerDay));
  if (!Blocks(in_window, recent)) return Status::Ok();
  return Refusal(Code::kForbidden,
                 "爽约次数过多，暂停预约 / too many missed appointments: booking is suspended",
                 "$.slot_id", kNoShowBlocked);
}

bool AppointmentService::Blocks(int64_t in_window, int64_t recent) const {
  return rules_.noshow_limit > 0 && in_window >= rules_.noshow_limit && recent > 0;
}

Result<NoShowStanding> AppointmentService::Standing(const Principal& p) {
  const int64_t now = clock_.NowMillis();
  NoShowStanding s;
  OW_ASSIGN_OR_RETURN(
      s.count, bookings_.CountStatus(p.person_id, kRealm, BookingStatus::kNoShow,
                                     now - int64_t{rules_.noshow_window_days} * kMillisPerDay));
  OW_ASSIGN_OR_RETURN(int64_t recent, bookings_.CountStatus(
                                          p.person_id, kRealm, BookingStatus::kNoShow,
                                          now - int64_t{rules_.noshow_block_days} * kMillisPerDay));
  s.blocked = Blocks(s.count, recent);
  if (s.blocked) {
    OW_ASSIGN_OR_RETURN(auto latest,
                        bookings_.LatestStart(p.person_id, kRealm, BookingStatus::kNoShow));
    if (latest) s.blocked_until_ms = *latest + int64_t{rules_.noshow_block_days} * kMillisPerDay;
  }
  return s;
}

Result<std::vector<Appointment>> AppointmentService::NoShows(const Principal& p,
                                                             const std::string& hospital_id,
                                                             const std::string& from_day,
                                                             const std::string& to_day) {
  OW_RETURN_IF_ERROR(directory_.Hospital(hospital_id).status());
  if (!HospitalDirectory::CanManage(p, hospital_id))
    return Status::Forbidden("only this hospital's administrators see its no-shows");
  auto from = ParseDate(from_day);
  auto to = ParseDate(to_day);
  std::vector<FieldError> errors;
  if (!from) errors.push_back({"$.from", "must be a date YYYY-MM-DD", "bad_date"});
  if (!to) errors.push_back({"$.to", "must be a date YYYY-MM-DD", "bad_date"});
  if (from && to && DaysFromCivil(*to) < DaysFromCivil(*from))
    errors.push_back({"$.to", "must not be before from", "bad_range"});
  if (from && to && DaysFromCivil(*to) - DaysFromCivil(*from) >= kMaxNoShowDays)
    errors.push_back(
        {"$.to", "the span is at most " + std::to_string(kMaxNoShowDays) + " days", "bad_range"});
  if (!errors.empty()) return Status::Invalid("bad no-show days", std::move(errors));
  OW_ASSIGN_OR_RETURN(
      auto list, bookings_.ForOwnerWithStatus(HospitalOwner(hospital_id), BookingStatus::kNoShow,
                                              from_day, to_day));
  std::vector<Appointment> out;
  for (const auto& b : list) out.push_back(AppointmentOf(b));
  return out;
}

Result<Department> AppointmentService::DepartmentOfSlot(const Slot& slot) {
  auto parts = ParseOwner(slot.owner);
  if (!parts) return Status::NotFound("no hospital slot " + slot.id);
  return directory_.GetDepartment(parts->department_id);
}

Result<DaySlots> AppointmentService::FreeSlots(const Principal& p, const std::string& department_id,
                                               const std::string& day) {
  if (!ParseDate(day))
    return Status::Invalid("bad day", {{"$.day", "must be a date YYYY-MM-DD", "bad_date"}});
  OW_ASSIGN_OR_RETURN(Department d, directory_.GetDepartment(department_id));
  OW_RETURN_IF_ERROR(schedules_.Release().status());
  DaySlots out;
  out.department = d;
  auto free_of = [&](const Department& dep) -> Result<std::vector<Slot>> {
    OW_ASSIGN_OR_RETURN(auto schedules, schedules_.ByOwner(DepartmentOwner(dep)));
    std::vector<std::string> ids;
    for (const auto& s : schedules) ids.push_back(s.id);
    OW_ASSIGN_OR_RETURN(auto slots, schedules_.Slots(ids, day));
    std::vector<Slot> free;
    for (auto& s : slots)
      if (s.Free() > 0) free.push_back(std::move(s));
    return free;
  };
  OW_ASSIGN_OR_RETURN(out.slots, free_of(d));
  Status gate = Gate(p.person_id, d);
  if (gate.code() == Code::kForbidden) {
    out.refused = true;
    OW_ASSIGN_OR_RETURN(auto all, directory_.Departments(d.hospital_id));
    for (const auto& dep : all) {
      if (dep.kind != DepartmentKind::kFever) continue;
      out.fever_clinics.push_back(dep);
      OW_ASSIGN_OR_RETURN(auto fs, free_of(dep));
      out.fever_slots.insert(out.fever_slots.end(), fs.begin(), fs.end());
    }
  } else {
    OW_RETURN_IF_ERROR(gate);
  }
  return out;
}

Result<scheduling::Hold> AppointmentService::Hold(const Principal& p, const std::string& slot_id) {
  OW_ASSIGN_OR_RETURN(Slot slot, schedules_.GetSlot(slot_id));
  OW_ASSIGN_OR_RETURN(Department d, DepartmentOfSlot(slot));
  OW_RETURN_IF_ERROR(Gate(p.person_id, d));
  return bookings_.PlaceHold(slot_id, p.person_id);
}

Status AppointmentService::ReleaseHold(const Principal& p, const std::string& hold_id) {
  return bookings_.ReleaseHold(hold_id, p.person_id);
}

Result<scheduling::BookRequest> AppointmentService::PrepareBooking(const Principal& p,
                                                                   const std::string& slot_id,
                                                                   const std::string& hold_id) {
  if (rules_.real_name) {
    auto who = identity_.GetSummary(p.person_id);
    if (!who.ok() || who->masked_id.empty())
      return Refusal(Code::kForbidden, "booking needs a real-name registered person", "$.slot_id",
                     kRealNameRequired);
  }
  auto slot = schedules_.GetSlot(slot_id);
  if (!slot.ok()) {
    if (slot.status().code() == Code::kNotFound)
      return Refusal(Code::kNotFound, "no slot " + slot_id, "$.slot_id", "unknown_slot");
    return slot.status();
  }
  auto d = DepartmentOfSlot(*slot);
  if (!d.ok()) return Refusal(Code::kNotFound, "no slot " + slot_id, "$.slot_id", "unknown_slot");
  OW_RETURN_IF_ERROR(Gate(p.person_id, *d));
  scheduling::BookRequest req{slot_id, p.person_id, hold_id, ""};
  if (rules_.one_per_department_per_day) req.limit_key = "dept:" + d->id + "/" + slot->day;
  return req;
}

scheduling::BookingService::BookCheck AppointmentService::InTxCheck(const std::string& person) {
  return [this, person](store::Tx& tx, const Slot&) { return NoShowCheck(tx, person); };
}

Result<Appointment> AppointmentService::Book(const Principal& p, const std::string& slot_id,
                                             const std::string& hold_id) {
  OW_ASSIGN_OR_RETURN(scheduling::BookRequest req, PrepareBooking(p, slot_id, hold_id));
  OW_ASSIGN_OR_RETURN(Booking b, bookings_.Book(req, InTxCheck(p.person_id)));
  return AppointmentOf(b);
}

void AppointmentService::BookAsync(const Principal& p, const std::string& slot_id,
                                   const std::string& hold_id, BookDone done) {
  Result<scheduling::BookRequest> req = PrepareBooking(p, slot_id, hold_id);
  if (!req.ok()) return done(req.status());
  bookings_.BookAsync(*req, InTxCheck(p.person_id), [done = std::move(done)](Result<Booking> b) {
    b.ok() ? done(AppointmentOf(*b)) : done(b.status());
  });
}

Result<Appointment> AppointmentService::Cancel(const Principal& p, const std::string& booking_id) {
  const int64_t now = clock_.NowMillis();
  OW_ASSIGN_OR_RETURN(
      Booking b, bookings_.Cancel(booking_id, p.person_id, [&](const Booking& b) -> Status {
        if (b.realm != kRealm) return Status::NotFound("no appointment " + booking_id);
        if (now > b.start_ms - rules_.cancel_deadline_minutes * kMillisPerMinute)
          return Refusal(Code::kConflict, "取消预约已截止 / the cancellation deadline has passed",
                         "$.booking_id", kCancelDeadlinePassed);
        return Status::Ok();
      }));
  return AppointmentOf(b);
}

Result<std::vector<Appointment>> AppointmentService::Mine(const Principal& p) {
  OW_ASSIGN_OR_RETURN(auto list, bookings_.ForPerson(p.person_id, kRealm));
  std::vector<Appointment> out;
  for (const auto& b : list) out.push_back(AppointmentOf(b));
  return out;
}

Result<std::vector<Appointment>> AppointmentService::DayList(const Principal& p,
                                                             const std::string& hospital_id,
                                                             const std::string& day) {
  OW_RETURN_IF_ERROR(directory_.Hospital(hospital_id).status());
  if (!HospitalDirectory::CanManage(p, hospital_id))
    return Status::Forbidden("only this hospital's administrators see its list");
  if (!ParseDate(day))
    return Status::Invalid("bad day", {{"$.day", "must be a date YYYY-MM-DD", "bad_date"}});
  OW_ASSIGN_OR_RETURN(auto list, bookings_.ForOwner(HospitalOwner(hospital_id), day));
  std::vector<Appointment> out;
  for (const auto& b : list) out.push_back(AppointmentOf(b));
  return out;
}

Result<Appointment> AppointmentService::Mark(const Principal& p, const std::string& hospital_id,
                                             const std::string& booking_id, BookingStatus to) {
  OW_RETURN_IF_ERROR(directory_.Hospital(hospital_id).status());
  if (!HospitalDirectory::CanManage(p, hospital_id))
    return Status::Forbidden("only this hospital's administrators mark attendance");
  OW_ASSIGN_OR_RETURN(Booking b, bookings_.Get(booking_id));
  if (!b.owner.starts_with(HospitalOwner(hospital_id)))
    return Status::NotFound("no appointment " + booking_id);
  OW_ASSIGN_OR_RETURN(b, bookings_.SetStatus(booking_id, to));
  return AppointmentOf(b);
}

}  // namespace ow::hospital
