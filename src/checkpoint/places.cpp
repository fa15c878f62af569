#include "checkpoint/places.h"

#include <sodium.h>

#include "codes/base45.h"
#include "codes/cbor_decoder.h"
#include "codes/cbor_encoder.h"
#include "codes/cose_algorithms.h"
#include "codes/cose_sign1.h"
#include "identity/validate.h"

namespace ow::checkpoint {

namespace {
constexpr std::string_view kPrefix = "OWP1:";
constexpr int64_t kAlgEdDsa = -8;
constexpr char kAad[] = "place_code_keys.secret";
}  // namespace

std::vector<store::Migration> PlaceService::Migrations() {
  return {{"checkpoint_places", 1, "places and place-code key", R"SQL(
CREATE TABLE places (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  region TEXT NOT NULL,
  address TEXT NOT NULL DEFAULT '',
  community TEXT NOT NULL DEFAULT '',
  capacity {bigint},
  created_by TEXT NOT NULL,
  created_at {bigint} NOT NULL
);
CREATE INDEX places_region ON places(region);
CREATE TABLE place_code_keys (
  id INTEGER PRIMARY KEY,
  kid TEXT NOT NULL,
  public_key {blob} NOT NULL,
  secret_sealed {blob} NOT NULL,
  created_at {bigint} NOT NULL
)
)SQL"}};
}

bool PlaceService::ValidKind(std::string_view kind) {
  for (const char* k : {"community_gate", "venue", "hospital", "station", "office", "other"})
    if (kind == k) return true;
  return false;
}

PlaceService::PlaceService(store::Database& db, const Clock& clock, const crypto::KeyRing& keys,
                           identity::IdentityService& identity, audit::AuditLog& audit)
    : db_(db), clock_(clock), keys_(keys), identity_(identity), audit_(audit) {}

Result<Place> PlaceService::Create(const NewPlace& in, const std::string& actor) {
  std::vector<FieldError> errors;
  if (in.name.empty() || in.name.size() > 200)
    errors.push_back({"$.name", "must be 1-200 bytes", "bad_length"});
  if (!ValidKind(in.kind))
    errors.push_back({"$.kind",
                      "must be community_gate, venue, hospital, station, office or "
                      "other",
                      "bad_place_kind"});
  if (!identity::CheckRegionCode(in.region))
    errors.push_back({"$.region", "must be a 6-digit GB/T 2260 region code", "bad_region"});
  if (in.address.size() > 300)
    errors.push_back({"$.address", "must be at most 300 bytes", "too_long"});
  if (in.community.size() > 100)
    errors.push_back({"$.community", "must be at most 100 bytes", "too_long"});
  if (in.capacity && (*in.capacity < 1 || *in.capacity > 10000000))
    errors.push_back({"$.capacity", "must be between 1 and 10000000", "out_of_range"});
  if (!errors.empty()) return Status::Invalid("place data is invalid", std::move(errors));
  Place p{crypto::NewId().substr(0, 16),
          in.name,
          in.kind,
          in.region,
          in.address,
          in.community,
          in.capacity,
          clock_.NowMillis()};
  Status s = db_.Transact([&](store::Tx& tx) -> Status {
    OW_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO places (id, name, kind, region, address, community, capacity, "
                "created_by, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
                {p.id, p.name, p.kind, p.region, p.address, p.community,
                 p.capacity ? store::Value(*p.capacity) : store::Value(nullptr), actor,
                 p.created_at_ms})
            .status());
    return audit_.Append(tx, {actor, "place.create", p.id, "", p.region, ""});
  });
  OW_RETURN_IF_ERROR(s);
  return p;
}

namespace {
Place PlaceFromRow(const store::Row& r) {
  Place p;
  p.id = r.Text(0);
  p.name = r.Text(1);
  p.kind = r.Text(2);
  p.region = r.Text(3);
  p.address = r.Text(4);
  p.community = r.Text(5);
  p.capacity = r.OptInt(6);
  p.created_at_ms = r.Int(7);
  return p;
}
constexpr char kPlaceSelect[] =
    "SELECT id, name, kind, region, address, community, capacity, created_at FROM places ";
}  // namespace

Result<Place> PlaceService::Get(const std::string& id) {
  OW_ASSIGN_OR_RETURN(
      std::shared_ptr<const Place> place,
      store::CachedOrLoad(cache_.get(), id, [&]() -> Result<std::shared_ptr<const Place>> {
        OW_ASSIGN_OR_RETURN(auto rows, db_.Query(std::string(kPlaceSelect) + "WHERE id = ?", {id}));
        if (rows.empty()) return Status::NotFound("no such place");
        return std::make_shared<const Place>(PlaceFromRow(rows[0]));
      }));
  return *place;
}

void PlaceService::UseChangeFeed(store::ChangeFeed& feed) {
  cache_ = std::make_unique<store::KeyedCache<Place>>(feed, 100000);
  feed.Subscribe(kPlaceTopic, [this](const std::string& id) { cache_->Evict(id); });
}

Result<std::vector<Place>> PlaceService::List(const std::vector<std::string>& prefixes) {
  OW_ASSIGN_OR_RETURN(auto rows, db_.Query(std::string(kPlaceSelect) + "ORDER BY region, name"));
  std::vector<Place> out;
  for (const auto& r : rows) {
    Place p = PlaceFromRow(r);
    for (const auto& prefix : prefixes) {
      if (p.region.starts_with(prefix)) {
        out.push_back(std::move(p));
        break;
      }
    }
  }
  return out;
}

Status PlaceService::AssignStaff(const std::string& place_id, const std::string& person_id,
                                 const std::string& actor) {
  OW_RETURN_IF_ERROR(Get(place_id).status());
  return identity_.Grant(person_id, Role::kCheckpointStaff, "place:" + place_id, actor);
}

Status PlaceService::EnsureKey() {
  std::lock_guard lock(key_mu_);
  if (!kid_.empty()) return Status::Ok();
  for (int attempt = 0; attempt < 2; ++attempt) {
    OW_ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT kid, public_key, secret_sealed FROM "
                                             "place_code_keys WHERE id = 1"));
    if (!rows.empty()) {
      OW_ASSIGN_OR_RETURN(secret_key_,
                          crypto::Open(keys_.signing_wrap_key(), rows[0].Bytes(2), kAad));
      kid_ = rows[0].Text(0);
      public_key_ = rows[0].Bytes(1);
      return Status::Ok();
    }
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    crypto_sign_keypair(pk, sk);
    std::string secret(reinterpret_cast<char*>(sk), sizeof sk);
    sodium_memzero(sk, sizeof sk);
    // Several nodes may race here: the first insert wins, the others read it back.
    (void)db_.Exec(
        "INSERT INTO place_code_keys (id, kid, public_key, secret_sealed, created_at) "
        "VALUES (1, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        {crypto::ToHex(crypto::RandomBytes(4)),
         store::Blob{std::string(reinterpret_cast<char*>(pk), sizeof pk)},
         store::Blob{crypto::Seal(keys_.signing_wrap_key(), secret, kAad)}, clock_.NowMillis()});
  }
  return Status::Internal("could not create the place-code key");
}

Result<std::string> PlaceService::PlaceCode(const Place& p) {
  OW_RETURN_IF_ERROR(EnsureKey());
  codes::CborValue claims = codes::CborValue::Map();
  claims.Insert(codes::CborValue::Int(1), codes::CborValue::Text(p.region));
  claims.Insert(codes::CborValue::Text("pid"), codes::CborValue::Text(p.id));
  claims.Insert(codes::CborValue::Text("nm"), codes::CborValue::Text(p.name));
  claims.Insert(codes::CborValue::Text("k"), codes::CborValue::Text(p.kind));
  codes::Bytes payload = codes::EncodeCbor(claims);
  std::string sk = secret_key_;
  auto cose = codes::BuildCoseSign1(kAlgEdDsa, codes::AsBytes(kid_), payload,
                                    [&sk](codes::ByteView tbs) -> Result<codes::Bytes> {
                                      return codes::Ed25519Sign(codes::AsBytes(sk), tbs);
                                    });
  if (!cose.ok()) return cose.status();
  return std::string(kPrefix) + codes::Base45Encode(*cose);
}

Result<std::string> PlaceService::VerifyPlaceCode(std::string_view code) {
  if (!code.starts_with(kPrefix))
    return Status::Invalid("not a place code",
                           {{"$.place_code", "must start with OWP1:", "bad_place_code"}});
  OW_RETURN_IF_ERROR(EnsureKey());
  auto bytes = codes::Base45Decode(code.substr(kPrefix.size()));
  if (!bytes.ok())
    return Status::Invalid("broken place code",
                           {{"$.place_code", "bad base45", "broken_place_code"}});
  auto item = codes::CborView::Parse(*bytes);
  if (!item.ok())
    return Status::Invalid("broken place code",
                           {{"$.place_code", "bad CBOR", "broken_place_code"}});
  auto msg = codes::ParseCoseSign1(*item);
  if (!msg.ok())
    return Status::Invalid("broken place code",
                           {{"$.place_code", "bad COSE", "broken_place_code"}});
  if (msg->alg != kAlgEdDsa || codes::ToString(msg->kid) != kid_ ||
      !codes::Ed25519Verify(codes::AsBytes(public_key_),
                            codes::BuildSigStructure(msg->protected_bytes, msg->payload),
                            msg->signature))
    return Status::Invalid(
        "place code signature is not valid",
        {{"$.place_code", "not signed by this installation", "foreign_place_code"}});
  auto claims = codes::CborView::Parse(msg->payload);
  if (!claims.ok())
    return Status::Invalid("broken place code",
                           {{"$.place_code", "bad claims", "broken_place_code"}});
  const auto pid = claims->Find("pid");
  if (!pid || !pid->is_text())
    return Status::Invalid("broken place code",
                           {{"$.place_code", "no place id", "broken_place_code"}});
  return std::string(pid->str());
}

}  // namespace ow::checkpoint
