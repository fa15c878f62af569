#include "trace/routes.h"

#include "http/json.h"
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

}  // namespace

void RegisterTraceRoutes(http::Router& router, TraceDeps d) {
  auto officials = http::Roles({Role::kHealthOfficial});

  router.Add(Method::kPost, "/api/v1/cases",
             http::Roles({Role::kHealthOfficial, Role::kDepartmentSystem}), [d](Request& req) {
               auto body = http::ParseObject(req);
               if (!body.ok()) return http::Problem(body.status(), req.path);
               http::FieldReader f(*body);
               f.RejectUnknown({"id_number", "status", "onset_date", "reporting_unit", "note"});
               auto id_number = f.String("id_number", true, 40);
               NewCase in;
               in.status = f.String("status", true, 20).value_or("");
               auto onset = f.DateField("onset_date", true);
               in.reporting_unit = f.String("reporting_unit", false, 200).value_or("");
               in.note = f.String("note", false, 2000).value_or("");
               if (!in.status.empty() && !CaseService::ValidStatus(in.status))
                 f.Error("$.status", "must be suspected, confirmed, asymptomatic or excluded");
               if (!f.ok()) return http::Problem(f.status(), req.path);
               in.onset = *onset;
               auto person = d.identity.FindByIdNumber(*id_number);
               if (!person.ok())
                 return http::Problem(
                     Status::Invalid("unknown person",
                                     {{"$.id_number", "no person is registered with this ID"}}),
                     req.path);
               in.person_id = *person;
               auto c = d.cases.Report(*req.principal, in);
               if (!c.ok()) return http::Problem(c.status(), req.path);
               Response r = http::JsonResponse(201, CaseJson(*c));
               r.Set("Location", "/api/v1/cases/" + c->id);
               return r;
             });

  router.Add(Method::kGet, "/api/v1/cases",
             http::Roles({Role::kHealthOfficial, Role::kDepartmentSystem}), [d](Request& req) {
               auto list = d.cases.List(*req.principal, 500);
               if (!list.ok()) return http::Problem(list.status(), req.path);
               json::array a;
               for (const auto& c : *list) a.push_back(CaseJson(c));
               return http::JsonResponse(200, {{"cases", std::move(a)}});
             });

  router.Add(Method::kGet, "/api/v1/cases/{id}",
             http::Roles({Role::kHealthOfficial, Role::kDepartmentSystem}), [d](Request& req) {
               auto c = d.cases.Get(*req.principal, req.Param("id"));
               if (!c.ok()) return http::Problem(c.status(), req.path);
               return http::JsonResponse(200, CaseJson(*c));
             });

  router.Add(Method::kPost, "/api/v1/cases/{id}/status", officials, [d](Request& req) {
    auto body = http::ParseObject(req);
    if (!body.ok()) return http::Problem(body.status(), req.path);
    http::FieldReader f(*body);
    f.RejectUnknown({"status", "note"});
    auto status = f.String("status", true, 20);
    auto note = f.String("note", false, 2000).value_or("");
    if (status && !CaseService::ValidStatus(*status))
      f.Error("$.status", "must be suspected, confirmed, asymptomatic or excluded");
    if (!f.ok()) return http::Problem(f.status(), req.path);
    auto c = d.cases.SetStatus(*req.principal, req.Param("id"), *status, note);
    if (!c.ok()) return http::Problem(c.status(), req.path);
    return http::JsonResponse(200, CaseJson(*c));
  });

  router.Add(Method::kPost, "/api/v1/cases/{id}/trace", officials, [d](Request& req) {
    auto c = d.cases.Retrace(*req.principal, req.Param("id"));
    if (!c.ok()) return http::Problem(c.status(), req.path);
    return http::JsonResponse(200, CaseJson(*c));
  });

  router.Add(Method::kGet, "/api/v1/cases/{id}/contacts", officials, [d](Request& req) {
    auto contacts = d.cases.Contacts(*req.principal, req.Param("id"), req.remote_ip);
    if (!contacts.ok()) return http::Problem(contacts.status(), req.path);
    json::array a;
    for (const auto& k : *contacts) {
      json::array ev;
      for (const auto& e : k.evidence) {
        json::object o{{"place_id", e.place_id},
                       {"case_from", FormatRfc3339(e.case_from_ms)},
                       {"case_to", FormatRfc3339(e.case_to_ms)},
                       {"contact_from", FormatRfc3339(e.contact_from_ms)},
                       {"contact_to", FormatRfc3339(e.contact_to_ms)},
                       {"case_entry_only", e.case_entry_only},
                       {"contact_entry_only", e.contact_entry_only}};
        if (auto pl = d.places.Get(e.place_id); pl.ok()) o["place_name"] = pl->name;
        ev.push_back(std::move(o));
      }
      json::object o{{"masked_name", k.masked_name},
                     {"level", k.level},
                     {"first_contact", FormatRfc3339(k.first_contact_ms)},
                     {"evidence", std::move(ev)}};
      if (!k.via_masked_name.empty()) o["via_masked_name"] = k.via_masked_name;
      a.push_back(std::move(o));
    }
    return http::JsonResponse(200, {{"case_id", req.Param("id")}, {"contacts", std::move(a)}});
  });

  router.Add(Method::kPost, "/api/v1/risk-areas", officials, [d](Request& req) {
    auto body = http::ParseObject(req);
    if (!body.ok()) return http::Problem(body.status(), req.path);
    http::FieldReader f(*body);
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
    if (!f.ok()) {  // report the service's findings too, so one round trip shows every error
      for (auto& e : d.areas.Validate(in))
        if (e.path != "$.to" && e.path != "$.from") f.Error(e.path, e.message);
      return http::Problem(f.status(), req.path);
    }
    auto a = d.areas.Publish(*req.principal, in);
    if (!a.ok()) return http::Problem(a.status(), req.path);
    json::object o = AreaJson(*a, d.places);
    o["affected"] = a->affected;
    Response r = http::JsonResponse(201, o);
    r.Set("Location", "/api/v1/risk-areas/" + a->id);
    return r;
  });

  router.Add(Method::kGet, "/api/v1/risk-areas", http::Public(), [d](Request& req) {
    bool all = req.Query("all").value_or("") == "1";
    auto list = d.areas.List(all);
    if (!list.ok()) return http::Problem(list.status(), req.path);
    json::array a;
    for (const auto& x : *list) a.push_back(AreaJson(x, d.places));
    Response r = http::JsonResponse(
        200, {{"risk_areas", std::move(a)}, {"as_of", FormatRfc3339(d.clock.NowMillis())}});
    r.Set("Cache-Control", "no-cache");  // a lifted area must disappear at once
    return r;
  });

  router.Add(Method::kGet, "/api/v1/risk-areas.atom", http::Public(), [d](Request& req) {
    auto list = d.areas.List(true, 100);
    if (!list.ok()) return http::Problem(list.status(), req.path);
    Response r = Response::Text(200, RiskAreaAtom(*list, req.path, d.clock.NowMillis()),
                                "application/atom+xml; charset=utf-8");
    r.Set("Cache-Control", "public, max-age=60");
    return r;
  });

  router.Add(Method::kGet, "/api/v1/risk-areas/{id}", http::Public(), [d](Request& req) {
    auto a = d.areas.Get(req.Param("id"));
    if (!a.ok()) return http::Problem(a.status(), req.path);
    return http::JsonResponse(200, AreaJson(*a, d.places));
  });

  router.Add(Method::kPost, "/api/v1/risk-areas/{id}/lift", officials, [d](Request& req) {
    auto a = d.areas.Lift(*req.principal, req.Param("id"));
    if (!a.ok()) return http::Problem(a.status(), req.path);
    return http::JsonResponse(200, AreaJson(*a, d.places));
  });
}

}  // namespace ow::trace
