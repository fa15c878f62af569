// Officials' and systems' routes: the review queue and decisions (health_official, scoped by
// region), department signals, and the rules (public read, admin reload).
#include <boost/json.hpp>

#include "healthcode/json_views.h"
#include "healthcode/route_handlers.h"
#include "healthcode/signal_import.h"
#include "http/json.h"

namespace ow::healthcode {

namespace json = boost::json;
using http::Method;
using http::Request;
using http::Response;

Result<Response> ReviewQueue(const HealthCodeDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto items, d.health_codes.ReviewQueue(*req.principal));
  json::array a;
  for (const auto& i : items) a.push_back(ReviewItemJson(i));
  return http::JsonResponse(200, {{"items", std::move(a)}});
}

Result<Response> DecideReview(const HealthCodeDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  http::FieldReader f(body);
  f.RejectUnknown({"decision", "colour", "reason"});
  auto decision = f.String("decision", true, 20);
  auto colour = f.String("colour", false, 20);
  auto reason = f.String("reason", true, 2000, http::TextKind::kLines);
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
  OW_RETURN_IF_ERROR(f.status());
  in.reason = *reason;
  OW_ASSIGN_OR_RETURN(auto r, d.health_codes.Decide(*req.principal, req.Param("id"), in));
  return http::JsonResponse(200, {{"review_id", r.id},
                                  {"decision", *decision},
                                  {"colour", codes::ColourName(r.state.colour)}});
}

Result<Response> PostSignal(const HealthCodeDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  OW_ASSIGN_OR_RETURN(auto read, ReadSignal(body));
  auto& [id_number, s] = read;
  OW_ASSIGN_OR_RETURN(auto person, d.identity.FindByIdNumber(id_number));
  OW_ASSIGN_OR_RETURN(auto region, d.health_codes.RegionOf(person));
  const Principal& p = *req.principal;
  if (!p.HasInRegion(Role::kDepartmentSystem, region) &&
      !p.HasInRegion(Role::kHealthOfficial, region))
    return Status::Forbidden("this person is outside your regions");
  s.person_id = person;
  OW_ASSIGN_OR_RETURN(auto r, d.health_codes.ApplySignalAs(s, p.person_id));
  // Neither the person's name nor their ID: the sender already knows whom it meant.
  return http::JsonResponse(201, {{"signal_id", r.id},
                                  {"kind", SignalKindName(s.kind)},
                                  {"colour", codes::ColourName(r.state.colour)},
                                  {"version", r.state.version}});
}

namespace {

json::object RulesJson(const Rules& rules) {
  boost::system::error_code ec;
  json::value doc = json::parse(rules.source_json, ec);
  return {{"version", rules.version}, {"rules", ec ? json::value(nullptr) : std::move(doc)}};
}

}  // namespace

Result<Response> GetRules(const HealthCodeDeps& d, Request&) {
  return http::JsonResponse(200, RulesJson(*d.health_codes.rules()));
}

Result<Response> ReloadRules(const HealthCodeDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto r, d.health_codes.ReloadRules(req.principal->person_id));
  return http::JsonResponse(200, {{"version", r->version}, {"reloaded", true}});
}

}  // namespace ow::healthcode
