// RelyingPlatform: plays another government platform that uses OneWindow for single sign-on
// in the OIDC tests — registers itself through an administrator, builds authorization
// requests with PKCE, redeems codes at the token endpoint and verifies ID tokens against the
// provider's JWKS with libsodium.
#pragma once

#include <boost/json.hpp>
#include <map>
#include <string>
#include <vector>

#include "support/test_server.h"

namespace ow::testing {

// One authorization request of the platform (what it keeps in its own session).
struct AuthRequest {
  std::string scope;
  std::string state;
  std::string nonce;
  std::string verifier;
  std::string challenge;
  std::string redirect_uri;
  // Extra or overriding query parameters ("" value = leave the parameter out).
  std::map<std::string, std::string> overrides;
};

// An ID token split into verified parts.
struct IdToken {
  bool signature_ok = false;
  json::object header;
  json::object claims;
};

class RelyingPlatform {
 public:
  RelyingPlatform(TestServer& server, TestClient& admin, const std::string& name,
                  std::vector<std::string> scopes, std::vector<std::string> redirect_uris = {});

  const std::string& client_id() const { return client_id_; }
  const std::string& secret() const { return secret_; }
  const std::string& redirect_uri() const { return redirect_uris_.front(); }
  // The provider as the platform reaches it (Host header): the node it registered on.
  std::string Host() const { return "127.0.0.1:" + std::to_string(server_.port()); }
  // Sends the platform's own requests (token, userinfo, JWKS) to another node of the same
  // installation, still naming the first node in the Host header (as behind a load balancer).
  void SendTo(const TestServer& node) { port_ = node.port(); }
  // The issuer: the installation's configured public URL (by default http://<Host()>).
  std::string Issuer() const { return server_.app().public_url(); }

  AuthRequest NewRequest(const std::string& scope) const;
  // "/oauth2/authorize?response_type=code&client_id=...".
  std::string AuthorizeTarget(const AuthRequest& r) const;
  // GET of the authorization URL by the person's browser (their client, with their token).
  Reply GetAuthorize(TestClient& browser, const AuthRequest& r) const;
  // The person's decision; returns the reply with {"redirect_to"}.
  Reply Decide(TestClient& browser, const AuthRequest& r, const std::string& decision) const;
  // Approves and returns the code from redirect_to (empty and a test failure otherwise).
  std::string Approve(TestClient& browser, const AuthRequest& r) const;

  // POST /oauth2/token with client_secret_basic (or client_secret_post when `post_auth`).
  Reply RedeemCode(const std::string& code, const std::string& verifier,
                   const std::string& redirect_uri = "", const std::string& secret = "",
                   bool post_auth = false) const;
  Reply UserInfo(const std::string& access_token) const;

  // Verifies the signature with the key of the provider's JWKS named by the header's kid.
  IdToken Verify(const std::string& id_token) const;

 private:
  TestServer& server_;
  uint16_t port_;
  std::string client_id_;
  std::string secret_;
  std::vector<std::string> redirect_uris_;
};

// The string in a JSON value ("<not a string>" otherwise), for comparisons in tests.
inline std::string Str(const json::value& v) {
  return v.is_string() ? std::string(v.as_string()) : "<not a string: " + json::serialize(v) + ">";
}

// Parses the query of a URI ("https://x/cb?code=1&state=2") into parameters.
std::map<std::string, std::string> QueryOf(const std::string& uri);
// BASE64URL(SHA-256(verifier)), computed independently of the server's code.
std::string ChallengeFor(const std::string& verifier);
// Makes a registered person an administrator and returns a client logged in as them.
std::string MakeAdmin(TestServer& server, TestClient& client, const std::string& id_number);

}  // namespace ow::testing
