// The internet hospital's route table and handlers (see internet_routes.h).
#include "hospital/internet_routes.h"

#include <algorithm>
#include <boost/json.hpp>

#include "core/not_found.h"
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

void SetTime(json::object& o, const char* key, int64_t ms) {
  if (ms > 0) o[key] = FormatRfc3339(ms);
}

json::object SlotJson(const scheduling::Slot& s) {
  json::object o{{"id", s.id},
                 {"start", FormatRfc3339(s.start_ms)},
                 {"end", FormatRfc3339(s.end_ms)},
                 {"day", s.day},
                 {"capacity", s.capacity},
                 {"free", s.Free()}};
  const std::string owner = s.owner.substr(s.owner.find(':') + 1);
  if (auto parts = ParseOwner(owner); parts && !parts->doctor_id.empty())
    o["doctor_id"] = parts->doctor_id;
  return o;
}

json::object ItemJson(const PrescriptionItem& i) {
  json::object o{{"drug_code", i.drug_code}, {"quantity", i.quantity}, {"dosage", i.dosage}};
  if (const Drug* d = DrugCatalogue::Embedded().Find(i.drug_code)) {
    o["name"] = {{"zh", d->name_zh}, {"en", d->name_en}};
    o["unit"] = d->unit;
    o["control"] = DrugControlName(d->control);
  }
  return o;
}

json::object PrescriptionJson(const Prescription& p) {
  json::array items;
  bool renewable = true;
  for (const auto& i : p.items) {
    items.push_back(ItemJson(i));
    const Drug* d = DrugCatalogue::Embedded().Find(i.drug_code);
    renewable = renewable && d && !d->Controlled();
  }
  return {{"id", p.id},
          {"hospital_id", p.hospital_id},
          {"department_id", p.department_id},
          {"doctor_id", p.doctor_id},
          {"source", p.source},
          {"diagnosis", p.diagnosis},
          {"items", std::move(items)},
          {"renewable", renewable},
          {"created_at", FormatRfc3339(p.created_at_ms)}};
}

json::object RenewalJson(const Renewal& r, bool signature_valid) {
  json::object o{{"id", r.id},
                 {"prescription_id", r.prescription_id},
                 {"hospital_id", r.hospital_id},
                 {"department_id", r.department_id},
                 {"doctor_id", r.doctor_id},
                 {"status", RenewalStatusName(r.status)},
                 {"content", r.content},
                 {"created_at", FormatRfc3339(r.created_at_ms)},
                 {"updated_at", FormatRfc3339(r.updated_at_ms)},
                 {"version", r.version},
                 {"guardian", !r.guardian_person.empty()}};
  boost::system::error_code ec;
  json::value content = json::parse(r.content, ec);
  if (!ec && content.is_object() && content.as_object().contains("items")) {
    json::array items;
    for (const auto& e : content.at("items").as_array()) {
      PrescriptionItem i;
      if (!e.is_object()) continue;
      const auto& io = e.as_object();
      if (auto* v = io.if_contains("drug_code"); v && v->is_string()) i.drug_code = v->as_string();
      if (auto* v = io.if_contains("quantity"); v && v->is_int64()) i.quantity = v->as_int64();
      if (auto* v = io.if_contains("dosage"); v && v->is_string()) i.dosage = v->as_string();
      items.push_back(ItemJson(i));
    }
    o["items"] = std::move(items);
    if (auto* d = content.as_object().if_contains("diagnosis"); d && d->is_string())
      o["diagnosis"] = *d;
  }
  if (!r.signature.empty()) {
    o["signature"] = r.signature;
    o["signer_key"] = r.signer_key;
    o["signature_valid"] = signature_valid;
  }
  SetTime(o, "signed_at", r.signed_at_ms);
  SetTime(o, "reviewed_at", r.reviewed_at_ms);
  SetTime(o, "dispensed_at", r.dispensed_at_ms);
  if (!r.reason.empty()) o["reason"] = r.reason;
  if (!r.dispense_method.empty()) o["dispense_method"] = r.dispense_method;
  if (!r.address_masked.empty()) o["address"] = r.address_masked;
  if (!r.masked_patient.empty()) o["patient"] = r.masked_patient;
  return o;
}

json::object ConsultationJson(const Consultation& c, bool with_messages) {
  json::object o{{"id", c.id},
                 {"booking_id", c.booking_id},
                 {"hospital_id", c.hospital_id},
                 {"department_id", c.department_id},
                 {"doctor_id", c.doctor_id},
                 {"start", FormatRfc3339(c.start_ms)},
                 {"end", FormatRfc3339(c.end_ms)},
                 {"status", c.closed ? "closed" : "open"},
                 {"guardian", !c.guardian_person.empty()},
                 {"created_at", FormatRfc3339(c.created_at_ms)},
                 {"version", c.version}};
  if (c.closed) o["notes"] = c.notes;
  SetTime(o, "closed_at", c.closed_at_ms);
  if (!c.prescription_id.empty()) o["prescription_id"] = c.prescription_id;
  if (!c.masked_patient.empty()) o["patient"] = c.masked_patient;
  if (with_messages) {
    json::array messages;
    for (const auto& m : c.messages) {
      json::object mo{{"id", m.id},
                      {"seq", m.seq},
                      {"from", m.sender_role},
                      {"kind", m.kind},
                      {"at", FormatRfc3339(m.created_at_ms)}};
      if (m.kind == "text") mo["text"] = m.text;
      if (!m.image_id.empty()) {
        mo["image_id"] = m.image_id;
        mo["image_url"] = "/api/v1/consultations/" + c.id + "/images/" + m.image_id;
      }
      messages.push_back(std::move(mo));
    }
    o["messages"] = std::move(messages);
  }
  return o;
}

json::object MessageJson(const std::string& consultation, const ConsultMessage& m) {
  json::object mo{{"id", m.id},
                  {"seq", m.seq},
                  {"from", m.sender_role},
                  {"kind", m.kind},
                  {"at", FormatRfc3339(m.created_at_ms)}};
  if (m.kind == "text") mo["text"] = m.text;
  if (!m.image_id.empty()) {
    mo["image_id"] = m.image_id;
    mo["image_url"] = "/api/v1/consultations/" + consultation + "/images/" + m.image_id;
  }
  return mo;
}

// {"guardian": {"id_number","name","relation"}} (optional).
std::optional<DeclaredGuardian> ReadGuardian(http::FieldReader& f) {
  const json::object* g = f.Object("guardian", false);
  if (!g) return std::nullopt;
  http::FieldReader gf(*g, "$.guardian");
  gf.RejectUnknown({"id_number", "name", "relation"});
  auto id = gf.String("id_number", true, 40);
  auto name = gf.String("name", true, 100);
  auto relation = gf.String("relation", true, 20);
  for (auto& e : gf.errors()) f.errors().push_back(e);
  if (!id || !name || !relation) return std::nullopt;
  return DeclaredGuardian{*id, *name, *relation};
}

// {"diagnosis", "items": [{"drug_code","quantity","dosage"}]} at `key` (optional).
std::optional<NewPrescription> ReadPrescription(http::FieldReader& f, const char* key) {
  const json::object* o = f.Object(key, false);
  if (!o) return std::nullopt;
  const std::string base = f.Path(key);
  http::FieldReader pf(*o, base);
  pf.RejectUnknown({"diagnosis", "items"});
  NewPrescription out;
  out.diagnosis = pf.String("diagnosis", false, 500).value_or("");
  if (const json::array* items = pf.Array("items", true)) {
    for (size_t i = 0; i < items->size(); ++i) {
      const std::string p = base + ".items[" + std::to_string(i) + "]";
      const json::object* io = (*items)[i].if_object();
      if (!io) {
        pf.Error(p, "must be an object", "wrong_type");
        continue;
      }
      http::FieldReader itf(*io, p);
      itf.RejectUnknown({"drug_code", "quantity", "dosage"});
      auto code = itf.String("drug_code", true, 64);
      auto quantity = itf.Integer("quantity", true);
      auto dosage = itf.String("dosage", false, 200);
      for (auto& e : itf.errors()) pf.errors().push_back(e);
      if (code && quantity) out.items.push_back({*code, *quantity, dosage.value_or("")});
    }
  }
  for (auto& e : pf.errors()) f.errors().push_back(e);
  return out;
}

Result<Response> CreateOnlineSchedule(const InternetDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  OW_ASSIGN_OR_RETURN(NewSchedule in, ReadNewSchedule(body, /*doctor_required=*/true));
  OW_ASSIGN_OR_RETURN(auto s,
                      d.consultations.CreateOnlineSchedule(*req.principal, req.Param("id"), in));
  return http::JsonResponse(201, ScheduleJson(s, s.spec.owner.substr(s.spec.owner.find(':') + 1)));
}

Result<Response> ListOnlineSchedules(const InternetDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto list, d.consultations.OnlineSchedules(*req.principal, req.Param("id")));
  json::array out;
  for (const auto& s : list)
    out.push_back(ScheduleJson(s, s.spec.owner.substr(s.spec.owner.find(':') + 1)));
  return http::JsonResponse(200, json::object{{"schedules", std::move(out)}});
}

Result<Response> RecordVisit(const InternetDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  http::FieldReader f(body);
  f.RejectUnknown({"id_number", "doctor_id", "visited_at", "prescription"});
  auto id_number = f.String("id_number", true, 40);
  auto doctor = f.String("doctor_id", true, 64);
  auto at = f.Timestamp("visited_at", false);
  auto prescription = ReadPrescription(f, "prescription");
  OW_RETURN_IF_ERROR(f.status("the visit is invalid"));
  OW_ASSIGN_OR_RETURN(std::string person, NotFoundAt(d.identity.FindByIdNumber(*id_number),
                                                     "$.id_number", "unknown_person"));
  OW_ASSIGN_OR_RETURN(auto v,
                      d.consultations.RecordVisit(*req.principal, req.Param("id"), person, *doctor,
                                                  at.value_or(d.clock.NowMillis()), prescription));
  json::object o{{"id", v.first}, {"doctor_id", *doctor}};
  if (v.second) o["prescription"] = PrescriptionJson(*v.second);
  return http::JsonResponse(201, o);
}

Result<Response> OnlineSlots(const InternetDeps& d, Request& req) {
  const std::string day = req.Query("day").value_or(FormatDate(ShanghaiDate(d.clock.NowMillis())));
  OW_ASSIGN_OR_RETURN(auto slots, d.consultations.OnlineSlots(req.Param("department"), day));
  json::array out;
  for (const auto& s : slots) out.push_back(SlotJson(s));
  return http::JsonResponse(200, json::object{{"day", day}, {"slots", std::move(out)}});
}

Result<Response> BookConsultation(const InternetDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  http::FieldReader f(body);
  f.RejectUnknown({"slot_id", "hold_id", "guardian"});
  auto slot = f.String("slot_id", true, 120);
  auto hold = f.String("hold_id", false, 64);
  auto guardian = ReadGuardian(f);
  OW_RETURN_IF_ERROR(f.status("the consultation is invalid"));
  OW_ASSIGN_OR_RETURN(Consultation c,
                      d.consultations.Book(*req.principal, *slot, hold.value_or(""), guardian));
  return http::JsonResponse(201, ConsultationJson(c, false));
}

Result<Response> MyConsultations(const InternetDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto list, d.consultations.Mine(*req.principal));
  json::array out;
  for (const auto& c : list) out.push_back(ConsultationJson(c, false));
  return http::JsonResponse(200, json::object{{"consultations", std::move(out)}});
}

Result<Response> DoctorConsultations(const InternetDeps& d, Request& req) {
  const std::string status = req.Query("status").value_or("open");
  if (status != "open" && status != "closed")
    return Status::Invalid("bad status",
                           {{"$.status", "must be open or closed", "unknown_status"}});
  OW_ASSIGN_OR_RETURN(auto list, d.consultations.DoctorInbox(*req.principal, status == "closed"));
  json::array out;
  for (const auto& c : list) out.push_back(ConsultationJson(c, false));
  return http::JsonResponse(200, json::object{{"consultations", std::move(out)}});
}

Result<Response> GetConsultation(const InternetDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(Consultation c, d.consultations.Get(*req.principal, req.Param("id")));
  return http::JsonResponse(200, ConsultationJson(c, true));
}

Result<Response> PostMessage(const InternetDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  http::FieldReader f(body);
  f.RejectUnknown({"text"});
  auto text = f.String("text", true, 100000, http::TextKind::kOpaque);
  OW_RETURN_IF_ERROR(f.status("the message is invalid"));
  OW_ASSIGN_OR_RETURN(ConsultMessage m,
                      d.consultations.PostText(*req.principal, req.Param("id"), *text));
  return http::JsonResponse(201, MessageJson(req.Param("id"), m));
}

Result<Response> PostImage(const InternetDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(ConsultMessage m,
                      d.consultations.PostImage(*req.principal, req.Param("id"),
                                                req.Header("Content-Type").value_or(""), req.body));
  return http::JsonResponse(201, MessageJson(req.Param("id"), m));
}

Result<Response> GetImage(const InternetDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(ConsultImage img,
                      d.consultations.Image(*req.principal, req.Param("id"), req.Param("image")));
  Response r;
  r.status = 200;
  r.body = std::move(img.bytes);
  r.Set("Content-Type", img.media_type);
  r.Set("Cache-Control", "private, no-store");
  r.Set("X-Content-Type-Options", "nosniff");
  r.Set("Content-Security-Policy", "default-src 'none'");
  return r;
}

Result<Response> CloseConsultation(const InternetDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  http::FieldReader f(body);
  f.RejectUnknown({"notes", "prescription", "version"});
  auto notes = f.String("notes", true, 4000, http::TextKind::kLines);
  auto version = f.Integer("version", false);
  auto prescription = ReadPrescription(f, "prescription");
  OW_RETURN_IF_ERROR(f.status("the close is invalid"));
  OW_ASSIGN_OR_RETURN(Consultation c, d.consultations.Close(*req.principal, req.Param("id"), *notes,
                                                            prescription, version.value_or(0)));
  return http::JsonResponse(200, ConsultationJson(c, true));
}

Result<Response> MyPrescriptions(const InternetDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto list, d.prescriptions.Mine(*req.principal));
  OW_ASSIGN_OR_RETURN(auto renewals, d.prescriptions.MyRenewals(*req.principal));
  json::array out, rout;
  for (const auto& p : list) out.push_back(PrescriptionJson(p));
  for (const auto& r : renewals) rout.push_back(RenewalJson(r, d.prescriptions.SignatureValid(r)));
  return http::JsonResponse(
      200, json::object{{"prescriptions", std::move(out)}, {"renewals", std::move(rout)}});
}

Result<Response> RequestRenewal(const InternetDeps& d, Request& req) {
  json::object body;
  if (!req.body.empty()) {
    OW_ASSIGN_OR_RETURN(body, http::ParseObject(req));
  }
  http::FieldReader f(body);
  f.RejectUnknown({"guardian"});
  auto guardian = ReadGuardian(f);
  OW_RETURN_IF_ERROR(f.status("the renewal request is invalid"));
  OW_ASSIGN_OR_RETURN(Renewal r,
                      d.prescriptions.RequestRenewal(*req.principal, req.Param("id"), guardian));
  return http::JsonResponse(201, RenewalJson(r, false));
}

Result<Response> GetRenewal(const InternetDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(Renewal r, d.prescriptions.Get(*req.principal, req.Param("id")));
  return http::JsonResponse(200, RenewalJson(r, d.prescriptions.SignatureValid(r)));
}

Result<int64_t> OptionalVersion(Request& req, std::initializer_list<std::string_view> more,
                                json::object& body) {
  if (!req.body.empty()) {
    OW_ASSIGN_OR_RETURN(body, http::ParseObject(req));
  }
  http::FieldReader f(body);
  std::vector<std::string_view> allowed{"version"};
  allowed.insert(allowed.end(), more.begin(), more.end());
  for (const auto& [k, v] : body)
    if (std::find(allowed.begin(), allowed.end(), std::string_view(k)) == allowed.end())
      f.Error("$." + std::string(k), "is not a known field", "unknown_field");
  auto version = f.Integer("version", false);
  OW_RETURN_IF_ERROR(f.status());
  return version.value_or(0);
}

Result<Response> SignRenewal(const InternetDeps& d, Request& req) {
  json::object body;
  OW_ASSIGN_OR_RETURN(int64_t version, OptionalVersion(req, {}, body));
  OW_ASSIGN_OR_RETURN(Renewal r, d.prescriptions.Sign(*req.principal, req.Param("id"), version));
  return http::JsonResponse(200, RenewalJson(r, d.prescriptions.SignatureValid(r)));
}

Result<Response> ReviewRenewal(const InternetDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  http::FieldReader f(body);
  f.RejectUnknown({"decision", "reason", "version"});
  auto decision = f.String("decision", true, 20);
  auto reason = f.String("reason", false, 500, http::TextKind::kLines);
  auto version = f.Integer("version", false);
  if (decision && *decision != "approve" && *decision != "reject")
    f.Error("$.decision", "must be approve or reject", "unknown_decision");
  OW_RETURN_IF_ERROR(f.status("the review is invalid"));
  OW_ASSIGN_OR_RETURN(
      Renewal r, d.prescriptions.Review(*req.principal, req.Param("id"), *decision == "approve",
                                        reason.value_or(""), version.value_or(0)));
  return http::JsonResponse(200, RenewalJson(r, d.prescriptions.SignatureValid(r)));
}

Result<Response> DispenseRenewal(const InternetDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  http::FieldReader f(body);
  f.RejectUnknown({"method", "address"});
  auto method = f.String("method", true, 20);
  auto address = f.String("address", false, 300);
  OW_RETURN_IF_ERROR(f.status("the dispensing is invalid"));
  OW_ASSIGN_OR_RETURN(Renewal r, d.prescriptions.Dispense(*req.principal, req.Param("id"), *method,
                                                          address.value_or("")));
  return http::JsonResponse(200, RenewalJson(r, d.prescriptions.SignatureValid(r)));
}

Result<Response> DoctorRenewals(const InternetDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto list, d.prescriptions.DoctorQueue(*req.principal));
  json::array out;
  for (const auto& r : list) out.push_back(RenewalJson(r, false));
  return http::JsonResponse(200, json::object{{"renewals", std::move(out)}});
}

Result<Response> PharmacistRenewals(const InternetDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto list, d.prescriptions.PharmacistQueue(*req.principal));
  json::array out;
  for (const auto& r : list) out.push_back(RenewalJson(r, d.prescriptions.SignatureValid(r)));
  return http::JsonResponse(200, json::object{{"renewals", std::move(out)}});
}

Result<Response> ListDrugs(const InternetDeps&, Request&) {
  json::array out;
  for (const Drug& x : DrugCatalogue::Embedded().drugs())
    out.push_back({{"code", x.code},
                   {"name", {{"zh", x.name_zh}, {"en", x.name_en}}},
                   {"unit", x.unit},
                   {"control", DrugControlName(x.control)},
                   {"online", !x.Controlled()}});
  return http::JsonResponse(200, json::object{{"drugs", std::move(out)}});
}

}  // namespace

void RegisterInternetHospitalRoutes(http::Router& router, const InternetDeps& deps) {
  const http::Access anyone = http::Public();
  const http::Access people = http::AnyUser();
  const http::Access managers = http::Roles({Role::kHospitalAdmin, Role::kAdmin});
  const http::Access doctors = http::Roles({Role::kDoctor});
  const http::Access pharmacists = http::Roles({Role::kPharmacist});
  constexpr char kC[] = "/api/v1/consultations/{id}";
  constexpr char kR[] = "/api/v1/prescription-renewals/{id}";
  http::AddRoutes<InternetDeps>(
      router, deps,
      {
          {Method::kGet, "/api/v1/hospitals/{id}/online-schedules", managers, ListOnlineSchedules},
          {Method::kPost, "/api/v1/hospitals/{id}/online-schedules", managers,
           CreateOnlineSchedule},
          {Method::kPost, "/api/v1/hospitals/{id}/visits", managers, RecordVisit},
          {Method::kGet, "/api/v1/hospital-departments/{department}/online-slots", people,
           OnlineSlots},
          {Method::kPost, "/api/v1/consultations", people, BookConsultation},
          {Method::kGet, "/api/v1/me/consultations", people, MyConsultations},
          {Method::kGet, kC, people, GetConsultation},
          {Method::kPost, std::string(kC) + "/messages", people, PostMessage},
          {Method::kPost, std::string(kC) + "/images", people, PostImage},
          {Method::kGet, std::string(kC) + "/images/{image}", people, GetImage},
          {Method::kPost, std::string(kC) + "/close", doctors, CloseConsultation},
          {Method::kGet, "/api/v1/doctor/consultations", doctors, DoctorConsultations},
          {Method::kGet, "/api/v1/me/prescriptions", people, MyPrescriptions},
          {Method::kPost, "/api/v1/prescriptions/{id}/renewals", people, RequestRenewal},
          {Method::kGet, kR, people, GetRenewal},
          {Method::kPost, std::string(kR) + "/sign", doctors, SignRenewal},
          {Method::kPost, std::string(kR) + "/review", pharmacists, ReviewRenewal},
          {Method::kPost, std::string(kR) + "/dispense", people, DispenseRenewal},
          {Method::kGet, "/api/v1/doctor/prescription-renewals", doctors, DoctorRenewals},
          {Method::kGet, "/api/v1/pharmacist/prescription-renewals", pharmacists,
           PharmacistRenewals},
          {Method::kGet, "/api/v1/drugs", anyone, ListDrugs},
      });
}

}  // namespace ow::hospital
