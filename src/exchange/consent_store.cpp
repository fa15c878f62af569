#include "exchange/consent_store.h"

#include <algorithm>

#include "crypto/crypto.h"

namespace ow::exchange {

namespace {

constexpr int kMaxListed = 1000;
constexpr char kColumns[] =
    "id, person_index, client, service_id, purpose, granted_at_ms, valid_until_ms, "
    "revoked_at_ms";

Consent ConsentOf(const store::Row& r) {
  Consent c;
  c.id = r.Text(0);
  c.person_index = r.Text(1);
  c.client = r.Text(2);
  c.service_id = r.Text(3);
  c.purpose = r.Text(4);
  c.granted_at_ms = r.Int(5);
  c.valid_until_ms = r.Int(6);
  if (!r.IsNull(7)) c.revoked_at_ms = r.Int(7);
  return c;
}

std::string Describe(const Consent& c) {
  return "client=" + c.client + " service=" + c.service_id + " purpose=" + c.purpose +
         " until=" + FormatRfc3339(c.valid_until_ms) + " id=" + c.id;
}

}  // namespace

bool ValidPurposeCode(std::string_view purpose) {
  if (purpose.empty() || purpose.size() > kMaxPurposeLength) return false;
  for (size_t i = 0; i < purpose.size(); ++i) {
    char ch = purpose[i];
    bool alnum = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
    if (!alnum && (i == 0 || (ch != '_' && ch != '.' && ch != '-'))) return false;
  }
  return true;
}

std::string Consent::StatusAt(int64_t now_ms) const {
  if (revoked_at_ms) return "revoked";
  if (valid_until_ms <= now_ms) return "expired";
  return "active";
}

ConsentStore::ConsentStore(store::Database& db, const Clock& clock, audit::AuditLog& audit,
                           Directory* directory)
    : db_(db), clock_(clock), audit_(audit), directory_(directory) {}

Result<Consent> ConsentStore::Grant(std::string_view person_index, const ConsentInput& in,
                                    const std::string& actor_person_id) {
  const int64_t now = clock_.NowMillis();
  std::vector<FieldError> errors;
  auto client = ParseSubsystemId(in.client);
  if (!client.ok())
    errors.push_back({"$.client",
                      "must be an X-Road subsystem id INSTANCE/CLASS/MEMBER/SUBSYSTEM (" +
                          client.status().message() + ")",
                      "invalid_id"});
  auto service = ParseServiceId(in.service);
  if (!service.ok())
    errors.push_back({"$.service",
                      "must be an X-Road service id INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE (" +
                          service.status().message() + ")",
                      "invalid_id"});
  if (!ValidPurposeCode(in.purpose))
    errors.push_back({"$.purpose", "must be a purpose code: 1-64 of a-z, 0-9, _ . -", "invalid"});
  if (in.valid_until_ms <= now)
    errors.push_back({"$.valid_until", "must be in the future", "in_past"});
  else if (in.valid_until_ms - now > kMaxConsentMillis)
    errors.push_back({"$.valid_until", "may be at most one year ahead", "too_long"});
  if (!errors.empty()) return Status::Invalid("consent is invalid", std::move(errors));

  Directory* directory = directory_.load();
  if (directory == nullptr) return Status::Unavailable("catalogue not available");
  OW_ASSIGN_OR_RETURN(bool member, directory->IsMember(*client));
  if (!member)
    errors.push_back({"$.client", "is not a registered member subsystem", "unknown_member"});
  auto def = directory->Service(*service);
  if (!def.ok()) {
    if (def.status().code() != Code::kNotFound) return def.status();
    errors.push_back({"$.service", "is not in the catalogue", "unknown_service"});
  } else if (def->sharing != SharingClass::kConditional) {
    errors.push_back({"$.service",
                      "is " + std::string(SharingClassName(def->sharing)) +
                          "; consent applies only to conditional (有条件共享) services",
                      "not_conditional"});
  } else if (!def->purposes.empty() && std::find(def->purposes.begin(), def->purposes.end(),
                                                 in.purpose) == def->purposes.end()) {
    errors.push_back({"$.purpose", "is not a purpose the service lists", "purpose_not_listed"});
  }
  if (!errors.empty()) return Status::Invalid("consent is invalid", std::move(errors));

  Consent c;
  c.id = crypto::NewId();
  c.person_index = std::string(person_index);
  c.client = client->ToString();
  c.service_id = service->ToString();
  c.purpose = in.purpose;
  c.granted_at_ms = now;
  c.valid_until_ms = in.valid_until_ms;
  OW_RETURN_IF_ERROR(db_.Transact([&](store::Tx& tx) -> Status {
    OW_RETURN_IF_ERROR(tx.Exec("INSERT INTO xr_consents (" + std::string(kColumns) +
                                   ") VALUES (?,?,?,?,?,?,?,NULL)",
                               {c.id, c.person_index, c.client, c.service_id, c.purpose,
                                c.granted_at_ms, c.valid_until_ms})
                           .status());
    return audit_.Append(
        tx, {actor_person_id, "exchange.consent.grant", actor_person_id, "", Describe(c), ""});
  }));
  return c;
}

Result<std::vector<Consent>> ConsentStore::List(std::string_view person_index) {
  OW_ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT " + std::string(kColumns) +
                                               " FROM xr_consents WHERE person_index = ? "
                                               "ORDER BY granted_at_ms DESC, id DESC LIMIT ?",
                                           {std::string(person_index), int64_t{kMaxListed}}));
  std::vector<Consent> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(ConsentOf(r));
  return out;
}

Result<Consent> ConsentStore::Get(std::string_view person_index, const std::string& id) {
  OW_ASSIGN_OR_RETURN(auto rows,
                      db_.Query("SELECT " + std::string(kColumns) +
                                    " FROM xr_consents WHERE id = ? AND person_index = ?",
                                {id, std::string(person_index)}));
  if (rows.empty()) return Status::NotFound("no such consent");
  return ConsentOf(rows[0]);
}

Result<Consent> ConsentStore::Revoke(std::string_view person_index, const std::string& id,
                                     const std::string& actor_person_id) {
  const int64_t now = clock_.NowMillis();
  OW_RETURN_IF_ERROR(db_.Transact([&](store::Tx& tx) -> Status {
    OW_ASSIGN_OR_RETURN(int64_t changed,
                        tx.Exec("UPDATE xr_consents SET revoked_at_ms = ? "
                                "WHERE id = ? AND person_index = ? AND revoked_at_ms IS NULL",
                                {now, id, std::string(person_index)}));
    if (changed == 0) return Status::Ok();  // unknown (NotFound below) or already revoked
    return audit_.Append(
        tx, {actor_person_id, "exchange.consent.revoke", actor_person_id, "", "id=" + id, ""});
  }));
  return Get(person_index, id);
}

Result<bool> ConsentStore::HasConsent(std::string_view person_index, const SubsystemId& client,
                                      const ServiceId& service, std::string_view purpose,
                                      int64_t at_ms) {
  OW_ASSIGN_OR_RETURN(auto rows,
                      db_.Query("SELECT 1 FROM xr_consents WHERE person_index = ? AND "
                                "service_id = ? AND client = ? AND purpose = ? AND "
                                "revoked_at_ms IS NULL AND granted_at_ms <= ? AND "
                                "valid_until_ms > ? LIMIT 1",
                                {std::string(person_index), service.ToString(), client.ToString(),
                                 std::string(purpose), at_ms, at_ms}));
  return !rows.empty();
}

std::vector<store::Migration> ConsentStore::Migrations() {
  return {
      {"exchange_consent", 1,
       "citizens' consents to conditional data exchange; disputes of data uses",
       R"SQL(
CREATE TABLE xr_consents (
  id TEXT PRIMARY KEY,
  person_index TEXT NOT NULL,
  client TEXT NOT NULL,
  service_id TEXT NOT NULL,
  purpose TEXT NOT NULL,
  granted_at_ms {bigint} NOT NULL,
  valid_until_ms {bigint} NOT NULL,
  revoked_at_ms {bigint}
);
CREATE INDEX xr_consents_person ON xr_consents(person_index, service_id, client);
CREATE TABLE xr_use_disputes (
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL,
  use_id TEXT NOT NULL,
  reason TEXT NOT NULL,
  use_channel TEXT NOT NULL,
  use_at_ms {bigint} NOT NULL,
  use_who TEXT NOT NULL,
  use_unit TEXT NOT NULL,
  use_purpose TEXT NOT NULL,
  use_fields TEXT NOT NULL,
  created_at_ms {bigint} NOT NULL,
  due_at_ms {bigint} NOT NULL,
  response TEXT,
  responded_by TEXT,
  responded_at_ms {bigint},
  UNIQUE (person_id, use_id)
);
CREATE INDEX xr_use_disputes_queue ON xr_use_disputes(responded_at_ms, due_at_ms)
)SQL"},
  };
}

}  // namespace ow::exchange
