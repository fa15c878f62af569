// The exchange registry's admin API and public catalogue (see routes.h).
#include "exchange/routes.h"

#include <map>

#include "core/time.h"
#include "crypto/crypto.h"
#include "http/json.h"
#include "http/route_table.h"

namespace ow::exchange {

namespace json = boost::json;
using http::Method;
using http::Request;
using http::Response;

namespace {

constexpr int64_t kDefaultOverlapSeconds = 86400;

json::value Time(int64_t ms) {
  return ms == 0 ? json::value(nullptr) : json::value(FormatRfc3339(ms));
}

json::array Codes(const std::vector<std::string>& codes) {
  json::array a;
  for (const auto& c : codes) a.emplace_back(c);
  return a;
}

json::object KeyJson(const MemberKey& k, int64_t now) {
  return {{"key_id", k.key_id},
          {"public_key", crypto::Base64Encode(k.public_key)},
          {"not_before", FormatRfc3339(k.not_before_ms)},
          {"not_after", Time(k.not_after_ms)},
          {"valid_now", k.not_before_ms <= now && (k.not_after_ms == 0 || now < k.not_after_ms)}};
}

json::object MemberJson(const Member& m) {
  return {{"id", m.id.ToString()},
          {"name_zh", m.name_zh},
          {"name_en", m.name_en},
          {"created_at", FormatRfc3339(m.created_at_ms)},
          {"disabled", m.disabled}};
}

json::object ServiceJson(const ServiceDef& s) {
  return {{"id", s.id.ToString()},
          {"provider", s.id.provider.ToString()},
          {"service_code", s.id.service_code},
          {"name_zh", s.name_zh},
          {"name_en", s.name_en},
          {"fields", Codes(s.fields)},
          {"sharing_class", SharingClassName(s.sharing)},
          {"legal_basis", s.legal_basis},
          {"purposes", Codes(s.purposes)},
          {"about_person", s.about_person},
          {"updated_at", FormatRfc3339(s.updated_at_ms)}};
}

json::object RightJson(const AccessRight& a) {
  return {{"client", a.client.ToString()}, {"service", a.service.ToString()},
          {"purpose", a.purpose},          {"legal_basis", a.legal_basis},
          {"granted_by", a.granted_by},    {"granted_at", FormatRfc3339(a.granted_at_ms)}};
}

// Reads a subsystem id field; records a problem at its path.
std::optional<SubsystemId> MemberField(http::FieldReader& f, std::string_view key) {
  auto text = f.String(key, true, 300);
  if (!text) return std::nullopt;
  auto id = ParseSubsystemId(*text);
  if (!id.ok()) {
    f.Error(f.Path(key), id.status().message(), "bad_id");
    return std::nullopt;
  }
  return *id;
}

std::optional<ServiceId> ServiceField(http::FieldReader& f, std::string_view key) {
  auto text = f.String(key, true, 400);
  if (!text) return std::nullopt;
  auto id = ParseServiceId(*text);
  if (!id.ok()) {
    f.Error(f.Path(key), id.status().message(), "bad_id");
    return std::nullopt;
  }
  return *id;
}

std::vector<std::string> CodeList(http::FieldReader& f, std::string_view key) {
  std::vector<std::string> out;
  const json::array* a = f.Array(key, true);
  if (!a) return out;
  for (size_t i = 0; i < a->size(); ++i) {
    if (!(*a)[i].is_string()) {
      f.Error(f.Path(key) + "[" + std::to_string(i) + "]", "must be a string", "type");
      continue;
    }
    out.emplace_back((*a)[i].as_string());
  }
  return out;
}

// A member's JSON with its keys.
Result<json::object> MemberWithKeys(const ExchangeAdminDeps& d, const Member& m) {
  OW_ASSIGN_OR_RETURN(auto keys, d.registry.ListKeys(m.id));
  json::array a;
  const int64_t now = d.clock.NowMillis();
  for (const auto& k : keys) a.push_back(KeyJson(k, now));
  json::object o = MemberJson(m);
  o["keys"] = std::move(a);
  return o;
}

Result<Response> ListMembers(const ExchangeAdminDeps& d, Request&) {
  OW_ASSIGN_OR_RETURN(auto members, d.registry.ListMembers());
  json::array a;
  for (const auto& m : members) {
    OW_ASSIGN_OR_RETURN(json::object o, MemberWithKeys(d, m));
    a.push_back(std::move(o));
  }
  return http::JsonResponse(200, {{"members", std::move(a)}});
}

Result<Response> AddMember(const ExchangeAdminDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(json::object body, http::ParseObject(req));
  http::FieldReader f(body);
  f.RejectUnknown({"id", "name_zh", "name_en"});
  auto id = MemberField(f, "id");
  auto name_zh = f.String("name_zh", true, 1000);
  auto name_en = f.String("name_en", false, 1000).value_or("");
  OW_RETURN_IF_ERROR(f.status());
  OW_ASSIGN_OR_RETURN(Member m,
                      d.registry.AddMember(*id, *name_zh, name_en, req.principal->person_id));
  OW_ASSIGN_OR_RETURN(json::object o, MemberWithKeys(d, m));
  return http::JsonResponse(201, o);
}

// The key of an add or rotate request, and its member.
struct KeyInput {
  SubsystemId member;
  MemberKey key;
  int64_t overlap_ms = 0;
};

Result<KeyInput> ReadKey(Request& req, bool rotate) {
  OW_ASSIGN_OR_RETURN(json::object body, http::ParseObject(req));
  http::FieldReader f(body);
  if (rotate)
    f.RejectUnknown({"member", "key_id", "public_key", "not_before", "overlap_seconds"});
  else
    f.RejectUnknown({"member", "key_id", "public_key", "not_before", "not_after"});
  KeyInput in;
  auto member = MemberField(f, "member");
  in.key.key_id = f.String("key_id", true, 200).value_or("");
  if (auto pk = f.String("public_key", true, 200, http::TextKind::kOpaque)) {
    auto raw = crypto::Base64Decode(*pk);
    if (!raw.ok() || raw->size() != 32)
      f.Error("$.public_key", "must be 32 bytes (an Ed25519 public key) in base64", "bad_key");
    else
      in.key.public_key = *raw;
  }
  in.key.not_before_ms = f.Timestamp("not_before", false).value_or(0);
  if (rotate) {
    in.overlap_ms = f.Integer("overlap_seconds", false).value_or(kDefaultOverlapSeconds) * 1000;
  } else {
    in.key.not_after_ms = f.Timestamp("not_after", false).value_or(0);
  }
  OW_RETURN_IF_ERROR(f.status());
  in.member = *member;
  return in;
}

Result<Response> MemberAnswer(const ExchangeAdminDeps& d, const SubsystemId& id, int status) {
  OW_ASSIGN_OR_RETURN(Member m, d.registry.GetMember(id));
  OW_ASSIGN_OR_RETURN(json::object o, MemberWithKeys(d, m));
  return http::JsonResponse(status, o);
}

Result<Response> AddKey(const ExchangeAdminDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(KeyInput in, ReadKey(req, false));
  if (in.key.not_before_ms == 0) in.key.not_before_ms = d.clock.NowMillis();
  OW_RETURN_IF_ERROR(d.registry.AddKey(in.member, in.key, req.principal->person_id));
  return MemberAnswer(d, in.member, 201);
}

Result<Response> RotateKey(const ExchangeAdminDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(KeyInput in, ReadKey(req, true));
  OW_RETURN_IF_ERROR(
      d.registry.RotateKey(in.member, in.key, in.overlap_ms, req.principal->person_id));
  return MemberAnswer(d, in.member, 201);
}

Result<Response> RetireKey(const ExchangeAdminDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(json::object body, http::ParseObject(req));
  http::FieldReader f(body);
  f.RejectUnknown({"member", "key_id"});
  auto member = MemberField(f, "member");
  auto key_id = f.String("key_id", true, 200);
  OW_RETURN_IF_ERROR(f.status());
  OW_RETURN_IF_ERROR(d.registry.RetireKey(*member, *key_id, req.principal->person_id));
  return MemberAnswer(d, *member, 200);
}

Result<ServiceFilter> ServiceFilterOf(const Request& req) {
  ServiceFilter filter;
  filter.provider = req.Query("provider").value_or("");
  filter.text = req.Query("q").value_or("");
  std::vector<FieldError> errors;
  if (!filter.provider.empty()) {
    if (auto id = ParseSubsystemId(filter.provider); !id.ok())
      errors.push_back({"$.provider", id.status().message(), "bad_id"});
    else
      filter.provider = id->ToString();
  }
  if (filter.text.size() > 200)
    errors.push_back({"$.q", "must be at most 200 bytes", "bad_length"});
  if (!errors.empty()) return Status::Invalid("bad query", std::move(errors));
  return filter;
}

Result<Response> ListServices(const ExchangeAdminDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(ServiceFilter filter, ServiceFilterOf(req));
  OW_ASSIGN_OR_RETURN(auto services, d.registry.ListServices(filter));
  json::array a;
  for (const auto& s : services) a.push_back(ServiceJson(s));
  return http::JsonResponse(200, {{"services", std::move(a)}});
}

Result<Response> PutService(const ExchangeAdminDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(json::object body, http::ParseObject(req));
  http::FieldReader f(body);
  f.RejectUnknown({"id", "name_zh", "name_en", "fields", "sharing_class", "legal_basis", "purposes",
                   "about_person"});
  ServiceDef s;
  auto id = ServiceField(f, "id");
  s.name_zh = f.String("name_zh", true, 1000).value_or("");
  s.name_en = f.String("name_en", false, 1000).value_or("");
  s.fields = CodeList(f, "fields");
  s.purposes = CodeList(f, "purposes");
  if (auto sc = f.String("sharing_class", true, 40)) {
    auto parsed = ParseSharingClass(*sc);
    if (!parsed.ok())
      f.Error("$.sharing_class", parsed.status().message(), "bad_sharing_class");
    else
      s.sharing = *parsed;
  }
  s.legal_basis = f.String("legal_basis", false, 2000).value_or("");
  s.about_person = f.Bool("about_person", false).value_or(false);
  OW_RETURN_IF_ERROR(f.status());
  s.id = *id;
  OW_ASSIGN_OR_RETURN(ServiceDef stored, d.registry.PutService(s, req.principal->person_id));
  return http::JsonResponse(200, ServiceJson(stored));
}

Result<Response> ListRights(const ExchangeAdminDeps& d, Request& req) {
  RightFilter filter;
  std::vector<FieldError> errors;
  if (auto c = req.Query("client"); c && !c->empty()) {
    if (auto id = ParseSubsystemId(*c); id.ok())
      filter.client = id->ToString();
    else
      errors.push_back({"$.client", id.status().message(), "bad_id"});
  }
  if (auto s = req.Query("service"); s && !s->empty()) {
    if (auto id = ParseServiceId(*s); id.ok())
      filter.service = id->ToString();
    else
      errors.push_back({"$.service", id.status().message(), "bad_id"});
  }
  filter.purpose = req.Query("purpose").value_or("");
  if (!filter.purpose.empty() && !ValidCode(filter.purpose))
    errors.push_back({"$.purpose", "must be 1-40 characters of a-z, 0-9, _ and -", "bad_code"});
  if (!errors.empty()) return Status::Invalid("bad query", std::move(errors));
  OW_ASSIGN_OR_RETURN(auto rights, d.registry.ListRights(filter));
  json::array a;
  for (const auto& r : rights) a.push_back(RightJson(r));
  return http::JsonResponse(200, {{"rights", std::move(a)}});
}

Result<Response> GrantRight(const ExchangeAdminDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(json::object body, http::ParseObject(req));
  http::FieldReader f(body);
  f.RejectUnknown({"client", "service", "purpose", "legal_basis"});
  AccessRight in;
  auto client = MemberField(f, "client");
  auto service = ServiceField(f, "service");
  in.purpose = f.String("purpose", true, 200).value_or("");
  in.legal_basis = f.String("legal_basis", false, 2000).value_or("");
  OW_RETURN_IF_ERROR(f.status());
  in.client = *client;
  in.service = *service;
  OW_ASSIGN_OR_RETURN(AccessRight stored, d.registry.Grant(in, req.principal->person_id));
  return http::JsonResponse(201, RightJson(stored));
}

Result<Response> RevokeRight(const ExchangeAdminDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(json::object body, http::ParseObject(req));
  http::FieldReader f(body);
  f.RejectUnknown({"client", "service", "purpose"});
  auto client = MemberField(f, "client");
  auto service = ServiceField(f, "service");
  auto purpose = f.String("purpose", true, 200);
  OW_RETURN_IF_ERROR(f.status());
  OW_RETURN_IF_ERROR(d.registry.Revoke(*client, *service, *purpose, req.principal->person_id));
  return http::JsonResponse(200, {{"client", client->ToString()},
                                  {"service", service->ToString()},
                                  {"purpose", *purpose},
                                  {"revoked", true}});
}

// The public catalogue: every service with its provider's name and who may use it for what.
Result<Response> PublicCatalogue(const ExchangeAdminDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(ServiceFilter filter, ServiceFilterOf(req));
  OW_ASSIGN_OR_RETURN(auto services, d.registry.ListServices(filter));
  OW_ASSIGN_OR_RETURN(auto members, d.registry.ListMembers());
  OW_ASSIGN_OR_RETURN(auto rights, d.registry.ListRights());
  std::map<std::string, const Member*> by_id;
  for (const auto& m : members) by_id[m.id.ToString()] = &m;
  std::map<std::string, json::array> users;
  for (const auto& r : rights) {
    const Member* m = by_id.count(r.client.ToString()) ? by_id[r.client.ToString()] : nullptr;
    users[r.service.ToString()].push_back({{"client", r.client.ToString()},
                                           {"client_name_zh", m ? m->name_zh : ""},
                                           {"client_name_en", m ? m->name_en : ""},
                                           {"purpose", r.purpose},
                                           {"legal_basis", r.legal_basis},
                                           {"needs_consent", false}});
  }
  json::array a;
  for (const auto& s : services) {
    json::object o = ServiceJson(s);
    const Member* p =
        by_id.count(s.id.provider.ToString()) ? by_id[s.id.provider.ToString()] : nullptr;
    o["provider_name_zh"] = p ? p->name_zh : "";
    o["provider_name_en"] = p ? p->name_en : "";
    json::array u = std::move(users[s.id.ToString()]);
    // 有条件共享 without a legal basis on the right: only with the person's consent.
    for (auto& x : u)
      x.as_object()["needs_consent"] =
          s.sharing == SharingClass::kConditional && x.at("legal_basis").as_string().empty();
    o["users"] = std::move(u);
    a.push_back(std::move(o));
  }
  Response r = http::JsonResponse(200, {{"services", std::move(a)}});
  // A shared cache (HAProxy, a CDN) may keep the answer for a minute; browsers, with no max-age
  // and no Last-Modified, revalidate every time (the dispatcher's ETag makes that a cheap 304),
  // so an admin who grants or revokes a right sees the public page change at once. Not
  // "max-age=0, s-maxage=60": HAProxy 2.6 stores nothing whose Cache-Control says max-age=0.
  r.Set("Cache-Control", "public, s-maxage=60");
  return r;
}

}  // namespace

void RegisterExchangeAdminRoutes(http::Router& router, const ExchangeAdminDeps& deps) {
  const auto admin = http::Roles({Role::kAdmin});
  http::AddRoutes<ExchangeAdminDeps>(
      router, deps,
      {
          {Method::kGet, "/api/v1/admin/exchange/members", admin, ListMembers},
          {Method::kPost, "/api/v1/admin/exchange/members", admin, AddMember},
          {Method::kPost, "/api/v1/admin/exchange/keys", admin, AddKey},
          {Method::kPost, "/api/v1/admin/exchange/keys/rotate", admin, RotateKey},
          {Method::kPost, "/api/v1/admin/exchange/keys/retire", admin, RetireKey},
          {Method::kGet, "/api/v1/admin/exchange/services", admin, ListServices},
          {Method::kPut, "/api/v1/admin/exchange/services", admin, PutService},
          {Method::kGet, "/api/v1/admin/exchange/rights", admin, ListRights},
          {Method::kPost, "/api/v1/admin/exchange/rights", admin, GrantRight},
          {Method::kPost, "/api/v1/admin/exchange/rights/revoke", admin, RevokeRight},
          {Method::kGet, "/api/v1/exchange/services", http::Public(), PublicCatalogue},
      });
}

}  // namespace ow::exchange
