#include "exchange/citizen_routes.h"

#include <map>

#include "core/time.h"
#include "http/json.h"
#include "http/route_table.h"

namespace ow::exchange {

namespace json = boost::json;
using http::Method;
using http::Request;
using http::Response;

namespace {

struct Me {
  std::string person_id;
  std::string id_number;
  std::string person_index;
};

Result<Me> MeOf(const CitizenRoutesDeps& d, const Request& req) {
  Me me;
  me.person_id = req.principal->person_id;
  OW_ASSIGN_OR_RETURN(identity::Profile profile, d.identity.GetOwnProfile(me.person_id));
  me.id_number = profile.id_number;
  me.person_index = PersonIndex(d.index_key, me.id_number);
  return me;
}

json::object ConsentJson(const Consent& c, int64_t now) {
  json::object o{{"id", c.id},
                 {"client", c.client},
                 {"service", c.service_id},
                 {"purpose", c.purpose},
                 {"granted_at", FormatRfc3339(c.granted_at_ms)},
                 {"valid_until", FormatRfc3339(c.valid_until_ms)},
                 {"status", c.StatusAt(now)}};
  o["revoked_at"] =
      c.revoked_at_ms ? json::value(FormatRfc3339(*c.revoked_at_ms)) : json::value(nullptr);
  return o;
}

json::object DisputeJson(const Dispute& d, int64_t now) {
  json::object o{{"id", d.id},
                 {"use_id", d.use.id},
                 {"reason", d.reason},
                 {"status", d.StatusName()},
                 {"created_at", FormatRfc3339(d.created_at_ms)},
                 {"due_at", FormatRfc3339(d.due_at_ms)},
                 {"overdue", d.OverdueAt(now)}};
  o["response"] = d.response ? json::value(*d.response) : json::value(nullptr);
  o["responded_at"] =
      d.responded_at_ms ? json::value(FormatRfc3339(*d.responded_at_ms)) : json::value(nullptr);
  return o;
}

json::object UseJson(const DataUse& u) {
  return {{"id", u.id},     {"at", FormatRfc3339(u.at_ms)}, {"channel", u.channel}, {"who", u.who},
          {"unit", u.unit}, {"purpose", u.purpose},         {"fields", u.fields}};
}

Result<Response> ListConsents(const CitizenRoutesDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(Me me, MeOf(d, req));
  OW_ASSIGN_OR_RETURN(auto consents, d.consents.List(me.person_index));
  const int64_t now = d.clock.NowMillis();
  json::array a;
  for (const auto& c : consents) a.push_back(ConsentJson(c, now));
  return http::JsonResponse(200, {{"consents", std::move(a)}});
}

Result<Response> GrantConsent(const CitizenRoutesDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(json::object body, http::ParseObject(req));
  http::FieldReader f(body);
  f.RejectUnknown({"client", "service", "purpose", "valid_until"});
  auto client = f.String("client", true, 400);
  auto service = f.String("service", true, 500);
  auto purpose = f.String("purpose", true, kMaxPurposeLength);
  auto until = f.Timestamp("valid_until", true);
  OW_RETURN_IF_ERROR(f.status());
  OW_ASSIGN_OR_RETURN(Me me, MeOf(d, req));
  OW_ASSIGN_OR_RETURN(
      Consent c,
      d.consents.Grant(me.person_index, {*client, *service, *purpose, *until}, me.person_id));
  return http::JsonResponse(201, ConsentJson(c, d.clock.NowMillis()));
}

Result<Response> RevokeConsent(const CitizenRoutesDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(Me me, MeOf(d, req));
  OW_ASSIGN_OR_RETURN(Consent c, d.consents.Revoke(me.person_index, req.Param("id"), me.person_id));
  return http::JsonResponse(200, ConsentJson(c, d.clock.NowMillis()));
}

// Query parameters of the record: channel, from, to (RFC 3339), limit, format.
Result<DataUseFilter> FilterOf(const Request& req, bool& csv) {
  std::vector<FieldError> errors;
  DataUseFilter f;
  if (auto c = req.Query("channel"); c && !c->empty()) {
    if (*c != "official" && *c != "exchange" && *c != "sso")
      errors.push_back({"$.channel", "must be official, exchange or sso", "invalid"});
    else
      f.channel = *c;
  }
  if (auto from = req.Query("from"); from && !from->empty()) {
    auto ms = ParseRfc3339(*from);
    if (!ms)
      errors.push_back({"$.from", "must be an RFC 3339 timestamp", "invalid"});
    else
      f.from_ms = *ms;
  }
  if (auto to = req.Query("to"); to && !to->empty()) {
    auto ms = ParseRfc3339(*to);
    if (!ms)
      errors.push_back({"$.to", "must be an RFC 3339 timestamp", "invalid"});
    else
      f.to_ms = *ms;
  }
  if (errors.empty() && f.to_ms <= f.from_ms)
    errors.push_back({"$.to", "must be after from", "invalid"});
  if (auto limit = req.Query("limit"); limit && !limit->empty()) {
    int n = 0;
    bool digits = limit->size() <= 4 && limit->find_first_not_of("0123456789") == std::string::npos;
    if (digits) n = std::stoi(*limit);
    if (!digits || n < 1 || n > kMaxDataUses)
      errors.push_back(
          {"$.limit", "must be an integer 1.." + std::to_string(kMaxDataUses), "invalid"});
    else
      f.limit = n;
  }
  std::string format = req.Query("format").value_or("json");
  if (format != "json" && format != "csv")
    errors.push_back({"$.format", "must be json or csv", "invalid"});
  csv = format == "csv";
  if (!errors.empty()) return Status::Invalid("bad query", std::move(errors));
  return f;
}

// One CSV field (RFC 4180), with a leading = + - @ neutralised so that a spreadsheet does not
// run it as a formula.
std::string CsvField(std::string s) {
  if (!s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@')) s.insert(0, "'");
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

Result<Response> ListDataUses(const CitizenRoutesDeps& d, Request& req) {
  bool csv = false;
  OW_ASSIGN_OR_RETURN(DataUseFilter filter, FilterOf(req, csv));
  OW_ASSIGN_OR_RETURN(Me me, MeOf(d, req));
  OW_ASSIGN_OR_RETURN(DataUses uses, d.uses.ForPerson(me.person_id, me.id_number, filter));
  OW_ASSIGN_OR_RETURN(auto disputes, d.disputes.ForPerson(me.person_id));
  std::map<std::string, const Dispute*> by_use;
  for (const auto& dis : disputes) by_use[dis.use.id] = &dis;
  const int64_t now = d.clock.NowMillis();
  if (csv) {
    std::string out = "id,at,channel,who,unit,purpose,fields,dispute_status,dispute_response\r\n";
    for (const auto& u : uses.uses) {
      auto it = by_use.find(u.id);
      std::string status = it == by_use.end() ? "" : it->second->StatusName();
      std::string response = it == by_use.end() ? "" : it->second->response.value_or("");
      for (const std::string& v :
           {u.id, FormatRfc3339(u.at_ms), u.channel, u.who, u.unit, u.purpose, u.fields, status})
        out += CsvField(v) + ",";
      out += CsvField(response) + "\r\n";
    }
    Response r = Response::Text(200, std::move(out), "text/csv; charset=utf-8");
    r.Set("Content-Disposition", "attachment; filename=\"data-uses.csv\"");
    return r;
  }
  json::array a;
  for (const auto& u : uses.uses) {
    json::object o = UseJson(u);
    auto it = by_use.find(u.id);
    o["disputed"] = it != by_use.end();
    if (it != by_use.end()) o["dispute"] = DisputeJson(*it->second, now);
    a.push_back(std::move(o));
  }
  return http::JsonResponse(200,
                            {{"uses", std::move(a)}, {"exchange_available", uses.exchange_read}});
}

Result<Response> DisputeUse(const CitizenRoutesDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(json::object body, http::ParseObject(req));
  http::FieldReader f(body);
  f.RejectUnknown({"reason"});
  auto reason = f.String("reason", true, kMaxDisputeText, http::TextKind::kLines);
  if (reason && reason->empty()) f.Error("$.reason", "must not be empty", "required");
  OW_RETURN_IF_ERROR(f.status());
  OW_ASSIGN_OR_RETURN(Me me, MeOf(d, req));
  OW_ASSIGN_OR_RETURN(DataUse use, d.uses.Find(me.person_id, me.id_number, req.Param("id")));
  OW_ASSIGN_OR_RETURN(Dispute dis, d.disputes.Open(me.person_id, use, *reason));
  return http::JsonResponse(201, DisputeJson(dis, d.clock.NowMillis()));
}

json::object AdminDisputeJson(const CitizenRoutesDeps& d, const Dispute& dis, int64_t now) {
  json::object o = DisputeJson(dis, now);
  o["use"] = UseJson(dis.use);
  auto summary = d.identity.GetSummary(dis.person_id);
  o["citizen"] = summary.ok() ? summary->masked_name : std::string("—");
  return o;
}

Result<Response> DisputeQueue(const CitizenRoutesDeps& d, Request& req) {
  std::string status = req.Query("status").value_or("open");
  if (status != "open" && status != "answered" && status != "all")
    return Status::Invalid("bad query", {{"$.status", "must be open, answered or all", "invalid"}});
  OW_ASSIGN_OR_RETURN(auto list, d.disputes.Queue(status == "all" ? "" : status));
  const int64_t now = d.clock.NowMillis();
  json::array a;
  int64_t overdue = 0;
  for (const auto& dis : list) {
    overdue += dis.OverdueAt(now) ? 1 : 0;
    a.push_back(AdminDisputeJson(d, dis, now));
  }
  return http::JsonResponse(200, {{"disputes", std::move(a)}, {"overdue", overdue}});
}

Result<Response> RespondToDispute(const CitizenRoutesDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(json::object body, http::ParseObject(req));
  http::FieldReader f(body);
  f.RejectUnknown({"response"});
  auto response = f.String("response", true, kMaxDisputeText, http::TextKind::kLines);
  if (response && response->empty()) f.Error("$.response", "must not be empty", "required");
  OW_RETURN_IF_ERROR(f.status());
  OW_ASSIGN_OR_RETURN(Dispute dis,
                      d.disputes.Respond(req.Param("id"), *response, req.principal->person_id));
  return http::JsonResponse(200, AdminDisputeJson(d, dis, d.clock.NowMillis()));
}

}  // namespace

void RegisterCitizenRoutes(http::Router& router, const CitizenRoutesDeps& deps) {
  const auto citizen = http::Roles({Role::kCitizen});
  const auto admin = http::Roles({Role::kAdmin});
  http::AddRoutes<CitizenRoutesDeps>(
      router, deps,
      {
          {Method::kGet, "/api/v1/me/consents", citizen, ListConsents},
          {Method::kPost, "/api/v1/me/consents", citizen, GrantConsent},
          {Method::kPost, "/api/v1/me/consents/{id}/revoke", citizen, RevokeConsent},
          {Method::kGet, "/api/v1/me/data-uses", citizen, ListDataUses},
          {Method::kPost, "/api/v1/me/data-uses/{id}/dispute", citizen, DisputeUse},
          {Method::kGet, "/api/v1/admin/data-use-disputes", admin, DisputeQueue},
          {Method::kPost, "/api/v1/admin/data-use-disputes/{id}/response", admin, RespondToDispute},
      });
}

}  // namespace ow::exchange
