// TrustStore: cross-region mutual recognition (跨地区互认). Publishes this installation's
// issuer keys as a trust list signed by its root key, imports other regions' signed lists
// (checked against that region's root public key, which is pinned on first import), and
// keeps the combined trust list (own + imported keys) that code verification uses. Every
// node notices changes made by another node through the shared trust revision.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "audit/audit.h"
#include "codes/bytes.h"
#include "codes/trust_list.h"
#include "core/clock.h"
#include "core/status.h"
#include "issuance/issuer_keys.h"
#include "store/database.h"

namespace ow::issuance {

inline constexpr size_t kMaxTrustListBytes = 1 << 20;

// One region whose trust list this installation has imported.
struct ImportedRegion {
  std::string region;
  std::string root_kid;          // base64, from the list's signature
  codes::Bytes root_public_key;  // pinned on first import
  int64_t keys = 0;              // issuer keys in the current list
  int64_t certificates = 0;      // EU DCC signer certificates in the current list
  int64_t list_issued_at = 0;    // Unix seconds (0 when the list does not say)
  int64_t pinned_at_ms = 0;
  int64_t imported_at_ms = 0;
  std::string imported_by;
};

struct ImportResult {
  ImportedRegion region;
  bool first_import = false;
};

class TrustStore {
 public:
  TrustStore(store::Database& db, const Clock& clock, audit::AuditLog& audit, IssuerKeyStore& keys)
      : db_(db), clock_(clock), audit_(audit), keys_(keys) {}

  // This installation's issuer keys as a signed trust list (codes/signed_trust_list.h
  // envelope; the signed body also names the "issuer" region and its "issued_at" time).
  Result<std::string> PublishSigned();

  // Imports another region's signed trust list. Refused: a bad signature or a root key that
  // differs from the one pinned for the region (kInvalid / kConflict), a list naming keys of
  // several regions or of our own region, a list older than the one already imported.
  // Audited as "trust_list.import".
  Result<ImportResult> Import(std::string_view signed_json, codes::ByteView root_public_key,
                              const std::string& actor, const std::string& ip);

  Result<std::vector<ImportedRegion>> Imports();

  // Own keys plus every imported list, rebuilt when any node changed keys or imports.
  Result<std::shared_ptr<const codes::TrustList>> Current();

  // Publishes imports on the feed and, while the feed is fresh, trusts the built list until
  // the feed reports a change (instead of reading the revision on every call).
  void UseChangeFeed(store::ChangeFeed& feed);

 private:
  Result<std::shared_ptr<const codes::TrustList>> Build();
  Result<std::shared_ptr<const codes::TrustList>> Refresh();

  store::Database& db_;
  const Clock& clock_;
  audit::AuditLog& audit_;
  IssuerKeyStore& keys_;

  std::mutex mu_;
  std::shared_ptr<const codes::TrustList> cached_;
  int64_t cached_revision_ = -1;
  store::ChangeFeed* feed_ = nullptr;
  std::atomic<bool> stale_{true};  // the feed reported a change since the last build
};

}  // namespace ow::issuance
