// LicenceService: electronic licences and decisions (电子证照) of the service hall. A case that
// is closed after approval issues one, in the transition's own transaction: the holder (the
// enterprise for an enterprise's case, else the person), the item, the case number, the
// issuing department, the issue date, the validity the item file gives (none by default) and a
// few answers of the case. The document is a COSE_Sign1 signed with this installation's issuer
// key (codes/licence_document.h), so `onewindow verify` and the browser verify it offline with
// the published trust list; it is signed right after the transaction commits (the key store
// must not be written inside it), and on first read if that was lost. The holder's wallet
// lists them, and a later application names one as material (`source: licence`).
// At rest the licence's contents are sealed with the data key; only ids, kind, dates and the
// case number stay in the clear for the wallet's queries.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "codes/bytes.h"
#include "codes/licence_document.h"
#include "core/clock.h"
#include "core/principal.h"
#include "crypto/crypto.h"
#include "hall/cases.h"
#include "hall/item_catalogue.h"
#include "identity/enterprise_service.h"
#include "identity/identity_service.h"
#include "issuance/issuer_keys.h"
#include "store/database.h"
#include "store/migrations.h"

namespace ow::hall {

// The kind of the document an item without a "licence" section issues.
inline constexpr char kDecisionKind[] = "decision";

struct LicenceView {
  std::string id;
  std::string kind;
  std::string case_number;
  std::string item_code;
  std::string department;
  std::string enterprise_id;  // "" for a person's own licence
  int64_t issued_at_ms = 0;
  std::string valid_until;      // YYYY-MM-DD, "" = no limit
  std::string status;           // "valid" | "expired"
  codes::LicenceClaims claims;  // the document's contents (holder masked)
  codes::Bytes document;        // Get only: the signed COSE_Sign1
};

class LicenceService {
 public:
  LicenceService(store::Database& db, const Clock& clock, const crypto::KeyRing& keys,
                 ItemCatalogue& items, identity::IdentityService& identity,
                 identity::EnterpriseService& enterprises, issuance::IssuerKeyStore& issuer_keys);

  // Registers the issuing hook and the material check on `cases`.
  void Attach(CaseService& cases);

  // The transition hook: issues a licence when a case goes from approved to closed.
  Status OnTransition(store::Tx& tx, const CaseEvent& e);
  // CaseService::LicenceCheck: NotFound unless the licence is of `kind` and held by the
  // enterprise (when given) or else the person.
  Status CheckHeld(const std::string& person_id, const std::string& enterprise_id,
                   const std::string& licence_id, const std::string& kind);

  // The caller's licences and those of the enterprises they may act for, newest first.
  Result<std::vector<LicenceView>> Wallet(const Principal& p);
  // One licence with its signed document, for its holder; NotFound for anyone else.
  Result<LicenceView> Get(const Principal& p, const std::string& id);

  // Signs a licence issued but not yet signed (after its transaction commits).
  Status Sign(const std::string& id);

  // Module "hall_licences", version 1: hall_licences.
  static std::vector<store::Migration> Migrations();

 private:
  struct Row;
  Result<LicenceView> ViewOf(const Row& r);
  Result<bool> Holds(const Principal& p, const Row& r);

  store::Database& db_;
  const Clock& clock_;
  const crypto::KeyRing& keys_;
  ItemCatalogue& items_;
  identity::IdentityService& identity_;
  identity::EnterpriseService& enterprises_;
  issuance::IssuerKeyStore& issuer_keys_;
};

}  // namespace ow::hall
