#include "identity/identity_service.h"

#include <algorithm>

#include "identity/validate.h"

namespace ow::identity {

namespace {
constexpr char kAadId[] = "persons.id_number";
constexpr char kAadName[] = "persons.name";
constexpr char kAadPhone[] = "persons.phone";
constexpr char kAadAddress[] = "persons.address";

Status ValidScope(Role role, const std::string& scope) {
  if (scope.empty()) return Status::Ok();
  if (scope.starts_with("place:") && scope.size() > 6 && scope.size() <= 70) return Status::Ok();
  // A doctor of the internet hospital signs as one doctor of the directory: doctor:<doctor id>.
  if (role == Role::kDoctor && scope.starts_with("doctor:") && scope.size() > 7 &&
      scope.size() <= 71)
    return Status::Ok();
  // A service officer works for a department of the service hall: dept:<region>-<CODE>; or
  // supervises its deadlines (escalations): dept-supervisor:<region>-<CODE>.
  if (role == Role::kServiceOfficer &&
      (scope.starts_with("dept:") || scope.starts_with("dept-supervisor:"))) {
    std::string_view d = std::string_view(scope).substr(scope.find(':') + 1);
    bool ok = d.size() >= 8 && d.size() <= 20 && d[6] == '-';
    for (size_t i = 0; ok && i < d.size(); ++i)
      ok = i < 6 ? (d[i] >= '0' && d[i] <= '9') : i == 6 || (d[i] >= 'A' && d[i] <= 'Z');
    if (ok) return Status::Ok();
  }
  bool digits = !scope.empty();
  for (char c : scope) digits = digits && c >= '0' && c <= '9';
  if (digits && (scope.size() == 2 || scope.size() == 4 || scope.size() == 6) &&
      CheckRegionCode(scope + std::string(6 - scope.size(), '0')))
    return Status::Ok();
  return Status::Invalid("bad scope for role " + std::string(RoleName(role)),
                         {{"$.scope",
                           "must be a GB/T 2260 region code (2, 4 or 6 digits), "
                           "place:<place id>, for service officers dept:<department> or "
                           "dept-supervisor:<department>, for doctors doctor:<doctor id>",
                           "bad_scope"}});
}
}  // namespace

IdentityService::IdentityService(store::Database& db, const Clock& clock,
                                 const crypto::KeyRing& keys, audit::AuditLog& audit,
                                 IdentityOptions options)
    : db_(db), clock_(clock), keys_(keys), audit_(audit), opts_(options) {}

std::string IdentityService::IndexOf(const std::string& id_number) const {
  return crypto::KeyedHash(keys_.index_key(), "resident-id:" + NormaliseResidentId(id_number));
}

std::string IdentityService::TokenId(const std::string& token) const {
  return crypto::ToHex(crypto::KeyedHash(keys_.token_key(), token));
}

Result<std::string> IdentityService::Register(const RegisterInput& in) {
  std::vector<FieldError> errors;
  if (!CheckName(in.name))
    errors.push_back(
        {"$.name", "must be 1-40 characters of Chinese or Latin letters, or '·'", "bad_name"});
  Date today = ShanghaiDate(clock_.NowMillis());
  IdError id_err = CheckResidentId(in.id_number, today);
  if (id_err != IdError::kOk)
    errors.push_back({"$.id_number", IdErrorMessage(id_err), "bad_id_number"});
  if (in.password.size() < 8 || in.password.size() > 128)
    errors.push_back({"$.password", "must be 8-128 characters", "weak_password"});
  if (in.phone && !CheckMobile(*in.phone))
    errors.push_back(
        {"$.phone", "must be a mainland mobile number (11 digits, 1[3-9]...)", "bad_phone"});
  if (in.address && (in.address->empty() || in.address->size() > 300))
    errors.push_back({"$.address", "must be 1-300 bytes"});
  if (!errors.empty()) return Status::Invalid("registration data is invalid", std::move(errors));

  // Counted before the (deliberately slow) password hash, whatever the outcome (a flood of
  // already-registered IDs costs a hash each too).
  if (!in.ip.empty())
    OW_RETURN_IF_ERROR(CountRate("reg:" + in.ip, opts_.registrations, "registrations"));
  std::string id_number = NormaliseResidentId(in.id_number);
  OW_ASSIGN_OR_RETURN(std::string hash, crypto::HashPassword(in.password, opts_.password_cost));
  std::string person_id = crypto::NewId();
  std::vector<store::Value> params = {
      person_id,
      store::Blob{IndexOf(id_number)},
      store::Blob{crypto::Seal(keys_.data_key(), id_number, kAadId)},
      store::Blob{crypto::Seal(keys_.data_key(), in.name, kAadName)},
      MaskName(in.name),
      MaskResidentId(id_number),
      id_number.substr(0, 6),
      in.phone ? store::Value(store::Blob{crypto::Seal(keys_.data_key(), *in.phone, kAadPhone)})
               : store::Value(nullptr),
      in.address
          ? store::Value(store::Blob{crypto::Seal(keys_.data_key(), *in.address, kAadAddress)})
          : store::Value(nullptr),
      hash,
      clock_.NowMillis(),
  };
  auto r = db_.Exec(
      "INSERT INTO persons (id, id_index, id_enc, name_enc, masked_name, masked_id, region, "
      "phone_enc, address_enc, password_hash, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
      params);
  if (!r.ok()) {
    if (r.status().code() == Code::kConflict)
      return Status::Conflict("a person with this resident ID is already registered");
    return r.status();
  }
  OW_RETURN_IF_ERROR(audit_.Append({person_id, "person.register", person_id, "", "", ""}));
  return person_id;
}

namespace {
// Whole seconds until `until` (at least 1): what Retry-After announces.
int64_t SecondsUntil(int64_t until_ms, int64_t now_ms) {
  return std::max<int64_t>(1, (until_ms - now_ms + 999) / 1000);
}

// The wait after the n-th consecutive failure: nothing for the free ones, then doubling.
int64_t DelayAfter(int failures, const ThrottlePolicy& p) {
  int beyond = failures - p.free_failures;
  if (beyond <= 0) return 0;
  int64_t delay = p.base_delay_ms;
  for (int i = 1; i < beyond && delay < p.max_delay_ms; ++i) delay *= 2;
  return std::min(delay, p.max_delay_ms);
}

// Of two refusals (or oks), the one with the longer wait.
Status Longer(Status a, Status b) {
  if (a.ok()) return b;
  if (b.ok()) return a;
  return b.retry_after_seconds() > a.retry_after_seconds() ? b : a;
}
}  // namespace

Status IdentityService::CheckThrottle(const std::string& key) {
  OW_ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT blocked_until FROM login_throttle "
                                           "WHERE key = ?",
                                           {key}));
  int64_t now = clock_.NowMillis();
  if (rows.empty() || rows[0].Int(0) <= now) return Status::Ok();
  return Status::TooManyRequests("too many failed logins; wait before trying again",
                                 SecondsUntil(rows[0].Int(0), now));
}

void IdentityService::RecordFailure(const std::string& key, const ThrottlePolicy& policy) {
  int64_t now = clock_.NowMillis();
  Status s = db_.Transact([&](store::Tx& tx) -> Status {
    OW_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT failures, window_start FROM login_throttle "
                                            "WHERE key = ?",
                                            {key}));
    // window_start holds the time of the last failure: failures older than the memory are
    // forgotten.
    int failures = 1;
    if (!rows.empty() && now - rows[0].Int(1) < opts_.failure_memory_ms)
      failures = static_cast<int>(std::min<int64_t>(rows[0].Int(0), 1'000'000)) + 1;
    return tx
        .Exec(
            "INSERT INTO login_throttle (key, failures, window_start, blocked_until) "
            "VALUES (?,?,?,?) ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, "
            "window_start = excluded.window_start, blocked_until = excluded.blocked_until",
            {key, failures, now, now + DelayAfter(failures, policy)})
        .status();
  });
  (void)s;  // best effort: a failed throttle update must not turn into a login error
}

Status IdentityService::CheckRate(const std::string& key, const RateLimit& limit,
                                  const std::string& what) {
  OW_ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT failures, window_start FROM login_throttle "
                                           "WHERE key = ?",
                                           {key}));
  int64_t now = clock_.NowMillis();
  if (limit.max <= 0 || rows.empty() || rows[0].Int(0) < limit.max) return Status::Ok();
  int64_t window_end = rows[0].Int(1) + limit.window_ms;
  if (window_end <= now) return Status::Ok();
  return Status::TooManyRequests("too many " + what + " from this address; try again later",
                                 SecondsUntil(window_end, now));
}

Status IdentityService::CountRate(const std::string& key, const RateLimit& limit,
                                  const std::string& what) {
  if (limit.max <= 0) return Status::Ok();
  int64_t now = clock_.NowMillis();
  return db_.Transact([&](store::Tx& tx) -> Status {
    OW_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT failures, window_start FROM login_throttle "
                                            "WHERE key = ?",
                                            {key}));
    int64_t count = 1;
    int64_t window_start = now;
    if (!rows.empty() && now - rows[0].Int(1) < limit.window_ms) {
      window_start = rows[0].Int(1);
      if (rows[0].Int(0) >= limit.max)
        return Status::TooManyRequests("too many " + what + " from this address; try again later",
                                       SecondsUntil(window_start + limit.window_ms, now));
      count = rows[0].Int(0) + 1;
    }
    return tx
        .Exec(
            "INSERT INTO login_throttle (key, failures, window_start) VALUES (?,?,?) "
            "ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, "
            "window_start = excluded.window_start",
            {key, count, window_start})
        .status();
  });
}

Result<SessionToken> IdentityService::Login(const std::string& id_number,
                                            const std::string& password, const std::string& ip) {
  std::string index = IndexOf(id_number);
  std::string account_key = "acct:" + crypto::ToHex(index).substr(0, 32);
  std::string ip_key = "ip:" + ip;
  std::string logins_key = "login:" + ip;
  // Refused before any password hashing: while the account or the address must wait after
  // failures (the longer wait is announced), or the address has logged in too often.
  Status wait = CheckThrottle(account_key);
  if (!ip.empty())
    wait =
        Longer(wait, Longer(CheckThrottle(ip_key), CheckRate(logins_key, opts_.logins, "logins")));
  OW_RETURN_IF_ERROR(wait);

  OW_ASSIGN_OR_RETURN(
      auto rows,
      db_.Query("SELECT id, password_hash FROM persons WHERE id_index = ?", {store::Blob{index}}));
  // Verify against a fixed hash for unknown accounts too, so timing does not reveal them.
  static const std::string kDummy = *crypto::HashPassword("dummy-password-for-timing");
  bool ok =
      crypto::VerifyPassword(rows.empty() ? kDummy : rows[0].Text(1), password) && !rows.empty();
  if (!ok) {
    RecordFailure(account_key, opts_.account_throttle);
    if (!ip.empty()) RecordFailure(ip_key, opts_.address_throttle);
    (void)audit_.Append({rows.empty() ? "unknown" : rows[0].Text(0), "login.fail",
                         rows.empty() ? "" : rows[0].Text(0), "", "", ip});
    return Status::Unauthenticated("wrong resident ID or password");
  }
  std::string person_id = rows[0].Text(0);
  // The account's failures end with a success; the address's do not (an attacker could reset
  // them with an account of their own).
  (void)db_.Exec("DELETE FROM login_throttle WHERE key = ?", {account_key});
  if (!ip.empty()) (void)CountRate(logins_key, opts_.logins, "logins");

  SessionToken t;
  t.token = crypto::RandomToken(32);
  t.session_id = TokenId(t.token);
  t.csrf = crypto::RandomToken(18);
  int64_t now = clock_.NowMillis();
  t.expires_at_ms = now + opts_.session_ttl_ms;
  OW_RETURN_IF_ERROR(db_.Exec("INSERT INTO sessions (id, person_id, csrf, created_at, expires_at, "
                              "ip) VALUES (?,?,?,?,?,?)",
                              {t.session_id, person_id, t.csrf, now, t.expires_at_ms, ip})
                         .status());
  OW_RETURN_IF_ERROR(audit_.Append({person_id, "login.ok", person_id, "", "", ip}));
  return t;
}

Status IdentityService::Logout(const std::string& session_id, const std::string& person_id) {
  OW_RETURN_IF_ERROR(db_.Transact([&](store::Tx& tx) -> Status {
    OW_RETURN_IF_ERROR(tx.Exec("UPDATE sessions SET revoked_at = ? WHERE id = ? AND "
                               "person_id = ? AND revoked_at IS NULL",
                               {clock_.NowMillis(), session_id, person_id})
                           .status());
    return feed_ == nullptr ? Status::Ok() : feed_->Publish(tx, kSessionTopic, session_id);
  }));
  return audit_.Append({person_id, "logout", person_id, "", "", ""});
}

void IdentityService::UseChangeFeed(store::ChangeFeed& feed) {
  feed_ = &feed;
  sessions_ = std::make_unique<store::KeyedCache<CachedSession>>(feed, 200000);
  feed.Subscribe(kSessionTopic, [this](const std::string& sid) { sessions_->Evict(sid); });
  // Grant changes are rare: forget every cached session rather than index them by person.
  feed.Subscribe(kGrantsTopic,
                 [this](const std::string&) { sessions_->Evict(store::ChangeFeed::kAll); });
}

Result<Principal> IdentityService::Authenticate(const std::string& token) {
  if (token.empty() || token.size() > 200) return Status::Unauthenticated("invalid token");
  std::string sid = TokenId(token);
  OW_ASSIGN_OR_RETURN(
      std::shared_ptr<const CachedSession> session,
      store::CachedOrLoad(
          sessions_.get(), sid, [&]() -> Result<std::shared_ptr<const CachedSession>> {
            OW_ASSIGN_OR_RETURN(auto rows,
                                db_.Query("SELECT person_id, expires_at, revoked_at, csrf "
                                          "FROM sessions WHERE id = ?",
                                          {sid}));
            if (rows.empty() || !rows[0].IsNull(2))
              return Status::Unauthenticated("session is unknown, expired or logged out");
            auto read = std::make_shared<CachedSession>();
            read->person_id = rows[0].Text(0);
            read->expires_at_ms = rows[0].Int(1);
            read->csrf = rows[0].Text(3);
            OW_ASSIGN_OR_RETURN(read->grants, Grants(read->person_id));
            return std::shared_ptr<const CachedSession>(std::move(read));
          }));
  if (session->expires_at_ms <= clock_.NowMillis())
    return Status::Unauthenticated("session is unknown, expired or logged out");
  Principal p;
  p.person_id = session->person_id;
  p.session_id = sid;
  p.csrf = session->csrf;
  p.grants = session->grants;
  return p;
}

Result<std::vector<RoleGrant>> IdentityService::Grants(const std::string& person_id) {
  OW_ASSIGN_OR_RETURN(auto rows,
                      db_.Query("SELECT role, scope FROM role_grants WHERE person_id = ? "
                                "ORDER BY role, scope",
                                {person_id}));
  std::vector<RoleGrant> out = {{Role::kCitizen, ""}};  // every registered person is a citizen
  for (const auto& r : rows) {
    auto role = ParseRole(r.Text(0));
    if (role && *role != Role::kCitizen) out.push_back({*role, r.Text(1)});
  }
  return out;
}

Result<Profile> IdentityService::GetOwnProfile(const std::string& person_id) {
  OW_ASSIGN_OR_RETURN(
      auto rows, db_.Query("SELECT masked_name, masked_id, region, id_enc, name_enc, phone_enc, "
                           "address_enc, created_at FROM persons WHERE id = ?",
                           {person_id}));
  if (rows.empty()) return Status::NotFound("no such person");
  const auto& r = rows[0];
  Profile p;
  p.summary = {person_id, r.Text(0), r.Text(1), r.Text(2)};
  OW_ASSIGN_OR_RETURN(p.id_number, crypto::Open(keys_.data_key(), r.Bytes(3), kAadId));
  OW_ASSIGN_OR_RETURN(p.name, crypto::Open(keys_.data_key(), r.Bytes(4), kAadName));
  if (!r.IsNull(5)) {
    OW_ASSIGN_OR_RETURN(std::string phone, crypto::Open(keys_.data_key(), r.Bytes(5), kAadPhone));
    p.phone = phone;
  }
  if (!r.IsNull(6)) {
    OW_ASSIGN_OR_RETURN(std::string a, crypto::Open(keys_.data_key(), r.Bytes(6), kAadAddress));
    p.address = a;
  }
  p.sex = ResidentIdSex(p.id_number);
  if (auto b = ResidentIdBirthDate(p.id_number)) p.birth_date = FormatDate(*b);
  p.created_at_ms = r.Int(7);
  OW_ASSIGN_OR_RETURN(p.grants, Grants(person_id));
  return p;
}

namespace {
constexpr char kSummarySql[] = "SELECT masked_name, masked_id, region FROM persons WHERE id = ?";

Result<PersonSummary> SummaryFrom(const store::Rows& rows, const std::string& person_id) {
  if (rows.empty()) return Status::NotFound("no such person");
  return PersonSummary{person_id, rows[0].Text(0), rows[0].Text(1), rows[0].Text(2)};
}
}  // namespace

Result<PersonSummary> IdentityService::GetSummary(const std::string& person_id) {
  OW_ASSIGN_OR_RETURN(auto rows, db_.Query(kSummarySql, {person_id}));
  return SummaryFrom(rows, person_id);
}

Result<int64_t> IdentityService::SessionStartedAt(const std::string& session_id) {
  OW_ASSIGN_OR_RETURN(auto rows,
                      db_.Query("SELECT created_at FROM sessions WHERE id = ?", {session_id}));
  if (rows.empty()) return Status::NotFound("no such session");
  return rows[0].Int(0);
}

Result<PersonSummary> IdentityService::GetSummary(store::Tx& tx, const std::string& person_id) {
  OW_ASSIGN_OR_RETURN(auto rows, tx.Query(kSummarySql, {person_id}));
  return SummaryFrom(rows, person_id);
}

Result<std::string> IdentityService::FindByIdNumber(const std::string& id_number) {
  OW_ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT id FROM persons WHERE id_index = ?",
                                           {store::Blob{IndexOf(id_number)}}));
  if (rows.empty()) return Status::NotFound("no person is registered with this resident ID");
  return rows[0].Text(0);
}

Result<std::string> IdentityService::RevealIdNumber(const std::string& person_id,
                                                    const std::string& actor,
                                                    const std::string& reason) {
  OW_ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT id_enc FROM persons WHERE id = ?", {person_id}));
  if (rows.empty()) return Status::NotFound("no such person");
  OW_RETURN_IF_ERROR(audit_.Append({actor, "pii.read", person_id, "id_number", reason, ""}));
  return crypto::Open(keys_.data_key(), rows[0].Bytes(0), kAadId);
}

Status IdentityService::Grant(const std::string& person_id, Role role, const std::string& scope,
                              const std::string& actor) {
  OW_RETURN_IF_ERROR(ValidScope(role, scope));
  OW_RETURN_IF_ERROR(GetSummary(person_id).status());
  return db_.Transact([&](store::Tx& tx) -> Status {
    auto r = tx.Exec(
        "INSERT INTO role_grants (person_id, role, scope, granted_by, granted_at) "
        "VALUES (?,?,?,?,?) ON CONFLICT DO NOTHING",
        {person_id, RoleName(role), scope, actor, clock_.NowMillis()});
    OW_RETURN_IF_ERROR(r.status());
    if (feed_ != nullptr) OW_RETURN_IF_ERROR(feed_->Publish(tx, kGrantsTopic, person_id));
    return audit_.Append(tx,
                         {actor, "role.grant", person_id, "",
                          std::string(RoleName(role)) + (scope.empty() ? "" : "@" + scope), ""});
  });
}

Status IdentityService::Revoke(const std::string& person_id, Role role, const std::string& scope,
                               const std::string& actor) {
  return db_.Transact([&](store::Tx& tx) -> Status {
    OW_ASSIGN_OR_RETURN(int64_t n,
                        tx.Exec("DELETE FROM role_grants WHERE person_id = ? AND role = ? "
                                "AND scope = ?",
                                {person_id, RoleName(role), scope}));
    if (n == 0) return Status::NotFound("no such grant");
    if (feed_ != nullptr) OW_RETURN_IF_ERROR(feed_->Publish(tx, kGrantsTopic, person_id));
    return audit_.Append(tx,
                         {actor, "role.revoke", person_id, "",
                          std::string(RoleName(role)) + (scope.empty() ? "" : "@" + scope), ""});
  });
}

Result<std::vector<std::pair<PersonSummary, RoleGrant>>> IdentityService::Holders(Role role) {
  OW_ASSIGN_OR_RETURN(auto rows,
                      db_.Query("SELECT p.id, p.masked_name, p.masked_id, p.region, g.scope "
                                "FROM role_grants g JOIN persons p ON p.id = g.person_id "
                                "WHERE g.role = ? ORDER BY g.granted_at",
                                {RoleName(role)}));
  std::vector<std::pair<PersonSummary, RoleGrant>> out;
  for (const auto& r : rows)
    out.push_back({{r.Text(0), r.Text(1), r.Text(2), r.Text(3)}, {role, r.Text(4)}});
  return out;
}

}  // namespace ow::identity
