// DataUseRecord: the citizen's data-use record (数据使用记录, like Estonia's Data Tracker) —
// every use of a person's data, assembled newest first from three sources:
//   official  the audit log's reads of the person's data by other people (audit action
//             "pii.read" with the person as subject): who = the officer's masked name, unit =
//             their staff roles and scopes, fields and reason as audited;
//   sso       data released to relying platforms by single sign-on (the OIDC provider audits
//             each release, at the token and the userinfo endpoint, as "pii.read" by the client
//             with reason "oidc:<client_id>"): who = the platform's name, fields = the claims;
//   exchange  the message log's entries naming the person (MessageHistory, by PersonIndex):
//             who = the client member, unit = the service, purpose and fields as logged.
// Ids are stable: "official:<audit seq>", "sso:<audit seq>", "exchange:<log seq>".
#pragma once

#include <atomic>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "core/status.h"
#include "exchange/boundaries.h"
#include "identity/identity_service.h"
#include "oidc/clients.h"

namespace ow::exchange {

inline constexpr int kDefaultDataUses = 200;
inline constexpr int kMaxDataUses = 1000;
// How many of the person's newest audit entries are read (AuditLog::List's cap).
inline constexpr int kAuditEntriesRead = 10000;

struct DataUse {
  std::string id;  // "official:<seq>" | "sso:<seq>" | "exchange:<seq>"
  int64_t at_ms = 0;
  std::string channel;  // "official" | "exchange" | "sso"
  std::string who;      // masked officer name, platform name, or client member id
  std::string unit;     // officer's roles and scopes, OIDC client id, or service id
  std::string purpose;  // reason or purpose code
  std::string fields;   // comma list of the data items
};

struct DataUseFilter {
  std::string channel;  // "" = every channel
  int64_t from_ms = 0;  // at_ms in [from_ms, to_ms)
  int64_t to_ms = std::numeric_limits<int64_t>::max();
  int limit = kDefaultDataUses;  // 1..kMaxDataUses
};

struct DataUses {
  std::vector<DataUse> uses;   // newest first
  bool exchange_read = false;  // false while no message history is wired (exchange uses absent)
};

class DataUseRecord {
 public:
  // `index_key`: the installation's index key (KeyRing::index_key) for PersonIndex. `history`
  // may be null until the message log is wired.
  DataUseRecord(audit::AuditLog& audit, identity::IdentityService& identity,
                oidc::ClientRegistry& clients, std::string index_key,
                MessageHistory* history = nullptr);

  // Sets the message log (may be called while requests are served).
  void UseMessageHistory(MessageHistory* history) { history_.store(history); }

  // The uses of the data of `person_id` (whose resident ID is `id_number`) matching `filter`.
  Result<DataUses> ForPerson(const std::string& person_id, const std::string& id_number,
                             const DataUseFilter& filter);
  // One use of the person's record by id; NotFound when the record has no such use.
  Result<DataUse> Find(const std::string& person_id, const std::string& id_number,
                       const std::string& use_id);

 private:
  Status AddAuditUses(const std::string& person_id, const DataUseFilter& filter,
                      std::vector<DataUse>& out);

  audit::AuditLog& audit_;
  identity::IdentityService& identity_;
  oidc::ClientRegistry& clients_;
  std::string index_key_;
  std::atomic<MessageHistory*> history_;
};

}  // namespace ow::exchange
