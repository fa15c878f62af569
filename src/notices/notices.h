// NoticeService: official epidemic notices (防疫通告) of a region. A health official of the
// region (or of a region above it) publishes a notice — title and body in Chinese and
// English, severity (ordinary | urgent), hotlines, valid period — and may correct it (a new
// version; every version is kept and public) or withdraw it. Each version is signed with the
// installation's notice key (Ed25519 over a canonical JSON form), so anyone can verify what
// was published. Publishing writes a regional notice into the community inbox, so a notice
// for 3301 reaches the inboxes of 330104's residents.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "community/inbox.h"
#include "core/clock.h"
#include "core/principal.h"
#include "core/status.h"
#include "crypto/crypto.h"
#include "store/change_feed.h"
#include "store/database.h"
#include "store/migrations.h"

namespace ow::notices {

// The change-feed topic of notices (key: the notice id).
inline constexpr char kNoticeTopic[] = "notice";

// What an official writes (a new notice, or a correction of one).
struct NoticeContent {
  std::string title_zh, title_en;
  std::string body_zh, body_en;
  std::string severity;  // ordinary | urgent
  std::vector<std::string> hotlines;
  int64_t valid_from_ms = 0, valid_to_ms = 0;
};

struct NoticeVersion {
  std::string notice_id;
  int version = 0;
  std::string region;
  NoticeContent content;
  std::string note;  // why it was corrected ("" for the first version)
  int64_t created_at_ms = 0;
  std::string signature;  // base64url Ed25519 over CanonicalForm()
  std::string key_id;

  // The signed bytes: compact JSON with keys in lexicographic order.
  std::string CanonicalForm() const;
};

struct Notice {
  std::string id;
  std::string region;
  std::string status;  // active | withdrawn
  int version = 0;     // the current version
  int64_t published_at_ms = 0;
  int64_t updated_at_ms = 0;  // the latest version's time (or the withdrawal's)
  std::optional<int64_t> withdrawn_at_ms;
  std::string withdraw_reason;
  NoticeVersion current;
};

// The installation's notice signing key, derived from the master key (every node agrees).
struct SigningKey {
  std::string key_id;
  std::string public_key;  // raw 32 bytes
  std::string secret_key;  // raw 64 bytes
};
SigningKey DeriveSigningKey(const crypto::KeyRing& keys);

class NoticeService {
 public:
  NoticeService(store::Database& db, const Clock& clock, const crypto::KeyRing& keys,
                community::Inbox& inbox, audit::AuditLog& audit);

  // Publishes kNoticeTopic on every change from now on.
  void UseChangeFeed(store::ChangeFeed& feed) { feed_ = &feed; }

  // The field errors of a content ("$.title_zh", "$.hotlines[1]", ...); empty when valid.
  std::vector<FieldError> Validate(const NoticeContent& c) const;
  static bool ValidRegion(const std::string& region);

  // Forbidden unless the official's health_official scope covers the region.
  Result<Notice> Publish(const Principal& official, const std::string& region,
                         const NoticeContent& c);
  // A new version of an active notice (Conflict if withdrawn).
  Result<Notice> Correct(const Principal& official, const std::string& id, const NoticeContent& c,
                         const std::string& note);
  // Conflict if already withdrawn.
  Result<Notice> Withdraw(const Principal& official, const std::string& id,
                          const std::string& reason);

  Result<Notice> Get(const std::string& id);
  // Oldest first.
  Result<std::vector<NoticeVersion>> Versions(const std::string& id);
  // Active notices whose region covers `region` (a prefix of it) and whose valid period
  // includes now, newest update first.
  Result<std::vector<Notice>> Current(const std::string& region, int limit = 100);
  // Notices of the regions within `scope` (an official's list), newest first, withdrawn too.
  Result<std::vector<Notice>> ListWithin(const std::string& scope, int limit = 200);

  // True when the version's signature verifies with this installation's key.
  bool Verify(const NoticeVersion& v) const;
  const SigningKey& key() const { return key_; }

  static std::vector<store::Migration> Migrations();

 private:
  Status CheckScope(const Principal& p, const std::string& region) const;
  Status WriteVersion(store::Tx& tx, NoticeVersion& v);
  Status Announce(store::Tx& tx, const NoticeVersion& v, bool correction);
  Result<std::vector<Notice>> Load(std::string_view where, const std::vector<store::Value>& params);

  store::Database& db_;
  const Clock& clock_;
  SigningKey key_;
  community::Inbox& inbox_;
  audit::AuditLog& audit_;
  store::ChangeFeed* feed_ = nullptr;
};

}  // namespace ow::notices
