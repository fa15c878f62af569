// Officials' and systems' routes: the review queue and decisions (health_official, scoped by
// region), department signals, and the rules (public read, admin reload).
#include <boost/json.hpp>

#include "healthcode/json_views.h"
#include "healthcode/route_parts.h"
#include "healthcode/routes.h"
#include "healthcode/signal_import.h"
#include "http/json.h"

namespace ow::healthcode {

namespace json = boost::json;
using http::Method;
using http::Request;
using http::Response;

namespace {

Response Queue(HealthCodeService& svc, Request& req) {
  auto items = svc.ReviewQueue(*req.principal);
  if (!items.ok()) return http::Problem(items.status(), req.path);
  json::array a;
  for (const auto& i : *items) a.push_back(ReviewItemJson(i));
  return http::JsonResponse(200, {{"items", std::move(a)}});
}

Response Decide(HealthCodeService& svc, Request& req) {
  auto body = http::ParseObject(req);
  if (!body.ok()) return http::Problem(body.status(), req.path);
  http::FieldReader f(*body);
  f.RejectUnknown({"decision", "colour", "reason"});
  auto decision = f.String("decision", true, 20);
  auto colour = f.String("colour", false, 20);
  auto reason = f.String("reason", true, 2000);
  ReviewDecisionInput in;
  if (decision && *decision != "approve" && *decision != "override")
    f.Error("$.decision", "must be approve or override");
  in.override_colour = decision && *decision == "override";
  if (in.override_colour && !colour) f.Error("$.colour", "is required to override");
  if (!in.override_colour && colour) f.Error("$.colour", "is only for override");
  if (colour) {
    auto c = codes::ParseColour(*colour);
    if (!c)
      f.Error("$.colour", "must be green, yellow or red");
    else
      in.colour = *c;
  }
  if (reason && reason->empty()) f.Error("$.reason", "must not be empty: write why");
  if (!f.ok()) return http::Problem(f.status(), req.path);
  in.reason = *reason;
  auto r = svc.Decide(*req.principal, req.Param("id"), in);
  if (!r.ok()) return http::Problem(r.status(), req.path);
  return http::JsonResponse(200, {{"review_id", r->id},
                                  {"decision", *decision},
                                  {"colour", codes::ColourName(r->state.colour)}});
}

Response PostSignal(HealthCodeService& svc, identity::IdentityService& identity, Request& req) {
  auto body = http::ParseObject(req);
  if (!body.ok()) return http::Problem(body.status(), req.path);
  auto read = ReadSignal(*body);
  if (!read.ok()) return http::Problem(read.status(), req.path);
  auto& [id_number, s] = *read;
  auto person = identity.FindByIdNumber(id_number);
  if (!person.ok()) return http::Problem(person.status(), req.path);
  auto region = svc.RegionOf(*person);
  if (!region.ok()) return http::Problem(region.status(), req.path);
  const Principal& p = *req.principal;
  if (!p.HasInRegion(Role::kDepartmentSystem, *region) &&
      !p.HasInRegion(Role::kHealthOfficial, *region))
    return http::Problem(Status::Forbidden("this person is outside your regions"), req.path);
  s.person_id = *person;
  auto r = svc.ApplySignalAs(s, p.person_id);
  if (!r.ok()) return http::Problem(r.status(), req.path);
  // Neither the person's name nor their ID: the sender already knows whom it meant.
  return http::JsonResponse(201, {{"signal_id", r->id},
                                  {"kind", SignalKindName(s.kind)},
                                  {"colour", codes::ColourName(r->state.colour)},
                                  {"version", r->state.version}});
}

json::object RulesJson(const Rules& rules) {
  boost::system::error_code ec;
  json::value doc = json::parse(rules.source_json, ec);
  return {{"version", rules.version}, {"rules", ec ? json::value(nullptr) : std::move(doc)}};
}

Response ReloadRules(HealthCodeService& svc, Request& req) {
  auto r = svc.ReloadRules(req.principal->person_id);
  if (!r.ok()) return http::Problem(r.status(), req.path);
  return http::JsonResponse(200, {{"version", (*r)->version}, {"reloaded", true}});
}

}  // namespace

void RegisterOfficialRoutes(http::Router& router, HealthCodeService& svc,
                            identity::IdentityService& identity) {
  auto officials = http::Roles({Role::kHealthOfficial});
  router.Add(Method::kGet, "/api/v1/reviews", officials,
             [&svc](Request& r) { return Queue(svc, r); });
  router.Add(Method::kPost, "/api/v1/reviews/{id}", officials,
             [&svc](Request& r) { return Decide(svc, r); });
  router.Add(Method::kPost, "/api/v1/signals",
             http::Roles({Role::kDepartmentSystem, Role::kHealthOfficial}),
             [&svc, &identity](Request& r) { return PostSignal(svc, identity, r); });
  router.Add(Method::kGet, "/api/v1/rules", http::Public(),
             [&svc](Request&) { return http::JsonResponse(200, RulesJson(*svc.rules())); });
  router.Add(Method::kPost, "/api/v1/admin/rules/reload", http::Roles({Role::kAdmin}),
             [&svc](Request& r) { return ReloadRules(svc, r); });
}

void RegisterHealthCodeRoutes(http::Router& router, HealthCodeService& service,
                              identity::IdentityService& identity) {
  RegisterCitizenRoutes(router, service);
  RegisterOfficialRoutes(router, service, identity);
}

}  // namespace ow::healthcode
