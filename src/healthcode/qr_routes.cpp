#include "healthcode/qr_routes.h"

#include <charconv>

#include "codes/qr_render.h"
#include "core/time.h"
#include "http/json.h"

namespace ow::healthcode {

namespace json = boost::json;
using http::Method;
using http::Request;
using http::Response;

namespace {

constexpr size_t kMaxPayloadBytes = 8192;

const char* ColourZh(Colour c) {
  switch (c) {
    case Colour::kGreen:
      return "绿码";
    case Colour::kYellow:
      return "黄码";
    case Colour::kRed:
      return "红码";
  }
  return "";
}

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

Response MyCode(IssuerService& issuer, Request& req) {
  auto code = issuer.codes().Issue(req.principal->person_id);
  if (!code.ok()) return http::Problem(code.status(), req.path);
  return NoStore(http::JsonResponse(200, HealthCodeJson(*code)));
}

codes::QrRenderOptions RenderOptions(const IssuedCode& code) {
  codes::QrRenderOptions o;
  o.colour = code.claims.colour;
  o.label = code.claims.masked_name + " " + ColourZh(code.claims.colour) + " " +
            FormatRfc3339(code.claims.expires_at * 1000).substr(11, 5) + " UTC";
  return o;
}

Response MyCodeSvg(IssuerService& issuer, Request& req) {
  auto code = issuer.codes().Issue(req.principal->person_id);
  if (!code.ok()) return http::Problem(code.status(), req.path);
  auto svg = codes::RenderPayloadSvg(code->payload, RenderOptions(*code));
  if (!svg.ok()) return http::Problem(svg.status(), req.path);
  return NoStore(Response::Text(200, std::move(svg).value(), "image/svg+xml"));
}

Response MyCodePng(IssuerService& issuer, Request& req) {
  int scale = 6;
  if (auto q = req.Query("scale")) {
    auto [end, ec] = std::from_chars(q->data(), q->data() + q->size(), scale);
    if (ec != std::errc() || end != q->data() + q->size() || scale < 1 || scale > 16)
      return http::Problem(
          Status::Invalid("bad scale", {{"$.scale", "must be an integer from 1 to 16"}}), req.path);
  }
  auto code = issuer.codes().Issue(req.principal->person_id);
  if (!code.ok()) return http::Problem(code.status(), req.path);
  codes::QrRenderOptions opts = RenderOptions(*code);
  opts.scale = scale;
  auto png = codes::RenderPayloadPng(code->payload, opts);
  if (!png.ok()) return http::Problem(png.status(), req.path);
  return NoStore(Response::Text(200, codes::ToString(*png), "image/png"));
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

Response VerifyCode(IssuerService& issuer, Request& req) {
  auto body = http::ParseObject(req);
  if (!body.ok()) return http::Problem(body.status(), req.path);
  http::FieldReader f(*body);
  f.RejectUnknown({"payload"});
  auto payload = f.String("payload", true, kMaxPayloadBytes);
  if (!f.ok()) return http::Problem(f.status(), req.path);
  auto check = issuer.codes().Verify(*payload, req.principal->person_id, req.remote_ip);
  if (!check.ok()) return http::Problem(check.status(), req.path);
  return NoStore(http::JsonResponse(200, CheckJson(*check)));
}

Response PublishTrustList(IssuerService& issuer, Request& req) {
  auto signed_list = issuer.trust().PublishSigned();
  if (!signed_list.ok()) return http::Problem(signed_list.status(), req.path);
  Response r = Response::Json(200, std::move(signed_list).value());
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

Response RotateKeys(IssuerService& issuer, Request& req) {
  auto rotated = issuer.keys().Rotate(req.principal->person_id, req.remote_ip);
  if (!rotated.ok()) return http::Problem(rotated.status(), req.path);
  json::array retiring;
  for (const auto& k : rotated->retiring) retiring.push_back(KeyJson(k));
  return http::JsonResponse(
      201, {{"active", KeyJson(rotated->active)}, {"retiring", std::move(retiring)}});
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

Response ImportTrustList(IssuerService& issuer, Request& req) {
  auto body = http::ParseObject(req);
  if (!body.ok()) return http::Problem(body.status(), req.path);
  http::FieldReader f(*body);
  f.RejectUnknown({"trust_list", "root_public_key"});
  auto root = f.String("root_public_key", true, 200);
  std::string list_text;
  const json::value* list = body->if_contains("trust_list");
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
  if (!f.ok()) return http::Problem(f.status(), req.path);
  auto imported =
      issuer.trust().Import(list_text, root_key, req.principal->person_id, req.remote_ip);
  if (!imported.ok()) return http::Problem(imported.status(), req.path);
  json::object o = ImportedJson(imported->region);
  o["first_import"] = imported->first_import;
  return http::JsonResponse(201, o);
}

Response ListImports(IssuerService& issuer, Request& req) {
  auto imports = issuer.trust().Imports();
  if (!imports.ok()) return http::Problem(imports.status(), req.path);
  json::array a;
  for (const auto& r : *imports) a.push_back(ImportedJson(r));
  return http::JsonResponse(200, {{"trust_lists", std::move(a)}});
}

}  // namespace

void RegisterQrRoutes(http::Router& router, IssuerService& issuer) {
  router.Add(Method::kGet, "/api/v1/me/health-code", http::AnyUser(),
             [&issuer](Request& r) { return MyCode(issuer, r); });
  router.Add(Method::kGet, "/api/v1/me/health-code.svg", http::AnyUser(),
             [&issuer](Request& r) { return MyCodeSvg(issuer, r); });
  router.Add(Method::kGet, "/api/v1/me/health-code.png", http::AnyUser(),
             [&issuer](Request& r) { return MyCodePng(issuer, r); });
  router.Add(Method::kPost, "/api/v1/codes/verify",
             http::Roles({Role::kCheckpointStaff, Role::kHealthOfficial, Role::kDepartmentSystem,
                          Role::kAdmin}),
             [&issuer](Request& r) { return VerifyCode(issuer, r); });
  router.Add(Method::kGet, "/api/v1/trust-list", http::Public(),
             [&issuer](Request& r) { return PublishTrustList(issuer, r); });
  auto admin = http::Roles({Role::kAdmin});
  router.Add(Method::kPost, "/api/v1/admin/issuer-keys/rotate", admin,
             [&issuer](Request& r) { return RotateKeys(issuer, r); });
  router.Add(Method::kPost, "/api/v1/admin/trust-lists", admin,
             [&issuer](Request& r) { return ImportTrustList(issuer, r); });
  router.Add(Method::kGet, "/api/v1/admin/trust-lists", admin,
             [&issuer](Request& r) { return ListImports(issuer, r); });
}

}  // namespace ow::healthcode
