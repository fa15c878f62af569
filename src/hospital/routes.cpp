// The hospital's route table and handlers (see routes.h).
#include "hospital/routes.h"

#include <boost/json.hpp>

#include "codes/qr_render.h"
#include "core/time.h"
#include "hospital/schedule_body.h"
#include "http/json.h"
#include "http/route_table.h"

namespace ow::hospital {

namespace {

namespace json = boost::json;
using http::Method;
using http::Request;
using http::Response;
using scheduling::BookingStatus;

// The days a no-show list covers when `from` is not given (today included).
constexpr int kNoShowDefaultDays = 14;

const char* KindName(DepartmentKind k) {
  return k == DepartmentKind::kFever ? "fever" : "ordinary";
}

json::object DepartmentJson(const Department& d) {
  return {{"id", d.id},
          {"hospital_id", d.hospital_id},
          {"name", {{"zh", d.name_zh}, {"en", d.name_en}}},
          {"kind", KindName(d.kind)}};
}

json::object DoctorJson(const Doctor& d) {
  return {{"id", d.id}, {"department_id", d.department_id}, {"name", d.name}, {"title", d.title}};
}

json::object SlotJson(const scheduling::Slot& s) {
  json::object o{{"id", s.id},
                 {"start", FormatRfc3339(s.start_ms)},
                 {"end", FormatRfc3339(s.end_ms)},
                 {"day", s.day},
                 {"capacity", s.capacity},
                 {"free", s.Free()}};
  if (auto parts = ParseOwner(s.owner); parts && !parts->doctor_id.empty())
    o["doctor_id"] = parts->doctor_id;
  return o;
}

json::object AppointmentJson(const HospitalDeps& d, const Appointment& a) {
  const scheduling::Booking& b = a.booking;
  json::object o{{"id", b.id},
                 {"slot_id", b.slot_id},
                 {"hospital_id", a.hospital_id},
                 {"department_id", a.department_id},
                 {"start", FormatRfc3339(b.start_ms)},
                 {"end", FormatRfc3339(b.end_ms)},
                 {"day", b.day},
                 {"status", scheduling::BookingStatusName(b.status)},
                 {"check_in", CheckInText(b.id)},
                 {"created_at", FormatRfc3339(b.created_at_ms)}};
  if (!a.doctor_id.empty()) o["doctor_id"] = a.doctor_id;
  // Cancelling closes the rules' deadline before the slot (AppointmentService::Cancel).
  const int64_t deadline =
      b.start_ms - d.appointments.rules().cancel_deadline_minutes * kMillisPerMinute;
  o["cancel_deadline"] = FormatRfc3339(deadline);
  o["cancellable"] = b.status == BookingStatus::kBooked && d.clock.NowMillis() <= deadline;
  return o;
}

Result<std::string> HospitalParam(const HospitalDeps& d, Request& req) {
  const std::string& id = req.Param("id");
  OW_RETURN_IF_ERROR(d.directory.Hospital(id).status());
  return id;
}

Status RequireManager(const Request& req, const std::string& hospital_id) {
  if (!HospitalDirectory::CanManage(*req.principal, hospital_id))
    return Status::Forbidden("only this hospital's administrators may do this");
  return Status::Ok();
}

Result<Response> ListHospitals(const HospitalDeps& d, Request&) {
  OW_ASSIGN_OR_RETURN(auto list, d.directory.Hospitals());
  json::array out;
  for (const auto& p : list)
    out.push_back({{"id", p.id}, {"name", p.name}, {"region", p.region}, {"address", p.address}});
  return http::JsonResponse(200, json::object{{"hospitals", std::move(out)}});
}

Result<Response> ListDepartments(const HospitalDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(std::string id, HospitalParam(d, req));
  OW_ASSIGN_OR_RETURN(auto deps, d.directory.Departments(id));
  OW_ASSIGN_OR_RETURN(auto docs, d.directory.Doctors(id));
  json::array departments, doctors;
  for (const auto& x : deps) departments.push_back(DepartmentJson(x));
  for (const auto& x : docs) doctors.push_back(DoctorJson(x));
  return http::JsonResponse(
      200, json::object{{"departments", std::move(departments)}, {"doctors", std::move(doctors)}});
}

Result<Response> AddDepartment(const HospitalDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(std::string id, HospitalParam(d, req));
  OW_RETURN_IF_ERROR(RequireManager(req, id));
  OW_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  http::FieldReader f(body);
  f.RejectUnknown({"name_zh", "name_en", "kind"});
  auto zh = f.String("name_zh", true, 100);
  auto en = f.String("name_en", false, 100);
  auto kind = f.String("kind", false, 20);
  if (kind && *kind != "ordinary" && *kind != "fever")
    f.Error("$.kind", "must be ordinary or fever", "unknown_kind");
  OW_RETURN_IF_ERROR(f.status("the department is invalid"));
  OW_ASSIGN_OR_RETURN(Department dep, d.directory.AddDepartment(id, *zh, en.value_or(""),
                                                                kind.value_or("") == "fever"
                                                                    ? DepartmentKind::kFever
                                                                    : DepartmentKind::kOrdinary));
  return http::JsonResponse(201, DepartmentJson(dep));
}

Result<Response> AddDoctor(const HospitalDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(std::string id, HospitalParam(d, req));
  OW_RETURN_IF_ERROR(RequireManager(req, id));
  OW_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  http::FieldReader f(body);
  f.RejectUnknown({"department_id", "name", "title"});
  auto dep = f.String("department_id", true, 64);
  auto name = f.String("name", true, 100);
  auto title = f.String("title", false, 100);
  OW_RETURN_IF_ERROR(f.status("the doctor is invalid"));
  auto department = d.directory.GetDepartment(*dep);
  if (!department.ok() || department->hospital_id != id)
    return Status::Invalid("unknown department", {{"$.department_id",
                                                   "is not a department of "
                                                   "this hospital",
                                                   "unknown_department"}});
  OW_ASSIGN_OR_RETURN(Doctor doc, d.directory.AddDoctor(*dep, *name, title.value_or("")));
  return http::JsonResponse(201, DoctorJson(doc));
}

Result<Response> CreateSchedule(const HospitalDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(std::string id, HospitalParam(d, req));
  OW_RETURN_IF_ERROR(RequireManager(req, id));
  OW_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  OW_ASSIGN_OR_RETURN(NewSchedule in, ReadNewSchedule(body, /*doctor_required=*/false));
  OW_ASSIGN_OR_RETURN(auto s, d.appointments.CreateSchedule(*req.principal, id, in));
  return http::JsonResponse(201, ScheduleJson(s, s.spec.owner));
}

Result<Response> ListSchedules(const HospitalDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(std::string id, HospitalParam(d, req));
  OW_ASSIGN_OR_RETURN(auto list, d.appointments.Schedules(*req.principal, id));
  json::array out;
  for (const auto& s : list) out.push_back(ScheduleJson(s, s.spec.owner));
  return http::JsonResponse(200, json::object{{"schedules", std::move(out)}});
}

Result<Response> FreeSlots(const HospitalDeps& d, Request& req) {
  const std::string day = req.Query("day").value_or(FormatDate(ShanghaiDate(d.clock.NowMillis())));
  OW_ASSIGN_OR_RETURN(DaySlots s,
                      d.appointments.FreeSlots(*req.principal, req.Param("department"), day));
  json::array slots;
  for (const auto& x : s.slots) slots.push_back(SlotJson(x));
  json::object o{{"department", DepartmentJson(s.department)},
                 {"day", day},
                 {"slots", std::move(slots)},
                 {"refused", s.refused}};
  if (s.refused) {
    json::array clinics, fever;
    for (const auto& c : s.fever_clinics) clinics.push_back(DepartmentJson(c));
    for (const auto& x : s.fever_slots) fever.push_back(SlotJson(x));
    o["reason"] = {{"code", kFeverClinicRequired},
                   {"zh", "健康码为红码或黄码，请前往发热门诊就诊"},
                   {"en", "With a red or yellow health code, please go to the fever clinic"}};
    o["fever_clinics"] = std::move(clinics);
    o["fever_slots"] = std::move(fever);
  }
  return http::JsonResponse(200, o);
}

Result<Response> PlaceHold(const HospitalDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto h, d.appointments.Hold(*req.principal, req.Param("slot")));
  return http::JsonResponse(201, json::object{{"hold_id", h.id},
                                              {"slot_id", h.slot_id},
                                              {"expires_at", FormatRfc3339(h.expires_at_ms)}});
}

Result<Response> ReleaseHold(const HospitalDeps& d, Request& req) {
  OW_RETURN_IF_ERROR(d.appointments.ReleaseHold(*req.principal, req.Param("id")));
  return Response::NoContent();
}

// Asynchronous: answered after the durable commit that holds the booking (group commit), so
// concurrent bookings share commits and no io thread waits for one.
Status Book(const HospitalDeps& d, Request& req, http::Respond& respond) {
  OW_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  http::FieldReader f(body);
  f.RejectUnknown({"slot_id", "hold_id"});
  auto slot = f.String("slot_id", true, 120);
  auto hold = f.String("hold_id", false, 64);
  OW_RETURN_IF_ERROR(f.status("the booking is invalid"));
  d.appointments.BookAsync(
      *req.principal, *slot, hold.value_or(""),
      [&d, path = req.path, respond = std::move(respond)](Result<Appointment> a) {
        respond(a.ok() ? http::JsonResponse(201, AppointmentJson(d, *a))
                       : http::Problem(a.status(), path));
      });
  return Status::Ok();
}

Result<Response> Cancel(const HospitalDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(Appointment a, d.appointments.Cancel(*req.principal, req.Param("id")));
  return http::JsonResponse(200, AppointmentJson(d, a));
}

Result<Response> MyAppointments(const HospitalDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto list, d.appointments.Mine(*req.principal));
  OW_ASSIGN_OR_RETURN(NoShowStanding standing, d.appointments.Standing(*req.principal));
  json::array out;
  for (const auto& a : list) out.push_back(AppointmentJson(d, a));
  const BookingRules& rules = d.appointments.rules();
  json::object no_shows{{"count", standing.count},
                        {"limit", rules.noshow_limit},
                        {"window_days", rules.noshow_window_days},
                        {"block_days", rules.noshow_block_days},
                        {"blocked", standing.blocked}};
  if (standing.blocked && standing.blocked_until_ms > 0)
    no_shows["blocked_until"] = FormatRfc3339(standing.blocked_until_ms);
  return http::JsonResponse(
      200, json::object{{"appointments", std::move(out)}, {"no_shows", std::move(no_shows)}});
}

// The check-in QR of one of the caller's own appointments, as a PNG for the screen.
Result<Response> MyAppointmentQr(const HospitalDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto list, d.appointments.Mine(*req.principal));
  const std::string& id = req.Param("id");
  for (const auto& a : list) {
    if (a.booking.id != id) continue;
    codes::QrRenderOptions opts;
    opts.scale = 6;
    opts.frame_modules = 0;  // no colour frame: this is not a health code
    OW_ASSIGN_OR_RETURN(auto png, codes::RenderPayloadPng(CheckInText(id), opts));
    Response r = Response::Text(200, codes::ToString(png), "image/png");
    r.Set("Cache-Control", "no-store");
    return r;
  }
  return Status::NotFound("no appointment " + id);
}

// The masked patient of an appointment for the hospital's lists, each read audited as `action`.
Status AddPatient(const HospitalDeps& d, const Request& req, const Appointment& a,
                  const std::string& action, const std::string& purpose, json::object& o) {
  if (!d.identity || !d.audit) return Status::Ok();
  auto who = d.identity->GetSummary(a.booking.person);
  if (!who.ok()) return Status::Ok();
  OW_RETURN_IF_ERROR(d.audit->Append(
      {req.principal->person_id, action, a.booking.person, "masked_name,masked_id", purpose, ""}));
  o["patient"] = {{"masked_name", who->masked_name}, {"masked_id", who->masked_id}};
  return Status::Ok();
}

Result<Response> DayList(const HospitalDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(std::string id, HospitalParam(d, req));
  const std::string day = req.Query("day").value_or(FormatDate(ShanghaiDate(d.clock.NowMillis())));
  OW_ASSIGN_OR_RETURN(auto list, d.appointments.DayList(*req.principal, id, day));
  json::array out;
  for (const auto& a : list) {
    json::object o = AppointmentJson(d, a);
    // The desk needs to know whom it expects: masked name and ID only, each read audited.
    OW_RETURN_IF_ERROR(
        AddPatient(d, req, a, "hospital.daylist.read", "hospital " + id + " day list " + day, o));
    out.push_back(std::move(o));
  }
  return http::JsonResponse(200, json::object{{"day", day}, {"appointments", std::move(out)}});
}

// The hospital's no-shows of the days from..to (default: the last 14 days, today included).
Result<Response> NoShowList(const HospitalDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(std::string id, HospitalParam(d, req));
  OW_RETURN_IF_ERROR(RequireManager(req, id));
  const int64_t today = DaysFromCivil(ShanghaiDate(d.clock.NowMillis()));
  const std::string to = req.Query("to").value_or(FormatDate(CivilFromDays(today)));
  std::string from = req.Query("from").value_or("");
  if (from.empty()) {
    auto end = ParseDate(to);
    from =
        FormatDate(CivilFromDays((end ? DaysFromCivil(*end) : today) - (kNoShowDefaultDays - 1)));
  }
  OW_ASSIGN_OR_RETURN(auto list, d.appointments.NoShows(*req.principal, id, from, to));
  json::array out;
  for (const auto& a : list) {
    json::object o = AppointmentJson(d, a);
    OW_RETURN_IF_ERROR(AddPatient(d, req, a, "hospital.noshows.read",
                                  "hospital " + id + " no-shows " + from + ".." + to, o));
    out.push_back(std::move(o));
  }
  return http::JsonResponse(200,
                            json::object{{"from", from}, {"to", to}, {"no_shows", std::move(out)}});
}

Result<Response> MarkAttendance(const HospitalDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(std::string id, HospitalParam(d, req));
  OW_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  http::FieldReader f(body);
  f.RejectUnknown({"status"});
  auto status = f.String("status", true, 20);
  std::optional<BookingStatus> to;
  if (status) {
    to = scheduling::ParseBookingStatus(*status);
    if (!to || *to == BookingStatus::kBooked || *to == BookingStatus::kCancelled)
      f.Error("$.status", "must be arrived, noshow or fulfilled", "unknown_status");
  }
  OW_RETURN_IF_ERROR(f.status("the attendance is invalid"));
  OW_ASSIGN_OR_RETURN(Appointment a,
                      d.appointments.Mark(*req.principal, id, req.Param("booking"), *to));
  return http::JsonResponse(200, AppointmentJson(d, a));
}

}  // namespace

std::string CheckInText(const std::string& booking_id) { return "OWAPPT1:" + booking_id; }

void RegisterHospitalRoutes(http::Router& router, const HospitalDeps& deps) {
  const http::Access anyone = http::Public();
  const http::Access people = http::AnyUser();
  const http::Access managers = http::Roles({Role::kHospitalAdmin, Role::kAdmin});
  constexpr char kH[] = "/api/v1/hospitals/{id}";
  http::AddRoutes<HospitalDeps>(
      router, deps,
      {
          {Method::kGet, "/api/v1/hospitals", anyone, ListHospitals},
          {Method::kGet, std::string(kH) + "/departments", anyone, ListDepartments},
          {Method::kPost, std::string(kH) + "/departments", managers, AddDepartment},
          {Method::kPost, std::string(kH) + "/doctors", managers, AddDoctor},
          {Method::kGet, std::string(kH) + "/schedules", managers, ListSchedules},
          {Method::kPost, std::string(kH) + "/schedules", managers, CreateSchedule},
          {Method::kGet, std::string(kH) + "/appointments", managers, DayList},
          {Method::kGet, std::string(kH) + "/no-shows", managers, NoShowList},
          {Method::kPost, std::string(kH) + "/appointments/{booking}/attendance", managers,
           MarkAttendance},
          {Method::kGet, "/api/v1/hospital-departments/{department}/slots", people, FreeSlots},
          {Method::kPost, "/api/v1/hospital-slots/{slot}/hold", people, PlaceHold},
          {Method::kDelete, "/api/v1/hospital-holds/{id}", people, ReleaseHold},
          {Method::kPost, "/api/v1/appointments", people, Book},
          {Method::kPost, "/api/v1/appointments/{id}/cancel", people, Cancel},
          {Method::kGet, "/api/v1/me/appointments", people, MyAppointments},
          {Method::kGet, "/api/v1/me/appointments/{id}/check-in.png", people, MyAppointmentQr},
      });
}

}  // namespace ow::hospital
