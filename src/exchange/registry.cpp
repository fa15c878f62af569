// The exchange registry: members, keys, services and access rights in the exchange's own
// tables (migration stream "exchange_registry"), audited changes, and the Directory reads.
#include "exchange/registry.h"

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>

#include "core/time.h"
#include "crypto/crypto.h"

namespace ow::exchange {

namespace json = boost::json;

namespace {

constexpr size_t kMaxName = 200;
constexpr size_t kMaxLegalBasis = 500;
constexpr size_t kMaxCodes = 100;

Status NotThere(std::string code, std::string path, std::string message) {
  return Status(Code::kNotFound, message, {{std::move(path), message, std::move(code)}});
}

std::string CodesJson(const std::vector<std::string>& codes) {
  json::array a;
  for (const auto& c : codes) a.emplace_back(c);
  return json::serialize(a);
}

std::vector<std::string> CodesFrom(const std::string& text) {
  std::vector<std::string> out;
  json::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& x : v.as_array())
    if (x.is_string()) out.emplace_back(x.as_string());
  return out;
}

constexpr char kServiceSelect[] =
    "SELECT id, provider, name_zh, name_en, fields, sharing_class, legal_basis, purposes, "
    "about_person, updated_at_ms FROM xr_services ";

Result<ServiceDef> ServiceFromRow(const store::Row& r) {
  ServiceDef s;
  OW_ASSIGN_OR_RETURN(s.id, ParseServiceId(r.Text(0)));
  s.name_zh = r.Text(2);
  s.name_en = r.Text(3);
  s.fields = CodesFrom(r.Text(4));
  OW_ASSIGN_OR_RETURN(s.sharing, ParseSharingClass(r.Text(5)));
  s.legal_basis = r.Text(6);
  s.purposes = CodesFrom(r.Text(7));
  s.about_person = r.Int(8) != 0;
  s.updated_at_ms = r.Int(9);
  return s;
}

constexpr char kRightSelect[] =
    "SELECT client, service_id, purpose, legal_basis, granted_by, granted_at_ms "
    "FROM xr_access_rights ";

Result<AccessRight> RightFromRow(const store::Row& r) {
  AccessRight a;
  OW_ASSIGN_OR_RETURN(a.client, ParseSubsystemId(r.Text(0)));
  OW_ASSIGN_OR_RETURN(a.service, ParseServiceId(r.Text(1)));
  a.purpose = r.Text(2);
  a.legal_basis = r.Text(3);
  a.granted_by = r.Text(4);
  a.granted_at_ms = r.Int(5);
  return a;
}

constexpr char kMemberSelect[] =
    "SELECT id, name_zh, name_en, created_at_ms, disabled FROM xr_members ";

Result<Member> MemberFromRow(const store::Row& r) {
  Member m;
  OW_ASSIGN_OR_RETURN(m.id, ParseSubsystemId(r.Text(0)));
  m.name_zh = r.Text(1);
  m.name_en = r.Text(2);
  m.created_at_ms = r.Int(3);
  m.disabled = r.Int(4) != 0;
  return m;
}

MemberKey KeyFromRow(const store::Row& r, size_t first) {
  MemberKey k;
  k.key_id = r.Text(first);
  k.public_key = r.Bytes(first + 1);
  k.not_before_ms = r.Int(first + 2);
  k.not_after_ms = r.Int(first + 3);
  return k;
}

bool ValidAt(const MemberKey& k, int64_t at_ms) {
  return k.not_before_ms <= at_ms && (k.not_after_ms == 0 || at_ms < k.not_after_ms);
}

void CheckName(std::vector<FieldError>& e, const std::string& path, const std::string& name,
               bool required) {
  if ((required && name.empty()) || name.size() > kMaxName)
    e.push_back(
        {path, required ? "must be 1-200 bytes" : "must be at most 200 bytes", "bad_length"});
}

void CheckCodes(std::vector<FieldError>& e, const std::string& path,
                const std::vector<std::string>& codes, bool required) {
  if (required && codes.empty()) e.push_back({path, "must name at least one code", "required"});
  if (codes.size() > kMaxCodes) e.push_back({path, "at most 100 codes", "too_many"});
  for (size_t i = 0; i < codes.size() && i < kMaxCodes; ++i) {
    std::string p = path + "[" + std::to_string(i) + "]";
    if (!ValidCode(codes[i]))
      e.push_back({p, "must be 1-40 characters of a-z, 0-9, _ and -", "bad_code"});
    else if (std::find(codes.begin(), codes.begin() + static_cast<long>(i), codes[i]) !=
             codes.begin() + static_cast<long>(i))
      e.push_back({p, "is listed twice", "duplicate"});
  }
}

void CheckKey(std::vector<FieldError>& e, const MemberKey& k, const std::string& base) {
  if (!ValidKeyId(k.key_id))
    e.push_back({base + ".key_id", "must be 1-64 characters of A-Z, a-z, 0-9, '.', '_' and '-'",
                 "bad_key_id"});
  if (k.public_key.size() != 32)
    e.push_back(
        {base + ".public_key", "must be 32 bytes (an Ed25519 public key) in base64", "bad_key"});
  if (k.not_before_ms < 0) e.push_back({base + ".not_before", "must not be negative", "bad_time"});
  if (k.not_after_ms != 0 && k.not_after_ms <= k.not_before_ms)
    e.push_back({base + ".not_after", "must be after not_before", "bad_time"});
}

Status MemberExists(store::Tx& tx, const SubsystemId& id, const std::string& path) {
  OW_ASSIGN_OR_RETURN(auto rows,
                      tx.Query("SELECT disabled FROM xr_members WHERE id = ?", {id.ToString()}));
  if (rows.empty())
    return Status::Invalid("unknown member: " + id.ToString(),
                           {{path, "is not a registered member", kUnknownMember}});
  return Status::Ok();
}

bool ContainsFolded(std::string_view hay, std::string_view needle) {
  auto lower = [](std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  };
  return lower(hay).find(lower(needle)) != std::string::npos;
}

}  // namespace

std::string_view DirectoryErrorCode(const Status& status) {
  if (status.code() != Code::kNotFound || status.fields().size() != 1) return {};
  return status.fields()[0].code;
}

bool ValidCode(std::string_view code) {
  if (code.empty() || code.size() > 40) return false;
  for (char c : code)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
  return true;
}

bool ValidKeyId(std::string_view key_id) {
  if (key_id.empty() || key_id.size() > 64) return false;
  for (char c : key_id)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-')
      return false;
  return true;
}

std::vector<store::Migration> Registry::Migrations() {
  return {{"exchange_registry", 1, "exchange members, keys, services and access rights", R"SQL(
CREATE TABLE xr_members (
  id TEXT PRIMARY KEY,
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL DEFAULT '',
  created_at_ms {bigint} NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE xr_member_keys (
  member_id TEXT NOT NULL,
  key_id TEXT NOT NULL,
  public_key {blob} NOT NULL,
  not_before_ms {bigint} NOT NULL,
  not_after_ms {bigint} NOT NULL DEFAULT 0,
  PRIMARY KEY (member_id, key_id)
);
CREATE TABLE xr_services (
  id TEXT PRIMARY KEY,
  provider TEXT NOT NULL,
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL DEFAULT '',
  fields TEXT NOT NULL,
  sharing_class TEXT NOT NULL,
  legal_basis TEXT NOT NULL DEFAULT '',
  purposes TEXT NOT NULL,
  about_person INTEGER NOT NULL DEFAULT 0,
  updated_at_ms {bigint} NOT NULL
);
CREATE INDEX xr_services_provider ON xr_services(provider);
CREATE TABLE xr_access_rights (
  client TEXT NOT NULL,
  service_id TEXT NOT NULL,
  purpose TEXT NOT NULL,
  legal_basis TEXT NOT NULL DEFAULT '',
  granted_by TEXT NOT NULL,
  granted_at_ms {bigint} NOT NULL,
  PRIMARY KEY (client, service_id, purpose)
);
CREATE INDEX xr_access_rights_service ON xr_access_rights(service_id)
)SQL"}};
}

Registry::Registry(store::Database& db, const Clock& clock, audit::AuditLog& audit)
    : db_(db), clock_(clock), audit_(audit) {}

// ---- members ----

Result<Member> Registry::AddMember(const SubsystemId& id, const std::string& name_zh,
                                   const std::string& name_en, const std::string& actor) {
  std::vector<FieldError> errors;
  CheckName(errors, "$.name_zh", name_zh, true);
  CheckName(errors, "$.name_en", name_en, false);
  if (!errors.empty()) return Status::Invalid("member data is invalid", std::move(errors));
  Member m{id, name_zh, name_en, clock_.NowMillis(), false};
  OW_RETURN_IF_ERROR(db_.Transact([&](store::Tx& tx) -> Status {
    OW_ASSIGN_OR_RETURN(int64_t n, tx.Exec("INSERT INTO xr_members (id, name_zh, name_en, "
                                           "created_at_ms, disabled) VALUES (?,?,?,?,0) "
                                           "ON CONFLICT DO NOTHING",
                                           {id.ToString(), name_zh, name_en, m.created_at_ms}));
    if (n == 0) return Status::Conflict("member " + id.ToString() + " is already registered");
    return audit_.Append(tx, {actor, "exchange.member.add", id.ToString(), "", name_zh, ""});
  }));
  return m;
}

Result<std::vector<Member>> Registry::ListMembers() {
  OW_ASSIGN_OR_RETURN(auto rows, db_.Query(std::string(kMemberSelect) + "ORDER BY id"));
  std::vector<Member> out;
  for (const auto& r : rows) {
    OW_ASSIGN_OR_RETURN(Member m, MemberFromRow(r));
    out.push_back(std::move(m));
  }
  return out;
}

Result<Member> Registry::GetMember(const SubsystemId& id) {
  OW_ASSIGN_OR_RETURN(auto rows,
                      db_.Query(std::string(kMemberSelect) + "WHERE id = ?", {id.ToString()}));
  if (rows.empty()) return NotThere(kUnknownMember, "$.member", "unknown member: " + id.ToString());
  return MemberFromRow(rows[0]);
}

Status Registry::SetMemberDisabled(const SubsystemId& id, bool disabled, const std::string& actor) {
  return db_.Transact([&](store::Tx& tx) -> Status {
    OW_ASSIGN_OR_RETURN(int64_t n, tx.Exec("UPDATE xr_members SET disabled = ? WHERE id = ?",
                                           {int64_t{disabled ? 1 : 0}, id.ToString()}));
    if (n == 0) return NotThere(kUnknownMember, "$.member", "unknown member: " + id.ToString());
    return audit_.Append(
        tx, {actor, disabled ? "exchange.member.disable" : "exchange.member.enable", id.ToString(),
             "", "", ""});
  });
}

// ---- keys ----

Status Registry::AddKey(const SubsystemId& member, const MemberKey& key, const std::string& actor) {
  std::vector<FieldError> errors;
  CheckKey(errors, key, "$");
  if (!errors.empty()) return Status::Invalid("key is invalid", std::move(errors));
  return db_.Transact([&](store::Tx& tx) -> Status {
    OW_RETURN_IF_ERROR(MemberExists(tx, member, "$.member"));
    OW_ASSIGN_OR_RETURN(int64_t n,
                        tx.Exec("INSERT INTO xr_member_keys (member_id, key_id, public_key, "
                                "not_before_ms, not_after_ms) VALUES (?,?,?,?,?) "
                                "ON CONFLICT DO NOTHING",
                                {member.ToString(), key.key_id, store::Blob{key.public_key},
                                 key.not_before_ms, key.not_after_ms}));
    if (n == 0)
      return Status::Conflict("member " + member.ToString() + " already has a key " + key.key_id);
    return audit_.Append(tx, {actor, "exchange.key.add", member.ToString(), "", key.key_id, ""});
  });
}

Status Registry::RotateKey(const SubsystemId& member, const MemberKey& new_key, int64_t overlap_ms,
                           const std::string& actor) {
  const int64_t now = clock_.NowMillis();
  MemberKey k = new_key;
  if (k.not_before_ms == 0) k.not_before_ms = now;
  std::vector<FieldError> errors;
  CheckKey(errors, k, "$");
  if (overlap_ms < 0 || overlap_ms > 365 * kMillisPerDay)
    errors.push_back({"$.overlap_seconds", "must be between 0 and one year", "out_of_range"});
  if (!errors.empty()) return Status::Invalid("key is invalid", std::move(errors));
  const int64_t end = now + overlap_ms;
  return db_.Transact([&](store::Tx& tx) -> Status {
    OW_RETURN_IF_ERROR(MemberExists(tx, member, "$.member"));
    // Keys valid now that would outlive the overlap end there (the new key is not in yet).
    OW_RETURN_IF_ERROR(tx.Exec("UPDATE xr_member_keys SET not_after_ms = ? WHERE member_id = ? "
                               "AND not_before_ms <= ? AND (not_after_ms = 0 OR not_after_ms > ?)",
                               {end, member.ToString(), now, end})
                           .status());
    OW_ASSIGN_OR_RETURN(
        int64_t n, tx.Exec("INSERT INTO xr_member_keys (member_id, key_id, public_key, "
                           "not_before_ms, not_after_ms) VALUES (?,?,?,?,?) "
                           "ON CONFLICT DO NOTHING",
                           {member.ToString(), k.key_id, store::Blob{k.public_key}, k.not_before_ms,
                            k.not_after_ms}));
    if (n == 0)
      return Status::Conflict("member " + member.ToString() + " already has a key " + k.key_id);
    return audit_.Append(tx,
                         {actor, "exchange.key.rotate", member.ToString(), "",
                          k.key_id + " (overlap " + std::to_string(overlap_ms / 1000) + " s)", ""});
  });
}

Status Registry::RetireKey(const SubsystemId& member, std::string_view key_id,
                           const std::string& actor) {
  const int64_t now = clock_.NowMillis();
  return db_.Transact([&](store::Tx& tx) -> Status {
    OW_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT not_after_ms FROM xr_member_keys WHERE "
                                            "member_id = ? AND key_id = ?",
                                            {member.ToString(), std::string(key_id)}));
    if (rows.empty())
      return NotThere(kUnknownKey, "$.key_id",
                      "unknown key: " + member.ToString() + " has no key " + std::string(key_id));
    OW_RETURN_IF_ERROR(tx.Exec("UPDATE xr_member_keys SET not_after_ms = ? WHERE member_id = ? "
                               "AND key_id = ? AND (not_after_ms = 0 OR not_after_ms > ?)",
                               {now, member.ToString(), std::string(key_id), now})
                           .status());
    return audit_.Append(
        tx, {actor, "exchange.key.retire", member.ToString(), "", std::string(key_id), ""});
  });
}

Result<std::vector<MemberKey>> Registry::ListKeys(const SubsystemId& member) {
  OW_ASSIGN_OR_RETURN(auto rows,
                      db_.Query("SELECT key_id, public_key, not_before_ms, not_after_ms FROM "
                                "xr_member_keys WHERE member_id = ? ORDER BY not_before_ms, key_id",
                                {member.ToString()}));
  std::vector<MemberKey> out;
  for (const auto& r : rows) out.push_back(KeyFromRow(r, 0));
  return out;
}

// ---- services ----

namespace {

std::vector<FieldError> CheckService(const ServiceDef& s) {
  std::vector<FieldError> e;
  CheckName(e, "$.name_zh", s.name_zh, true);
  CheckName(e, "$.name_en", s.name_en, false);
  CheckCodes(e, "$.fields", s.fields, true);
  CheckCodes(e, "$.purposes", s.purposes, true);
  if (s.legal_basis.size() > kMaxLegalBasis)
    e.push_back({"$.legal_basis", "must be at most 500 bytes", "bad_length"});
  return e;
}

// Writes the service unless it is stored exactly so; returns whether it changed.
Result<bool> UpsertService(store::Tx& tx, const ServiceDef& s, int64_t now) {
  OW_RETURN_IF_ERROR(MemberExists(tx, s.id.provider, "$.id"));
  const std::string fields = CodesJson(s.fields), purposes = CodesJson(s.purposes);
  const std::string sharing(SharingClassName(s.sharing));
  OW_ASSIGN_OR_RETURN(auto rows,
                      tx.Query("SELECT name_zh, name_en, fields, sharing_class, legal_basis, "
                               "purposes, about_person FROM xr_services WHERE id = ?",
                               {s.id.ToString()}));
  if (!rows.empty()) {
    const auto& r = rows[0];
    if (r.Text(0) == s.name_zh && r.Text(1) == s.name_en && r.Text(2) == fields &&
        r.Text(3) == sharing && r.Text(4) == s.legal_basis && r.Text(5) == purposes &&
        (r.Int(6) != 0) == s.about_person)
      return false;
  }
  OW_RETURN_IF_ERROR(
      tx.Exec("INSERT INTO xr_services (id, provider, name_zh, name_en, fields, sharing_class, "
              "legal_basis, purposes, about_person, updated_at_ms) VALUES (?,?,?,?,?,?,?,?,?,?) "
              "ON CONFLICT (id) DO UPDATE SET name_zh = excluded.name_zh, "
              "name_en = excluded.name_en, fields = excluded.fields, "
              "sharing_class = excluded.sharing_class, legal_basis = excluded.legal_basis, "
              "purposes = excluded.purposes, about_person = excluded.about_person, "
              "updated_at_ms = excluded.updated_at_ms",
              {s.id.ToString(), s.id.provider.ToString(), s.name_zh, s.name_en, fields, sharing,
               s.legal_basis, purposes, int64_t{s.about_person ? 1 : 0}, now})
          .status());
  return true;
}

// Writes the right unless it is stored with the same legal basis; returns whether it changed.
Result<bool> UpsertRight(store::Tx& tx, const AccessRight& a, const std::string& actor,
                         int64_t now) {
  OW_RETURN_IF_ERROR(MemberExists(tx, a.client, "$.client"));
  OW_ASSIGN_OR_RETURN(
      auto svc, tx.Query("SELECT purposes FROM xr_services WHERE id = ?", {a.service.ToString()}));
  if (svc.empty())
    return Status::Invalid("unknown service: " + a.service.ToString(),
                           {{"$.service", "is not in the catalogue", kUnknownService}});
  auto purposes = CodesFrom(svc[0].Text(0));
  if (std::find(purposes.begin(), purposes.end(), a.purpose) == purposes.end())
    return Status::Invalid(
        "the service does not allow purpose " + a.purpose,
        {{"$.purpose", "is not one of the service's purposes", "unknown_purpose"}});
  OW_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT legal_basis FROM xr_access_rights WHERE "
                                          "client = ? AND service_id = ? AND purpose = ?",
                                          {a.client.ToString(), a.service.ToString(), a.purpose}));
  if (!rows.empty() && rows[0].Text(0) == a.legal_basis) return false;
  OW_RETURN_IF_ERROR(
      tx.Exec("INSERT INTO xr_access_rights (client, service_id, purpose, legal_basis, "
              "granted_by, granted_at_ms) VALUES (?,?,?,?,?,?) ON CONFLICT (client, service_id, "
              "purpose) DO UPDATE SET legal_basis = excluded.legal_basis, "
              "granted_by = excluded.granted_by, granted_at_ms = excluded.granted_at_ms",
              {a.client.ToString(), a.service.ToString(), a.purpose, a.legal_basis, actor, now})
          .status());
  return true;
}

std::vector<FieldError> CheckRight(const AccessRight& a) {
  std::vector<FieldError> e;
  if (!ValidCode(a.purpose))
    e.push_back({"$.purpose", "must be 1-40 characters of a-z, 0-9, _ and -", "bad_code"});
  if (a.legal_basis.size() > kMaxLegalBasis)
    e.push_back({"$.legal_basis", "must be at most 500 bytes", "bad_length"});
  return e;
}

}  // namespace

Result<ServiceDef> Registry::PutService(const ServiceDef& service, const std::string& actor) {
  auto errors = CheckService(service);
  if (!errors.empty()) return Status::Invalid("service data is invalid", std::move(errors));
  const int64_t now = clock_.NowMillis();
  OW_RETURN_IF_ERROR(db_.Transact([&](store::Tx& tx) -> Status {
    OW_ASSIGN_OR_RETURN(bool changed, UpsertService(tx, service, now));
    if (!changed) return Status::Ok();
    return audit_.Append(tx, {actor, "exchange.service.put", service.id.ToString(), "",
                              std::string(SharingClassName(service.sharing)), ""});
  }));
  return Service(service.id);
}

Result<std::vector<ServiceDef>> Registry::ListServices(const ServiceFilter& filter) {
  store::Rows rows;
  if (filter.provider.empty()) {
    OW_ASSIGN_OR_RETURN(rows, db_.Query(std::string(kServiceSelect) + "ORDER BY id"));
  } else {
    OW_ASSIGN_OR_RETURN(rows,
                        db_.Query(std::string(kServiceSelect) + "WHERE provider = ? ORDER BY id",
                                  {filter.provider}));
  }
  std::vector<ServiceDef> out;
  for (const auto& r : rows) {
    OW_ASSIGN_OR_RETURN(ServiceDef s, ServiceFromRow(r));
    if (!filter.text.empty() && !ContainsFolded(s.id.ToString(), filter.text) &&
        !ContainsFolded(s.name_zh, filter.text) && !ContainsFolded(s.name_en, filter.text))
      continue;
    out.push_back(std::move(s));
  }
  return out;
}

// ---- rights ----

Result<AccessRight> Registry::Grant(const AccessRight& right, const std::string& actor) {
  auto errors = CheckRight(right);
  if (!errors.empty()) return Status::Invalid("access right is invalid", std::move(errors));
  const int64_t now = clock_.NowMillis();
  OW_RETURN_IF_ERROR(db_.Transact([&](store::Tx& tx) -> Status {
    OW_ASSIGN_OR_RETURN(bool changed, UpsertRight(tx, right, actor, now));
    if (!changed) return Status::Ok();
    return audit_.Append(tx, {actor, "exchange.right.grant", right.client.ToString(), "",
                              right.service.ToString() + " for " + right.purpose, ""});
  }));
  return RightOf(right.client, right.service, right.purpose);
}

Status Registry::Revoke(const SubsystemId& client, const ServiceId& service,
                        std::string_view purpose, const std::string& actor) {
  return db_.Transact([&](store::Tx& tx) -> Status {
    OW_ASSIGN_OR_RETURN(int64_t n,
                        tx.Exec("DELETE FROM xr_access_rights WHERE client = ? AND "
                                "service_id = ? AND purpose = ?",
                                {client.ToString(), service.ToString(), std::string(purpose)}));
    if (n == 0)
      return NotThere(kNoAccessRight, "$.purpose",
                      "no access right: " + client.ToString() + " may not call " +
                          service.ToString() + " for " + std::string(purpose));
    return audit_.Append(tx, {actor, "exchange.right.revoke", client.ToString(), "",
                              service.ToString() + " for " + std::string(purpose), ""});
  });
}

Result<std::vector<AccessRight>> Registry::ListRights(const RightFilter& filter) {
  std::string where;
  std::vector<store::Value> params;
  auto add = [&](const char* column, const std::string& value) {
    if (value.empty()) return;
    where += where.empty() ? "WHERE " : " AND ";
    where += std::string(column) + " = ?";
    params.emplace_back(value);
  };
  add("client", filter.client);
  add("service_id", filter.service);
  add("purpose", filter.purpose);
  OW_ASSIGN_OR_RETURN(auto rows, db_.Query(std::string(kRightSelect) + where +
                                               " ORDER BY service_id, client, purpose",
                                           params));
  std::vector<AccessRight> out;
  for (const auto& r : rows) {
    OW_ASSIGN_OR_RETURN(AccessRight a, RightFromRow(r));
    out.push_back(std::move(a));
  }
  return out;
}

// ---- Directory ----

Result<MemberKey> Registry::KeyOf(const SubsystemId& member, std::string_view key_id,
                                  int64_t at_ms) {
  OW_ASSIGN_OR_RETURN(
      auto rows,
      db_.Query("SELECT m.disabled, k.key_id, k.public_key, k.not_before_ms, k.not_after_ms "
                "FROM xr_members m LEFT JOIN xr_member_keys k ON k.member_id = m.id AND "
                "k.key_id = ? WHERE m.id = ?",
                {std::string(key_id), member.ToString()}));
  if (rows.empty() || rows[0].Int(0) != 0)
    return NotThere(kUnknownMember, "$.client", "unknown member: " + member.ToString());
  if (rows[0].IsNull(1))
    return NotThere(kUnknownKey, "$.key_id",
                    "unknown key: " + member.ToString() + " has no key " + std::string(key_id));
  MemberKey k = KeyFromRow(rows[0], 1);
  if (!ValidAt(k, at_ms))
    return NotThere(kKeyNotValid, "$.key_id",
                    "key not valid: key " + k.key_id + " of " + member.ToString() +
                        " is not valid at " + FormatRfc3339(at_ms));
  return k;
}

Result<bool> Registry::IsMember(const SubsystemId& member) {
  OW_ASSIGN_OR_RETURN(
      auto rows, db_.Query("SELECT disabled FROM xr_members WHERE id = ?", {member.ToString()}));
  return !rows.empty() && rows[0].Int(0) == 0;
}

Result<ServiceDef> Registry::Service(const ServiceId& service) {
  OW_ASSIGN_OR_RETURN(
      auto rows, db_.Query(std::string(kServiceSelect) + "WHERE id = ?", {service.ToString()}));
  if (rows.empty())
    return NotThere(kUnknownService, "$.service", "unknown service: " + service.ToString());
  return ServiceFromRow(rows[0]);
}

Result<AccessRight> Registry::RightOf(const SubsystemId& client, const ServiceId& service,
                                      std::string_view purpose) {
  OW_ASSIGN_OR_RETURN(
      auto rows,
      db_.Query(std::string(kRightSelect) + "WHERE client = ? AND service_id = ? AND purpose = ?",
                {client.ToString(), service.ToString(), std::string(purpose)}));
  if (rows.empty())
    return NotThere(kNoAccessRight, "$.purpose",
                    "no access right: " + client.ToString() + " may not call " +
                        service.ToString() + " for " + std::string(purpose));
  return RightFromRow(rows[0]);
}

// ---- import ----

namespace {

// Reads one string member of an import item; records an error at `path` when required.
std::string Str(const json::object& o, std::string_view key, const std::string& base,
                std::vector<FieldError>& e, bool required = true) {
  auto* v = o.if_contains(key);
  if (!v) {
    if (required) e.push_back({base + "." + std::string(key), "is required", "required"});
    return "";
  }
  if (!v->is_string()) {
    e.push_back({base + "." + std::string(key), "must be a string", "type"});
    return "";
  }
  return std::string(v->as_string());
}

std::vector<std::string> StrList(const json::object& o, std::string_view key,
                                 const std::string& base, std::vector<FieldError>& e) {
  std::vector<std::string> out;
  auto* v = o.if_contains(key);
  if (!v || !v->is_array()) {
    e.push_back({base + "." + std::string(key), "must be an array of strings", "type"});
    return out;
  }
  for (const auto& x : v->as_array()) {
    if (!x.is_string()) {
      e.push_back({base + "." + std::string(key), "must be an array of strings", "type"});
      return {};
    }
    out.emplace_back(x.as_string());
  }
  return out;
}

const json::array* Items(const json::object& doc, std::string_view key,
                         std::vector<FieldError>& e) {
  auto* v = doc.if_contains(key);
  if (!v) return nullptr;
  if (!v->is_array()) {
    e.push_back({"$." + std::string(key), "must be an array", "type"});
    return nullptr;
  }
  return &v->as_array();
}

// Re-bases the paths of item errors ("$.x" -> base + ".x").
void Rebase(std::vector<FieldError>& into, std::vector<FieldError> item, const std::string& base) {
  for (auto& f : item) {
    if (f.path.starts_with("$")) f.path = base + f.path.substr(1);
    into.push_back(std::move(f));
  }
}

struct ImportMember {
  Member m;
  std::vector<MemberKey> keys;
};

}  // namespace

Result<Registry::ImportCounts> Registry::Import(const json::value& doc, const std::string& actor) {
  std::vector<FieldError> e;
  if (!doc.is_object())
    return Status::Invalid("catalogue must be a JSON object", {{"$", "must be an object", "type"}});
  const json::object& root = doc.as_object();
  for (const auto& kv : root) {
    if (kv.key() != "members" && kv.key() != "services" && kv.key() != "rights" &&
        kv.key() != "description")
      e.push_back({"$." + std::string(kv.key()), "is not a catalogue section", "unknown_field"});
  }
  std::vector<ImportMember> members;
  std::vector<ServiceDef> services;
  std::vector<AccessRight> rights;
  if (auto* a = Items(root, "members", e)) {
    for (size_t i = 0; i < a->size(); ++i) {
      std::string base = "$.members[" + std::to_string(i) + "]";
      if (!(*a)[i].is_object()) {
        e.push_back({base, "must be an object", "type"});
        continue;
      }
      const auto& o = (*a)[i].as_object();
      ImportMember im;
      auto id = ParseSubsystemId(Str(o, "id", base, e));
      if (!id.ok())
        e.push_back({base + ".id", id.status().message(), "bad_id"});
      else
        im.m.id = *id;
      im.m.name_zh = Str(o, "name_zh", base, e);
      im.m.name_en = Str(o, "name_en", base, e, false);
      std::vector<FieldError> names;
      CheckName(names, "$.name_zh", im.m.name_zh, true);
      CheckName(names, "$.name_en", im.m.name_en, false);
      Rebase(e, std::move(names), base);
      if (auto* ks = o.if_contains("keys")) {
        if (!ks->is_array()) e.push_back({base + ".keys", "must be an array", "type"});
        for (size_t j = 0; ks->is_array() && j < ks->as_array().size(); ++j) {
          std::string kb = base + ".keys[" + std::to_string(j) + "]";
          const auto& kv = ks->as_array()[j];
          if (!kv.is_object()) {
            e.push_back({kb, "must be an object", "type"});
            continue;
          }
          const auto& ko = kv.as_object();
          MemberKey k;
          k.key_id = Str(ko, "key_id", kb, e);
          auto pk = crypto::Base64Decode(Str(ko, "public_key", kb, e));
          if (pk.ok()) k.public_key = *pk;
          for (auto [name, out] : {std::pair{"not_before", &k.not_before_ms},
                                   std::pair{"not_after", &k.not_after_ms}}) {
            std::string t = Str(ko, name, kb, e, false);
            if (t.empty()) continue;
            if (auto ms = ParseRfc3339(t))
              *out = *ms;
            else
              e.push_back({kb + "." + name, "must be RFC 3339", "bad_time"});
          }
          CheckKey(e, k, kb);
          im.keys.push_back(std::move(k));
        }
      }
      members.push_back(std::move(im));
    }
  }
  if (auto* a = Items(root, "services", e)) {
    for (size_t i = 0; i < a->size(); ++i) {
      std::string base = "$.services[" + std::to_string(i) + "]";
      if (!(*a)[i].is_object()) {
        e.push_back({base, "must be an object", "type"});
        continue;
      }
      const auto& o = (*a)[i].as_object();
      ServiceDef s;
      auto id = ParseServiceId(Str(o, "id", base, e));
      if (!id.ok())
        e.push_back({base + ".id", id.status().message(), "bad_id"});
      else
        s.id = *id;
      s.name_zh = Str(o, "name_zh", base, e);
      s.name_en = Str(o, "name_en", base, e, false);
      s.fields = StrList(o, "fields", base, e);
      s.purposes = StrList(o, "purposes", base, e);
      auto sharing = ParseSharingClass(Str(o, "sharing_class", base, e));
      if (!sharing.ok())
        e.push_back({base + ".sharing_class", sharing.status().message(), "bad_sharing_class"});
      else
        s.sharing = *sharing;
      s.legal_basis = Str(o, "legal_basis", base, e, false);
      if (auto* ap = o.if_contains("about_person")) {
        if (ap->is_bool())
          s.about_person = ap->as_bool();
        else
          e.push_back({base + ".about_person", "must be a boolean", "type"});
      }
      Rebase(e, CheckService(s), base);
      services.push_back(std::move(s));
    }
  }
  if (auto* a = Items(root, "rights", e)) {
    for (size_t i = 0; i < a->size(); ++i) {
      std::string base = "$.rights[" + std::to_string(i) + "]";
      if (!(*a)[i].is_object()) {
        e.push_back({base, "must be an object", "type"});
        continue;
      }
      const auto& o = (*a)[i].as_object();
      AccessRight r;
      auto client = ParseSubsystemId(Str(o, "client", base, e));
      if (!client.ok())
        e.push_back({base + ".client", client.status().message(), "bad_id"});
      else
        r.client = *client;
      auto service = ParseServiceId(Str(o, "service", base, e));
      if (!service.ok())
        e.push_back({base + ".service", service.status().message(), "bad_id"});
      else
        r.service = *service;
      r.purpose = Str(o, "purpose", base, e);
      r.legal_basis = Str(o, "legal_basis", base, e, false);
      Rebase(e, CheckRight(r), base);
      rights.push_back(std::move(r));
    }
  }
  if (!e.empty()) return Status::Invalid("catalogue is invalid", std::move(e));

  const int64_t now = clock_.NowMillis();
  ImportCounts counts;
  OW_RETURN_IF_ERROR(db_.Transact([&](store::Tx& tx) -> Status {
    counts = {};
    for (size_t i = 0; i < members.size(); ++i) {
      const auto& im = members[i];
      const std::string id = im.m.id.ToString();
      OW_ASSIGN_OR_RETURN(auto rows,
                          tx.Query("SELECT name_zh, name_en FROM xr_members WHERE id = ?", {id}));
      if (rows.empty()) {
        OW_RETURN_IF_ERROR(tx.Exec("INSERT INTO xr_members (id, name_zh, name_en, created_at_ms, "
                                   "disabled) VALUES (?,?,?,?,0)",
                                   {id, im.m.name_zh, im.m.name_en, now})
                               .status());
        ++counts.members;
      } else if (rows[0].Text(0) != im.m.name_zh || rows[0].Text(1) != im.m.name_en) {
        OW_RETURN_IF_ERROR(tx.Exec("UPDATE xr_members SET name_zh = ?, name_en = ? WHERE id = ?",
                                   {im.m.name_zh, im.m.name_en, id})
                               .status());
        ++counts.members;
      }
      for (const auto& k : im.keys) {
        OW_ASSIGN_OR_RETURN(
            int64_t n,
            tx.Exec("INSERT INTO xr_member_keys (member_id, key_id, public_key, "
                    "not_before_ms, not_after_ms) VALUES (?,?,?,?,?) "
                    "ON CONFLICT DO NOTHING",
                    {id, k.key_id, store::Blob{k.public_key}, k.not_before_ms, k.not_after_ms}));
        counts.keys += static_cast<int>(n);
      }
    }
    auto rebased = [](Status s, const std::string& base) {
      std::vector<FieldError> f;
      Rebase(f, s.fields(), base);
      return Status(s.code(), s.message(), std::move(f));
    };
    for (size_t i = 0; i < services.size(); ++i) {
      auto changed = UpsertService(tx, services[i], now);
      if (!changed.ok()) return rebased(changed.status(), "$.services[" + std::to_string(i) + "]");
      counts.services += *changed ? 1 : 0;
    }
    for (size_t i = 0; i < rights.size(); ++i) {
      auto changed = UpsertRight(tx, rights[i], actor, now);
      if (!changed.ok()) return rebased(changed.status(), "$.rights[" + std::to_string(i) + "]");
      counts.rights += *changed ? 1 : 0;
    }
    if (counts.members + counts.keys + counts.services + counts.rights == 0) return Status::Ok();
    return audit_.Append(
        tx, {actor, "exchange.registry.import", "", "",
             std::to_string(counts.members) + " members, " + std::to_string(counts.keys) +
                 " keys, " + std::to_string(counts.services) + " services, " +
                 std::to_string(counts.rights) + " rights changed",
             ""});
  }));
  return counts;
}

}  // namespace ow::exchange
