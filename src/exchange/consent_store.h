// ConsentStore: a citizen's consents to the exchange of their 有条件共享 (conditional) data —
// which client subsystem may use which service for which purpose, until when — and the
// gateway's ConsentChecker over them. The person is always named by PersonIndex (never a plain
// resident ID). HasConsent reads the database on every call, so a revocation made on any node
// is refused at once on every node (no cache to evict).
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/status.h"
#include "core/time.h"
#include "exchange/boundaries.h"
#include "store/database.h"
#include "store/migrations.h"

namespace ow::exchange {

// The longest a consent may last (about one year, leap years included).
inline constexpr int64_t kMaxConsentMillis = 366 * kMillisPerDay;
// Purpose codes: 1..64 of [a-z0-9_.-], starting with a letter or digit.
inline constexpr size_t kMaxPurposeLength = 64;
bool ValidPurposeCode(std::string_view purpose);

struct Consent {
  std::string id;
  std::string person_index;
  std::string client;      // SubsystemId::ToString()
  std::string service_id;  // ServiceId::ToString()
  std::string purpose;
  int64_t granted_at_ms = 0;
  int64_t valid_until_ms = 0;
  std::optional<int64_t> revoked_at_ms;

  // "active" (granted, unrevoked, not expired at `now_ms`), "revoked" or "expired".
  std::string StatusAt(int64_t now_ms) const;
};

struct ConsentInput {
  std::string client;   // X-Road subsystem id, e.g. CN-ZJ/GOV/330000-TAX/etax
  std::string service;  // X-Road service id, e.g. CN-ZJ/GOV/330000-HEALTH/fever/clinic-visits
  std::string purpose;  // a purpose code the service lists
  int64_t valid_until_ms = 0;
};

class ConsentStore : public ConsentChecker {
 public:
  // `directory` (the catalogue of members and services) may be null until it is wired; grants
  // are then refused as Unavailable ("catalogue not available"). Lists, revocations and
  // HasConsent never need it.
  ConsentStore(store::Database& db, const Clock& clock, audit::AuditLog& audit,
               Directory* directory = nullptr);

  // Sets the catalogue (may be called while requests are served).
  void UseDirectory(Directory* directory) { directory_.store(directory); }

  // Validates (Invalid with paths $.client, $.service, $.purpose, $.valid_until and codes
  // invalid_id, unknown_member, unknown_service, not_conditional, purpose_not_listed,
  // in_past, too_long), stores, and audits ("exchange.consent.grant", actor `actor_person_id`,
  // subject the same person) in one transaction.
  Result<Consent> Grant(std::string_view person_index, const ConsentInput& in,
                        const std::string& actor_person_id);
  // The person's consents, active and past, newest first (at most 1000).
  Result<std::vector<Consent>> List(std::string_view person_index);
  // Revokes the person's consent `id` (conditional UPDATE; a second revocation returns the
  // consent unchanged). NotFound when it is not one of the person's consents. Audited
  // ("exchange.consent.revoke") when it changes something.
  Result<Consent> Revoke(std::string_view person_index, const std::string& id,
                         const std::string& actor_person_id);

  Result<bool> HasConsent(std::string_view person_index, const SubsystemId& client,
                          const ServiceId& service, std::string_view purpose,
                          int64_t at_ms) override;

  // Migration stream "exchange_consent", version 1: tables xr_consents and xr_use_disputes
  // (the latter written by DisputeService).
  static std::vector<store::Migration> Migrations();

 private:
  Result<Consent> Get(std::string_view person_index, const std::string& id);

  store::Database& db_;
  const Clock& clock_;
  audit::AuditLog& audit_;
  std::atomic<Directory*> directory_;
};

}  // namespace ow::exchange
