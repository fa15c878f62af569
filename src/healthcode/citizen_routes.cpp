// The citizen's own routes: declarations, corrections, check-ins, colour, timeline, appeals.
#include "healthcode/route_handlers.h"

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

Result<Response> DeclareOrCorrect(const HealthCodeDeps& d, Request& req, bool correction) {
  OW_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  auto rules = d.health_codes.rules();
  int64_t now = d.health_codes.clock().NowMillis();
  std::string corrects;
  Result<Declaration> decl = correction ? ReadDeclaration(body, *rules, now, {"declaration_id"})
                                        : ReadDeclaration(body, *rules, now);
  if (correction) {
    auto* id = body.if_contains("declaration_id");
    if (!id || !id->is_string() || id->get_string().empty()) {
      std::vector<FieldError> errors =
          decl.ok() ? std::vector<FieldError>{} : decl.status().fields();
      errors.push_back({"$.declaration_id", "is required"});
      return Status::Invalid("correction is invalid", errors);
    }
    corrects = std::string(id->get_string());
  }
  if (!decl.ok()) return decl.status();
  OW_ASSIGN_OR_RETURN(
      auto r, correction ? d.health_codes.Correct(Me(req), corrects, std::move(decl).value())
                         : d.health_codes.Declare(Me(req), std::move(decl).value()));
  json::object o = ColourJson(r.state);
  o["declaration_id"] = r.id;
  if (correction) o["corrects"] = corrects;
  Response resp = http::JsonResponse(201, o);
  resp.Set("Location", "/api/v1/me/declarations");
  return resp;
}

}  // namespace

Result<Response> PostDeclaration(const HealthCodeDeps& d, Request& req) {
  return DeclareOrCorrect(d, req, false);
}

Result<Response> PostCorrection(const HealthCodeDeps& d, Request& req) {
  return DeclareOrCorrect(d, req, true);
}

Result<Response> ListDeclarations(const HealthCodeDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto list, d.health_codes.Declarations(Me(req)));
  json::array a;
  for (const auto& x : list) a.push_back(DeclarationRecordJson(x));
  return http::JsonResponse(200, {{"declarations", std::move(a)}});
}

Result<Response> PostCheckIn(const HealthCodeDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  OW_ASSIGN_OR_RETURN(auto c, ReadCheckIn(body, *d.health_codes.rules()));
  OW_ASSIGN_OR_RETURN(auto r, d.health_codes.CheckIn(Me(req), c));
  json::object o = ColourJson(r.state);
  o["checkin_id"] = r.id;
  return http::JsonResponse(201, o);
}

Result<Response> MyColour(const HealthCodeDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto s, d.health_codes.Current(Me(req)));
  return http::JsonResponse(200, ColourJson(s));
}

Result<Response> MyTimeline(const HealthCodeDeps& d, Request& req) {
  // Current() first, so a change that is due (quarantine over) is in the timeline.
  OW_ASSIGN_OR_RETURN(auto s, d.health_codes.Current(Me(req)));
  OW_ASSIGN_OR_RETURN(auto t, d.health_codes.Timeline(Me(req)));
  json::array a;
  for (const auto& e : t) a.push_back(TimelineEntryJson(e));
  return http::JsonResponse(200,
                            {{"colour", codes::ColourName(s.colour)}, {"timeline", std::move(a)}});
}

Result<Response> PostAppeal(const HealthCodeDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  http::FieldReader f(body);
  f.RejectUnknown({"text"});
  auto text = f.String("text", true, 4000, http::TextKind::kLines);
  if (text && text->empty()) f.Error("$.text", "must not be empty", "required");
  OW_RETURN_IF_ERROR(f.status());
  OW_ASSIGN_OR_RETURN(auto r, d.health_codes.Appeal(Me(req), *text));
  Response resp = http::JsonResponse(
      201,
      {{"appeal_id", r.id}, {"status", "open"}, {"colour", codes::ColourName(r.state.colour)}});
  resp.Set("Location", "/api/v1/me/appeals");
  return resp;
}

Result<Response> ListAppeals(const HealthCodeDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto list, d.health_codes.Appeals(Me(req)));
  json::array a;
  for (const auto& x : list) a.push_back(AppealJson(x));
  return http::JsonResponse(200, {{"appeals", std::move(a)}});
}

}  // namespace ow::healthcode
