// The citizen's own routes: declarations, corrections, check-ins, colour, timeline, appeals.
#include "healthcode/route_parts.h"

#include "healthcode/inputs.h"
#include "healthcode/json_views.h"
#include "http/json.h"

namespace ow::healthcode {

namespace json = boost::json;
using http::Method;
using http::Request;
using http::Response;

namespace {

const std::string& Me(const Request& req) { return req.principal->person_id; }

Response Declare(HealthCodeService& svc, const Clock& clock, Request& req, bool correction) {
  auto body = http::ParseObject(req);
  if (!body.ok()) return http::Problem(body.status(), req.path);
  auto rules = svc.rules();
  std::string corrects;
  Result<Declaration> d =
      correction ? ReadDeclaration(*body, *rules, clock.NowMillis(), {"declaration_id"})
                 : ReadDeclaration(*body, *rules, clock.NowMillis());
  if (correction) {
    auto* id = body->if_contains("declaration_id");
    if (!id || !id->is_string() || id->get_string().empty()) {
      std::vector<FieldError> errors = d.ok() ? std::vector<FieldError>{} : d.status().fields();
      errors.push_back({"$.declaration_id", "is required"});
      return http::Problem(Status::Invalid("correction is invalid", errors), req.path);
    }
    corrects = std::string(id->get_string());
  }
  if (!d.ok()) return http::Problem(d.status(), req.path);
  auto r = correction ? svc.Correct(Me(req), corrects, std::move(d).value())
                      : svc.Declare(Me(req), std::move(d).value());
  if (!r.ok()) return http::Problem(r.status(), req.path);
  json::object o = ColourJson(r->state);
  o["declaration_id"] = r->id;
  if (correction) o["corrects"] = corrects;
  Response resp = http::JsonResponse(201, o);
  resp.Set("Location", "/api/v1/me/declarations");
  return resp;
}

Response ListDeclarations(HealthCodeService& svc, Request& req) {
  auto list = svc.Declarations(Me(req));
  if (!list.ok()) return http::Problem(list.status(), req.path);
  json::array a;
  for (const auto& d : *list) a.push_back(DeclarationRecordJson(d));
  return http::JsonResponse(200, {{"declarations", std::move(a)}});
}

Response CheckInRoute(HealthCodeService& svc, Request& req) {
  auto body = http::ParseObject(req);
  if (!body.ok()) return http::Problem(body.status(), req.path);
  auto c = ReadCheckIn(*body, *svc.rules());
  if (!c.ok()) return http::Problem(c.status(), req.path);
  auto r = svc.CheckIn(Me(req), *c);
  if (!r.ok()) return http::Problem(r.status(), req.path);
  json::object o = ColourJson(r->state);
  o["checkin_id"] = r->id;
  return http::JsonResponse(201, o);
}

Response ColourRoute(HealthCodeService& svc, Request& req) {
  auto s = svc.Current(Me(req));
  if (!s.ok()) return http::Problem(s.status(), req.path);
  return http::JsonResponse(200, ColourJson(*s));
}

Response TimelineRoute(HealthCodeService& svc, Request& req) {
  // Current() first, so a change that is due (quarantine over) is in the timeline.
  auto s = svc.Current(Me(req));
  if (!s.ok()) return http::Problem(s.status(), req.path);
  auto t = svc.Timeline(Me(req));
  if (!t.ok()) return http::Problem(t.status(), req.path);
  json::array a;
  for (const auto& e : *t) a.push_back(TimelineEntryJson(e));
  return http::JsonResponse(200,
                            {{"colour", codes::ColourName(s->colour)}, {"timeline", std::move(a)}});
}

Response AppealRoute(HealthCodeService& svc, Request& req) {
  auto body = http::ParseObject(req);
  if (!body.ok()) return http::Problem(body.status(), req.path);
  http::FieldReader f(*body);
  f.RejectUnknown({"text"});
  auto text = f.String("text", true, 4000);
  if (text && text->empty()) f.Error("$.text", "must not be empty");
  if (!f.ok()) return http::Problem(f.status(), req.path);
  auto r = svc.Appeal(Me(req), *text);
  if (!r.ok()) return http::Problem(r.status(), req.path);
  Response resp = http::JsonResponse(
      201,
      {{"appeal_id", r->id}, {"status", "open"}, {"colour", codes::ColourName(r->state.colour)}});
  resp.Set("Location", "/api/v1/me/appeals");
  return resp;
}

Response ListAppeals(HealthCodeService& svc, Request& req) {
  auto list = svc.Appeals(Me(req));
  if (!list.ok()) return http::Problem(list.status(), req.path);
  json::array a;
  for (const auto& x : *list) a.push_back(AppealJson(x));
  return http::JsonResponse(200, {{"appeals", std::move(a)}});
}

}  // namespace

void RegisterCitizenRoutes(http::Router& router, HealthCodeService& svc) {
  const Clock& clock = svc.clock();
  auto any = http::AnyUser();
  router.Add(Method::kPost, "/api/v1/me/declarations", any,
             [&svc, &clock](Request& r) { return Declare(svc, clock, r, false); });
  router.Add(Method::kGet, "/api/v1/me/declarations", any,
             [&svc](Request& r) { return ListDeclarations(svc, r); });
  router.Add(Method::kPost, "/api/v1/me/corrections", any,
             [&svc, &clock](Request& r) { return Declare(svc, clock, r, true); });
  router.Add(Method::kPost, "/api/v1/me/checkins", any,
             [&svc](Request& r) { return CheckInRoute(svc, r); });
  router.Add(Method::kGet, "/api/v1/me/colour", any,
             [&svc](Request& r) { return ColourRoute(svc, r); });
  router.Add(Method::kGet, "/api/v1/me/colour/timeline", any,
             [&svc](Request& r) { return TimelineRoute(svc, r); });
  router.Add(Method::kPost, "/api/v1/me/appeals", any,
             [&svc](Request& r) { return AppealRoute(svc, r); });
  router.Add(Method::kGet, "/api/v1/me/appeals", any,
             [&svc](Request& r) { return ListAppeals(svc, r); });
}

}  // namespace ow::healthcode
