// The service hall's route table and handlers (see routes.h).
#include "hall/routes.h"

#include <algorithm>
#include <boost/json.hpp>
#include <string_view>

#include "core/time.h"
#include "http/json.h"
#include "http/route_table.h"

namespace ow::hall {

namespace {

namespace json = boost::json;
using http::Method;
using http::Request;
using http::Response;

constexpr size_t kMaxQueryBytes = 100;

json::object TextJson(const Text& t) { return {{"zh", t.zh}, {"en", t.en}}; }

json::object Summary(const ServiceItem& item) {
  json::array applicants;
  for (Applicant a : item.applicants) applicants.emplace_back(ApplicantName(a));
  return {
      {"code", item.code},
      {"version", item.version},
      {"name", TextJson(item.name)},
      {"department", {{"code", item.department_code}, {"name", TextJson(item.department_name)}}},
      {"applicants", std::move(applicants)},
      {"legal_days", item.legal_days},
      {"promised_days", item.promised_days},
      {"visits", item.visits},
      {"fee_yuan", item.fee_yuan},
      {"automatic", item.automatic.has_value()}};
}

json::object Guide(const ServiceItem& item) {
  json::object o = Summary(item);
  o["basic_code"] = item.basic_code;
  o["kind"] = item.kind;
  json::array basis(item.legal_basis.begin(), item.legal_basis.end());
  o["legal_basis"] = std::move(basis);
  json::array conditions;
  for (const Text& c : item.conditions) conditions.push_back(TextJson(c));
  o["conditions"] = std::move(conditions);
  json::array materials;
  for (const Material& m : item.materials) {
    json::object mo{{"id", m.id},
                    {"name", TextJson(m.name)},
                    {"source", MaterialSourceName(m.source)},
                    {"required", m.required}};
    if (!m.service.empty()) mo["service"] = m.service;
    if (!m.field.empty()) mo["field"] = m.field;
    if (!m.licence_kind.empty()) mo["licence_kind"] = m.licence_kind;
    if (m.source == MaterialSource::kUpload) {
      mo["types"] = json::array(m.types.begin(), m.types.end());
      mo["max_bytes"] = m.max_bytes;
    }
    materials.push_back(std::move(mo));
  }
  o["materials"] = std::move(materials);
  if (item.automatic) o["automatic_offer"] = TextJson(*item.automatic);
  if (item.referral) o["referral"] = TextJson(*item.referral);
  return o;
}

// The public catalogue changes only when item files are reloaded: shared caches (HAProxy, a
// CDN) may serve it for a minute, then revalidate with the ETag the dispatcher adds.
constexpr char kCatalogueCacheControl[] = "public, max-age=60";

Result<Response> ListItems(const HallDeps& d, Request& req) {
  ItemFilter filter;
  std::vector<FieldError> errors;
  filter.q = req.Query("q").value_or("");
  if (filter.q.size() > kMaxQueryBytes)
    errors.push_back({"$.q", "must be at most 100 bytes", "too_long"});
  if (http::FindDisallowedChar(filter.q, http::TextKind::kLine) != std::string::npos)
    errors.push_back({"$.q", "must not contain control characters", "control_character"});
  filter.applicant = req.Query("applicant").value_or("");
  if (!filter.applicant.empty() && filter.applicant != "citizen" &&
      filter.applicant != "enterprise")
    errors.push_back({"$.applicant", "must be citizen or enterprise", "unknown_applicant"});
  filter.department = req.Query("department").value_or("");
  if (!errors.empty()) return Status::Invalid("the search is invalid", std::move(errors));
  json::array items;
  for (const auto& item : d.items.List(filter)) items.push_back(Summary(*item));
  Response r = http::JsonResponse(200, json::object{{"items", std::move(items)}});
  r.Set("Cache-Control", kCatalogueCacheControl);
  return r;
}

Result<Response> GetItem(const HallDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto item, d.items.Get(req.Param("code")));
  Response r = http::JsonResponse(200, Guide(*item));
  r.Set("Cache-Control", kCatalogueCacheControl);
  return r;
}

json::value OptTime(const std::optional<int64_t>& ms) {
  return ms ? json::value(FormatRfc3339(*ms)) : json::value(nullptr);
}

json::object CaseJson(const CaseView& v) {
  json::object o{
      {"id", v.id},
      {"case_number", v.case_number.empty() ? json::value(nullptr) : json::value(v.case_number)},
      {"item", v.item_code},
      {"item_version", v.item_version},
      {"department", v.department},
      {"state", v.state},
      {"version", v.version},
      {"answers", v.answers},
      {"assigned", v.assigned},
      {"assigned_to_me", v.assigned_to_me},
      {"created_at", FormatRfc3339(v.created_at_ms)},
      {"updated_at", FormatRfc3339(v.updated_at_ms)},
      {"submitted_at", OptTime(v.submitted_at_ms)},
      {"deadline",
       {{"due", v.deadline.due.empty() ? json::value(nullptr) : json::value(v.deadline.due)},
        {"legal_due",
         v.deadline.legal_due.empty() ? json::value(nullptr) : json::value(v.deadline.legal_due)},
        {"status", v.deadline.status},
        {"workdays_left", v.deadline.workdays_left},
        {"provisional", v.deadline.provisional}}}};
  if (!v.enterprise_id.empty()) o["enterprise_id"] = v.enterprise_id;
  return o;
}

json::object CaseWithHistory(const CaseView& v) {
  json::object o = CaseJson(v);
  json::array history;
  for (const HistoryEntry& h : v.history)
    history.push_back({{"at", FormatRfc3339(h.at_ms)},
                       {"action", h.action},
                       {"from", h.from_state},
                       {"to", h.to_state},
                       {"actor", h.actor},
                       {"note", h.note}});
  o["history"] = std::move(history);
  return o;
}

Result<Response> CaseResponse(const HallDeps& d, int status, const CaseView& v) {
  json::object o = CaseWithHistory(v);
  if (d.case_extras) OW_RETURN_IF_ERROR(d.case_extras(v.id, o));
  Response r = http::JsonResponse(status, o);
  r.Set("ETag", "\"" + std::to_string(v.version) + "\"");
  return r;
}

// If-Match: "<version>" (or W/"<version>", or a bare number); absent = no check.
Result<std::optional<int64_t>> IfMatch(const Request& req) {
  auto h = req.Header("If-Match");
  if (!h) return std::optional<int64_t>{};
  std::string_view v = *h;
  if (v.starts_with("W/")) v.remove_prefix(2);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  int64_t n = 0;
  if (v.empty() || v.size() > 18) return Status::BadRequest("If-Match must be a case version");
  for (char c : v) {
    if (c < '0' || c > '9') return Status::BadRequest("If-Match must be a case version");
    n = n * 10 + (c - '0');
  }
  return std::optional<int64_t>{n};
}

Result<json::object> ReadAnswers(http::FieldReader& f) {
  const json::object* a = f.Object("answers", false);
  return a ? *a : json::object{};
}

// A retry of the request that created a case (the same caller and Idempotency-Key): the case
// as it is now, answered as the first time (201) with `Idempotent-Replayed: true`. NotFound
// when the key created nothing yet; a key used before for another item is refused (422).
Result<Response> Replay(const HallDeps& d, const Principal& p, const std::string& item_code,
                        const std::string& key) {
  OW_ASSIGN_OR_RETURN(auto found, d.cases.FindByRequestKey(p, key));
  if (found.second != item_code)
    return Status::Invalid("this Idempotency-Key created an application for another item",
                           {{"Idempotency-Key", "was used for another request; use a new key",
                             "idempotency_key_reused"}});
  OW_ASSIGN_OR_RETURN(Response r, CaseResponse(d, 201, found.first));
  r.Set("Idempotent-Replayed", "true");
  return r;
}

// After a failed creation with a key: a concurrent request with the same key may have created
// the case (the unique index refused this one, Conflict); then that case is the answer.
Result<Response> ReplayOr(const HallDeps& d, const Principal& p, const std::string& item_code,
                          const std::string& key, Status failed) {
  if (failed.code() != Code::kConflict || key.empty()) return failed;
  Result<Response> r = Replay(d, p, item_code, key);
  return r.ok() || r.status().code() != Code::kNotFound ? std::move(r) : Result<Response>(failed);
}

bool ValidRequestKey(std::string_view key) {
  return !key.empty() && key.size() <= 128 &&
         std::all_of(key.begin(), key.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

// Creates an application: a draft, or submitted at once. An immediate submission of an item
// whose materials need no step in between is one group-committed transaction (asynchronous);
// otherwise the draft is created, prepared (prefill) and then submitted. With an
// Idempotency-Key header a retry returns the case the first request created (Replay).
Status CreateApplication(const HallDeps& d, Request& req, http::Respond& respond) {
  OW_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  http::FieldReader f(body);
  f.RejectUnknown({"item", "enterprise_id", "answers", "draft"});
  auto item = f.String("item", true, 40);
  auto enterprise = f.String("enterprise_id", false, 64);
  auto draft = f.Bool("draft", false);
  OW_ASSIGN_OR_RETURN(json::object answers, ReadAnswers(f));
  OW_RETURN_IF_ERROR(f.status("the application is invalid"));
  NewApplication in{*item, enterprise.value_or(""), std::move(answers), ""};
  if (auto key = req.Header("Idempotency-Key")) {
    if (!ValidRequestKey(*key))
      return Status::Invalid("the Idempotency-Key header is invalid",
                             {{"Idempotency-Key", "must be 1 to 128 visible ASCII characters",
                               "bad_idempotency_key"}});
    in.request_key = *key;
    Result<Response> replay = Replay(d, *req.principal, in.item_code, in.request_key);
    if (replay.ok() || replay.status().code() != Code::kNotFound) {
      OW_RETURN_IF_ERROR(replay.status());
      respond(std::move(replay).value());
      return Status::Ok();
    }
  }
  const bool now = !draft.value_or(false);
  if (auto found = d.items.Get(in.item_code);
      now && found.ok() && CaseService::SubmitsAtOnce(**found)) {
    d.cases.SubmitNew(*req.principal, in,
                      [&d, p = *req.principal, item = in.item_code, key = in.request_key,
                       path = req.path, respond = std::move(respond)](Result<CaseView> v) {
                        Result<Response> r = v.ok() ? CaseResponse(d, 201, *v)
                                                    : ReplayOr(d, p, item, key, v.status());
                        respond(r.ok() ? std::move(r).value() : http::Problem(r.status(), path));
                      });
    return Status::Ok();
  }
  auto created = [&]() -> Result<Response> {
    Result<CaseView> first = d.cases.Create(*req.principal, in);
    if (!first.ok())
      return ReplayOr(d, *req.principal, in.item_code, in.request_key, first.status());
    CaseView v = std::move(first).value();
    if (d.after_create) {
      OW_RETURN_IF_ERROR(d.after_create(*req.principal, v.id));
      OW_ASSIGN_OR_RETURN(v, d.cases.Get(*req.principal, v.id));
    }
    if (now) {
      OW_ASSIGN_OR_RETURN(v, d.cases.Act(*req.principal, v.id, CaseAction::kSubmit, "", v.version));
    }
    return CaseResponse(d, 201, v);
  }();
  OW_RETURN_IF_ERROR(created.status());
  respond(std::move(created).value());
  return Status::Ok();
}

Result<Response> GetApplication(const HallDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(CaseView v, d.cases.Get(*req.principal, req.Param("ref")));
  return CaseResponse(d, 200, v);
}

Result<Response> SaveApplicationAnswers(const HallDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto expected, IfMatch(req));
  OW_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  http::FieldReader f(body);
  f.RejectUnknown({"answers"});
  const json::object* answers = f.Object("answers", true);
  OW_RETURN_IF_ERROR(f.status("the answers are invalid"));
  OW_ASSIGN_OR_RETURN(CaseView v,
                      d.cases.SaveAnswers(*req.principal, req.Param("ref"), *answers, expected));
  return CaseResponse(d, 200, v);
}

Result<Response> ActOnApplication(const HallDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto expected, IfMatch(req));
  OW_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  http::FieldReader f(body);
  f.RejectUnknown({"action", "note"});
  auto action = f.String("action", true, 40);
  auto note = f.String("note", false, 2000, http::TextKind::kLines);
  std::optional<CaseAction> a = action ? ParseCaseAction(*action) : std::nullopt;
  if (action && !a) f.Error("$.action", "is not a case action", "unknown_action");
  OW_RETURN_IF_ERROR(f.status("the action is invalid"));
  OW_ASSIGN_OR_RETURN(
      CaseView v, d.cases.Act(*req.principal, req.Param("ref"), *a, note.value_or(""), expected));
  return CaseResponse(d, 200, v);
}

Result<Response> ClaimApplication(const HallDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto expected, IfMatch(req));
  OW_ASSIGN_OR_RETURN(CaseView v, d.cases.Claim(*req.principal, req.Param("ref"), false, expected));
  return CaseResponse(d, 200, v);
}

Result<Response> ReleaseApplication(const HallDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto expected, IfMatch(req));
  OW_ASSIGN_OR_RETURN(CaseView v, d.cases.Claim(*req.principal, req.Param("ref"), true, expected));
  return CaseResponse(d, 200, v);
}

Result<Response> MyApplications(const HallDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto list, d.cases.Mine(*req.principal));
  json::array out;
  for (const CaseView& v : list) out.push_back(CaseJson(v));
  return http::JsonResponse(200, json::object{{"applications", std::move(out)}});
}

Result<Response> OfficerQueue(const HallDeps& d, Request& req) {
  QueueFilter f;
  f.department = req.Query("department").value_or("");
  f.state = req.Query("state").value_or("");
  f.mine = req.Query("mine").value_or("") == "1";
  f.overdue = req.Query("overdue").value_or("") == "1";
  const std::string page = req.Query("page").value_or("1");
  if (page.empty() || page.size() > 6 ||
      page.find_first_not_of("0123456789") != std::string::npos || page == "0")
    return Status::Invalid("bad page", {{"$.page", "must be a positive number", "out_of_range"}});
  f.page = std::stoi(page);
  OW_ASSIGN_OR_RETURN(auto list, d.cases.Queue(*req.principal, f));
  json::array out;
  for (const CaseView& v : list) out.push_back(CaseJson(v));
  return http::JsonResponse(200, json::object{{"cases", std::move(out)}, {"page", f.page}});
}

}  // namespace

json::object CaseViewJson(const CaseView& v) { return CaseWithHistory(v); }

void RegisterHallRoutes(http::Router& router, const HallDeps& deps) {
  const http::Access anyone = http::Public();
  const http::Access people = http::AnyUser();  // applicants, and officers acting on cases
  const http::Access officers = http::Roles({Role::kServiceOfficer});
  constexpr char kCase[] = "/api/v1/hall/applications/{ref}";
  http::AddRoutes<HallDeps>(
      router, deps,
      {
          {Method::kGet, "/api/v1/hall/items", anyone, ListItems},
          {Method::kGet, "/api/v1/hall/items/{code}", anyone, GetItem},
          {Method::kPost, "/api/v1/hall/applications", people, CreateApplication},
          {Method::kGet, kCase, people, GetApplication},
          {Method::kPut, std::string(kCase) + "/answers", people, SaveApplicationAnswers},
          {Method::kPost, std::string(kCase) + "/actions", people, ActOnApplication},
          {Method::kPost, std::string(kCase) + "/claim", officers, ClaimApplication},
          {Method::kPost, std::string(kCase) + "/release", officers, ReleaseApplication},
          {Method::kGet, "/api/v1/me/hall/applications", people, MyApplications},
          {Method::kGet, "/api/v1/hall/queue", officers, OfficerQueue},
      });
}

}  // namespace ow::hall
