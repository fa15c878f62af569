// IdentityService: real-name registration (实名认证), password login with throttling, opaque
// session tokens, role grants, and access to a person's data with masking and auditing.
// Personal identifiers are stored encrypted; lookups by resident ID use a keyed blind index.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/principal.h"
#include "core/status.h"
#include "crypto/crypto.h"
#include "store/change_feed.h"
#include "store/database.h"
#include "store/keyed_cache.h"
#include "store/migrations.h"

namespace ow::identity {

struct RegisterInput {
  std::string name;
  std::string id_number;
  std::string password;
  std::optional<std::string> phone;
  std::optional<std::string> address;
  std::string ip;  // the caller's address, for the rate limit ("" = not from the network)
};

struct SessionToken {
  std::string token;       // shown once to the client; only its keyed hash is stored
  std::string session_id;  // hash id, for logout/audit
  std::string csrf;        // CSRF token for cookie-authenticated writes
  int64_t expires_at_ms = 0;
};

// What anyone with a legitimate reason may see of a person: masked.
struct PersonSummary {
  std::string person_id;
  std::string masked_name;
  std::string masked_id;
  std::string region;  // GB/T 2260 code from the resident ID (registration region)
};

// A person's own full profile (shown only to that person).
struct Profile {
  PersonSummary summary;
  std::string name;
  std::string id_number;
  std::optional<std::string> phone;
  std::optional<std::string> address;
  char sex = 'U';
  std::string birth_date;
  int64_t created_at_ms = 0;
  std::vector<RoleGrant> grants;
};

// Throttling of failed logins (NIST SP 800-63B 5.2.2): no lockout, but growing delays. The
// first `free_failures` consecutive failures of a key (an account, or an address) cost nothing;
// after the n-th one the key must wait base_delay_ms * 2^(n - free_failures - 1), at most
// max_delay_ms, before its next attempt is even checked (the refusal says how long). A correct
// password after the wait succeeds.
struct ThrottlePolicy {
  int free_failures = 5;
  int64_t base_delay_ms = 1000;
  int64_t max_delay_ms = 60'000;
};

// At most `max` events per address in a fixed window of `window_ms` (0 = no limit).
struct RateLimit {
  int max = 10;
  int64_t window_ms = 60'000;
};

struct IdentityOptions {
  int64_t session_ttl_ms = 12LL * 3600 * 1000;
  // Per account: short delays with a low cap, so strangers cannot keep the owner out for long.
  ThrottlePolicy account_throttle{5, 1000, 60'000};
  // Per address: more free failures (offices behind one address), a long cap, so one address
  // cannot hammer many accounts.
  ThrottlePolicy address_throttle{10, 1000, 15LL * 60 * 1000};
  // Consecutive failures of a key are forgotten this long after its last failure.
  int64_t failure_memory_ms = 60LL * 60 * 1000;
  RateLimit registrations{10, 60'000};  // registration attempts per address
  // Password hashing cost at registration; kMinimum only in benchmarks (re-hashed at login).
  crypto::PasswordCost password_cost = crypto::PasswordCost::kInteractive;
  RateLimit logins{30, 60'000};  // successful logins per address
};

// Change-feed topics of identity: a logged-out session (key: session id), and a person's
// role grants (key: person id).
inline constexpr char kSessionTopic[] = "session";
inline constexpr char kGrantsTopic[] = "grants";

class IdentityService {
 public:
  IdentityService(store::Database& db, const Clock& clock, const crypto::KeyRing& keys,
                  audit::AuditLog& audit, IdentityOptions options = {});

  // Validates every field (Invalid with paths under "$."), Conflict on a duplicate ID.
  Result<std::string> Register(const RegisterInput& in);

  Result<SessionToken> Login(const std::string& id_number, const std::string& password,
                             const std::string& ip);
  Status Logout(const std::string& session_id, const std::string& person_id);
  // Resolves a token to its principal (Unauthenticated if unknown, expired or revoked).
  Result<Principal> Authenticate(const std::string& token);

  Result<Profile> GetOwnProfile(const std::string& person_id);
  Result<PersonSummary> GetSummary(const std::string& person_id);
  // When the session (Principal::session_id) was created: the moment the person logged in.
  Result<int64_t> SessionStartedAt(const std::string& session_id);
  // The same inside the caller's transaction (no second connection while one is held).
  Result<PersonSummary> GetSummary(store::Tx& tx, const std::string& person_id);
  // Finds a person by resident ID (blind index); NotFound if not registered.
  Result<std::string> FindByIdNumber(const std::string& id_number);
  // Decrypts another person's resident ID for an authorised purpose; always audited.
  Result<std::string> RevealIdNumber(const std::string& person_id, const std::string& actor,
                                     const std::string& reason);

  Status Grant(const std::string& person_id, Role role, const std::string& scope,
               const std::string& actor);
  Status Revoke(const std::string& person_id, Role role, const std::string& scope,
                const std::string& actor);
  Result<std::vector<RoleGrant>> Grants(const std::string& person_id);
  // People holding a role (optionally with exactly this scope).
  Result<std::vector<std::pair<PersonSummary, RoleGrant>>> Holders(Role role);

  int64_t session_ttl_ms() const { return opts_.session_ttl_ms; }

  // Serves Authenticate from memory while the feed is fresh; logouts and grant changes are
  // published on it (topics kSessionTopic, kGrantsTopic) so every node forgets them.
  void UseChangeFeed(store::ChangeFeed& feed);

  static std::vector<store::Migration> Migrations();

 private:
  std::string IndexOf(const std::string& id_number) const;
  std::string TokenId(const std::string& token) const;
  // Too many requests (with the true wait) while `key` must wait after failed logins.
  Status CheckThrottle(const std::string& key);
  void RecordFailure(const std::string& key, const ThrottlePolicy& policy);
  // Counts one event of `key` in its fixed window; too many requests past limit.max.
  Status CountRate(const std::string& key, const RateLimit& limit, const std::string& what);
  // Too many requests while `key` has used up limit.max in its current window.
  Status CheckRate(const std::string& key, const RateLimit& limit, const std::string& what);

  store::Database& db_;
  const Clock& clock_;
  const crypto::KeyRing& keys_;
  audit::AuditLog& audit_;
  IdentityOptions opts_;

  // A live session as Authenticate needs it (expiry is checked on every use).
  struct CachedSession {
    std::string person_id;
    int64_t expires_at_ms = 0;
    std::string csrf;
    std::vector<RoleGrant> grants;
  };
  store::ChangeFeed* feed_ = nullptr;
  std::unique_ptr<store::KeyedCache<CachedSession>> sessions_;
};

}  // namespace ow::identity
