#include "identity/routes.h"

#include "http/json.h"

namespace ow::identity {

namespace json = boost::json;
using http::Method;
using http::Request;
using http::Response;

http::Authenticator MakeAuthenticator(IdentityService& identity) {
  return [&identity](const Request& req) -> Result<std::optional<Principal>> {
    if (auto h = req.Header("Authorization")) {
      if (!h->starts_with("Bearer ")) return Status::Unauthenticated("use a Bearer token");
      OW_ASSIGN_OR_RETURN(Principal p, identity.Authenticate(h->substr(7)));
      return std::optional<Principal>(std::move(p));
    }
    if (auto c = req.Cookie(kSessionCookie); c && !c->empty()) {
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

std::string CookieAttrs(const CookieOptions& c) {
  return std::string("; Path=/; SameSite=Lax") + (c.secure ? "; Secure" : "");
}

Response Register(IdentityService& identity, Request& req) {
  auto body = http::ParseObject(req);
  if (!body.ok()) return http::Problem(body.status(), req.path);
  http::FieldReader f(*body);
  f.RejectUnknown({"name", "id_number", "password", "phone", "address"});
  RegisterInput in;
  in.name = f.String("name", true, 200).value_or("");
  in.id_number = f.String("id_number", true, 40).value_or("");
  in.password = f.String("password", true, 1000).value_or("");
  in.phone = f.String("phone", false, 40);
  in.address = f.String("address", false, 1000);
  if (!f.ok()) return http::Problem(f.status(), req.path);
  auto id = identity.Register(in);
  if (!id.ok()) return http::Problem(id.status(), req.path);
  Response r = http::JsonResponse(201, {{"citizen_id", *id}});
  r.Set("Location", "/api/v1/me");
  return r;
}

Response Login(IdentityService& identity, const CookieOptions& cookies, Request& req) {
  auto body = http::ParseObject(req);
  if (!body.ok()) return http::Problem(body.status(), req.path);
  http::FieldReader f(*body);
  f.RejectUnknown({"id_number", "password"});
  auto id = f.String("id_number", true, 40);
  auto pw = f.String("password", true, 1000);
  if (!f.ok()) return http::Problem(f.status(), req.path);
  auto t = identity.Login(*id, *pw, req.remote_ip);
  if (!t.ok()) return http::Problem(t.status(), req.path);
  Response r = http::JsonResponse(201, {{"token", t->token},
                                        {"expires_at", FormatRfc3339(t->expires_at_ms)},
                                        {"csrf_token", t->csrf}});
  std::string max_age = "; Max-Age=" + std::to_string(identity.session_ttl_ms() / 1000);
  r.headers.emplace_back("Set-Cookie", std::string(kSessionCookie) + "=" + t->token + "; HttpOnly" +
                                           CookieAttrs(cookies) + max_age);
  r.headers.emplace_back("Set-Cookie",
                         std::string(kCsrfCookie) + "=" + t->csrf + CookieAttrs(cookies) + max_age);
  return r;
}

Response Logout(IdentityService& identity, const CookieOptions& cookies, Request& req) {
  Status s = identity.Logout(req.principal->session_id, req.principal->person_id);
  if (!s.ok()) return http::Problem(s, req.path);
  Response r = Response::NoContent();
  r.headers.emplace_back("Set-Cookie", std::string(kSessionCookie) + "=; HttpOnly" +
                                           CookieAttrs(cookies) + "; Max-Age=0");
  r.headers.emplace_back("Set-Cookie",
                         std::string(kCsrfCookie) + "=" + CookieAttrs(cookies) + "; Max-Age=0");
  return r;
}

Response Me(IdentityService& identity, Request& req) {
  auto p = identity.GetOwnProfile(req.principal->person_id);
  if (!p.ok()) return http::Problem(p.status(), req.path);
  json::object o{{"citizen_id", p->summary.person_id},
                 {"name", p->name},
                 {"id_number", p->id_number},
                 {"masked_name", p->summary.masked_name},
                 {"masked_id", p->summary.masked_id},
                 {"region", p->summary.region},
                 {"sex", std::string(1, p->sex)},
                 {"birth_date", p->birth_date},
                 {"created_at", FormatRfc3339(p->created_at_ms)},
                 {"roles", GrantsJson(p->grants)}};
  o["phone"] = p->phone ? json::value(*p->phone) : json::value(nullptr);
  o["address"] = p->address ? json::value(*p->address) : json::value(nullptr);
  return http::JsonResponse(200, o);
}

json::object EnterpriseJson(const Enterprise& e) {
  return {{"enterprise_id", e.id},
          {"credit_code", e.credit_code},
          {"name", e.name},
          {"region", e.region},
          {"created_at", FormatRfc3339(e.created_at_ms)}};
}

Response RegisterEnterprise(EnterpriseService& enterprises, Request& req) {
  auto body = http::ParseObject(req);
  if (!body.ok()) return http::Problem(body.status(), req.path);
  http::FieldReader f(*body);
  f.RejectUnknown({"credit_code", "name", "relation"});
  auto code = f.String("credit_code", true, 40);
  auto name = f.String("name", true, 1000);
  auto rel = f.String("relation", false, 40);
  if (!f.ok()) return http::Problem(f.status(), req.path);
  auto id = enterprises.Register(req.principal->person_id, *code, *name,
                                 rel.value_or("legal_representative"));
  if (!id.ok()) return http::Problem(id.status(), req.path);
  return http::JsonResponse(201, {{"enterprise_id", *id}});
}

Response MyEnterprises(EnterpriseService& enterprises, Request& req) {
  auto list = enterprises.ForPerson(req.principal->person_id);
  if (!list.ok()) return http::Problem(list.status(), req.path);
  json::array a;
  for (const auto& m : *list) {
    json::object o = EnterpriseJson(m.enterprise);
    o["relation"] = RelationName(m.relation);
    a.push_back(std::move(o));
  }
  return http::JsonResponse(200, {{"enterprises", std::move(a)}});
}

Response AddEnterpriseMember(IdentityService& identity, EnterpriseService& enterprises,
                             Request& req) {
  auto body = http::ParseObject(req);
  if (!body.ok()) return http::Problem(body.status(), req.path);
  http::FieldReader f(*body);
  f.RejectUnknown({"id_number", "relation"});
  auto id_number = f.String("id_number", true, 40);
  auto rel = f.String("relation", false, 40);
  if (rel && *rel != "agent" && *rel != "legal_representative")
    f.Error("$.relation", "must be agent or legal_representative");
  if (!f.ok()) return http::Problem(f.status(), req.path);
  // Check the caller's right before revealing whether the ID is registered.
  auto mine = enterprises.CanActFor(req.principal->person_id, req.Param("id"));
  if (!mine.ok()) return http::Problem(mine.status(), req.path);
  auto person = identity.FindByIdNumber(*id_number);
  if (!person.ok()) return http::Problem(person.status(), req.path);
  Status s = enterprises.AddMember(
      req.principal->person_id, req.Param("id"), *person,
      rel.value_or("agent") == "agent" ? Relation::kAgent : Relation::kLegalRepresentative);
  if (!s.ok()) return http::Problem(s, req.path);
  return http::JsonResponse(201, {{"enterprise_id", req.Param("id")}, {"person_id", *person}});
}

Response GetEnterprise(EnterpriseService& enterprises, Request& req) {
  auto rel = enterprises.CanActFor(req.principal->person_id, req.Param("id"));
  if (!rel.ok() && !req.principal->Has(Role::kAdmin) && !req.principal->Has(Role::kServiceOfficer))
    return http::Problem(rel.status(), req.path);
  auto e = enterprises.Get(req.Param("id"));
  if (!e.ok()) return http::Problem(e.status(), req.path);
  return http::JsonResponse(200, EnterpriseJson(*e));
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
              "service_officer, department_system, admin");
  }
  OW_RETURN_IF_ERROR(f.status());
  OW_ASSIGN_OR_RETURN(std::string person, identity.FindByIdNumber(*id_number));
  return GrantInput{person, *role, scope.value_or("")};
}

Response AddGrant(IdentityService& identity, Request& req) {
  auto g = ReadGrant(identity, req);
  if (!g.ok()) return http::Problem(g.status(), req.path);
  Status s = identity.Grant(g->person_id, g->role, g->scope, req.principal->person_id);
  if (!s.ok()) return http::Problem(s, req.path);
  return http::JsonResponse(
      201, {{"person_id", g->person_id}, {"role", RoleName(g->role)}, {"scope", g->scope}});
}

Response DeleteGrant(IdentityService& identity, Request& req) {
  auto g = ReadGrant(identity, req);
  if (!g.ok()) return http::Problem(g.status(), req.path);
  Status s = identity.Revoke(g->person_id, g->role, g->scope, req.principal->person_id);
  if (!s.ok()) return http::Problem(s, req.path);
  return Response::NoContent();
}

Response ListGrants(IdentityService& identity, Request& req) {
  json::array a;
  for (Role role : AllRoles()) {
    if (role == Role::kCitizen) continue;
    auto q = req.Query("role");
    if (q && *q != RoleName(role)) continue;
    auto holders = identity.Holders(role);
    if (!holders.ok()) return http::Problem(holders.status(), req.path);
    for (const auto& [person, grant] : *holders) {
      a.push_back({{"person_id", person.person_id},
                   {"masked_name", person.masked_name},
                   {"masked_id", person.masked_id},
                   {"role", RoleName(grant.role)},
                   {"scope", grant.scope}});
    }
  }
  return http::JsonResponse(200, {{"grants", std::move(a)}});
}

Response ListAudit(audit::AuditLog& audit, Request& req) {
  int limit = 100;
  if (auto l = req.Query("limit")) {
    try {
      limit = std::clamp(std::stoi(*l), 1, 1000);
    } catch (...) {
      return http::Problem(Status::Invalid("bad limit", {{"$.limit", "must be an integer"}}),
                           req.path);
    }
  }
  auto entries =
      audit.List(limit, req.Query("actor").value_or(""), req.Query("subject").value_or(""));
  if (!entries.ok()) return http::Problem(entries.status(), req.path);
  json::array a;
  for (const auto& e : *entries) {
    a.push_back({{"seq", e.seq},
                 {"at", FormatRfc3339(e.at_ms)},
                 {"actor", e.event.actor},
                 {"action", e.event.action},
                 {"subject", e.event.subject},
                 {"fields", e.event.fields},
                 {"reason", e.event.reason}});
  }
  return http::JsonResponse(200, {{"entries", std::move(a)}});
}

Response VerifyAudit(audit::AuditLog& audit, Request& req) {
  auto rep = audit.Verify();
  if (!rep.ok()) return http::Problem(rep.status(), req.path);
  return http::JsonResponse(200, {{"ok", rep->ok},
                                  {"entries", rep->entries},
                                  {"first_bad_seq", rep->first_bad_seq},
                                  {"problem", rep->problem}});
}

}  // namespace

void RegisterIdentityRoutes(http::Router& router, IdentityService& identity,
                            EnterpriseService& enterprises, audit::AuditLog& audit,
                            CookieOptions cookies) {
  router.Add(Method::kPost, "/api/v1/citizens", http::Public(),
             [&identity](Request& r) { return Register(identity, r); });
  router.Add(Method::kPost, "/api/v1/sessions", http::Public(),
             [&identity, cookies](Request& r) { return Login(identity, cookies, r); });
  router.Add(Method::kDelete, "/api/v1/sessions/current", http::AnyUser(),
             [&identity, cookies](Request& r) { return Logout(identity, cookies, r); });
  router.Add(Method::kGet, "/api/v1/me", http::AnyUser(),
             [&identity](Request& r) { return Me(identity, r); });
  router.Add(Method::kPost, "/api/v1/enterprises", http::AnyUser(),
             [&enterprises](Request& r) { return RegisterEnterprise(enterprises, r); });
  router.Add(Method::kGet, "/api/v1/me/enterprises", http::AnyUser(),
             [&enterprises](Request& r) { return MyEnterprises(enterprises, r); });
  router.Add(Method::kGet, "/api/v1/enterprises/{id}", http::AnyUser(),
             [&enterprises](Request& r) { return GetEnterprise(enterprises, r); });
  router.Add(Method::kPost, "/api/v1/enterprises/{id}/members", http::AnyUser(),
             [&identity, &enterprises](Request& r) {
               return AddEnterpriseMember(identity, enterprises, r);
             });
  auto admin = http::Roles({Role::kAdmin});
  router.Add(Method::kPost, "/api/v1/admin/grants", admin,
             [&identity](Request& r) { return AddGrant(identity, r); });
  router.Add(Method::kDelete, "/api/v1/admin/grants", admin,
             [&identity](Request& r) { return DeleteGrant(identity, r); });
  router.Add(Method::kGet, "/api/v1/admin/grants", admin,
             [&identity](Request& r) { return ListGrants(identity, r); });
  router.Add(Method::kGet, "/api/v1/admin/audit", admin,
             [&audit](Request& r) { return ListAudit(audit, r); });
  router.Add(Method::kGet, "/api/v1/admin/audit/verify", admin,
             [&audit](Request& r) { return VerifyAudit(audit, r); });
}

}  // namespace ow::identity
