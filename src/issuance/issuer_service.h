// IssuerService: the code-issuance side of the health code, composed for the application:
// issuer and root keys, subject pseudonyms, the trust store (cross-region mutual
// recognition) and the code service (制码/验码). Owns the "issuance" migrations.
#pragma once

#include <memory>
#include <vector>

#include "audit/audit.h"
#include "core/clock.h"
#include "crypto/crypto.h"
#include "healthcode/colour_state.h"
#include "identity/identity_service.h"
#include "issuance/code_service.h"
#include "issuance/code_subjects.h"
#include "issuance/issuer_keys.h"
#include "issuance/trust_store.h"
#include "store/database.h"
#include "store/migrations.h"

namespace ow::issuance {

class IssuerService {
 public:
  // `colours` may be null until the colour engine is attached with set_colour_service.
  IssuerService(store::Database& db, const Clock& clock, const crypto::KeyRing& keys,
                audit::AuditLog& audit, identity::IdentityService& identity,
                IssuerKeyOptions options, healthcode::ColourService* colours = nullptr)
      : keys_(db, clock, keys, audit, std::move(options)),
        subjects_(db, clock),
        trust_(db, clock, audit, keys_),
        codes_(keys_, subjects_, trust_, identity, audit, clock, colours) {}

  void set_colour_service(healthcode::ColourService* colours) {
    codes_.set_colour_service(colours);
  }
  // Key rotations and trust imports are published on the feed; the trust list is cached.
  void UseChangeFeed(store::ChangeFeed& feed) {
    keys_.set_change_feed(&feed);
    trust_.UseChangeFeed(feed);
  }

  IssuerKeyStore& keys() { return keys_; }
  CodeSubjects& subjects() { return subjects_; }
  TrustStore& trust() { return trust_; }
  CodeService& codes() { return codes_; }

  // Module "issuance": issuer_keys, code_subjects, trust_imports, trust_revision.
  static std::vector<store::Migration> Migrations();

 private:
  IssuerKeyStore keys_;
  CodeSubjects subjects_;
  TrustStore trust_;
  CodeService codes_;
};

}  // namespace ow::issuance
