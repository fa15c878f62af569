// The exchange module's inner boundaries (docs/exchange.md): what the gateway (the /r1/ call
// path) asks of the directory of members, services and access rights, of the consent store,
// and of the message log. Each is implemented by one class of the module (Registry,
// ConsentStore, MessageLog) and can be read and tested on its own.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "exchange/xroad_id.h"
#include "store/database.h"

namespace ow::exchange {

// 国发〔2016〕51号: how freely a service's data may be shared.
enum class SharingClass {
  kUnconditional,  // 无条件共享: any member with an access right
  kConditional,    // 有条件共享: an access right plus a legal basis or the person's consent
  kNotShared,      // 不予共享: listed in the catalogue, never served
};
std::string_view SharingClassName(
    SharingClass c);  // "unconditional" | "conditional" | "not_shared"
Result<SharingClass> ParseSharingClass(std::string_view name);

// A service or dataset in the catalogue.
struct ServiceDef {
  ServiceId id;
  std::string name_zh;
  std::string name_en;
  std::vector<std::string> fields;  // the data items it returns or accepts
  SharingClass sharing = SharingClass::kUnconditional;
  std::string legal_basis;            // the law or rule that allows sharing ("" = none)
  std::vector<std::string> purposes;  // purpose codes a call may name (X-OW-Purpose)
  bool about_person = false;          // calls name a person (X-Road-UserId is required)
  int64_t updated_at_ms = 0;
};

// A member system's public signing key; valid in [not_before_ms, not_after_ms).
struct MemberKey {
  std::string key_id;
  std::string public_key;  // 32 raw bytes (Ed25519)
  int64_t not_before_ms = 0;
  int64_t not_after_ms = 0;  // 0 = no end
};

// The right of one client subsystem to call one service for one purpose.
struct AccessRight {
  SubsystemId client;
  ServiceId service;
  std::string purpose;
  std::string legal_basis;  // when set, conditional data needs no consent (e.g. 传染病防治法)
  int64_t granted_at_ms = 0;
  std::string granted_by;
};

// What the gateway asks about members, keys, services and rights.
class Directory {
 public:
  virtual ~Directory() = default;
  // The key `key_id` of registered subsystem `member`, valid at `at_ms`. NotFound when the
  // member is unknown (message says so) or the key is unknown or not valid at that time.
  virtual Result<MemberKey> KeyOf(const SubsystemId& member, std::string_view key_id,
                                  int64_t at_ms) = 0;
  // Whether `member` is a registered subsystem.
  virtual Result<bool> IsMember(const SubsystemId& member) = 0;
  // The catalogue entry; NotFound when unknown.
  virtual Result<ServiceDef> Service(const ServiceId& service) = 0;
  // The client's right to call `service` for `purpose`; NotFound when there is none.
  virtual Result<AccessRight> RightOf(const SubsystemId& client, const ServiceId& service,
                                      std::string_view purpose) = 0;
};

// What the gateway asks about consents (有条件共享 without a legal basis).
class ConsentChecker {
 public:
  virtual ~ConsentChecker() = default;
  // Whether the person (PersonIndex) holds an unrevoked consent, valid at `at_ms`, for `client`
  // to use `service` for `purpose`. Revocations are seen at once on every node.
  virtual Result<bool> HasConsent(std::string_view person_index, const SubsystemId& client,
                                  const ServiceId& service, std::string_view purpose,
                                  int64_t at_ms) = 0;
};

// One message through the exchange, as the message log records it. No plain personal ID and
// no body: the person as PersonIndex, the request and response as hashes.
struct LogEntry {
  int64_t seq = 0;  // assigned by the log on append (ignored when appending)
  int64_t at_ms = 0;
  std::string message_id;  // X-Road-Id
  std::string direction;   // "in" (a member calls OneWindow) | "out" (OneWindow calls a member)
  std::string client;      // SubsystemId::ToString() of the caller
  std::string service;     // ServiceId::ToString()
  std::string purpose;
  std::string person_index;   // PersonIndex of X-Road-UserId, "" when no person is concerned
  std::string fields;         // comma list of the data items served (from the catalogue)
  std::string request_hash;   // X-Road-Request-Hash (base64)
  std::string response_hash;  // base64(SHA-512(response body)), "" when none
  int status = 0;             // HTTP status answered
  std::string outcome;        // "ok" or the X-Road error type, e.g. Server.ServerProxy.AccessDenied
  // The message bodies. Not part of the chained entry (their hashes are); a log stores them
  // only in its full-logging mode, sealed (MessageLogOptions::full_bodies).
  std::string request_body;
  std::string response_body;
};

// Where the gateway records every message, accepted or refused.
class MessageSink {
 public:
  virtual ~MessageSink() = default;
  // Appends inside the caller's transaction (the entry commits with what the call applied).
  virtual Status Append(store::Tx& tx, const LogEntry& entry) = 0;
  // Appends in a transaction of its own (refusals: nothing else is written).
  virtual Status Append(const LogEntry& entry) = 0;
};

// What the citizen's data-use record reads from the message log.
class MessageHistory {
 public:
  virtual ~MessageHistory() = default;
  // Entries concerning the person (PersonIndex) with outcome "ok", at_ms in [from_ms, to_ms),
  // newest first, at most `limit` (1..1000).
  virtual Result<std::vector<LogEntry>> ForPerson(std::string_view person_index, int64_t from_ms,
                                                  int64_t to_ms, int limit) = 0;
};

// The exchange's pseudonym of a resident ID: hex of keyed BLAKE2b-256 under the installation's
// index key with the domain "exchange.person", so it differs from identity's blind index and
// reveals nothing without the key. A person's data-use record looks entries up by it.
std::string PersonIndex(std::string_view index_key, std::string_view id_number);

}  // namespace ow::exchange
