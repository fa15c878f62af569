#include "issuance/routes.h"

#include <charconv>

#include "codes/qr_render.h"
#include "core/time.h"
#include "http/json.h"
#include "http/route_table.h"

namespace ow::issuance {

namespace json = boost::json;
using http::Method;
using http::Request;
using http::Response;

namespace {

constexpr size_t kMaxPayloadBytes = 8192;

json::object HealthCodeJson(const IssuedCode& code) {
  json::array reasons;
  for (const auto& r : code.state.reasons)
    reasons.push_back({{"code", r.code}, {"zh", r.zh}, {"en", r.en}});
  json::object o{{"colour", codes::ColourName(code.claims.colour)},
                 {"payload", code.payload},
                 {"valid_until", FormatRfc3339(code.claims.expires_at * 1000)},
                 {"issued_at", FormatRfc3339(code.claims.issued_at * 1000)},
                 {"reasons", std::move(reasons)},
                 {"streak", code.state.streak},
                 {"streak_required", code.state.streak_required},
                 {"under_review", code.state.under_review},
                 {"checked_in_today", code.state.checked_in_today},
                 {"hint", {{"zh", code.state.hint.zh}, {"en", code.state.hint.en}}},
                 {"rules_version", code.claims.rules_version},
                 {"issuer", code.claims.issuer},
                 {"kid", code.kid},
                 {"masked_name", code.claims.masked_name},
                 {"masked_id", code.claims.masked_id}};
  o["green_from"] =
      code.state.green_from_date ? json::value(*code.state.green_from_date) : json::value(nullptr);
  o["quarantine_until"] = code.state.quarantine_until_ms
                              ? json::value(FormatRfc3339(*code.state.quarantine_until_ms))
                              : json::value(nullptr);
  return o;
}

Response NoStore(Response r) {
  r.Set("Cache-Control", "no-store");
  return r;
}

Result<Response> MyCode(const IssuanceDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto code, d.issuer.codes().Issue(req.principal->person_id));
  return NoStore(http::JsonResponse(200, HealthCodeJson(code)));
}

// The caption under the code: name, colour and the end of validity in Beijing time (the one
// time zone shown anywhere), in the reader's language (`?lang=en`, else zh-CN); none with
// `?caption=none`.
codes::QrRenderOptions RenderOptions(const IssuedCode& code, const Request& req) {
  codes::QrRenderOptions o;
  o.colour = code.claims.colour;
  const std::string until =
      FormatRfc3339(code.claims.expires_at * 1000 + kShanghaiOffsetSeconds * 1000).substr(11, 5);
  if (req.Query("caption") == "none") return o;  // the page shows the caption itself
  const bool en = req.Query("lang").value_or("").starts_with("en");
  o.label = en ? code.claims.masked_name + " · " + codes::ColourName(code.claims.colour) +
                     " · valid until " + until + " (Beijing)"
               : code.claims.masked_name + " " + codes::ColourNameZh(code.claims.colour) +
                     " 有效至" + until + "（北京时间）";
  return o;
}

Result<Response> MyCodeSvg(const IssuanceDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto code, d.issuer.codes().Issue(req.principal->person_id));
  OW_ASSIGN_OR_RETURN(auto svg, codes::RenderPayloadSvg(code.payload, RenderOptions(code, req)));
  return NoStore(Response::Text(200, std::move(svg), "image/svg+xml"));
}

Result<Response> MyCodePng(const IssuanceDeps& d, Request& req) {
  int scale = 6;
  if (auto q = req.Query("scale")) {
    auto [end, ec] = std::from_chars(q->data(), q->data() + q->size(), scale);
    if (ec != std::errc() || end != q->data() + q->size() || scale < 1 || scale > 16)
      return Status::Invalid("bad scale", {{"$.scale", "must be an integer from 1 to 16"}});
  }
  OW_ASSIGN_OR_RETURN(auto code, d.issuer.codes().Issue(req.principal->person_id));
  codes::QrRenderOptions opts = RenderOptions(code, req);
  opts.scale = scale;
  OW_ASSIGN_OR_RETURN(auto png, codes::RenderPayloadPng(code.payload, opts));
  return NoStore(Response::Text(200, codes::ToString(png), "image/png"));
}

json::object CheckJson(const CodeCheck& check) {
  const codes::VerifyResult& r = check.result;
  json::object o{{"valid", r.valid},
                 {"reason", r.reason},
                 {"format", r.format},
                 {"issuer", r.issuer},
                 {"kid", r.kid}};
  o["issued_at"] = r.issued_at ? json::value(FormatRfc3339(r.issued_at * 1000)) : nullptr;
  o["expires"] = r.expires ? json::value(FormatRfc3339(r.expires * 1000)) : nullptr;
  if (r.claims) {
    // Masked data only: never the subject pseudonym or anything unmasked.
    o["colour"] = codes::ColourName(r.claims->colour);
    o["masked_name"] = r.claims->masked_name;
    o["masked_id"] = r.claims->masked_id;
    o["rules_version"] = r.claims->rules_version;
  }
  if (check.live_colour) o["live_colour"] = codes::ColourName(*check.live_colour);
  if (check.colour_changed_since_issue)
    o["colour_changed_since_issue"] = *check.colour_changed_since_issue;
  return o;
}

Result<Response> VerifyCode(const IssuanceDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  http::FieldReader f(body);
  f.RejectUnknown({"payload"});
  auto payload = f.String("payload", true, kMaxPayloadBytes, http::TextKind::kOpaque);
  OW_RETURN_IF_ERROR(f.status());
  OW_ASSIGN_OR_RETURN(auto check,
                      d.issuer.codes().Verify(*payload, req.principal->person_id, req.remote_ip));
  return NoStore(http::JsonResponse(200, CheckJson(check)));
}

Result<Response> PublishTrustList(const IssuanceDeps& d, Request&) {
  OW_ASSIGN_OR_RETURN(auto signed_list, d.issuer.trust().PublishSigned());
  Response r = Response::Json(200, std::move(signed_list));
  r.Set("Cache-Control", "no-cache");
  return r;
}

json::object KeyJson(const IssuerKeyInfo& k) {
  return {{"kid", k.kid},
          {"region", k.region},
          {"generation", k.generation},
          {"public_key", codes::ToBase64(k.public_key)},
          {"not_before", FormatRfc3339(k.not_before * 1000)},
          {"not_after", FormatRfc3339(k.not_after * 1000)}};
}

Result<Response> RotateKeys(const IssuanceDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto rotated,
                      d.issuer.keys().Rotate(req.principal->person_id, req.remote_ip));
  json::array retiring;
  for (const auto& k : rotated.retiring) retiring.push_back(KeyJson(k));
  return http::JsonResponse(
      201, {{"active", KeyJson(rotated.active)}, {"retiring", std::move(retiring)}});
}

json::object ImportedJson(const ImportedRegion& r) {
  json::object o{{"region", r.region},
                 {"root_kid", r.root_kid},
                 {"root_public_key", codes::ToBase64(r.root_public_key)},
                 {"keys", r.keys},
                 {"certificates", r.certificates},
                 {"pinned_at", FormatRfc3339(r.pinned_at_ms)},
                 {"imported_at", FormatRfc3339(r.imported_at_ms)},
                 {"imported_by", r.imported_by}};
  o["list_issued_at"] =
      r.list_issued_at ? json::value(FormatRfc3339(r.list_issued_at * 1000)) : json::value(nullptr);
  return o;
}

Result<Response> ImportTrustList(const IssuanceDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  http::FieldReader f(body);
  f.RejectUnknown({"trust_list", "root_public_key"});
  auto root = f.String("root_public_key", true, 200);
  std::string list_text;
  const json::value* list = body.if_contains("trust_list");
  if (list == nullptr) {
    f.Error("$.trust_list", "is required");
  } else if (list->is_object()) {
    list_text = json::serialize(*list);
  } else if (list->is_string()) {
    list_text = std::string(list->get_string());
  } else {
    f.Error("$.trust_list", "must be a signed trust list (object or JSON text)");
  }
  codes::Bytes root_key;
  if (root) {
    auto decoded = codes::FromBase64(*root);
    if (!decoded.ok() || decoded->size() != 32)
      f.Error("$.root_public_key", "must be a base64 Ed25519 public key (32 bytes)");
    else
      root_key = std::move(decoded).value();
  }
  OW_RETURN_IF_ERROR(f.status());
  auto imported =
      d.issuer.trust().Import(list_text, root_key, req.principal->person_id, req.remote_ip);
  if (!imported.ok()) return imported.status();
  json::object o = ImportedJson(imported->region);
  o["first_import"] = imported->first_import;
  return http::JsonResponse(201, o);
}

Result<Response> ListImports(const IssuanceDeps& d, Request&) {
  OW_ASSIGN_OR_RETURN(auto imports, d.issuer.trust().Imports());
  json::array a;
  for (const auto& r : imports) a.push_back(ImportedJson(r));
  return http::JsonResponse(200, {{"trust_lists", std::move(a)}});
}

}  // namespace

void RegisterIssuanceRoutes(http::Router& router, const IssuanceDeps& deps) {
  const auto any = http::AnyUser();
  const auto everyone = http::Public();
  const auto verifiers = http::Roles(
      {Role::kCheckpointStaff, Role::kHealthOfficial, Role::kDepartmentSystem, Role::kAdmin});
  const auto admin = http::Roles({Role::kAdmin});
  http::AddRoutes<IssuanceDeps>(
      router, deps,
      {
          {Method::kGet, "/api/v1/me/health-code", any, MyCode},
          {Method::kGet, "/api/v1/me/health-code.svg", any, MyCodeSvg},
          {Method::kGet, "/api/v1/me/health-code.png", any, MyCodePng},
          {Method::kPost, "/api/v1/codes/verify", verifiers, VerifyCode},
          {Method::kGet, "/api/v1/trust-list", everyone, PublishTrustList},
          {Method::kPost, "/api/v1/admin/issuer-keys/rotate", admin, RotateKeys},
          {Method::kPost, "/api/v1/admin/trust-lists", admin, ImportTrustList},
          {Method::kGet, "/api/v1/admin/trust-lists", admin, ListImports},
      });
}

}  // namespace ow::issuance
