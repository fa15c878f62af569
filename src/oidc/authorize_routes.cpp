// The authorization endpoint: GET shows what a platform asks for (the web app renders the
// consent screen from it, or the browser is sent to log in first); POST records the person's
// decision and tells the browser where to go next.
#include "http/json.h"
#include "oidc/handlers.h"
#include "oidc/scopes.h"

namespace ow::oidc::handlers {

namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

json::object ConsentJson(const AuthorizationRequest& a) {
  json::array scopes;
  for (const auto& s : a.scopes) {
    const ScopeInfo* info = FindScope(s);
    scopes.push_back({{"scope", s}, {"description", info ? info->description : ""}});
  }
  json::array claims;
  for (const auto& c : ClaimsFor(a.scopes)) claims.emplace_back(c);
  // The parameters to send back with the decision (POST /oauth2/authorize).
  json::object request{{"response_type", "code"},
                       {"client_id", a.client.client_id},
                       {"redirect_uri", a.redirect_uri},
                       {"scope", JoinScopes(a.scopes)},
                       {"code_challenge", a.code_challenge},
                       {"code_challenge_method", "S256"}};
  if (!a.state.empty()) request["state"] = a.state;
  if (!a.nonce.empty()) request["nonce"] = a.nonce;
  return {{"client_id", a.client.client_id}, {"client_name", a.client.name},
          {"redirect_uri", a.redirect_uri},  {"scopes", std::move(scopes)},
          {"claims", std::move(claims)},     {"authorization_request", std::move(request)}};
}

// A browser navigating here (rather than the web app fetching JSON) wants a page.
bool WantsHtml(const Request& req) {
  std::string accept = req.Header("Accept").value_or("");
  return accept.find("text/html") != std::string::npos &&
         accept.find("application/json") == std::string::npos;
}

}  // namespace

Result<Response> AuthorizeGet(const OidcDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto params, ParseForm(req.query_string));
  OW_ASSIGN_OR_RETURN(auto check, d.oidc.CheckAuthorization(params));  // never redirect
  std::string iss = Issuer(d.options);
  if (!check.ok()) return Response::Redirect(check.ErrorRedirect(iss));
  if (!req.principal) {
    auto prompt = params.find("prompt");
    if (prompt != params.end() && prompt->second == "none") {
      AuthorizeCheck refusal = check;
      refusal.error = "login_required";
      refusal.error_description = "the person is not logged in to OneWindow";
      return Response::Redirect(refusal.ErrorRedirect(iss));
    }
    return Response::Redirect("/login?next=" + FormEncode(req.target));
  }
  // The web app's consent screen fetches this same URL as JSON and renders it.
  if (WantsHtml(req)) return Response::Redirect("/consent?" + req.query_string);
  return http::JsonResponse(200, ConsentJson(check.request));
}

Result<Response> AuthorizePost(const OidcDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  FormParams params;
  std::string decision;
  std::vector<FieldError> errors;
  for (const auto& kv : body) {
    std::string key(kv.key());
    if (!kv.value().is_string()) {
      errors.push_back({"$." + key, "must be a string"});
    } else if (key == "decision") {
      decision = std::string(kv.value().as_string());
    } else {
      params[key] = std::string(kv.value().as_string());
    }
  }
  if (decision != "approve" && decision != "deny")
    errors.push_back({"$.decision", "must be approve or deny"});
  if (!errors.empty()) return Status::Invalid("authorization decision is invalid", errors);

  OW_ASSIGN_OR_RETURN(auto check, d.oidc.CheckAuthorization(params));
  std::string iss = Issuer(d.options);
  if (!check.ok()) return http::JsonResponse(200, {{"redirect_to", check.ErrorRedirect(iss)}});
  const AuthorizationRequest& a = check.request;
  const std::string& person = req.principal->person_id;
  if (decision == "deny") {
    OW_RETURN_IF_ERROR(d.oidc.RecordDenial(a, person));
    std::string to = AppendQuery(a.redirect_uri, {{"error", "access_denied"},
                                                  {"error_description", "the person declined"},
                                                  {"state", a.state},
                                                  {"iss", iss}});
    return http::JsonResponse(200, {{"redirect_to", to}});
  }
  OW_ASSIGN_OR_RETURN(auto code, d.oidc.IssueCode(a, person, req.principal->session_id));
  std::string to = AppendQuery(a.redirect_uri, {{"code", code}, {"state", a.state}, {"iss", iss}});
  return http::JsonResponse(200, {{"redirect_to", to}});
}

}  // namespace ow::oidc::handlers
