// IssuerKeyStore: this installation's Ed25519 keys for health codes. Issuer keys sign codes
// (one active key per region, rotated with an overlap window); the platform root key signs
// the published trust list. Private keys are stored only sealed with the KeyRing's signing
// wrap key; creation is race-safe when several nodes share one database.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "codes/issuer_key.h"
#include "codes/trust_list.h"
#include "core/clock.h"
#include "core/status.h"
#include "crypto/crypto.h"
#include "store/change_feed.h"
#include "store/database.h"

namespace ow::issuance {

struct IssuerKeyOptions {
  std::string region = "330000";             // GB/T 2260 issuer region code
  int64_t code_ttl_seconds = 300;            // lifetime of one issued code
  int64_t overlap_seconds = 86400;           // old key keeps verifying after rotation
  int64_t lifetime_seconds = 365LL * 86400;  // a key is replaced after this at the latest
};

// The public description of one stored key.
struct IssuerKeyInfo {
  std::string kid;  // base64 of the kid bytes
  std::string region;
  std::string purpose;  // "issuer" or "root"
  int64_t generation = 0;
  codes::Bytes public_key;
  int64_t not_before = 0;  // Unix seconds
  int64_t not_after = 0;
};

// Result of a rotation: the new active key and the old keys with their shortened validity.
struct RotationResult {
  IssuerKeyInfo active;
  std::vector<IssuerKeyInfo> retiring;
};

// The change-feed topic of trust lists (own keys and imported lists).
inline constexpr char kTrustTopic[] = "trust";

// Bumps the trust revision inside a transaction so every node rebuilds its trust list, and
// tells nodes listening on `feed` (may be null) at once.
Status BumpTrustRevision(store::Tx& tx, store::ChangeFeed* feed);

class IssuerKeyStore {
 public:
  IssuerKeyStore(store::Database& db, const Clock& clock, const crypto::KeyRing& keys,
                 audit::AuditLog& audit, IssuerKeyOptions options);

  const IssuerKeyOptions& options() const { return opts_; }
  // Key changes are then published on the feed (topic kTrustTopic).
  void set_change_feed(store::ChangeFeed* feed) { feed_ = feed; }

  // The key to sign a code with now: the newest issuer key valid for a whole code lifetime.
  // Creates one when there is none (first run, or the last key reached its lifetime).
  Result<std::shared_ptr<const codes::IssuerKey>> ActiveKey();
  // The platform root key that signs the trust list (created on first use).
  Result<std::shared_ptr<const codes::IssuerKey>> RootKey();
  Result<IssuerKeyInfo> RootInfo();

  // Every issuer key of this region, oldest first (public halves only).
  Result<std::vector<IssuerKeyInfo>> IssuerKeys();
  // The issuer keys as a trust list (for publication and for our own verification).
  Result<codes::TrustList> OwnTrustList();

  // Creates a new active key; older keys stay valid for the overlap window, then expire.
  // Audited as "issuer_key.rotate".
  Result<RotationResult> Rotate(const std::string& actor, const std::string& ip);

 private:
  int64_t NowSeconds() const { return clock_.NowMillis() / 1000; }
  // Inserts a new key of `purpose` with the next generation unless `only_if_missing` and a
  // usable one exists; returns the inserted row (or nothing when another node won).
  Result<std::optional<IssuerKeyInfo>> CreateKey(store::Tx& tx, const std::string& purpose,
                                                 const std::string& actor);
  Result<std::optional<std::string>> FindActiveKid();
  Result<std::shared_ptr<const codes::IssuerKey>> Load(const std::string& kid);

  store::Database& db_;
  const Clock& clock_;
  const crypto::KeyRing& keys_;
  audit::AuditLog& audit_;
  IssuerKeyOptions opts_;
  store::ChangeFeed* feed_ = nullptr;

  std::mutex mu_;
  std::map<std::string, std::shared_ptr<const codes::IssuerKey>> loaded_;  // by kid
};

}  // namespace ow::issuance
