// HTTP routes of the identity module: citizens, sessions, the caller's profile, enterprises,
// role grants and the audit log, plus the request authenticator (Bearer token or cookie).
#pragma once

#include "audit/audit.h"
#include "core/blocking_pool.h"
#include "http/dispatcher.h"
#include "http/router.h"
#include "identity/enterprise_service.h"
#include "identity/identity_service.h"

namespace ow::identity {

inline constexpr char kSessionCookie[] = "ow_session";
inline constexpr char kCsrfCookie[] = "ow_csrf";
// With secure cookies the names carry the __Host- prefix: the browser accepts them only with
// Secure, Path=/ and no Domain, so a sibling subdomain cannot plant or overwrite them.
inline constexpr char kSecureSessionCookie[] = "__Host-ow_session";
inline constexpr char kSecureCsrfCookie[] = "__Host-ow_csrf";

struct CookieOptions {
  bool secure = false;  // Secure attribute and __Host- names (behind HTTPS)
  const char* session_name() const { return secure ? kSecureSessionCookie : kSessionCookie; }
  const char* csrf_name() const { return secure ? kSecureCsrfCookie : kCsrfCookie; }
};

// Bearer token, or the session cookie of `cookies` (only that name). The principal carries
// the session's CSRF token.
http::Authenticator MakeAuthenticator(IdentityService& identity, CookieOptions cookies);

struct IdentityDeps {
  IdentityService& identity;
  EnterpriseService& enterprises;
  audit::AuditLog& audit;
  CookieOptions cookies;
  // Registration and login hash a password (argon2id): they run here, never on the HTTP I/O
  // threads; a full queue is answered 503 with Retry-After.
  BlockingPool& hashing;
};

void RegisterIdentityRoutes(http::Router& router, const IdentityDeps& deps);

}  // namespace ow::identity
