// PlaceService: places where codes are scanned — community gates (卡口), venues, hospitals,
// stations, offices — each with a region, kind, optional community, capacity and assigned
// staff, and a signed place code (场所码) citizens scan to record a visit.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/status.h"
#include "crypto/crypto.h"
#include "identity/identity_service.h"
#include "store/change_feed.h"
#include "store/database.h"
#include "store/keyed_cache.h"
#include "store/migrations.h"

namespace ow::checkpoint {

// The change-feed topic of places (key: place id).
inline constexpr char kPlaceTopic[] = "place";

struct Place {
  std::string id;
  std::string name;
  std::string kind;  // community_gate | venue | hospital | station | office | other
  std::string region;
  std::string address;
  std::string community;  // groups the gates of one community (小区); "" if none
  std::optional<int64_t> capacity;
  int64_t created_at_ms = 0;
};

struct NewPlace {
  std::string name, kind, region, address, community;
  std::optional<int64_t> capacity;
};

class PlaceService {
 public:
  PlaceService(store::Database& db, const Clock& clock, const crypto::KeyRing& keys,
               identity::IdentityService& identity, audit::AuditLog& audit);

  // Validates (paths "$.name", ...) and stores a place. Returns it.
  Result<Place> Create(const NewPlace& in, const std::string& actor);
  Result<Place> Get(const std::string& id);
  // Serves Get from memory while the feed is fresh. A registered place does not change
  // today; a future edit must publish kPlaceTopic with the place id.
  void UseChangeFeed(store::ChangeFeed& feed);
  // Places whose region starts with one of the prefixes ("" = all).
  Result<std::vector<Place>> List(const std::vector<std::string>& region_prefixes);
  // Makes a registered person checkpoint staff of the place.
  Status AssignStaff(const std::string& place_id, const std::string& person_id,
                     const std::string& actor);

  // The signed place code: "OWP1:" + base45(COSE_Sign1({region, place id, name, kind})).
  Result<std::string> PlaceCode(const Place& p);
  // Verifies a place code and returns the place id it names.
  Result<std::string> VerifyPlaceCode(std::string_view code);

  static std::vector<store::Migration> Migrations();
  static bool ValidKind(std::string_view kind);

 private:
  Status EnsureKey();

  store::Database& db_;
  const Clock& clock_;
  const crypto::KeyRing& keys_;
  identity::IdentityService& identity_;
  audit::AuditLog& audit_;
  std::mutex key_mu_;
  std::string kid_, public_key_, secret_key_;
  std::unique_ptr<store::KeyedCache<Place>> cache_;
};

}  // namespace ow::checkpoint
