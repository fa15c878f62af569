// Registry: the exchange's directory of member subsystems, their public signing keys, the
// service catalogue and the access rights (docs/exchange.md, "Members, keys, services, access
// rights"). Admins change it through the admin API and `onewindow exchange registry import`;
// the gateway reads it through the Directory interface (boundaries.h). Every change is audited
// ("exchange.member.add", "exchange.key.add", "exchange.key.rotate", "exchange.key.retire",
// "exchange.service.put", "exchange.right.grant", "exchange.right.revoke",
// "exchange.member.disable", "exchange.member.enable") in the transaction that makes it.
//
// Directory reads are one indexed query each and are not cached, so a revoked right or a
// retired key is refused at once by every node.
//
// Error conventions of the Directory reads (the gateway maps them to X-Road error types):
// every "not there" answer is Code::kNotFound with exactly one FieldError whose `code` is one
// of the constants below (DirectoryErrorCode(status) returns it); the message starts with the
// same words ("unknown member: ...", "unknown key: ...", ...):
//   KeyOf    kUnknownMember (member not registered, or disabled)       path "$.client"
//            kUnknownKey    (no key with that id for the member)       path "$.key_id"
//            kKeyNotValid   (the key exists but at_ms is outside
//                            [not_before, not_after))                  path "$.key_id"
//   Service  kUnknownService                                           path "$.service"
//   RightOf  kNoAccessRight                                            path "$.purpose"
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/status.h"
#include "exchange/boundaries.h"
#include "store/database.h"
#include "store/migrations.h"

namespace ow::exchange {

// FieldError codes of the Directory's NotFound answers (see the header comment).
inline constexpr char kUnknownMember[] = "unknown_member";
inline constexpr char kUnknownKey[] = "unknown_key";
inline constexpr char kKeyNotValid[] = "key_not_valid";
inline constexpr char kUnknownService[] = "unknown_service";
inline constexpr char kNoAccessRight[] = "no_access_right";

// The machine code of a Directory answer ("" for ok or any other failure).
std::string_view DirectoryErrorCode(const Status& status);

// A registered member subsystem.
struct Member {
  SubsystemId id;
  std::string name_zh;
  std::string name_en;
  int64_t created_at_ms = 0;
  bool disabled = false;
};

// Filters of ListServices: "" = any.
struct ServiceFilter {
  std::string provider;  // SubsystemId::ToString() of the provider
  std::string text;      // case-insensitive substring of the id or either name
};

// Filters of ListRights: "" = any.
struct RightFilter {
  std::string client;   // SubsystemId::ToString()
  std::string service;  // ServiceId::ToString()
  std::string purpose;
};

// Whether `code` is a purpose or field code: [a-z0-9_-]{1,40}.
bool ValidCode(std::string_view code);
// Whether `key_id` may name a key: [A-Za-z0-9._-]{1,64}.
bool ValidKeyId(std::string_view key_id);

class Registry : public Directory {
 public:
  Registry(store::Database& db, const Clock& clock, audit::AuditLog& audit);

  static std::vector<store::Migration> Migrations();  // stream "exchange_registry"

  // Members. AddMember is Conflict when the id is registered; Invalid for bad names
  // ($.name_zh, $.name_en: 1-200 bytes; $.name_en may be empty).
  Result<Member> AddMember(const SubsystemId& id, const std::string& name_zh,
                           const std::string& name_en, const std::string& actor);
  Result<std::vector<Member>> ListMembers();
  Result<Member> GetMember(const SubsystemId& id);  // NotFound
  Status SetMemberDisabled(const SubsystemId& id, bool disabled, const std::string& actor);

  // Keys. public_key is 32 raw bytes (Ed25519); key ids are unique per member (Conflict).
  // not_after_ms 0 = no end; a non-zero end must be after not_before ($.not_after).
  Status AddKey(const SubsystemId& member, const MemberKey& key, const std::string& actor);
  // Adds `new_key` (not_before 0 = now) and ends every key valid now and not already ending
  // sooner at now + overlap_ms: both verify during the overlap, then only the new one.
  Status RotateKey(const SubsystemId& member, const MemberKey& new_key, int64_t overlap_ms,
                   const std::string& actor);
  // Ends the key now (NotFound when the member has no such key).
  Status RetireKey(const SubsystemId& member, std::string_view key_id, const std::string& actor);
  Result<std::vector<MemberKey>> ListKeys(const SubsystemId& member);  // by not_before

  // Services: insert or replace. The provider must be a registered member ($.service,
  // code unknown_member); fields and purposes are codes ($.fields[i], $.purposes[i]);
  // names 1-200 bytes, legal basis at most 500. updated_at_ms is set to now.
  Result<ServiceDef> PutService(const ServiceDef& service, const std::string& actor);
  Result<std::vector<ServiceDef>> ListServices(const ServiceFilter& filter = {});

  // Rights: Grant inserts or replaces (legal basis, grantor, time). The client must be a
  // member ($.client, unknown_member), the service in the catalogue ($.service,
  // unknown_service) and the purpose one of the service's ($.purpose, unknown_purpose).
  Result<AccessRight> Grant(const AccessRight& right, const std::string& actor);
  // NotFound (code no_access_right) when there was no such right.
  Status Revoke(const SubsystemId& client, const ServiceId& service, std::string_view purpose,
                const std::string& actor);
  Result<std::vector<AccessRight>> ListRights(const RightFilter& filter = {});

  // Loads a catalogue document (exchange/catalogue.json): {"members":[{id, name_zh, name_en,
  // keys?:[{key_id, public_key (base64), not_before?, not_after? (RFC 3339)}]}],
  // "services":[{id, name_zh, name_en, fields, sharing_class, legal_basis, purposes,
  // about_person}], "rights":[{client, service, purpose, legal_basis?}]}. Idempotent: members
  // are added when missing (names updated), services upserted, rights granted, keys added
  // when missing. All or nothing; Invalid with JSON paths into the document.
  struct ImportCounts {
    int members = 0, keys = 0, services = 0, rights = 0;
  };
  Result<ImportCounts> Import(const boost::json::value& doc, const std::string& actor);

  // Directory (see the error conventions above).
  Result<MemberKey> KeyOf(const SubsystemId& member, std::string_view key_id,
                          int64_t at_ms) override;
  Result<bool> IsMember(const SubsystemId& member) override;
  Result<ServiceDef> Service(const ServiceId& service) override;
  Result<AccessRight> RightOf(const SubsystemId& client, const ServiceId& service,
                              std::string_view purpose) override;

 private:
  store::Database& db_;
  const Clock& clock_;
  audit::AuditLog& audit_;
};

// The catalogue compiled in from exchange/catalogue.json (for the demo and tests).
std::string_view DefaultCatalogue();

}  // namespace ow::exchange
