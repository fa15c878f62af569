// The FHIR R4 routes of hospital scheduling (see fhir_routes.h).
#include "hospital/fhir_routes.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <map>
#include <memory>
#include <set>

#include "core/time.h"
#include "crypto/crypto.h"
#include "hospital/fhir_resources.h"
#include "http/json.h"

namespace ow::hospital {

namespace {

namespace json = boost::json;
using fhir::AppointmentSource;
using http::Method;
using http::Request;
using http::Response;
using scheduling::Booking;
using scheduling::Slot;

constexpr char kBase[] = "/fhir/r4";
constexpr int kDefaultCount = 100;
constexpr int kMaxCount = 1000;
constexpr int kMaxFindDays = 31;
// The CapabilityStatement's date: when this interface last changed.
constexpr char kCapabilityDate[] = "2026-12-04";

Response Fhir(int status, const json::object& body) {
  Response r = Response::Json(status, json::serialize(body));
  r.Set("Content-Type", fhir::kFhirJson);
  return r;
}

Response Outcome(const Status& s) {
  Response r = Fhir(http::HttpStatusFor(s.code()), fhir::OperationOutcome(s));
  if (s.code() == Code::kUnauthenticated) r.Set("WWW-Authenticate", "Bearer");
  if (s.retry_after_seconds() > 0) r.Set("Retry-After", std::to_string(s.retry_after_seconds()));
  return r;
}

Status Refusal(Code code, const std::string& message, const std::string& path,
               const std::string& machine_code) {
  return Status(code, message, {{path, "", machine_code}});
}

Status Bad(const std::string& message, const std::string& path) {
  return Status::Invalid(message, {{path, "", "invalid"}});
}

std::string BaseUrl(const FhirDeps& d, const Request& req) {
  std::string origin = d.public_url ? d.public_url() : "";
  if (origin.empty()) origin = "http://" + req.Header("Host").value_or("localhost");
  while (!origin.empty() && origin.back() == '/') origin.pop_back();
  return origin + kBase;
}

std::string SelfUrl(const FhirDeps& d, const Request& req) {
  std::string target = req.target;
  if (target.starts_with(kBase)) target.erase(0, std::string_view(kBase).size());
  return BaseUrl(d, req) + target;
}

// The person id under which a system client acts (and is named in audit entries).
constexpr char kSystemActor[] = "oidc-client:";

bool IsSystemPrincipal(const Principal& p) { return p.person_id.starts_with(kSystemActor); }

// What a request needs of a system client's scopes.
enum class Need { kAny, kRead, kWrite };

// The caller: a session's principal, or a system client's token standing for the
// administrators of its hospital (set as req.principal), within its scopes.
Result<const Principal*> Caller(const FhirDeps& d, Request& req, Need need = Need::kAny) {
  if (req.principal) return &*req.principal;
  auto header = req.Header("Authorization");
  if (!header || header->size() <= 7 || !header->starts_with("Bearer ") || !d.system_access)
    return Status::Unauthenticated("a bearer token is required");
  auto system = d.system_access(header->substr(7));
  if (!system.ok()) {
    if (system.status().code() == Code::kUnauthenticated)
      return Status::Unauthenticated("the bearer token is unknown, expired or revoked");
    return system.status();
  }
  if (need == Need::kWrite && !system->write)
    return Refusal(Code::kForbidden, "the token's scopes do not include system/Appointment.write",
                   "", "insufficient_scope");
  if (need == Need::kRead && !system->read)
    return Refusal(Code::kForbidden,
                   "the token's scopes do not include system/Appointment.read or system/*.read", "",
                   "insufficient_scope");
  Principal p;
  p.person_id = kSystemActor + system->client_id;
  p.grants.push_back({Role::kHospitalAdmin, "place:" + system->hospital_id});
  req.principal = std::move(p);
  return &*req.principal;
}

bool IsHospitalSystem(const Principal& p) {
  return p.Has(Role::kHospitalAdmin) || p.Has(Role::kAdmin);
}

// "Type/id" or "id" -> id (empty when another type is named).
std::string RefId(std::string_view ref, std::string_view type) {
  if (auto slash = ref.rfind('/'); slash != std::string_view::npos) {
    std::string_view t = ref.substr(0, slash);
    if (auto s2 = t.rfind('/'); s2 != std::string_view::npos) t = t.substr(s2 + 1);
    if (t != type) return "";
    return std::string(ref.substr(slash + 1));
  }
  return std::string(ref);
}

// A FHIR date search value for one day: "YYYY-MM-DD" or "eqYYYY-MM-DD".
Result<std::string> DayParam(const std::string& v, const std::string& name) {
  std::string s = v.starts_with("eq") ? v.substr(2) : v;
  if (!ParseDate(s)) return Bad("must be a day YYYY-MM-DD (optionally eq)", name);
  return s;
}

Result<int> CountParam(const Request& req) {
  auto c = req.Query("_count");
  if (!c) return kDefaultCount;
  int n = 0;
  if (c->empty() || c->size() > 6 ||
      !std::all_of(c->begin(), c->end(), [](unsigned char ch) { return std::isdigit(ch); }))
    return Bad("must be a non-negative integer", "_count");
  n = std::stoi(*c);
  return std::min(n, kMaxCount);
}

bool NameMatches(const std::optional<std::string>& wanted, const std::string& a,
                 const std::string& b = "") {
  if (!wanted || wanted->empty()) return true;
  auto lower = [](std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
  };
  const std::string w = lower(*wanted);
  return lower(a).find(w) != std::string::npos || lower(b).find(w) != std::string::npos;
}

Response SearchAnswer(const FhirDeps& d, const Request& req, std::vector<json::object> all,
                      int count) {
  const int64_t total = static_cast<int64_t>(all.size());
  if (static_cast<int>(all.size()) > count) all.resize(static_cast<size_t>(count));
  return Fhir(200, fhir::SearchBundle(all, total, BaseUrl(d, req), SelfUrl(d, req)));
}

// ---- the patient in resources ----

class Patients {
 public:
  explicit Patients(const FhirDeps& d) : d_(d) {}
  fhir::PatientRef Of(const std::string& person) {
    auto it = cache_.find(person);
    if (it != cache_.end()) return it->second;
    fhir::PatientRef ref{FhirPatientPseudonym(d_.pseudonym_key, person), ""};
    if (auto s = d_.identity.GetSummary(person); s.ok()) ref.masked_name = s->masked_name;
    return cache_.emplace(person, ref).first->second;
  }

 private:
  const FhirDeps& d_;
  std::map<std::string, fhir::PatientRef> cache_;
};

// Department names (for Appointment.specialty.text), read once per request.
class Departments {
 public:
  explicit Departments(const FhirDeps& d) : d_(d) {}
  std::string Name(const std::string& id) {
    auto it = names_.find(id);
    if (it != names_.end()) return it->second;
    auto dep = d_.directory.GetDepartment(id);
    return names_.emplace(id, dep.ok() ? dep->name_zh : "").first->second;
  }

 private:
  const FhirDeps& d_;
  std::map<std::string, std::string> names_;
};

AppointmentSource SourceOfSlot(const Slot& s, Departments& deps) {
  AppointmentSource a;
  a.slot_id = s.id;
  a.start_ms = s.start_ms;
  a.end_ms = s.end_ms;
  if (auto parts = ParseOwner(s.owner)) {
    a.hospital_id = parts->hospital_id;
    a.department_id = parts->department_id;
    a.doctor_id = parts->doctor_id;
    a.department_name = deps.Name(parts->department_id);
  }
  return a;
}

json::object ProposedOf(const Slot& s, Departments& deps) {
  AppointmentSource a = SourceOfSlot(s, deps);
  a.id = std::string(fhir::kProposedPrefix) + s.id;
  a.status = "proposed";
  return fhir::AppointmentResource(a);
}

json::object PendingOf(const scheduling::Hold& h, const Slot& s, Departments& deps,
                       Patients& patients) {
  AppointmentSource a = SourceOfSlot(s, deps);
  a.id = std::string(fhir::kHoldPrefix) + h.id;
  a.status = "pending";
  a.patient = patients.Of(h.person);
  return fhir::AppointmentResource(a);
}

json::object BookedOf(const Booking& b, Departments& deps, Patients& patients) {
  AppointmentSource a;
  a.id = b.id;
  a.status = fhir::AppointmentStatus(b.status);
  a.slot_id = b.slot_id;
  a.start_ms = b.start_ms;
  a.end_ms = b.end_ms;
  a.created_ms = b.created_at_ms;
  if (auto parts = ParseOwner(b.owner)) {
    a.hospital_id = parts->hospital_id;
    a.department_id = parts->department_id;
    a.doctor_id = parts->doctor_id;
    a.department_name = deps.Name(parts->department_id);
  }
  a.patient = patients.Of(b.person);
  return fhir::AppointmentResource(a);
}

// Audits a hospital system's read of a patient's appointments (the citizen's data-use record).
Status AuditRead(const FhirDeps& d, const Principal& p, const Request& req,
                 const std::string& person, const std::string& hospital_id) {
  if (person == p.person_id) return Status::Ok();
  return d.audit.Append({p.person_id, "pii.read", person, "appointments",
                         "FHIR Appointment read by hospital " + hospital_id, req.remote_ip});
}

// ---- directory resources ----

Result<Response> Metadata(const FhirDeps& d, Request& req) {
  return Fhir(200, fhir::CapabilityStatement(BaseUrl(d, req), kCapabilityDate));
}

Result<Response> SearchLocations(const FhirDeps& d, Request& req) {
  OW_RETURN_IF_ERROR(Caller(d, req).status());
  OW_ASSIGN_OR_RETURN(int count, CountParam(req));
  OW_ASSIGN_OR_RETURN(auto list, d.directory.Hospitals());
  auto id = req.Query("_id");
  auto name = req.Query("name");
  std::vector<json::object> out;
  for (const auto& h : list)
    if ((!id || *id == h.id) && NameMatches(name, h.name)) out.push_back(fhir::LocationResource(h));
  return SearchAnswer(d, req, std::move(out), count);
}

Result<Response> ReadLocation(const FhirDeps& d, Request& req) {
  OW_RETURN_IF_ERROR(Caller(d, req).status());
  auto h = d.directory.Hospital(req.Param("id"));
  if (!h.ok()) return Status::NotFound("no Location " + req.Param("id"));
  return Fhir(200, fhir::LocationResource(*h));
}

Result<std::vector<std::string>> HospitalIds(const FhirDeps& d,
                                             const std::optional<std::string>& location) {
  std::vector<std::string> ids;
  if (location) {
    ids.push_back(RefId(*location, "Location"));
    return ids;
  }
  OW_ASSIGN_OR_RETURN(auto list, d.directory.Hospitals());
  for (const auto& h : list) ids.push_back(h.id);
  return ids;
}

Result<Response> SearchServices(const FhirDeps& d, Request& req) {
  OW_RETURN_IF_ERROR(Caller(d, req).status());
  OW_ASSIGN_OR_RETURN(int count, CountParam(req));
  OW_ASSIGN_OR_RETURN(auto hospitals, HospitalIds(d, req.Query("location")));
  auto id = req.Query("_id");
  auto name = req.Query("name");
  std::vector<json::object> out;
  for (const auto& h : hospitals) {
    auto deps = d.directory.Departments(h);
    if (!deps.ok()) continue;
    for (const auto& dep : *deps)
      if ((!id || *id == dep.id) && NameMatches(name, dep.name_zh, dep.name_en))
        out.push_back(fhir::HealthcareServiceResource(dep));
  }
  return SearchAnswer(d, req, std::move(out), count);
}

Result<Response> ReadService(const FhirDeps& d, Request& req) {
  OW_RETURN_IF_ERROR(Caller(d, req).status());
  auto dep = d.directory.GetDepartment(req.Param("id"));
  if (!dep.ok()) return Status::NotFound("no HealthcareService " + req.Param("id"));
  return Fhir(200, fhir::HealthcareServiceResource(*dep));
}

Result<Response> SearchPractitioners(const FhirDeps& d, Request& req) {
  OW_RETURN_IF_ERROR(Caller(d, req).status());
  OW_ASSIGN_OR_RETURN(int count, CountParam(req));
  OW_ASSIGN_OR_RETURN(auto hospitals, HospitalIds(d, std::nullopt));
  auto id = req.Query("_id");
  auto name = req.Query("name");
  std::vector<json::object> out;
  for (const auto& h : hospitals) {
    OW_ASSIGN_OR_RETURN(auto docs, d.directory.Doctors(h));
    for (const auto& doc : docs)
      if ((!id || *id == doc.id) && NameMatches(name, doc.name))
        out.push_back(fhir::PractitionerResource(doc));
  }
  return SearchAnswer(d, req, std::move(out), count);
}

Result<Response> ReadPractitioner(const FhirDeps& d, Request& req) {
  OW_RETURN_IF_ERROR(Caller(d, req).status());
  auto doc = d.directory.GetDoctor(req.Param("id"));
  if (!doc.ok()) return Status::NotFound("no Practitioner " + req.Param("id"));
  return Fhir(200, fhir::PractitionerResource(*doc));
}

// ---- schedules and slots ----

// The hospital schedules whose owner matches an actor reference ("" = any).
bool ActorMatches(const scheduling::Schedule& s, const std::string& actor) {
  if (actor.empty()) return true;
  auto parts = ParseOwner(s.spec.owner);
  if (!parts) return false;
  if (auto id = RefId(actor, "Practitioner"); !id.empty() && actor.starts_with("Practitioner"))
    return parts->doctor_id == id;
  if (auto id = RefId(actor, "HealthcareService");
      !id.empty() && actor.starts_with("HealthcareService"))
    return parts->department_id == id;
  if (auto id = RefId(actor, "Location"); !id.empty() && actor.starts_with("Location"))
    return parts->hospital_id == id;
  return false;
}

Result<Response> SearchSchedules(const FhirDeps& d, Request& req) {
  OW_RETURN_IF_ERROR(Caller(d, req).status());
  OW_ASSIGN_OR_RETURN(int count, CountParam(req));
  OW_ASSIGN_OR_RETURN(auto hospitals, HospitalIds(d, std::nullopt));
  auto id = req.Query("_id");
  const std::string actor = req.Query("actor").value_or("");
  std::vector<json::object> out;
  for (const auto& h : hospitals) {
    OW_ASSIGN_OR_RETURN(auto list, d.schedules.ByOwner(HospitalOwner(h)));
    for (const auto& s : list)
      if ((!id || *id == s.id) && ActorMatches(s, actor)) out.push_back(fhir::ScheduleResource(s));
  }
  return SearchAnswer(d, req, std::move(out), count);
}

Result<scheduling::Schedule> HospitalSchedule(const FhirDeps& d, const std::string& id) {
  auto s = d.schedules.Get(id);
  if (!s.ok() || s->spec.realm != kRealm || !ParseOwner(s->spec.owner))
    return Status::NotFound("no Schedule " + id);
  return s;
}

Result<Response> ReadSchedule(const FhirDeps& d, Request& req) {
  OW_RETURN_IF_ERROR(Caller(d, req).status());
  OW_ASSIGN_OR_RETURN(auto s, HospitalSchedule(d, req.Param("id")));
  return Fhir(200, fhir::ScheduleResource(s));
}

Result<Response> SearchSlots(const FhirDeps& d, Request& req) {
  OW_RETURN_IF_ERROR(Caller(d, req).status());
  OW_ASSIGN_OR_RETURN(int count, CountParam(req));
  auto schedule = req.Query("schedule");
  if (!schedule || schedule->empty())
    return Status::Invalid("the schedule is required",
                           {{"schedule", "search Slot by schedule=Schedule/<id>", "required"}});
  std::string day = FormatDate(ShanghaiDate(d.clock.NowMillis()));
  if (auto start = req.Query("start")) {
    OW_ASSIGN_OR_RETURN(day, DayParam(*start, "start"));
  }
  std::optional<std::string> status = req.Query("status");
  if (status && *status != "free" && *status != "busy" && *status != "busy-unavailable")
    return Bad("must be free, busy or busy-unavailable", "status");
  OW_ASSIGN_OR_RETURN(auto s, HospitalSchedule(d, RefId(*schedule, "Schedule")));
  OW_RETURN_IF_ERROR(d.schedules.Release().status());
  OW_ASSIGN_OR_RETURN(auto slots, d.schedules.Slots({s.id}, day));
  std::vector<json::object> out;
  for (const auto& slot : slots)
    if (!status || *status == fhir::SlotStatus(slot, s.active))
      out.push_back(fhir::SlotResource(slot, s.active));
  return SearchAnswer(d, req, std::move(out), count);
}

Result<Response> ReadSlot(const FhirDeps& d, Request& req) {
  OW_RETURN_IF_ERROR(Caller(d, req).status());
  auto slot = d.schedules.GetSlot(req.Param("id"));
  if (!slot.ok() || !ParseOwner(slot->owner))
    return Refusal(Code::kNotFound, "no Slot " + req.Param("id"), "Slot.id", "unknown_slot");
  OW_ASSIGN_OR_RETURN(auto s, HospitalSchedule(d, slot->schedule_id));
  return Fhir(200, fhir::SlotResource(*slot, s.active));
}

// ---- appointments ----

Result<json::object> ReadAppointmentResource(const FhirDeps& d, const Request& req,
                                             const Principal& p, const std::string& id) {
  Departments deps(d);
  Patients patients(d);
  const Status unknown =
      Refusal(Code::kNotFound, "no Appointment " + id, "Appointment.id", "unknown_appointment");
  if (id.starts_with(fhir::kProposedPrefix)) {
    auto slot = d.schedules.GetSlot(id.substr(std::string_view(fhir::kProposedPrefix).size()));
    if (!slot.ok() || !ParseOwner(slot->owner) || slot->Free() <= 0 ||
        slot->start_ms <= d.clock.NowMillis())
      return unknown;
    return ProposedOf(*slot, deps);
  }
  if (id.starts_with(fhir::kHoldPrefix)) {
    auto hold = d.bookings.GetHold(id.substr(std::string_view(fhir::kHoldPrefix).size()));
    if (!hold.ok() || hold->person != p.person_id) return unknown;
    if (hold->expires_at_ms <= d.clock.NowMillis())
      return Refusal(Code::kNotFound, "the hold has expired", "Appointment.id",
                     scheduling::kHoldExpired);
    OW_ASSIGN_OR_RETURN(Slot slot, d.schedules.GetSlot(hold->slot_id));
    return PendingOf(*hold, slot, deps, patients);
  }
  auto b = d.bookings.Get(id);
  if (!b.ok() || b->realm != kRealm) return unknown;
  auto parts = ParseOwner(b->owner);
  if (!parts) return unknown;
  if (b->person != p.person_id) {
    if (!HospitalDirectory::CanManage(p, parts->hospital_id)) return unknown;
    OW_RETURN_IF_ERROR(AuditRead(d, p, req, b->person, parts->hospital_id));
  }
  return BookedOf(*b, deps, patients);
}

Result<Response> ReadAppointment(const FhirDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(const Principal* p, Caller(d, req, Need::kRead));
  OW_ASSIGN_OR_RETURN(auto a, ReadAppointmentResource(d, req, *p, req.Param("id")));
  return Fhir(200, a);
}

Result<Response> SearchAppointments(const FhirDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(const Principal* p, Caller(d, req, Need::kRead));
  OW_ASSIGN_OR_RETURN(int count, CountParam(req));
  std::set<std::string> statuses;
  if (auto s = req.Query("status")) {
    std::string_view rest = *s;
    while (!rest.empty()) {
      size_t comma = rest.find(',');
      std::string one(rest.substr(0, comma));
      static const std::set<std::string> known = {"proposed",  "pending",   "booked", "arrived",
                                                  "fulfilled", "cancelled", "noshow"};
      if (!known.count(one)) return Bad("unknown Appointment status " + one, "status");
      statuses.insert(one);
      rest = comma == std::string_view::npos ? "" : rest.substr(comma + 1);
    }
  }
  std::optional<std::string> day;
  if (auto v = req.Query("date")) {
    OW_ASSIGN_OR_RETURN(day, DayParam(*v, "date"));
  }
  std::string patient;
  if (auto v = req.Query("patient")) {
    patient = RefId(*v, "Patient");
    if (auto bar = v->find('|'); bar != std::string::npos) patient = v->substr(bar + 1);
    if (patient.empty()) return Bad("must be Patient/<pseudonym>", "patient");
  }
  auto id = req.Query("_id");
  const std::string own = FhirPatientPseudonym(d.pseudonym_key, p->person_id);
  auto matches = [&](const Booking& b) {
    if (!statuses.empty() && !statuses.count(fhir::AppointmentStatus(b.status))) return false;
    if (day && b.day != *day) return false;
    if (id && *id != b.id) return false;
    if (!patient.empty() && FhirPatientPseudonym(d.pseudonym_key, b.person) != patient)
      return false;
    return true;
  };
  Departments deps(d);
  Patients patients(d);
  std::vector<Booking> found;
  if (IsHospitalSystem(*p)) {
    // A hospital's list of one day: the hospitals the caller manages (or the one named).
    if (!day)
      return Status::Invalid("hospital systems search one day",
                             {{"date", "date=YYYY-MM-DD is required", "required"}});
    std::vector<std::string> hospitals;
    if (auto loc = req.Query("location")) {
      std::string h = RefId(*loc, "Location");
      OW_RETURN_IF_ERROR(d.directory.Hospital(h).status());
      if (!HospitalDirectory::CanManage(*p, h))
        return Status::Forbidden("only this hospital's systems may search its appointments");
      hospitals.push_back(h);
    } else {
      OW_ASSIGN_OR_RETURN(auto all, d.directory.Hospitals());
      for (const auto& h : all)
        if (HospitalDirectory::CanManage(*p, h.id)) hospitals.push_back(h.id);
    }
    for (const auto& h : hospitals) {
      OW_ASSIGN_OR_RETURN(auto list, d.bookings.ForOwner(HospitalOwner(h), *day));
      for (auto& b : list)
        if (matches(b)) found.push_back(std::move(b));
    }
  } else {
    if (!patient.empty() && patient != own)
      return Status::Forbidden("a patient may search only their own appointments");
    if (req.Query("location")) return Bad("location is for hospital systems", "location");
    OW_ASSIGN_OR_RETURN(auto list, d.bookings.ForPerson(p->person_id, kRealm));
    for (auto& b : list)
      if (matches(b)) found.push_back(std::move(b));
  }
  std::sort(found.begin(), found.end(), [](const Booking& a, const Booking& b) {
    return a.start_ms != b.start_ms ? a.start_ms < b.start_ms : a.id < b.id;
  });
  const int64_t total = static_cast<int64_t>(found.size());
  if (static_cast<int>(found.size()) > count) found.resize(static_cast<size_t>(count));
  // Audit before answering: each patient whose appointments are read by someone else.
  std::set<std::string> audited;
  for (const auto& b : found) {
    if (b.person == p->person_id || !audited.insert(b.person).second) continue;
    auto parts = ParseOwner(b.owner);
    OW_RETURN_IF_ERROR(AuditRead(d, *p, req, b.person, parts ? parts->hospital_id : ""));
  }
  std::vector<json::object> out;
  for (const auto& b : found) out.push_back(BookedOf(b, deps, patients));
  return Fhir(200, fhir::SearchBundle(out, total, BaseUrl(d, req), SelfUrl(d, req)));
}

// ---- operations ----

// The Parameters resource of an operation, by parameter name (the first of each name), with
// the index of each for error expressions.
struct Params {
  std::map<std::string, std::pair<size_t, const json::object*>> by_name;
  json::object body;

  const json::object* Get(const std::string& name) const {
    auto it = by_name.find(name);
    return it == by_name.end() ? nullptr : it->second.second;
  }
  std::string Path(const std::string& name) const {
    auto it = by_name.find(name);
    return "Parameters.parameter[" + std::to_string(it == by_name.end() ? 0 : it->second.first) +
           "]";
  }
};

Result<Params> ParseParameters(const Request& req) {
  Params out;
  OW_ASSIGN_OR_RETURN(out.body, http::ParseObject(req));
  const json::value* type = out.body.if_contains("resourceType");
  if (!type || !type->is_string() || type->as_string() != "Parameters")
    return Bad("the body must be a FHIR Parameters resource", "Parameters");
  const json::value* list = out.body.if_contains("parameter");
  if (!list) return out;
  if (!list->is_array()) return Bad("must be an array", "Parameters.parameter");
  const json::array& arr = list->as_array();
  for (size_t i = 0; i < arr.size(); ++i) {
    const json::object* p = arr[i].if_object();
    const std::string path = "Parameters.parameter[" + std::to_string(i) + "]";
    if (!p) return Bad("must be an object", path);
    const json::value* name = p->if_contains("name");
    if (!name || !name->is_string()) return Bad("a parameter needs a name", path + ".name");
    out.by_name.emplace(std::string(name->as_string()), std::make_pair(i, p));
  }
  return out;
}

// A parameter's value as text: valueString, valueCode, valueId, valueDate, valueDateTime,
// valueInstant, valueUri; valueReference.reference; valueCoding.code;
// valueCodeableConcept.coding[0].code.
std::optional<std::string> ValueText(const json::object& p) {
  for (const char* k : {"valueString", "valueCode", "valueId", "valueDate", "valueDateTime",
                        "valueInstant", "valueUri"}) {
    if (auto v = p.if_contains(k); v && v->is_string()) return std::string(v->as_string());
  }
  if (auto v = p.if_contains("valueReference"); v && v->is_object()) {
    if (auto r = v->as_object().if_contains("reference"); r && r->is_string())
      return std::string(r->as_string());
  }
  const json::value* coding = nullptr;
  if (auto v = p.if_contains("valueCoding"); v && v->is_object()) coding = v;
  if (auto v = p.if_contains("valueCodeableConcept"); v && v->is_object()) {
    if (auto c = v->as_object().if_contains("coding"); c && c->is_array() && !c->as_array().empty())
      coding = &c->as_array()[0];
    else if (auto t = v->as_object().if_contains("text"); t && t->is_string())
      return std::string(t->as_string());
  }
  if (coding && coding->is_object()) {
    if (auto c = coding->as_object().if_contains("code"); c && c->is_string())
      return std::string(c->as_string());
  }
  return std::nullopt;
}

// A date or dateTime parameter as an instant (a date = Shanghai midnight of that day; for an
// `end` date, the end of that day).
Result<int64_t> InstantParam(const Params& ps, const std::string& name, bool end_of_day) {
  const json::object* p = ps.Get(name);
  if (!p) return Status::Invalid("missing " + name, {{name, "is required", "required"}});
  auto v = ValueText(*p);
  if (!v) return Bad("needs valueDate or valueDateTime", ps.Path(name));
  if (auto day = ParseDate(*v))
    return ShanghaiMidnightMillis(*day) + (end_of_day ? kMillisPerDay : 0);
  if (auto t = ParseRfc3339(*v)) return *t;
  return Bad("must be a date or a dateTime with a time zone", ps.Path(name));
}

Result<Response> Find(const FhirDeps& d, Request& req) {
  OW_RETURN_IF_ERROR(Caller(d, req).status());  // a system client may $find with any scope
  OW_ASSIGN_OR_RETURN(Params ps, ParseParameters(req));
  OW_ASSIGN_OR_RETURN(int64_t start, InstantParam(ps, "start", false));
  OW_ASSIGN_OR_RETURN(int64_t end, InstantParam(ps, "end", true));
  if (end <= start) return Bad("end must be after start", ps.Path("end"));
  if (end - start > int64_t{kMaxFindDays} * kMillisPerDay)
    return Bad("the window is at most " + std::to_string(kMaxFindDays) + " days", ps.Path("end"));
  int count = kDefaultCount;
  if (const json::object* c = ps.Get("_count")) {
    const json::value* v = c->if_contains("valueInteger");
    if (!v) v = c->if_contains("valuePositiveInt");
    if (!v || !v->is_int64() || v->as_int64() < 0)
      return Bad("_count needs a non-negative valueInteger", ps.Path("_count"));
    count = static_cast<int>(std::min<int64_t>(v->as_int64(), kMaxCount));
  }
  // Which schedules: a practitioner's, a department's (specialty or service), a hospital's.
  std::string doctor, department, hospital;
  if (const json::object* p = ps.Get("practitioner")) {
    auto v = ValueText(*p);
    doctor = v ? RefId(*v, "Practitioner") : "";
    if (doctor.empty()) return Bad("needs Practitioner/<id>", ps.Path("practitioner"));
  }
  for (const char* name : {"specialty", "service"}) {
    if (const json::object* p = ps.Get(name)) {
      auto v = ValueText(*p);
      department = v ? RefId(*v, "HealthcareService") : "";
      if (department.empty()) return Bad("needs a department code", ps.Path(name));
    }
  }
  if (const json::object* p = ps.Get("location")) {
    auto v = ValueText(*p);
    hospital = v ? RefId(*v, "Location") : "";
    if (hospital.empty()) return Bad("needs Location/<id>", ps.Path("location"));
  }
  std::vector<scheduling::Schedule> schedules;
  if (!doctor.empty()) {
    auto doc = d.directory.GetDoctor(doctor);
    if (!doc.ok())
      return Refusal(Code::kNotFound, "no Practitioner " + doctor, ps.Path("practitioner"),
                     "unknown_practitioner");
    OW_ASSIGN_OR_RETURN(Department dep, d.directory.GetDepartment(doc->department_id));
    OW_ASSIGN_OR_RETURN(schedules, d.schedules.ByOwner(DoctorOwner(dep, doc->id)));
  } else if (!department.empty()) {
    auto dep = d.directory.GetDepartment(department);
    if (!dep.ok())
      return Refusal(Code::kNotFound, "no HealthcareService " + department, ps.Path("specialty"),
                     "unknown_department");
    OW_ASSIGN_OR_RETURN(schedules, d.schedules.ByOwner(DepartmentOwner(*dep)));
  } else if (!hospital.empty()) {
    OW_RETURN_IF_ERROR(d.directory.Hospital(hospital).status());
    OW_ASSIGN_OR_RETURN(schedules, d.schedules.ByOwner(HospitalOwner(hospital)));
  } else {
    OW_ASSIGN_OR_RETURN(auto all, d.directory.Hospitals());
    for (const auto& h : all) {
      OW_ASSIGN_OR_RETURN(auto list, d.schedules.ByOwner(HospitalOwner(h.id)));
      schedules.insert(schedules.end(), list.begin(), list.end());
    }
  }
  std::vector<std::string> ids;
  for (const auto& s : schedules) {
    auto parts = ParseOwner(s.spec.owner);
    if (s.spec.realm != kRealm || !parts) continue;
    if (!department.empty() && parts->department_id != department) continue;
    if (!hospital.empty() && parts->hospital_id != hospital) continue;
    ids.push_back(s.id);
  }
  std::vector<Slot> free;
  if (!ids.empty()) {
    OW_RETURN_IF_ERROR(d.schedules.Release().status());
    const Date first = ShanghaiDate(start), last = ShanghaiDate(end - 1);
    for (int64_t day = DaysFromCivil(first); day <= DaysFromCivil(last); ++day) {
      OW_ASSIGN_OR_RETURN(auto slots, d.schedules.Slots(ids, FormatDate(CivilFromDays(day))));
      for (auto& s : slots)  // held places count in Free(): a held slot is never offered
        if (s.Free() > 0 && s.start_ms >= start && s.start_ms < end) free.push_back(std::move(s));
    }
  }
  std::sort(free.begin(), free.end(), [](const Slot& a, const Slot& b) {
    return a.start_ms != b.start_ms ? a.start_ms < b.start_ms : a.id < b.id;
  });
  Departments deps(d);
  std::vector<json::object> out;
  for (const auto& s : free) out.push_back(ProposedOf(s, deps));
  return SearchAnswer(d, req, std::move(out), count);
}

// $hold and $book answer as IHE ITI-116/117 say: a searchset Bundle holding the Appointment.
Response OperationResult(const FhirDeps& d, const Request& req, json::object appointment) {
  return Fhir(200,
              fhir::SearchBundle({std::move(appointment)}, 1, BaseUrl(d, req), SelfUrl(d, req)));
}

// The appointment an operation names: appointment-reference or appointment-resource.
struct Named {
  std::string id;       // "" when a resource without id
  std::string slot_id;  // from the resource's slot, when given
  std::string status;   // the resource's status ("" for a reference)
  std::string path;
};

Result<Named> NamedAppointment(const Params& ps) {
  Named n;
  if (const json::object* p = ps.Get("appointment-reference")) {
    n.path = ps.Path("appointment-reference");
    auto v = ValueText(*p);
    n.id = v ? RefId(*v, "Appointment") : "";
    if (n.id.empty()) return Bad("needs valueReference Appointment/<id>", n.path);
    return n;
  }
  const json::object* p = ps.Get("appointment-resource");
  if (!p) p = ps.Get("appointment");
  if (!p)
    return Status::Invalid(
        "which appointment?",
        {{"Parameters.parameter", "appointment-reference or -resource is required", "required"}});
  n.path = ps.Path(ps.Get("appointment-resource") ? "appointment-resource" : "appointment") +
           ".resource";
  const json::value* r = p->if_contains("resource");
  if (!r || !r->is_object()) return Bad("needs an Appointment resource", n.path);
  const json::object& a = r->as_object();
  const json::value* type = a.if_contains("resourceType");
  if (!type || !type->is_string() || type->as_string() != "Appointment")
    return Bad("must be an Appointment", n.path);
  if (auto id = a.if_contains("id"); id && id->is_string()) n.id = std::string(id->as_string());
  if (auto st = a.if_contains("status"); st && st->is_string())
    n.status = std::string(st->as_string());
  if (auto slots = a.if_contains("slot");
      slots && slots->is_array() && !slots->as_array().empty()) {
    const json::value& s0 = slots->as_array()[0];
    if (auto ref = s0.is_object() ? s0.as_object().if_contains("reference") : nullptr;
        ref && ref->is_string())
      n.slot_id = RefId(std::string(ref->as_string()), "Slot");
  }
  if (n.id.empty() && n.slot_id.empty())
    return Bad("the Appointment needs an id or a slot", n.path + ".slot");
  return n;
}

// The patient a hospital system names: parameter `patient`, a Patient reference (valueReference
// with an identifier, or valueIdentifier) whose identifier is kResidentIdSystem|<resident ID>,
// found through identity's blind index. The lookup is audited into the patient's data-use
// record.
Result<Principal> PatientFor(const FhirDeps& d, const Request& req, const Params& ps,
                             const Principal& system, const std::string& operation) {
  const json::object* param = ps.Get("patient");
  if (!param)
    return Status::Invalid(
        "a hospital system names the patient",
        {{"Parameters.parameter", "patient (a Patient reference with an identifier) is required",
          "required"}});
  const std::string path = ps.Path("patient");
  const json::object* identifier = nullptr;
  if (auto ref = param->if_contains("valueReference"); ref && ref->is_object()) {
    if (auto id = ref->as_object().if_contains("identifier"); id && id->is_object())
      identifier = &id->as_object();
  } else if (auto id = param->if_contains("valueIdentifier"); id && id->is_object()) {
    identifier = &id->as_object();
  }
  if (!identifier) return Bad("needs valueReference.identifier or valueIdentifier", path);
  auto text = [&](const char* key) -> std::string {
    const json::value* v = identifier->if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : "";
  };
  if (text("system") != kResidentIdSystem)
    return Bad(std::string("the identifier system must be ") + kResidentIdSystem,
               path + ".identifier.system");
  const std::string value = text("value");
  if (value.empty() || value.size() > 32) return Bad("needs a value", path + ".identifier.value");
  auto person = d.identity.FindByIdNumber(value);
  if (!person.ok()) {
    if (person.status().code() == Code::kNotFound || person.status().code() == Code::kInvalid)
      return Refusal(Code::kNotFound, "no registered patient with this identifier",
                     path + ".identifier", "unknown_patient");
    return person.status();
  }
  std::string hospital;
  for (const auto& g : system.grants)
    if (g.role == Role::kHospitalAdmin) hospital = g.scope;
  OW_RETURN_IF_ERROR(d.audit.Append(
      {system.person_id, "pii.read", *person, "resident_id,appointments",
       "FHIR Appointment/" + operation + " by hospital system for " + hospital, req.remote_ip}));
  Principal p;
  p.person_id = *person;
  return p;
}

// A system client books only the slots of its own hospital.
Status SystemMayUse(const Principal& caller, const Slot& slot, const std::string& path) {
  if (!IsSystemPrincipal(caller)) return Status::Ok();
  auto parts = ParseOwner(slot.owner);
  if (parts && HospitalDirectory::CanManage(caller, parts->hospital_id)) return Status::Ok();
  return Refusal(Code::kForbidden, "the slot is not of this system's hospital", path,
                 "other_hospital");
}

Result<Response> HoldOp(const FhirDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(const Principal* p, Caller(d, req, Need::kWrite));
  OW_ASSIGN_OR_RETURN(Params ps, ParseParameters(req));
  Principal patient;
  if (IsSystemPrincipal(*p)) {
    OW_ASSIGN_OR_RETURN(patient, PatientFor(d, req, ps, *p, "$hold"));
    p = &patient;
  }
  OW_ASSIGN_OR_RETURN(Named n, NamedAppointment(ps));
  std::string slot_id = n.slot_id;
  if (n.id.starts_with(fhir::kProposedPrefix))
    slot_id = n.id.substr(std::string_view(fhir::kProposedPrefix).size());
  else if (!n.id.empty() && slot_id.empty())
    return Refusal(Code::kNotFound, "hold a proposed appointment from $find", n.path,
                   "unknown_appointment");
  auto slot = d.schedules.GetSlot(slot_id);
  if (!slot.ok() || !ParseOwner(slot->owner))
    return Refusal(Code::kNotFound, "no Slot " + slot_id, n.path, "unknown_slot");
  OW_RETURN_IF_ERROR(SystemMayUse(*req.principal, *slot, n.path));
  OW_ASSIGN_OR_RETURN(scheduling::Hold h, d.appointments.Hold(*p, slot_id));
  OW_ASSIGN_OR_RETURN(Slot now, d.schedules.GetSlot(slot_id));
  Departments deps(d);
  Patients patients(d);
  return OperationResult(d, req, PendingOf(h, now, deps, patients));
}

// A cancellation through $book (synchronous).
Result<Response> CancelOp(const FhirDeps& d, Request& req, const Principal* p, const Named& n) {
  Departments deps(d);
  Patients patients(d);
  // Cancel a booking (the hospital's cancellation deadline applies), or give a hold back.
  if (n.id.starts_with(fhir::kHoldPrefix)) {
    auto hold_id = n.id.substr(std::string_view(fhir::kHoldPrefix).size());
    auto hold = d.bookings.GetHold(hold_id);
    if (!hold.ok() || hold->person != p->person_id)
      return Refusal(Code::kNotFound, "no Appointment " + n.id, n.path, "unknown_appointment");
    OW_RETURN_IF_ERROR(d.bookings.ReleaseHold(hold_id, p->person_id));
    OW_ASSIGN_OR_RETURN(Slot slot, d.schedules.GetSlot(hold->slot_id));
    json::object a = PendingOf(*hold, slot, deps, patients);
    a["status"] = "cancelled";
    return OperationResult(d, req, std::move(a));
  }
  if (n.id.empty()) return Bad("a cancellation needs the Appointment's id", n.path + ".id");
  auto own = d.bookings.Get(n.id);
  if (!own.ok() || own->person != p->person_id || own->realm != kRealm)
    return Refusal(Code::kNotFound, "no Appointment " + n.id, n.path, "unknown_appointment");
  OW_ASSIGN_OR_RETURN(Appointment a, d.appointments.Cancel(*p, n.id));
  return OperationResult(d, req, BookedOf(a.booking, deps, patients));
}

// Asynchronous for a booking: answered after the durable commit that holds it (group commit).
Status BookOp(const FhirDeps& d, Request& req, http::Respond& respond) {
  OW_ASSIGN_OR_RETURN(const Principal* p, Caller(d, req, Need::kWrite));
  OW_ASSIGN_OR_RETURN(Params ps, ParseParameters(req));
  OW_ASSIGN_OR_RETURN(Named n, NamedAppointment(ps));
  Principal patient;
  if (IsSystemPrincipal(*p)) {
    OW_ASSIGN_OR_RETURN(patient, PatientFor(d, req, ps, *p, "$book"));
    p = &patient;
  }
  if (n.status == "cancelled") {
    if (IsSystemPrincipal(*req.principal) && !n.id.starts_with(fhir::kHoldPrefix)) {
      // A system client cancels only its own hospital's appointments.
      auto b = d.bookings.Get(n.id);
      auto parts = b.ok() ? ParseOwner(b->owner) : std::nullopt;
      if (!parts || !HospitalDirectory::CanManage(*req.principal, parts->hospital_id))
        return Refusal(Code::kNotFound, "no Appointment " + n.id, n.path, "unknown_appointment");
    }
    OW_ASSIGN_OR_RETURN(Response r, CancelOp(d, req, p, n));
    respond(std::move(r));
    return Status::Ok();
  }
  if (!n.status.empty() && n.status != "pending" && n.status != "proposed" && n.status != "booked")
    return Bad("$book takes a pending or proposed Appointment, or status cancelled to cancel",
               n.path + ".status");
  std::string slot_id = n.slot_id, hold_id;
  if (n.id.starts_with(fhir::kHoldPrefix)) {
    hold_id = n.id.substr(std::string_view(fhir::kHoldPrefix).size());
    auto hold = d.bookings.GetHold(hold_id);
    if (!hold.ok() || hold->person != p->person_id)
      return Refusal(Code::kConflict, "the hold has expired, was used or is not yours", n.path,
                     scheduling::kHoldExpired);
    slot_id = hold->slot_id;
  } else if (n.id.starts_with(fhir::kProposedPrefix)) {
    slot_id = n.id.substr(std::string_view(fhir::kProposedPrefix).size());
  } else if (!n.id.empty() && slot_id.empty()) {
    return Refusal(Code::kNotFound, "no pending Appointment " + n.id, n.path,
                   "unknown_appointment");
  }
  if (IsSystemPrincipal(*req.principal)) {
    auto slot = d.schedules.GetSlot(slot_id);
    if (!slot.ok() || !ParseOwner(slot->owner))
      return Refusal(Code::kNotFound, "no Slot " + slot_id, n.path, "unknown_slot");
    OW_RETURN_IF_ERROR(SystemMayUse(*req.principal, *slot, n.path));
  }
  d.appointments.BookAsync(
      *p, slot_id, hold_id,
      [&d, base = BaseUrl(d, req), self = SelfUrl(d, req),
       respond = std::move(respond)](Result<Appointment> a) {
        if (!a.ok()) return respond(Outcome(a.status()));
        Departments deps(d);
        Patients patients(d);
        respond(
            Fhir(200, fhir::SearchBundle({BookedOf(a->booking, deps, patients)}, 1, base, self)));
      });
  return Status::Ok();
}

Result<Response> Unknown(const FhirDeps&, Request& req) {
  return Refusal(Code::kNotFound, "no FHIR interaction at " + req.path, "", "not_supported");
}

using Handler = Result<Response> (*)(const FhirDeps&, Request&);

}  // namespace

std::string FhirPatientPseudonym(const std::string& key, const std::string& person_id) {
  std::string message = "fhir.patient";
  message.push_back('\0');
  message += person_id;
  return crypto::ToHex(crypto::KeyedHash(key, message)).substr(0, 40);
}

void RegisterFhirRoutes(http::Router& router, const FhirDeps& deps) {
  auto shared = std::make_shared<const FhirDeps>(deps);
  // Public to the router: the handlers check the bearer token themselves so that every refusal,
  // 401 included, is an OperationOutcome.
  auto add = [&](Method m, const std::string& path, Handler h) {
    router.Add(m, std::string(kBase) + path, http::Public(), [shared, h](Request& req) {
      Result<Response> r = h(*shared, req);
      return r.ok() ? std::move(r.value()) : Outcome(r.status());
    });
  };
  add(Method::kGet, "/metadata", Metadata);
  add(Method::kGet, "/Location", SearchLocations);
  add(Method::kGet, "/Location/{id}", ReadLocation);
  add(Method::kGet, "/HealthcareService", SearchServices);
  add(Method::kGet, "/HealthcareService/{id}", ReadService);
  add(Method::kGet, "/Practitioner", SearchPractitioners);
  add(Method::kGet, "/Practitioner/{id}", ReadPractitioner);
  add(Method::kGet, "/Schedule", SearchSchedules);
  add(Method::kGet, "/Schedule/{id}", ReadSchedule);
  add(Method::kGet, "/Slot", SearchSlots);
  add(Method::kGet, "/Slot/{id}", ReadSlot);
  add(Method::kGet, "/Appointment", SearchAppointments);
  add(Method::kGet, "/Appointment/{id}", ReadAppointment);
  add(Method::kPost, "/Appointment/$find", Find);
  add(Method::kPost, "/Appointment/$hold", HoldOp);
  router.AddAsync(Method::kPost, std::string(kBase) + "/Appointment/$book", http::Public(),
                  [shared](Request& req, http::Respond respond) {
                    Status s = BookOp(*shared, req, respond);
                    if (!s.ok()) respond(Outcome(s));
                  });
  // Anything else under the base answers a FHIR OperationOutcome, not the web app's page.
  for (Method m : {Method::kGet, Method::kPost, Method::kPut, Method::kDelete, Method::kPatch}) {
    add(m, "/{*rest}", Unknown);
    router.Hide(m, std::string(kBase) + "/{*rest}");
  }
}

}  // namespace ow::hospital
