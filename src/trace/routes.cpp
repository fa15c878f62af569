#include "trace/routes.h"

#include "http/conditional.h"
#include "http/json.h"
#include "http/route_table.h"
#include "trace/atom.h"

namespace ow::trace {

namespace json = boost::json;
using http::Method;
using http::Request;
using http::Response;

namespace {

json::value OptTime(const std::optional<int64_t>& ms) {
  return ms ? json::value(FormatRfc3339(*ms)) : json::value(nullptr);
}

json::object CaseJson(const Case& c) {
  return {{"case_id", c.id},
          {"masked_name", c.masked_name},
          {"region", c.region},
          {"status", c.status},
          {"onset_date", c.onset_date},
          {"reporting_unit", c.reporting_unit},
          {"note", c.note},
          {"reported_at", FormatRfc3339(c.reported_at_ms)},
          {"updated_at", FormatRfc3339(c.updated_at_ms)},
          {"traced_at", OptTime(c.traced_at_ms)},
          {"close_contacts", c.close_contacts},
          {"secondary_contacts", c.secondary_contacts}};
}

json::object AreaJson(const RiskArea& a, checkpoint::PlaceService& places) {
  json::array pl;
  for (const auto& id : a.spec.place_ids) {
    json::object p{{"place_id", id}};
    if (auto place = places.Get(id); place.ok()) {
      p["name"] = place->name;
      p["region"] = place->region;
      p["address"] = place->address;
    }
    pl.push_back(std::move(p));
  }
  json::object o{{"risk_area_id", a.id},
                 {"name", a.spec.name},
                 {"level", a.spec.level},
                 {"places", std::move(pl)},
                 {"from", FormatRfc3339(a.spec.from_ms)},
                 {"to", FormatRfc3339(a.spec.to_ms)},
                 {"status", a.status},
                 {"published_at", FormatRfc3339(a.published_at_ms)},
                 {"lifted_at", OptTime(a.lifted_at_ms)}};
  o["region"] = a.spec.region.empty() ? json::value(nullptr) : json::value(a.spec.region);
  return o;
}

// An instant given as RFC 3339 or as a Shanghai date: a `from` date means its first
// instant, a `to` date the end of that day.
std::optional<int64_t> ReadInstant(http::FieldReader& f, std::string_view key, bool end_of_day) {
  auto s = f.String(key, true, 40);
  if (!s) return std::nullopt;
  if (auto t = ParseRfc3339(*s)) return t;
  if (auto d = ParseDate(*s))
    return ShanghaiMidnightMillis(end_of_day ? CivilFromDays(DaysFromCivil(*d) + 1) : *d);
  f.Error(f.Path(key), "must be RFC 3339 or YYYY-MM-DD");
  return std::nullopt;
}

constexpr size_t kMaxCases = 500;
constexpr size_t kMaxFeedEntries = 100;
const char* const kBadCaseStatus = "must be suspected, confirmed, asymptomatic or excluded";

json::object ImpactJson(const Impact& impact) {
  json::array groups;
  for (const auto& g : impact.groups) {
    json::object now;
    for (const auto& [colour, n] : g.now) now[colour] = n;
    groups.push_back({{"group", g.group},
                      {"becomes", g.becomes},
                      {"people", g.people},
                      {"now", std::move(now)},
                      {"worse", g.worse}});
  }
  json::array regions;
  for (const auto& r : impact.notice_regions) regions.emplace_back(r);
  return {{"people", impact.people},
          {"groups", std::move(groups)},
          {"notice_regions", std::move(regions)}};
}

// The case a report body describes (field errors with paths).
Result<NewCase> ReadCase(const TraceDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(json::object body, http::ParseObject(req));
  http::FieldReader f(body);
  f.RejectUnknown({"id_number", "status", "onset_date", "reporting_unit", "note"});
  auto id_number = f.String("id_number", true, 40);
  NewCase in;
  in.status = f.String("status", true, 20).value_or("");
  auto onset = f.DateField("onset_date", true);
  in.reporting_unit = f.String("reporting_unit", false, 200).value_or("");
  in.note = f.String("note", false, 2000, http::TextKind::kLines).value_or("");
  if (!in.status.empty() && !CaseService::ValidStatus(in.status))
    f.Error("$.status", kBadCaseStatus);
  OW_RETURN_IF_ERROR(f.status());
  in.onset = *onset;
  auto person = d.identity.FindByIdNumber(*id_number);
  if (!person.ok())
    return Status::Invalid("unknown person",
                           {{"$.id_number", "no person is registered with this ID"}});
  in.person_id = *person;
  return in;
}

Result<Response> ReportCase(const TraceDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(NewCase in, ReadCase(d, req));
  OW_ASSIGN_OR_RETURN(Case c, d.cases.Report(*req.principal, in));
  Response r = http::JsonResponse(201, CaseJson(c));
  r.Set("Location", "/api/v1/cases/" + c.id);
  return r;
}

Result<Response> PreviewCase(const TraceDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(NewCase in, ReadCase(d, req));
  OW_ASSIGN_OR_RETURN(Impact impact, d.cases.Preview(*req.principal, in));
  Response r = http::JsonResponse(200, ImpactJson(impact));
  r.Set("Cache-Control", "no-store");
  return r;
}

Result<Response> ListCases(const TraceDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(std::vector<Case> list, d.cases.List(*req.principal, kMaxCases));
  json::array a;
  for (const auto& c : list) a.push_back(CaseJson(c));
  return http::JsonResponse(200, {{"cases", std::move(a)}});
}

Result<Response> GetCase(const TraceDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(Case c, d.cases.Get(*req.principal, req.Param("id")));
  return http::JsonResponse(200, CaseJson(c));
}

Result<Response> SetCaseStatus(const TraceDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(json::object body, http::ParseObject(req));
  http::FieldReader f(body);
  f.RejectUnknown({"status", "note"});
  auto status = f.String("status", true, 20);
  auto note = f.String("note", false, 2000, http::TextKind::kLines).value_or("");
  if (status && !CaseService::ValidStatus(*status)) f.Error("$.status", kBadCaseStatus);
  OW_RETURN_IF_ERROR(f.status());
  OW_ASSIGN_OR_RETURN(Case c, d.cases.SetStatus(*req.principal, req.Param("id"), *status, note));
  return http::JsonResponse(200, CaseJson(c));
}

Result<Response> RetraceCase(const TraceDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(Case c, d.cases.Retrace(*req.principal, req.Param("id")));
  return http::JsonResponse(200, CaseJson(c));
}

json::object EvidenceJson(const TraceDeps& d, const PlaceEvidence& e) {
  json::object o{{"place_id", e.place_id},
                 {"case_from", FormatRfc3339(e.case_from_ms)},
                 {"case_to", FormatRfc3339(e.case_to_ms)},
                 {"contact_from", FormatRfc3339(e.contact_from_ms)},
                 {"contact_to", FormatRfc3339(e.contact_to_ms)},
                 {"case_entry_only", e.case_entry_only},
                 {"contact_entry_only", e.contact_entry_only}};
  if (auto pl = d.places.Get(e.place_id); pl.ok()) o["place_name"] = pl->name;
  return o;
}

// A case's traced contacts (masked), for officials; the service audits the read.
Result<Response> CaseContacts(const TraceDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto contacts,
                      d.cases.Contacts(*req.principal, req.Param("id"), req.remote_ip));
  json::array a;
  for (const auto& k : contacts) {
    json::array ev;
    for (const auto& e : k.evidence) ev.push_back(EvidenceJson(d, e));
    json::object o{{"masked_name", k.masked_name},
                   {"level", k.level},
                   {"first_contact", FormatRfc3339(k.first_contact_ms)},
                   {"evidence", std::move(ev)}};
    if (!k.via_masked_name.empty()) o["via_masked_name"] = k.via_masked_name;
    a.push_back(std::move(o));
  }
  return http::JsonResponse(200, {{"case_id", req.Param("id")}, {"contacts", std::move(a)}});
}

NewRiskArea ReadRiskArea(http::FieldReader& f) {
  f.RejectUnknown({"name", "region", "place_ids", "level", "from", "to"});
  NewRiskArea in;
  in.name = f.String("name", false, 200).value_or("");
  in.region = f.String("region", false, 6).value_or("");
  if (const json::array* ids = f.Array("place_ids", false)) {
    for (size_t i = 0; i < ids->size(); ++i) {
      if (!(*ids)[i].is_string()) {
        f.Error("$.place_ids[" + std::to_string(i) + "]", "must be a string");
        continue;
      }
      in.place_ids.emplace_back((*ids)[i].as_string());
    }
  }
  in.level = f.String("level", true, 10).value_or("");
  in.from_ms = ReadInstant(f, "from", false).value_or(0);
  in.to_ms = ReadInstant(f, "to", true).value_or(0);
  return in;
}

// The area a publication body describes (every field error in one round trip).
Result<NewRiskArea> ReadArea(const TraceDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(json::object body, http::ParseObject(req));
  http::FieldReader f(body);
  NewRiskArea in = ReadRiskArea(f);
  if (!f.ok()) {  // report the service's findings too, so one round trip shows every error
    for (auto& e : d.areas.Validate(in))
      if (e.path != "$.to" && e.path != "$.from") f.Error(e.path, e.message);
    return f.status();
  }
  return in;
}

Result<Response> PreviewRiskArea(const TraceDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(NewRiskArea in, ReadArea(d, req));
  OW_ASSIGN_OR_RETURN(Impact impact, d.areas.Preview(*req.principal, in));
  Response r = http::JsonResponse(200, ImpactJson(impact));
  r.Set("Cache-Control", "no-store");
  return r;
}

Result<Response> PublishRiskArea(const TraceDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(NewRiskArea in, ReadArea(d, req));
  OW_ASSIGN_OR_RETURN(auto a, d.areas.Publish(*req.principal, in));
  json::object o = AreaJson(a, d.places);
  o["affected"] = a.affected;
  Response r = http::JsonResponse(201, o);
  r.Set("Location", "/api/v1/risk-areas/" + a.id);
  return r;
}

Result<Response> ListRiskAreas(const TraceDeps& d, Request& req) {
  bool all = req.Query("all").value_or("") == "1";
  OW_ASSIGN_OR_RETURN(std::vector<RiskArea> list, d.areas.List(all));
  json::array a;
  for (const auto& x : list) a.push_back(AreaJson(x, d.places));
  // The ETag covers the areas, not `as_of`: an unchanged list revalidates (304) and the
  // cached copy keeps the time it was first produced.
  const std::string tag = http::BodyETag(json::serialize(a));
  Response r = http::JsonResponse(
      200, {{"risk_areas", std::move(a)}, {"as_of", FormatRfc3339(d.clock.NowMillis())}});
  r.Set("Cache-Control", "no-cache");  // a lifted area must disappear at once
  http::AnswerNotModified(req, r, tag);
  return r;
}

Result<Response> RiskAreaFeed(const TraceDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(std::vector<RiskArea> list, d.areas.List(true, kMaxFeedEntries));
  Response r = Response::Text(200, RiskAreaAtom(list, req.path, d.clock.NowMillis()),
                              "application/atom+xml; charset=utf-8");
  r.Set("Cache-Control", "public, max-age=60");
  return r;
}

Result<Response> GetRiskArea(const TraceDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(RiskArea a, d.areas.Get(req.Param("id")));
  return http::JsonResponse(200, AreaJson(a, d.places));
}

Result<Response> LiftRiskArea(const TraceDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(RiskArea a, d.areas.Lift(*req.principal, req.Param("id")));
  return http::JsonResponse(200, AreaJson(a, d.places));
}

}  // namespace

void RegisterTraceRoutes(http::Router& router, const TraceDeps& deps) {
  const auto officials = http::Roles({Role::kHealthOfficial});
  const auto reporters = http::Roles({Role::kHealthOfficial, Role::kDepartmentSystem});
  const auto everyone = http::Public();
  http::AddRoutes<TraceDeps>(
      router, deps,
      {
          {Method::kPost, "/api/v1/cases", reporters, ReportCase},
          {Method::kPost, "/api/v1/cases/preview", reporters, PreviewCase},
          {Method::kGet, "/api/v1/cases", reporters, ListCases},
          {Method::kGet, "/api/v1/cases/{id}", reporters, GetCase},
          {Method::kPost, "/api/v1/cases/{id}/status", officials, SetCaseStatus},
          {Method::kPost, "/api/v1/cases/{id}/trace", officials, RetraceCase},
          {Method::kGet, "/api/v1/cases/{id}/contacts", officials, CaseContacts},
          {Method::kPost, "/api/v1/risk-areas", officials, PublishRiskArea},
          {Method::kPost, "/api/v1/risk-areas/preview", officials, PreviewRiskArea},
          {Method::kGet, "/api/v1/risk-areas", everyone, ListRiskAreas},
          {Method::kGet, "/api/v1/risk-areas.atom", everyone, RiskAreaFeed},
          {Method::kGet, "/api/v1/risk-areas/{id}", everyone, GetRiskArea},
          {Method::kPost, "/api/v1/risk-areas/{id}/lift", officials, LiftRiskArea},
      });
}

}  // namespace ow::trace
