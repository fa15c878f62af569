#include "relying_platform.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include "crypto/crypto.h"

namespace ow::testing {

namespace {

std::string Encode(const std::string& s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string Decode(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += s[i] == '+' ? ' ' : s[i];
    }
  }
  return out;
}

std::string FormBody(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out;
  for (const auto& [k, v] : params) out += (out.empty() ? "" : "&") + Encode(k) + "=" + Encode(v);
  return out;
}

}  // namespace

std::map<std::string, std::string> QueryOf(const std::string& uri) {
  std::map<std::string, std::string> out;
  size_t q = uri.find('?');
  if (q == std::string::npos) return out;
  std::string rest = uri.substr(q + 1);
  size_t pos = 0;
  while (pos <= rest.size()) {
    size_t amp = rest.find('&', pos);
    std::string pair = rest.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
    size_t eq = pair.find('=');
    out[Decode(pair.substr(0, eq))] = eq == std::string::npos ? "" : Decode(pair.substr(eq + 1));
    if (amp == std::string::npos) break;
    pos = amp + 1;
  }
  return out;
}

std::string ChallengeFor(const std::string& verifier) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(verifier.data()),
                     verifier.size());
  return crypto::Base64UrlEncode(std::string(reinterpret_cast<char*>(digest), sizeof digest));
}

std::string MakeAdmin(TestServer& server, TestClient& client, const std::string& id_number) {
  std::string token = client.RegisterAndLogin("王管理", id_number);
  auto person = server.app().identity().FindByIdNumber(id_number);
  EXPECT_TRUE(person.ok());
  EXPECT_TRUE(server.app().identity().Grant(*person, Role::kAdmin, "", "system").ok());
  return token;
}

RelyingPlatform::RelyingPlatform(TestServer& server, TestClient& admin, const std::string& name,
                                 std::vector<std::string> scopes,
                                 std::vector<std::string> redirect_uris)
    : server_(server), port_(server.port()), redirect_uris_(std::move(redirect_uris)) {
  if (redirect_uris_.empty()) redirect_uris_ = {"https://" + name + ".gov.cn/oidc/callback"};
  json::array uris, sc;
  for (const auto& u : redirect_uris_) uris.emplace_back(u);
  for (const auto& s : scopes) sc.emplace_back(s);
  Reply r = admin.Post("/api/v1/admin/oidc/clients",
                       {{"name", name}, {"redirect_uris", uris}, {"scopes", sc}});
  EXPECT_EQ(r.status, 201) << r.raw;
  if (r.status != 201) return;
  client_id_ = std::string(r.body.at("client_id").as_string());
  secret_ = std::string(r.body.at("client_secret").as_string());
}

AuthRequest RelyingPlatform::NewRequest(const std::string& scope) const {
  AuthRequest r;
  r.scope = scope;
  r.state = crypto::RandomToken(12);
  r.nonce = crypto::RandomToken(12);
  r.verifier = crypto::RandomToken(48);
  r.challenge = ChallengeFor(r.verifier);
  r.redirect_uri = redirect_uri();
  return r;
}

std::string RelyingPlatform::AuthorizeTarget(const AuthRequest& r) const {
  std::map<std::string, std::string> p = {{"response_type", "code"},
                                          {"client_id", client_id_},
                                          {"redirect_uri", r.redirect_uri},
                                          {"scope", r.scope},
                                          {"state", r.state},
                                          {"nonce", r.nonce},
                                          {"code_challenge", r.challenge},
                                          {"code_challenge_method", "S256"}};
  for (const auto& [k, v] : r.overrides) p[k] = v;
  std::vector<std::pair<std::string, std::string>> list;
  for (const auto& [k, v] : p)
    if (!v.empty()) list.emplace_back(k, v);
  return "/oauth2/authorize?" + FormBody(list);
}

Reply RelyingPlatform::GetAuthorize(TestClient& browser, const AuthRequest& r) const {
  return browser.Call("GET", AuthorizeTarget(r), nullptr, {{"Host", Host()}});
}

Reply RelyingPlatform::Decide(TestClient& browser, const AuthRequest& r,
                              const std::string& decision) const {
  json::object body{{"decision", decision}};
  for (const auto& [k, v] : QueryOf(AuthorizeTarget(r))) body[k] = v;
  return browser.Call("POST", "/oauth2/authorize", body, {{"Host", Host()}});
}

std::string RelyingPlatform::Approve(TestClient& browser, const AuthRequest& r) const {
  Reply d = Decide(browser, r, "approve");
  EXPECT_EQ(d.status, 200) << d.raw;
  if (d.status != 200) return "";
  std::string to(d.body.at("redirect_to").as_string());
  EXPECT_TRUE(to.starts_with(r.redirect_uri + "?")) << to;
  auto q = QueryOf(to);
  EXPECT_EQ(q["state"], r.state);
  EXPECT_EQ(q["iss"], Issuer());
  EXPECT_FALSE(q["code"].empty()) << to;
  return q["code"];
}

Reply RelyingPlatform::RedeemCode(const std::string& code, const std::string& verifier,
                                  const std::string& redirect_uri, const std::string& secret,
                                  bool post_auth) const {
  std::string use_secret = secret.empty() ? secret_ : secret;
  std::vector<std::pair<std::string, std::string>> form = {
      {"grant_type", "authorization_code"},
      {"code", code},
      {"redirect_uri", redirect_uri.empty() ? this->redirect_uri() : redirect_uri}};
  if (!verifier.empty()) form.emplace_back("code_verifier", verifier);
  std::vector<std::pair<std::string, std::string>> headers = {
      {"Content-Type", "application/x-www-form-urlencoded"}, {"Host", Host()}};
  if (post_auth) {
    form.emplace_back("client_id", client_id_);
    form.emplace_back("client_secret", use_secret);
  } else {
    headers.emplace_back("Authorization", "Basic " + crypto::Base64Encode(Encode(client_id_) + ":" +
                                                                          Encode(use_secret)));
  }
  TestClient platform(port_);
  return platform.CallRaw("POST", "/oauth2/token", FormBody(form), headers);
}

Reply RelyingPlatform::UserInfo(const std::string& access_token) const {
  TestClient platform(port_);
  return platform.Call("GET", "/oauth2/userinfo", nullptr,
                       {{"Authorization", "Bearer " + access_token}});
}

IdToken RelyingPlatform::Verify(const std::string& id_token) const {
  IdToken out;
  size_t d1 = id_token.find('.');
  size_t d2 = id_token.find('.', d1 + 1);
  if (d1 == std::string::npos || d2 == std::string::npos ||
      id_token.find('.', d2 + 1) != std::string::npos) {
    ADD_FAILURE() << "not a compact JWS: " << id_token;
    return out;
  }
  auto header = crypto::Base64UrlDecode(id_token.substr(0, d1));
  auto payload = crypto::Base64UrlDecode(id_token.substr(d1 + 1, d2 - d1 - 1));
  auto sig = crypto::Base64UrlDecode(id_token.substr(d2 + 1));
  if (!header.ok() || !payload.ok() || !sig.ok()) {
    ADD_FAILURE() << "bad base64url in ID token";
    return out;
  }
  out.header = json::parse(*header).as_object();
  out.claims = json::parse(*payload).as_object();

  TestClient platform(port_);
  Reply jwks = platform.Get("/oauth2/jwks");
  EXPECT_EQ(jwks.status, 200) << jwks.raw;
  for (const auto& k : jwks.body.at("keys").as_array()) {
    if (k.at("kid") != out.header.at("kid")) continue;
    EXPECT_EQ(k.at("kty"), "OKP");
    EXPECT_EQ(k.at("crv"), "Ed25519");
    auto x = crypto::Base64UrlDecode(k.at("x").as_string());
    if (!x.ok() || x->size() != crypto_sign_PUBLICKEYBYTES || sig->size() != crypto_sign_BYTES)
      return out;
    std::string signing_input = id_token.substr(0, d2);
    out.signature_ok =
        crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(sig->data()),
                                    reinterpret_cast<const unsigned char*>(signing_input.data()),
                                    signing_input.size(),
                                    reinterpret_cast<const unsigned char*>(x->data())) == 0;
  }
  return out;
}

}  // namespace ow::testing
