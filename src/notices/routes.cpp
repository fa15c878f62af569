#include "notices/routes.h"

#include <set>

#include "core/time.h"
#include "crypto/crypto.h"
#include "http/conditional.h"
#include "http/json.h"
#include "http/route_table.h"
#include "notices/feeds.h"

namespace ow::notices {

namespace json = boost::json;
using http::Method;
using http::Request;
using http::Response;

namespace {

// Browsers and shared caches may store the page but revalidate it on every use: a new or
// corrected notice shows at once, and an unchanged page costs a 304 from memory.
constexpr char kCacheControl[] = "public, no-cache";
constexpr size_t kMaxNote = 500;

json::array Strings(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

json::object VersionJson(const NoticeVersion& v, bool valid) {
  const NoticeContent& c = v.content;
  return {{"version", v.version},
          {"title_zh", c.title_zh},
          {"title_en", c.title_en},
          {"body_zh", c.body_zh},
          {"body_en", c.body_en},
          {"severity", c.severity},
          {"hotlines", Strings(c.hotlines)},
          {"valid_from", FormatRfc3339(c.valid_from_ms)},
          {"valid_to", FormatRfc3339(c.valid_to_ms)},
          {"note", v.note},
          {"created_at", FormatRfc3339(v.created_at_ms)},
          {"signature", json::object{{"alg", "EdDSA"},
                                     {"key_id", v.key_id},
                                     {"value", v.signature},
                                     {"signed", v.CanonicalForm()},
                                     {"valid", valid}}}};
}

json::object NoticeJson(const NoticesDeps& d, const Notice& n) {
  json::object o{{"notice_id", n.id},
                 {"region", n.region},
                 {"status", n.status},
                 {"version", n.version},
                 {"published_at", FormatRfc3339(n.published_at_ms)},
                 {"updated_at", FormatRfc3339(n.updated_at_ms)},
                 {"current", VersionJson(n.current, d.notices.Verify(n.current))}};
  o["withdrawn_at"] =
      n.withdrawn_at_ms ? json::value(FormatRfc3339(*n.withdrawn_at_ms)) : json::value(nullptr);
  o["withdraw_reason"] = n.withdraw_reason;
  return o;
}

NoticeContent ReadContent(http::FieldReader& f) {
  NoticeContent c;
  c.title_zh = f.String("title_zh", true, 200).value_or("");
  c.title_en = f.String("title_en", true, 200).value_or("");
  c.body_zh = f.String("body_zh", true, 8000, http::TextKind::kLines).value_or("");
  c.body_en = f.String("body_en", true, 8000, http::TextKind::kLines).value_or("");
  c.severity = f.String("severity", true, 20).value_or("");
  if (const json::array* a = f.Array("hotlines", false)) {
    for (size_t i = 0; i < a->size(); ++i) {
      if (!(*a)[i].is_string()) {
        f.Error("$.hotlines[" + std::to_string(i) + "]", "must be a string", "bad_type");
        continue;
      }
      c.hotlines.emplace_back((*a)[i].as_string());
    }
  }
  c.valid_from_ms = f.Timestamp("valid_from", true).value_or(0);
  c.valid_to_ms = f.Timestamp("valid_to", true).value_or(0);
  return c;
}

// The reader's field errors plus the service's on fields the reader found no fault with.
Status ContentErrors(const NoticesDeps& d, http::FieldReader& f, const NoticeContent& c) {
  for (auto& e : d.notices.Validate(c)) {
    bool known = false;
    for (const auto& x : f.errors()) known = known || x.path == e.path;
    if (!known && (e.path != "$.valid_to" || f.errors().empty()))
      f.Error(e.path, e.message, e.code);
  }
  return f.status();
}

Response NoticeCreated(const NoticesDeps& d, const Notice& n, int status) {
  Response r = http::JsonResponse(status, NoticeJson(d, n));
  r.Set("Location", "/api/v1/notices/" + n.id);
  return r;
}

Result<Response> PublishNotice(const NoticesDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(json::object body, http::ParseObject(req));
  http::FieldReader f(body);
  f.RejectUnknown({"region", "title_zh", "title_en", "body_zh", "body_en", "severity", "hotlines",
                   "valid_from", "valid_to"});
  std::string region = f.String("region", true, 6).value_or("");
  NoticeContent c = ReadContent(f);
  if (!f.ok()) {
    if (!region.empty() && !NoticeService::ValidRegion(region))
      f.Error("$.region", "must be a region code (2, 4 or 6 digits)", "bad_region");
    return ContentErrors(d, f, c);
  }
  OW_ASSIGN_OR_RETURN(Notice n, d.notices.Publish(*req.principal, region, c));
  return NoticeCreated(d, n, 201);
}

Result<Response> CorrectNotice(const NoticesDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(json::object body, http::ParseObject(req));
  http::FieldReader f(body);
  f.RejectUnknown({"title_zh", "title_en", "body_zh", "body_en", "severity", "hotlines",
                   "valid_from", "valid_to", "note"});
  NoticeContent c = ReadContent(f);
  std::string note = f.String("note", true, kMaxNote, http::TextKind::kLines).value_or("");
  if (!f.ok()) return ContentErrors(d, f, c);
  OW_ASSIGN_OR_RETURN(Notice n, d.notices.Correct(*req.principal, req.Param("id"), c, note));
  return NoticeCreated(d, n, 201);
}

Result<Response> WithdrawNotice(const NoticesDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(json::object body, http::ParseObject(req));
  http::FieldReader f(body);
  f.RejectUnknown({"reason"});
  std::string reason = f.String("reason", true, kMaxNote, http::TextKind::kLines).value_or("");
  OW_RETURN_IF_ERROR(f.status());
  OW_ASSIGN_OR_RETURN(Notice n, d.notices.Withdraw(*req.principal, req.Param("id"), reason));
  return http::JsonResponse(200, NoticeJson(d, n));
}

// An official's notices: those of the regions in their scopes (all for an unscoped grant).
Result<Response> ListNotices(const NoticesDeps& d, Request& req) {
  json::array a;
  std::set<std::string> ids;
  for (const auto& scope : req.principal->Scopes(Role::kHealthOfficial)) {
    if (!scope.empty() && !NoticeService::ValidRegion(scope)) continue;
    OW_ASSIGN_OR_RETURN(std::vector<Notice> list, d.notices.ListWithin(scope));
    for (const auto& n : list)
      if (ids.insert(n.id).second) a.push_back(NoticeJson(d, n));
  }
  return http::JsonResponse(200, {{"notices", std::move(a)}});
}

Result<Response> GetNotice(const NoticesDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(Notice n, d.notices.Get(req.Param("id")));
  return http::JsonResponse(200, NoticeJson(d, n));
}

Result<Response> NoticeVersions(const NoticesDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(std::vector<NoticeVersion> list, d.notices.Versions(req.Param("id")));
  json::array a;
  for (const auto& v : list) a.push_back(VersionJson(v, d.notices.Verify(v)));
  return http::JsonResponse(200, {{"notice_id", req.Param("id")}, {"versions", std::move(a)}});
}

Result<Response> NoticeCapAlert(const NoticesDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(Notice n, d.notices.Get(req.Param("id")));
  if (n.current.content.severity != "urgent")
    return Status::NotFound("CAP alerts are issued for urgent notices only");
  OW_ASSIGN_OR_RETURN(std::vector<NoticeVersion> versions, d.notices.Versions(n.id));
  Response r = Response::Text(200, NoticeCap(n, versions), "application/cap+xml; charset=utf-8");
  r.Set("Cache-Control", "no-cache");
  return r;
}

Result<Response> SigningKeyInfo(const NoticesDeps& d, Request&) {
  const SigningKey& k = d.notices.key();
  return http::JsonResponse(200,
                            {{"key_id", k.key_id},
                             {"alg", "EdDSA"},
                             {"jwk", json::object{{"kty", "OKP"},
                                                  {"crv", "Ed25519"},
                                                  {"kid", k.key_id},
                                                  {"x", crypto::Base64UrlEncode(k.public_key)}}}});
}

// 304 when the client's If-None-Match names the current ETag; else the body.
Response Conditional(const Request& req, const Rendered& r, std::string content_type) {
  Response out = Response::Text(200, r.body, std::move(content_type));
  http::AnswerNotModified(req, out, r.etag);
  out.Set("Cache-Control", kCacheControl);
  out.Set("Vary", "Accept-Encoding");
  return out;
}

Result<Response> RegionAtom(const NoticesDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto r, d.portal.Atom(req.Param("code"), req.path));
  return Conditional(req, *r, "application/atom+xml; charset=utf-8");
}

Result<Response> RegionJsonFeed(const NoticesDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto r, d.portal.JsonFeed(req.Param("code"), req.path));
  return Conditional(req, *r, "application/feed+json; charset=utf-8");
}

Result<Response> RegionPortal(const NoticesDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto r, d.portal.Portal(req.Param("code")));
  return Conditional(req, *r, "application/json");
}

}  // namespace

void RegisterNoticesRoutes(http::Router& router, const NoticesDeps& deps) {
  const auto officials = http::Roles({Role::kHealthOfficial});
  const auto everyone = http::Public();
  http::AddRoutes<NoticesDeps>(
      router, deps,
      {
          {Method::kPost, "/api/v1/notices", officials, PublishNotice},
          {Method::kGet, "/api/v1/notices", officials, ListNotices},
          {Method::kGet, "/api/v1/notices/signing-key", everyone, SigningKeyInfo},
          {Method::kGet, "/api/v1/notices/{id}", everyone, GetNotice},
          {Method::kGet, "/api/v1/notices/{id}/versions", everyone, NoticeVersions},
          {Method::kPost, "/api/v1/notices/{id}/versions", officials, CorrectNotice},
          {Method::kPost, "/api/v1/notices/{id}/withdraw", officials, WithdrawNotice},
          {Method::kGet, "/api/v1/notices/{id}/cap.xml", everyone, NoticeCapAlert},
          {Method::kGet, "/api/v1/regions/{code}/notices.atom", everyone, RegionAtom},
          {Method::kGet, "/api/v1/regions/{code}/notices.json", everyone, RegionJsonFeed},
          {Method::kGet, "/api/v1/regions/{code}/portal", everyone, RegionPortal},
      });
}

}  // namespace ow::notices
