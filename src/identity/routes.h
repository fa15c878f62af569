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

struct CookieOptions {
  bool secure = false;  // add the Secure attribute (behind HTTPS)
};

http::Authenticator MakeAuthenticator(IdentityService& identity);

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
