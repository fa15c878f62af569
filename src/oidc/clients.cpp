#include "oidc/clients.h"

#include <algorithm>
#include <boost/json.hpp>

#include "oidc/scopes.h"

namespace ow::oidc {

namespace json = boost::json;

namespace {

std::string EncodeUris(const std::vector<std::string>& uris) {
  json::array a;
  for (const auto& u : uris) a.emplace_back(u);
  return json::serialize(a);
}

Result<std::vector<std::string>> DecodeUris(const std::string& text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_array()) return Status::Internal("stored redirect URIs are not a JSON array");
  std::vector<std::string> out;
  for (const auto& e : v.as_array()) {
    if (!e.is_string()) return Status::Internal("stored redirect URI is not a string");
    out.emplace_back(e.as_string());
  }
  return out;
}

Result<Client> ClientFromRow(const store::Row& r) {
  Client c;
  c.client_id = r.Text(0);
  c.name = r.Text(1);
  OW_ASSIGN_OR_RETURN(c.redirect_uris, DecodeUris(r.Text(2)));
  c.grant_types = {r.Text(6)};
  if (c.IsSystem()) {
    OW_ASSIGN_OR_RETURN(c.scopes, ParseSystemScopes(r.Text(3)));
  } else {
    OW_ASSIGN_OR_RETURN(c.scopes, ParseScopes(r.Text(3)));
  }
  c.created_by = r.Text(4);
  c.created_at_ms = r.Int(5);
  return c;
}

constexpr char kSelect[] =
    "SELECT client_id, name, redirect_uris, scopes, created_by, created_at, grant_types "
    "FROM oidc_clients ";

bool IsLoopbackHttp(const std::string& uri) {
  for (const char* prefix : {"http://127.0.0.1", "http://localhost", "http://[::1]"}) {
    std::string p = prefix;
    if (uri.starts_with(p) && uri.size() > p.size() &&
        (uri[p.size()] == ':' || uri[p.size()] == '/'))
      return true;
  }
  return false;
}

}  // namespace

bool Client::HasRedirectUri(const std::string& uri) const {
  return std::find(redirect_uris.begin(), redirect_uris.end(), uri) != redirect_uris.end();
}

bool Client::IsSystem() const {
  return std::find(grant_types.begin(), grant_types.end(), kClientCredentials) != grant_types.end();
}

bool ValidRedirectUri(const std::string& uri) {
  if (uri.empty() || uri.size() > 500) return false;
  for (char c : uri) {
    auto b = static_cast<unsigned char>(c);
    if (b <= 0x20 || b >= 0x7f || c == '#' || c == '"' || c == '<' || c == '>' || c == '\\')
      return false;
  }
  if (IsLoopbackHttp(uri)) return true;
  if (!uri.starts_with("https://")) return false;
  std::string_view rest = std::string_view(uri).substr(8);
  size_t host_end = rest.find_first_of("/?");
  std::string_view host = rest.substr(0, host_end);
  return !host.empty() && host.find('@') == std::string_view::npos;
}

std::string ClientRegistry::SecretHash(const std::string& secret) const {
  return crypto::KeyedHash(keys_.token_key(), "oidc-client-secret:" + secret);
}

Result<RegisteredClient> ClientRegistry::Register(const ClientInput& in, const std::string& actor) {
  std::vector<FieldError> errors;
  if (in.name.empty() || in.name.size() > 200) errors.push_back({"$.name", "must be 1-200 bytes"});
  std::vector<std::string> grants = in.grant_types;
  if (grants.empty()) grants = {kAuthorizationCode};
  if (grants.size() != 1 || (grants[0] != kAuthorizationCode && grants[0] != kClientCredentials)) {
    errors.push_back({"$.grant_types",
                      "must be [\"authorization_code\"] or [\"client_credentials\"]",
                      "unsupported_grant_type"});
    return Status::Invalid("client registration is invalid", errors);
  }
  const bool system = grants[0] == kClientCredentials;
  if (system) {
    if (!in.redirect_uris.empty())
      errors.push_back({"$.redirect_uris", "a client_credentials client has no redirect URI"});
    int places = 0, system_scopes = 0;
    for (size_t i = 0; i < in.scopes.size(); ++i) {
      std::string path = "$.scopes[" + std::to_string(i) + "]";
      if (!IsSystemScope(in.scopes[i])) {
        errors.push_back({path, "unknown scope (system/<Resource>.read|write or place:<id>)"});
      } else if (std::count(in.scopes.begin(), in.scopes.end(), in.scopes[i]) > 1) {
        errors.push_back({path, "is repeated"});
      } else if (in.scopes[i].starts_with("place:")) {
        ++places;
      } else {
        ++system_scopes;
      }
    }
    if (places != 1 || system_scopes == 0)
      errors.push_back({"$.scopes", "must hold system scopes and exactly one place:<id>"});
  } else if (in.redirect_uris.empty() || in.redirect_uris.size() > 10)
    errors.push_back({"$.redirect_uris", "must list 1-10 redirect URIs"});
  for (size_t i = 0; i < in.redirect_uris.size(); ++i) {
    const auto& u = in.redirect_uris[i];
    std::string path = "$.redirect_uris[" + std::to_string(i) + "]";
    if (!ValidRedirectUri(u)) {
      errors.push_back({path,
                        "must be an absolute https URI (http only for loopback) "
                        "without fragment"});
    } else if (std::count(in.redirect_uris.begin(), in.redirect_uris.end(), u) > 1) {
      errors.push_back({path, "is repeated"});
    }
  }
  if (!system && (in.scopes.empty() || !HasScope(in.scopes, "openid")))
    errors.push_back({"$.scopes", "must include openid"});
  for (size_t i = 0; !system && i < in.scopes.size(); ++i) {
    std::string path = "$.scopes[" + std::to_string(i) + "]";
    if (!FindScope(in.scopes[i])) {
      errors.push_back({path, "unknown scope"});
    } else if (std::count(in.scopes.begin(), in.scopes.end(), in.scopes[i]) > 1) {
      errors.push_back({path, "is repeated"});
    }
  }
  if (!errors.empty()) return Status::Invalid("client registration is invalid", errors);

  RegisteredClient out;
  out.client = {crypto::NewId(), in.name, in.redirect_uris,  in.scopes,
                grants,          actor,   clock_.NowMillis()};
  out.client_secret = crypto::RandomToken(32);
  const Client& c = out.client;
  OW_RETURN_IF_ERROR(db_.Transact([&](store::Tx& tx) -> Status {
    OW_RETURN_IF_ERROR(tx.Exec("INSERT INTO oidc_clients (client_id, name, secret_hash, "
                               "redirect_uris, scopes, created_by, created_at, grant_types) "
                               "VALUES (?,?,?,?,?,?,?,?)",
                               {c.client_id, c.name, store::Blob{SecretHash(out.client_secret)},
                                EncodeUris(c.redirect_uris), JoinScopes(c.scopes), actor,
                                c.created_at_ms, grants[0]})
                           .status());
    return audit_.Append(
        tx, {actor, "oidc.client.register", c.client_id, "",
             "name=" + c.name + "; grant=" + grants[0] + "; scopes=" + JoinScopes(c.scopes), ""});
  }));
  return out;
}

Result<std::vector<Client>> ClientRegistry::List() {
  OW_ASSIGN_OR_RETURN(auto rows,
                      db_.Query(std::string(kSelect) + "ORDER BY created_at, client_id"));
  std::vector<Client> out;
  for (const auto& r : rows) {
    OW_ASSIGN_OR_RETURN(Client c, ClientFromRow(r));
    out.push_back(std::move(c));
  }
  return out;
}

Result<Client> ClientRegistry::Get(const std::string& client_id) {
  if (client_id.empty() || client_id.size() > 64) return Status::NotFound("unknown client_id");
  OW_ASSIGN_OR_RETURN(auto rows,
                      db_.Query(std::string(kSelect) + "WHERE client_id = ?", {client_id}));
  if (rows.empty()) return Status::NotFound("unknown client_id");
  return ClientFromRow(rows[0]);
}

Result<Client> ClientRegistry::Authenticate(const std::string& client_id,
                                            const std::string& secret) {
  static const Status kBad = Status::Unauthenticated("client authentication failed");
  if (client_id.empty() || client_id.size() > 64 || secret.empty() || secret.size() > 200)
    return kBad;
  OW_ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT secret_hash FROM oidc_clients "
                                           "WHERE client_id = ?",
                                           {client_id}));
  std::string want = rows.empty() ? std::string(32, '\0') : rows[0].Bytes(0);
  bool ok = crypto::Equal(SecretHash(secret), want) && !rows.empty();
  if (!ok) return kBad;
  return Get(client_id);
}

}  // namespace ow::oidc
