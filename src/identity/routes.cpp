#include "identity/routes.h"

#include <charconv>
#include <chrono>
#include <functional>
#include <map>

#include "core/not_found.h"
#include "core/time.h"
#include "http/admission.h"
#include "http/json.h"
#include "http/route_table.h"
#include "identity/validate.h"

namespace ow::identity {

namespace json = boost::json;
using http::Method;
using http::Request;
using http::Response;

http::Authenticator MakeAuthenticator(IdentityService& identity, CookieOptions cookies) {
  return [&identity, cookies](const Request& req) -> Result<std::optional<Principal>> {
    if (auto h = req.Header("Authorization")) {
      if (!h->starts_with("Bearer ")) return Status::Unauthenticated("use a Bearer token");
      OW_ASSIGN_OR_RETURN(Principal p, identity.Authenticate(h->substr(7)));
      return std::optional<Principal>(std::move(p));
    }
    if (auto c = req.Cookie(cookies.session_name()); c && !c->empty()) {
      OW_ASSIGN_OR_RETURN(Principal p, identity.Authenticate(*c));
      p.via_cookie = true;
      return std::optional<Principal>(std::move(p));
    }
    return std::optional<Principal>();
  };
}

namespace {

json::array GrantsJson(const std::vector<RoleGrant>& grants) {
  json::array a;
  for (const auto& g : grants) a.push_back({{"role", RoleName(g.role)}, {"scope", g.scope}});
  return a;
}

// Path=/ and no Domain (a __Host- cookie needs both, and Secure).
std::string CookieAttrs(const CookieOptions& c) {
  return std::string("; Path=/; SameSite=Lax") + (c.secure ? "; Secure" : "");
}

// How long a client should wait before retrying when the hashing queue is full: about the
// time the queue takes to drain.
constexpr std::chrono::seconds kHashingRetryAfter{1};

// A request that waited longer than this for a hashing worker is answered 503 without being
// hashed: its client has most likely given up (or will before a hash is done), and hashing for
// nobody is what turns a short burst into lasting overload — a queue of abandoned logins ahead
// of every new one while the clients' retries keep it full (seen in the cluster drills after a
// failover: logins timed out for minutes on every node until restarted).
constexpr std::chrono::seconds kMaxHashingWait{2};

// Runs `work` (which hashes a password) on the hashing pool and answers from there; when the
// pool's queue is full, answers 503 with Retry-After at once, and so does a request whose turn
// comes after kMaxHashingWait. The I/O thread only parses.
Status OnHashingPool(const IdentityDeps& d, const Request& req, http::Respond& respond,
                     std::function<Result<Response>()> work) {
  const auto queued_at = std::chrono::steady_clock::now();
  bool queued = d.hashing.TrySubmit([work = std::move(work), respond, path = req.path, queued_at] {
    if (std::chrono::steady_clock::now() - queued_at > kMaxHashingWait) {
      respond(http::Overloaded("waited too long for a password check; retry later", path,
                               kHashingRetryAfter));
      return;
    }
    Response resp;
    try {
      Result<Response> r = work();
      resp = r.ok() ? std::move(r).value() : http::Problem(r.status(), path);
    } catch (const std::exception& e) {
      resp = http::Problem(Status::Internal(e.what()), path);
    }
    respond(std::move(resp));
  });
  if (!queued)
    respond(http::Overloaded("too many registrations and logins in progress; retry later", req.path,
                             kHashingRetryAfter));
  return Status::Ok();
}

Status Register(const IdentityDeps& d, Request& req, http::Respond& respond) {
  OW_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  http::FieldReader f(body);
  f.RejectUnknown({"name", "id_number", "password", "phone", "address"});
  RegisterInput in;
  in.name = f.String("name", true, 200).value_or("");
  in.id_number = f.String("id_number", true, 40).value_or("");
  in.password = f.String("password", true, 1000, http::TextKind::kOpaque).value_or("");
  in.phone = f.String("phone", false, 40);
  in.address = f.String("address", false, 1000);
  in.ip = req.remote_ip;
  OW_RETURN_IF_ERROR(f.status());
  return OnHashingPool(d, req, respond, [&d, in = std::move(in)]() -> Result<Response> {
    OW_ASSIGN_OR_RETURN(auto id, d.identity.Register(in));
    Response r = http::JsonResponse(201, {{"citizen_id", id}});
    r.Set("Location", "/api/v1/me");
    return r;
  });
}

Status Login(const IdentityDeps& d, Request& req, http::Respond& respond) {
  OW_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  http::FieldReader f(body);
  f.RejectUnknown({"id_number", "password"});
  auto id = f.String("id_number", true, 40);
  auto pw = f.String("password", true, 1000, http::TextKind::kOpaque);
  OW_RETURN_IF_ERROR(f.status());
  // The whole login runs on the pool: the password check, and for unknown accounts the
  // timing-equalising dummy hash.
  return OnHashingPool(
      d, req, respond, [&d, id = *id, pw = *pw, ip = req.remote_ip]() -> Result<Response> {
        OW_ASSIGN_OR_RETURN(auto t, d.identity.Login(id, pw, ip));
        Response r = http::JsonResponse(201, {{"token", t.token},
                                              {"expires_at", FormatRfc3339(t.expires_at_ms)},
                                              {"csrf_token", t.csrf}});
        std::string max_age = "; Max-Age=" + std::to_string(d.identity.session_ttl_ms() / 1000);
        r.headers.emplace_back("Set-Cookie", std::string(d.cookies.session_name()) + "=" + t.token +
                                                 "; HttpOnly" + CookieAttrs(d.cookies) + max_age);
        r.headers.emplace_back("Set-Cookie", std::string(d.cookies.csrf_name()) + "=" + t.csrf +
                                                 CookieAttrs(d.cookies) + max_age);
        return r;
      });
}

Result<Response> Logout(const IdentityDeps& d, Request& req) {
  OW_RETURN_IF_ERROR(d.identity.Logout(req.principal->session_id, req.principal->person_id));
  Response r = Response::NoContent();
  r.headers.emplace_back("Set-Cookie", std::string(d.cookies.session_name()) + "=; HttpOnly" +
                                           CookieAttrs(d.cookies) + "; Max-Age=0");
  r.headers.emplace_back("Set-Cookie", std::string(d.cookies.csrf_name()) + "=" +
                                           CookieAttrs(d.cookies) + "; Max-Age=0");
  return r;
}

Result<Response> Me(const IdentityDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto p, d.identity.GetOwnProfile(req.principal->person_id));
  json::object o{{"citizen_id", p.summary.person_id},
                 {"name", p.name},
                 {"id_number", p.id_number},
                 {"masked_name", p.summary.masked_name},
                 {"masked_id", p.summary.masked_id},
                 {"region", p.summary.region},
                 {"sex", std::string(1, p.sex)},
                 {"birth_date", p.birth_date},
                 {"created_at", FormatRfc3339(p.created_at_ms)},
                 {"roles", GrantsJson(p.grants)}};
  o["phone"] = p.phone ? json::value(*p.phone) : json::value(nullptr);
  o["address"] = p.address ? json::value(*p.address) : json::value(nullptr);
  return http::JsonResponse(200, o);
}

json::object EnterpriseJson(const Enterprise& e) {
  return {{"enterprise_id", e.id},
          {"credit_code", e.credit_code},
          {"name", e.name},
          {"region", e.region},
          {"created_at", FormatRfc3339(e.created_at_ms)}};
}

Result<Response> RegisterEnterprise(const IdentityDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  http::FieldReader f(body);
  f.RejectUnknown({"credit_code", "name", "relation"});
  auto code = f.String("credit_code", true, 40);
  auto name = f.String("name", true, 1000);
  auto rel = f.String("relation", false, 40);
  OW_RETURN_IF_ERROR(f.status());
  OW_ASSIGN_OR_RETURN(auto id, d.enterprises.Register(req.principal->person_id, *code, *name,
                                                      rel.value_or("legal_representative")));
  return http::JsonResponse(201, {{"enterprise_id", id}});
}

Result<Response> MyEnterprises(const IdentityDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto list, d.enterprises.ForPerson(req.principal->person_id));
  json::array a;
  for (const auto& m : list) {
    json::object o = EnterpriseJson(m.enterprise);
    o["relation"] = RelationName(m.relation);
    a.push_back(std::move(o));
  }
  return http::JsonResponse(200, {{"enterprises", std::move(a)}});
}

Result<Response> AddEnterpriseMember(const IdentityDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  http::FieldReader f(body);
  f.RejectUnknown({"id_number", "relation"});
  auto id_number = f.String("id_number", true, 40);
  auto rel = f.String("relation", false, 40);
  if (rel && *rel != "agent" && *rel != "legal_representative")
    f.Error("$.relation", "must be agent or legal_representative", "bad_relation");
  OW_RETURN_IF_ERROR(f.status());
  // Check the caller's right before revealing whether the ID is registered.
  OW_RETURN_IF_ERROR(d.enterprises.CanActFor(req.principal->person_id, req.Param("id")).status());
  OW_ASSIGN_OR_RETURN(auto person, NotFoundAt(d.identity.FindByIdNumber(*id_number), "$.id_number",
                                              "unknown_person"));
  OW_RETURN_IF_ERROR(d.enterprises.AddMember(
      req.principal->person_id, req.Param("id"), person,
      rel.value_or("agent") == "agent" ? Relation::kAgent : Relation::kLegalRepresentative));
  return http::JsonResponse(201, {{"enterprise_id", req.Param("id")}, {"person_id", person}});
}

Result<Response> GetEnterprise(const IdentityDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto e, d.enterprises.View(*req.principal, req.Param("id")));
  return http::JsonResponse(200, EnterpriseJson(e));
}

// Parses {"id_number","role","scope"?} for grant/revoke.
struct GrantInput {
  std::string person_id;
  Role role = Role::kCitizen;
  std::string scope;
};

Result<GrantInput> ReadGrant(IdentityService& identity, Request& req) {
  OW_ASSIGN_OR_RETURN(json::object body, http::ParseObject(req));
  http::FieldReader f(body);
  f.RejectUnknown({"id_number", "role", "scope"});
  auto id_number = f.String("id_number", true, 40);
  auto role_name = f.String("role", true, 40);
  auto scope = f.String("scope", false, 80);
  std::optional<Role> role;
  if (role_name) {
    role = ParseRole(*role_name);
    if (!role || *role == Role::kCitizen)
      f.Error("$.role",
              "must be one of checkpoint_staff, community_worker, health_official, "
              "service_officer, department_system, admin, hospital_admin, doctor, pharmacist",
              "bad_role");
  }
  OW_RETURN_IF_ERROR(f.status());
  // An unregistered ID is a 404 naming $.id_number (code unknown_person).
  OW_ASSIGN_OR_RETURN(std::string person, NotFoundAt(identity.FindByIdNumber(*id_number),
                                                     "$.id_number", "unknown_person"));
  return GrantInput{person, *role, scope.value_or("")};
}

Result<Response> AddGrant(const IdentityDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto g, ReadGrant(d.identity, req));
  OW_RETURN_IF_ERROR(d.identity.Grant(g.person_id, g.role, g.scope, req.principal->person_id));
  return http::JsonResponse(
      201, {{"person_id", g.person_id}, {"role", RoleName(g.role)}, {"scope", g.scope}});
}

Result<Response> DeleteGrant(const IdentityDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto g, ReadGrant(d.identity, req));
  OW_RETURN_IF_ERROR(d.identity.Revoke(g.person_id, g.role, g.scope, req.principal->person_id));
  return Response::NoContent();
}

Result<Response> ListGrants(const IdentityDeps& d, Request& req) {
  json::array a;
  for (Role role : AllRoles()) {
    if (role == Role::kCitizen) continue;
    auto q = req.Query("role");
    if (q && *q != RoleName(role)) continue;
    OW_ASSIGN_OR_RETURN(auto holders, d.identity.Holders(role));
    for (const auto& [person, grant] : holders) {
      a.push_back({{"person_id", person.person_id},
                   {"masked_name", person.masked_name},
                   {"masked_id", person.masked_id},
                   {"role", RoleName(grant.role)},
                   {"scope", grant.scope}});
    }
  }
  return http::JsonResponse(200, {{"grants", std::move(a)}});
}

// An integer query parameter in [lo, hi]; Invalid with its path otherwise.
Result<std::optional<int64_t>> IntQuery(const Request& req, const char* name, int64_t lo,
                                        int64_t hi) {
  auto v = req.Query(name);
  if (!v || v->empty()) return std::optional<int64_t>();
  int64_t n = 0;
  auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc() || end != v->data() + v->size() || n < lo || n > hi)
    return Status::Invalid(
        "bad " + std::string(name),
        {{std::string("$.") + name,
          "must be an integer from " + std::to_string(lo) + " to " + std::to_string(hi),
          "out_of_range"}});
  return std::optional<int64_t>(n);
}

// ?from / ?to: a Shanghai date (the whole day; `to` inclusive) or an RFC 3339 instant.
Result<int64_t> TimeQuery(const Request& req, const char* name, bool end_of_day) {
  auto v = req.Query(name);
  if (!v || v->empty()) return int64_t{0};
  if (auto d = ParseDate(*v))
    return ShanghaiMidnightMillis(end_of_day ? CivilFromDays(DaysFromCivil(*d) + 1) : *d);
  if (auto t = ParseRfc3339(*v)) return *t;
  return Status::Invalid(
      "bad " + std::string(name),
      {{std::string("$.") + name, "must be a date (YYYY-MM-DD, Asia/Shanghai) or an RFC 3339 time",
        "bad_format"}});
}

// Matches no actor or subject (ids are hex; this has a space).
constexpr char kNoSuchPerson[] = "no such person";

// ?actor / ?subject: a person id as stored, or a resident ID number looked up through the
// blind index ("" when no one has it: the filter then matches nothing).
Result<std::string> PersonQuery(const IdentityDeps& d, const Request& req, const char* name) {
  std::string v = req.Query(name).value_or("");
  if (v.size() != 18) return v;
  std::string id = NormaliseResidentId(v);
  if (ResidentIdCheckChar(std::string_view(id).substr(0, 17)) != id[17]) return v;
  auto pid = d.identity.FindByIdNumber(id);
  if (pid.ok()) return *pid;
  if (pid.status().code() == Code::kNotFound) return std::string(kNoSuchPerson);
  return pid.status();
}

Result<Response> ListAudit(const IdentityDeps& d, Request& req) {
  audit::AuditLog::Query q;
  OW_ASSIGN_OR_RETURN(auto limit, IntQuery(req, "limit", 1, 1000));
  OW_ASSIGN_OR_RETURN(auto before, IntQuery(req, "before", 1, INT64_MAX));
  q.limit = static_cast<int>(limit.value_or(100));
  q.before_seq = before.value_or(0);
  OW_ASSIGN_OR_RETURN(q.actor, PersonQuery(d, req, "actor"));
  OW_ASSIGN_OR_RETURN(q.subject, PersonQuery(d, req, "subject"));
  q.action = req.Query("action").value_or("");
  OW_ASSIGN_OR_RETURN(q.from_ms, TimeQuery(req, "from", false));
  OW_ASSIGN_OR_RETURN(q.to_ms, TimeQuery(req, "to", true));
  OW_ASSIGN_OR_RETURN(auto entries, d.audit.List(q));
  // Masked names instead of 32-character ids (the admin reads the log, not the people).
  std::map<std::string, std::string> names;
  auto name_of = [&](const std::string& id) -> json::value {
    if (id.empty() || id == "system") return nullptr;
    auto it = names.find(id);
    if (it == names.end()) {
      auto who = d.identity.GetSummary(id);
      it = names.emplace(id, who.ok() ? who->masked_name : std::string()).first;
    }
    return it->second.empty() ? json::value(nullptr) : json::value(it->second);
  };
  json::array a;
  for (const auto& e : entries) {
    a.push_back({{"seq", e.seq},
                 {"at", FormatRfc3339(e.at_ms)},
                 {"actor", e.event.actor},
                 {"actor_name", name_of(e.event.actor)},
                 {"action", e.event.action},
                 {"subject", e.event.subject},
                 {"subject_name", name_of(e.event.subject)},
                 {"fields", e.event.fields},
                 {"reason", e.event.reason}});
  }
  json::value next = nullptr;
  if (static_cast<int64_t>(entries.size()) == q.limit && !entries.empty())
    next = entries.back().seq;
  return http::JsonResponse(200, {{"entries", std::move(a)}, {"next_before", std::move(next)}});
}

Result<Response> VerifyAudit(const IdentityDeps& d, Request&) {
  OW_ASSIGN_OR_RETURN(auto rep, d.audit.Verify());
  return http::JsonResponse(200, {{"ok", rep.ok},
                                  {"entries", rep.entries},
                                  {"first_bad_seq", rep.first_bad_seq},
                                  {"problem", rep.problem}});
}

}  // namespace

void RegisterIdentityRoutes(http::Router& router, const IdentityDeps& deps) {
  const auto everyone = http::Public();
  const auto any = http::AnyUser();
  const auto admin = http::Roles({Role::kAdmin});
  http::AddRoutes<IdentityDeps>(
      router, deps,
      {
          {Method::kPost, "/api/v1/citizens", everyone, Register},
          {Method::kPost, "/api/v1/sessions", everyone, Login},
          {Method::kDelete, "/api/v1/sessions/current", any, Logout},
          {Method::kGet, "/api/v1/me", any, Me},
          {Method::kPost, "/api/v1/enterprises", any, RegisterEnterprise},
          {Method::kGet, "/api/v1/me/enterprises", any, MyEnterprises},
          {Method::kGet, "/api/v1/enterprises/{id}", any, GetEnterprise},
          {Method::kPost, "/api/v1/enterprises/{id}/members", any, AddEnterpriseMember},
          {Method::kPost, "/api/v1/admin/grants", admin, AddGrant},
          {Method::kDelete, "/api/v1/admin/grants", admin, DeleteGrant},
          {Method::kGet, "/api/v1/admin/grants", admin, ListGrants},
          {Method::kGet, "/api/v1/admin/audit", admin, ListAudit},
          {Method::kGet, "/api/v1/admin/audit/verify", admin, VerifyAudit},
      });
}

}  // namespace ow::identity
