// FHIR R4 JSON of the hospital's scheduling data (see fhir_resources.h).
#include "hospital/fhir_resources.h"

#include <map>

#include "core/time.h"
#include "hospital/appointments.h"

namespace ow::hospital::fhir {

namespace {

json::object Ref(const std::string& type, const std::string& id, const std::string& display = "") {
  json::object o{{"reference", type + "/" + id}};
  if (!display.empty()) o["display"] = display;
  return o;
}

json::object DepartmentConcept(const std::string& id, const std::string& name) {
  json::object c{
      {"coding", json::array{json::object{{"system", kDepartmentSystem}, {"code", id}}}}};
  if (!name.empty()) c["text"] = name;
  return c;
}

// Our field paths ("$.slot_id" from the booking services) as FHIRPath.
std::string Expression(const std::string& path) {
  static const std::map<std::string, std::string> known = {
      {"$.slot_id", "Appointment.slot"},
      {"$.hold_id", "Appointment.id"},
      {"$.booking_id", "Appointment.id"},
      {"$.day", "date"},
  };
  if (auto it = known.find(path); it != known.end()) return it->second;
  if (path.starts_with("$.")) return path.substr(2);
  return path;
}

const char* IssueCodeOf(Code c) {
  switch (c) {
    case Code::kBadRequest:
      return "structure";
    case Code::kInvalid:
      return "invalid";
    case Code::kUnauthenticated:
      return "login";
    case Code::kForbidden:
      return "forbidden";
    case Code::kNotFound:
      return "not-found";
    case Code::kConflict:
      return "conflict";
    case Code::kTooLarge:
      return "too-costly";
    case Code::kTooManyRequests:
      return "throttled";
    case Code::kUnavailable:
    case Code::kAborted:
      return "transient";
    case Code::kUnsupportedMediaType:
      return "not-supported";
    case Code::kOk:
    case Code::kInternal:
      break;
  }
  return "exception";
}

}  // namespace

const char* AppointmentStatus(scheduling::BookingStatus s) {
  using scheduling::BookingStatus;
  switch (s) {
    case BookingStatus::kBooked:
      return "booked";
    case BookingStatus::kArrived:
      return "arrived";
    case BookingStatus::kNoShow:
      return "noshow";
    case BookingStatus::kFulfilled:
      return "fulfilled";
    case BookingStatus::kCancelled:
      return "cancelled";
  }
  return "booked";
}

const char* SlotStatus(const scheduling::Slot& s, bool schedule_active) {
  if (!schedule_active) return "busy-unavailable";
  return s.Free() > 0 ? "free" : "busy";
}

json::object LocationResource(const checkpoint::Place& p) {
  json::object o{
      {"resourceType", "Location"},
      {"id", p.id},
      {"status", "active"},
      {"name", p.name},
      {"mode", "instance"},
      {"type", json::array{json::object{
                   {"coding", json::array{json::object{
                                  {"system", "http://terminology.hl7.org/CodeSystem/v3-RoleCode"},
                                  {"code", "HOSP"},
                                  {"display", "Hospital"}}}}}}}};
  json::object address{{"use", "work"}, {"country", "CN"}, {"district", p.region}};
  if (!p.address.empty()) address["text"] = p.address;
  o["address"] = std::move(address);
  return o;
}

json::object HealthcareServiceResource(const Department& d) {
  const bool fever = d.kind == DepartmentKind::kFever;
  json::object o{
      {"resourceType", "HealthcareService"},
      {"id", d.id},
      {"active", true},
      {"name", d.name_zh},
      {"location", json::array{Ref("Location", d.hospital_id)}},
      {"type", json::array{json::object{
                   {"coding", json::array{json::object{{"system", kDepartmentKindSystem},
                                                       {"code", fever ? "fever" : "ordinary"},
                                                       {"display", fever ? "Fever clinic (发热门诊)"
                                                                         : "Ordinary clinic"}}}}}}},
      {"specialty", json::array{DepartmentConcept(d.id, d.name_zh)}}};
  if (!d.name_en.empty()) o["comment"] = d.name_en;
  return o;
}

json::object PractitionerResource(const Doctor& d) {
  json::object o{{"resourceType", "Practitioner"},
                 {"id", d.id},
                 {"active", true},
                 {"name", json::array{json::object{{"text", d.name}}}}};
  if (!d.title.empty())
    o["qualification"] = json::array{json::object{{"code", json::object{{"text", d.title}}}}};
  return o;
}

json::object ScheduleResource(const scheduling::Schedule& s) {
  json::array actors;
  std::string department;
  if (auto parts = ParseOwner(s.spec.owner)) {
    if (!parts->doctor_id.empty()) actors.push_back(Ref("Practitioner", parts->doctor_id));
    actors.push_back(Ref("HealthcareService", parts->department_id));
    actors.push_back(Ref("Location", parts->hospital_id));
    department = parts->department_id;
  }
  json::object o{{"resourceType", "Schedule"},
                 {"id", s.id},
                 {"active", s.active},
                 {"actor", std::move(actors)}};
  if (!department.empty()) o["specialty"] = json::array{DepartmentConcept(department, "")};
  if (!s.spec.name.empty()) o["comment"] = s.spec.name;
  if (!s.released_through.empty()) {
    if (auto last = ParseDate(s.released_through))
      o["planningHorizon"] = {
          {"end", FormatRfc3339(ShanghaiMidnightMillis(*last) + kMillisPerDay - 1)}};
  }
  return o;
}

json::object SlotResource(const scheduling::Slot& s, bool schedule_active) {
  json::object o{{"resourceType", "Slot"},
                 {"id", s.id},
                 {"schedule", Ref("Schedule", s.schedule_id)},
                 {"status", SlotStatus(s, schedule_active)},
                 {"start", FormatRfc3339(s.start_ms)},
                 {"end", FormatRfc3339(s.end_ms)}};
  if (s.capacity > 1) o["overbooked"] = false;
  o["comment"] = "capacity " + std::to_string(s.capacity) + ", free " + std::to_string(s.Free());
  if (auto parts = ParseOwner(s.owner))
    o["specialty"] = json::array{DepartmentConcept(parts->department_id, "")};
  return o;
}

json::object AppointmentResource(const AppointmentSource& a) {
  const bool proposed = a.status == "proposed";
  const char* participant_status = proposed                  ? "needs-action"
                                   : a.status == "cancelled" ? "declined"
                                   : a.status == "pending"   ? "tentative"
                                                             : "accepted";
  json::array participants;
  if (a.patient) {
    participants.push_back(
        {{"actor",
          {{"identifier", {{"system", kPatientSystem}, {"value", a.patient->pseudonym}}},
           {"display", a.patient->masked_name.empty() ? "patient" : a.patient->masked_name}}},
         {"required", "required"},
         {"status", participant_status}});
  }
  if (!a.doctor_id.empty())
    participants.push_back({{"actor", Ref("Practitioner", a.doctor_id)},
                            {"required", "required"},
                            {"status", participant_status}});
  if (!a.department_id.empty())
    participants.push_back({{"actor", Ref("HealthcareService", a.department_id)},
                            {"required", "required"},
                            {"status", participant_status}});
  if (!a.hospital_id.empty())
    participants.push_back({{"actor", Ref("Location", a.hospital_id)},
                            {"required", "required"},
                            {"status", participant_status}});
  json::object o{{"resourceType", "Appointment"}, {"id", a.id}, {"status", a.status}};
  if (!a.department_id.empty())
    o["specialty"] = json::array{DepartmentConcept(a.department_id, a.department_name)};
  o["start"] = FormatRfc3339(a.start_ms);
  o["end"] = FormatRfc3339(a.end_ms);
  o["minutesDuration"] = (a.end_ms - a.start_ms) / kMillisPerMinute;
  o["slot"] = json::array{Ref("Slot", a.slot_id)};
  if (a.created_ms > 0) o["created"] = FormatRfc3339(a.created_ms);
  o["participant"] = std::move(participants);
  return o;
}

json::object SearchBundle(const std::vector<json::object>& resources, int64_t total,
                          const std::string& base, const std::string& self) {
  json::array entries;
  for (const auto& r : resources) {
    entries.push_back({{"fullUrl", base + "/" + std::string(r.at("resourceType").as_string()) +
                                       "/" + std::string(r.at("id").as_string())},
                       {"resource", r},
                       {"search", {{"mode", "match"}}}});
  }
  json::object b{{"resourceType", "Bundle"},
                 {"type", "searchset"},
                 {"total", total},
                 {"link", json::array{json::object{{"relation", "self"}, {"url", self}}}}};
  if (!entries.empty()) b["entry"] = std::move(entries);
  return b;
}

std::string IssueCodeFor(const std::string& machine_code) {
  static const std::map<std::string, std::string> codes = {
      {"slot_full", "conflict"},
      {"hold_expired", "expired"},
      {"unknown_slot", "not-found"},
      {"unknown_appointment", "not-found"},
      {"slot_started", "business-rule"},
      {"too_many_holds", "business-rule"},
      {"already_booked", "duplicate"},
      {"limit_reached", "business-rule"},
      {"overlapping_booking", "business-rule"},
      {"not_cancellable", "business-rule"},
      {"bad_transition", "business-rule"},
      {"cancel_deadline_passed", "business-rule"},
      {"fever_clinic_required", "forbidden"},
      {"noshow_blocked", "forbidden"},
      {"real_name_required", "security"},
      {"not_supported", "not-supported"},
  };
  if (auto it = codes.find(machine_code); it != codes.end()) return it->second;
  return "";
}

json::object OperationOutcome(const Status& s) {
  json::array issues;
  const char* severity = s.code() == Code::kInternal ? "fatal" : "error";
  if (s.fields().empty()) {
    issues.push_back(
        {{"severity", severity}, {"code", IssueCodeOf(s.code())}, {"diagnostics", s.message()}});
  }
  for (const FieldError& f : s.fields()) {
    std::string code = IssueCodeFor(f.code);
    if (code.empty()) code = IssueCodeOf(s.code());
    json::object issue{{"severity", severity}, {"code", code}};
    if (!f.code.empty())
      issue["details"] = {
          {"coding", json::array{json::object{{"system", kErrorCodeSystem}, {"code", f.code}}}}};
    issue["diagnostics"] = f.message.empty() ? s.message() : s.message() + ": " + f.message;
    if (!f.path.empty()) issue["expression"] = json::array{Expression(f.path)};
    issues.push_back(std::move(issue));
  }
  return {{"resourceType", "OperationOutcome"}, {"issue", std::move(issues)}};
}

json::object CapabilityStatement(const std::string& base, const std::string& date) {
  auto search = [](std::initializer_list<std::pair<const char*, const char*>> params) {
    json::array out;
    for (const auto& [name, type] : params) out.push_back({{"name", name}, {"type", type}});
    return out;
  };
  auto interactions = [] {
    return json::array{json::object{{"code", "read"}}, json::object{{"code", "search-type"}}};
  };
  auto resource = [&](const char* type, json::array params) {
    return json::object{
        {"type", type}, {"interaction", interactions()}, {"searchParam", std::move(params)}};
  };
  constexpr char kIhe[] = "https://profiles.ihe.net/ITI/Scheduling/OperationDefinition/";
  json::array operations{
      json::object{{"name", "find"}, {"definition", std::string(kIhe) + "appointment-find"}},
      json::object{{"name", "hold"}, {"definition", std::string(kIhe) + "appointment-hold"}},
      json::object{{"name", "book"}, {"definition", std::string(kIhe) + "appointment-book"}}};
  json::object appointment = resource("Appointment", search({{"_id", "token"},
                                                             {"patient", "reference"},
                                                             {"status", "token"},
                                                             {"date", "date"},
                                                             {"location", "reference"}}));
  appointment["operation"] = operations;
  json::array resources{
      std::move(appointment),
      resource("HealthcareService",
               search({{"_id", "token"}, {"name", "string"}, {"location", "reference"}})),
      resource("Location", search({{"_id", "token"}, {"name", "string"}})),
      resource("Practitioner", search({{"_id", "token"}, {"name", "string"}})),
      resource("Schedule", search({{"_id", "token"}, {"actor", "reference"}})),
      resource("Slot", search({{"_id", "token"},
                               {"schedule", "reference"},
                               {"start", "date"},
                               {"status", "token"}})),
  };
  json::object security{
      {"cors", false},
      {"description",
       "Bearer tokens of OneWindow sessions (Authorization: Bearer). Patients (citizens) see "
       "and book their own appointments; hospital systems use hospital_admin tokens scoped to "
       "place:<hospital>. Every read of a patient's appointments by anyone else is audited "
       "into the citizen's data-use record."}};
  return {
      {"resourceType", "CapabilityStatement"},
      {"status", "active"},
      {"date", date},
      {"publisher", "OneWindow"},
      {"kind", "instance"},
      {"instantiates", json::array{"https://profiles.ihe.net/ITI/Scheduling/CapabilityStatement/"
                                   "IHE.Scheduling.server"}},
      {"software", {{"name", "OneWindow"}}},
      {"implementation",
       {{"description", "OneWindow hospital scheduling (分时段预约), IHE ITI Scheduling server"},
        {"url", base}}},
      {"fhirVersion", kFhirVersion},
      {"format", json::array{"json", "application/fhir+json"}},
      {"rest", json::array{json::object{{"mode", "server"},
                                        {"security", std::move(security)},
                                        {"resource", std::move(resources)},
                                        {"operation", operations}}}}};
}

}  // namespace ow::hospital::fhir
