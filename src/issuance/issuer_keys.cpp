#include "issuance/issuer_keys.h"

#include <sodium.h>

#include <limits>
#include <optional>

#include "core/time.h"

namespace ow::issuance {

namespace {

constexpr char kIssuer[] = "issuer";
constexpr char kRoot[] = "root";
constexpr char kColumns[] = "kid, region, purpose, generation, public_key, not_before, not_after";

// Binds a sealed seed to its row, so a sealed value cannot be moved to another key.
std::string Aad(const std::string& purpose, const std::string& region, const std::string& kid) {
  return "issuer_keys.seed:" + purpose + ":" + region + ":" + kid;
}

IssuerKeyInfo FromRow(const store::Row& row) {
  IssuerKeyInfo k;
  k.kid = row.Text(0);
  k.region = row.Text(1);
  k.purpose = row.Text(2);
  k.generation = row.Int(3);
  std::string pk = row.Bytes(4);
  k.public_key.assign(pk.begin(), pk.end());
  k.not_before = row.Int(5);
  k.not_after = row.Int(6);
  return k;
}

}  // namespace

Status BumpTrustRevision(store::Tx& tx, store::ChangeFeed* feed) {
  OW_RETURN_IF_ERROR(
      tx.Exec("UPDATE trust_revision SET revision = revision + 1 WHERE id = 1").status());
  return feed == nullptr ? Status::Ok() : feed->Publish(tx, kTrustTopic, store::ChangeFeed::kAll);
}

IssuerKeyStore::IssuerKeyStore(store::Database& db, const Clock& clock, const crypto::KeyRing& keys,
                               audit::AuditLog& audit, IssuerKeyOptions options)
    : db_(db), clock_(clock), keys_(keys), audit_(audit), opts_(std::move(options)) {}

Result<std::optional<IssuerKeyInfo>> IssuerKeyStore::CreateKey(store::Tx& tx,
                                                               const std::string& purpose,
                                                               const std::string& actor) {
  OW_ASSIGN_OR_RETURN(auto max_rows,
                      tx.Query("SELECT MAX(generation) FROM issuer_keys WHERE region = ? AND "
                               "purpose = ?",
                               {opts_.region, purpose}));
  int64_t generation = max_rows.empty() ? 1 : max_rows[0].Int(0) + 1;
  if (purpose == kRoot && generation > 1) return std::optional<IssuerKeyInfo>();

  std::string seed = crypto::RandomBytes(crypto_sign_SEEDBYTES);
  std::string kid_bytes = crypto::RandomBytes(8);
  auto key = codes::IssuerKey::FromSeed(codes::AsBytes(kid_bytes), codes::AsBytes(seed));
  if (!key.ok()) {
    sodium_memzero(seed.data(), seed.size());
    return key.status();
  }
  IssuerKeyInfo info;
  info.kid = codes::ToBase64(key->kid());
  info.region = opts_.region;
  info.purpose = purpose;
  info.generation = generation;
  info.public_key.assign(key->public_key().begin(), key->public_key().end());
  info.not_before = NowSeconds();
  info.not_after = purpose == kRoot ? std::numeric_limits<int64_t>::max() / 2
                                    : info.not_before + opts_.lifetime_seconds;
  std::string sealed =
      crypto::Seal(keys_.signing_wrap_key(), seed, Aad(purpose, opts_.region, info.kid));
  sodium_memzero(seed.data(), seed.size());
  OW_ASSIGN_OR_RETURN(
      int64_t inserted,
      tx.Exec("INSERT INTO issuer_keys (kid, region, purpose, generation, public_key, "
              "seed_sealed, not_before, not_after, created_at, created_by) "
              "VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT (region, purpose, generation) DO NOTHING",
              {info.kid, info.region, info.purpose, info.generation,
               store::Blob{codes::ToString(info.public_key)}, store::Blob{sealed}, info.not_before,
               info.not_after, clock_.NowMillis(), actor}));
  if (inserted == 0) return std::optional<IssuerKeyInfo>();
  if (purpose == kIssuer) OW_RETURN_IF_ERROR(BumpTrustRevision(tx, feed_));
  return std::optional<IssuerKeyInfo>(std::move(info));
}

Result<std::optional<std::string>> IssuerKeyStore::FindActiveKid() {
  int64_t now = NowSeconds();
  OW_ASSIGN_OR_RETURN(
      auto rows,
      db_.Query("SELECT kid FROM issuer_keys WHERE region = ? AND purpose = ? "
                "AND not_before <= ? AND not_after >= ? "
                "ORDER BY generation DESC LIMIT 1",
                {opts_.region, std::string(kIssuer), now, now + opts_.code_ttl_seconds}));
  if (rows.empty()) return std::optional<std::string>();
  return std::optional<std::string>(rows[0].Text(0));
}

Result<std::shared_ptr<const codes::IssuerKey>> IssuerKeyStore::Load(const std::string& kid) {
  {
    std::lock_guard lock(mu_);
    if (auto it = loaded_.find(kid); it != loaded_.end()) return it->second;
  }
  OW_ASSIGN_OR_RETURN(auto rows,
                      db_.Query("SELECT purpose, region, public_key, seed_sealed FROM issuer_keys "
                                "WHERE kid = ?",
                                {kid}));
  if (rows.empty()) return Status::NotFound("issuer key not found");
  auto seed = crypto::Open(keys_.signing_wrap_key(), rows[0].Bytes(3),
                           Aad(rows[0].Text(0), rows[0].Text(1), kid));
  if (!seed.ok()) return Status::Internal("cannot unseal issuer key " + kid);
  auto kid_bytes = codes::FromBase64(kid);
  if (!kid_bytes.ok()) return Status::Internal("stored issuer kid is not base64");
  auto key = codes::IssuerKey::FromSeed(*kid_bytes, codes::AsBytes(*seed));
  sodium_memzero(seed->data(), seed->size());
  if (!key.ok()) return key.status();
  if (codes::ToString(key->public_key()) != rows[0].Bytes(2))
    return Status::Internal("stored issuer key " + kid + " is inconsistent");
  auto shared = std::make_shared<const codes::IssuerKey>(std::move(key).value());
  std::lock_guard lock(mu_);
  loaded_.emplace(kid, shared);
  return shared;
}

Result<std::shared_ptr<const codes::IssuerKey>> IssuerKeyStore::ActiveKey() {
  OW_ASSIGN_OR_RETURN(auto kid, FindActiveKid());
  if (!kid) {
    // First run (or the last key is at the end of its lifetime). Serialised by the
    // transaction; the unique (region, purpose, generation) makes a lost race harmless.
    Status s = db_.Transact([&](store::Tx& tx) -> Status {
      int64_t now = NowSeconds();
      OW_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT kid FROM issuer_keys WHERE region = ? AND "
                                              "purpose = ? AND not_before <= ? AND not_after >= ?",
                                              {opts_.region, std::string(kIssuer), now,
                                               now + opts_.code_ttl_seconds}));
      if (!rows.empty()) return Status::Ok();
      OW_ASSIGN_OR_RETURN(auto created, CreateKey(tx, kIssuer, "system"));
      if (created) {
        return audit_.Append(tx, {"system", "issuer_key.create", created->kid, "",
                                  "first key of region " + opts_.region, ""});
      }
      return Status::Ok();
    });
    OW_RETURN_IF_ERROR(s);
    OW_ASSIGN_OR_RETURN(kid, FindActiveKid());
    if (!kid) return Status::Internal("no active issuer key after creating one");
  }
  return Load(*kid);
}

Result<IssuerKeyInfo> IssuerKeyStore::RootInfo() {
  const std::string sql = std::string("SELECT ") + kColumns +
                          " FROM issuer_keys WHERE region = ? AND purpose = ? AND generation = 1";
  OW_ASSIGN_OR_RETURN(auto rows, db_.Query(sql, {opts_.region, std::string(kRoot)}));
  if (rows.empty()) {
    OW_RETURN_IF_ERROR(db_.Transact([&](store::Tx& tx) -> Status {
      OW_ASSIGN_OR_RETURN(auto created, CreateKey(tx, kRoot, "system"));
      if (created) {
        return audit_.Append(tx, {"system", "root_key.create", created->kid, "",
                                  "trust list root key of region " + opts_.region, ""});
      }
      return Status::Ok();
    }));
    OW_ASSIGN_OR_RETURN(rows, db_.Query(sql, {opts_.region, std::string(kRoot)}));
    if (rows.empty()) return Status::Internal("root key vanished after insert");
  }
  return FromRow(rows[0]);
}

Result<std::shared_ptr<const codes::IssuerKey>> IssuerKeyStore::RootKey() {
  OW_ASSIGN_OR_RETURN(IssuerKeyInfo info, RootInfo());
  return Load(info.kid);
}

Result<std::vector<IssuerKeyInfo>> IssuerKeyStore::IssuerKeys() {
  OW_ASSIGN_OR_RETURN(auto rows, db_.Query(std::string("SELECT ") + kColumns +
                                               " FROM issuer_keys WHERE region = ? AND purpose = ? "
                                               "ORDER BY generation",
                                           {opts_.region, std::string(kIssuer)}));
  std::vector<IssuerKeyInfo> out;
  out.reserve(rows.size());
  for (const auto& row : rows) out.push_back(FromRow(row));
  return out;
}

Result<codes::TrustList> IssuerKeyStore::OwnTrustList() {
  OW_RETURN_IF_ERROR(ActiveKey().status());  // publish at least one key
  OW_ASSIGN_OR_RETURN(auto keys, IssuerKeys());
  codes::TrustList list;
  for (auto& k : keys) {
    auto kid = codes::FromBase64(k.kid);
    if (!kid.ok()) return Status::Internal("stored issuer kid is not base64");
    OW_RETURN_IF_ERROR(list.AddKey(
        {k.region, std::move(kid).value(), std::move(k.public_key), k.not_before, k.not_after}));
  }
  return list;
}

Result<RotationResult> IssuerKeyStore::Rotate(const std::string& actor, const std::string& ip) {
  RotationResult result;
  Status s = db_.Transact([&](store::Tx& tx) -> Status {
    result = {};
    int64_t now = NowSeconds();
    OW_ASSIGN_OR_RETURN(auto created, CreateKey(tx, kIssuer, actor));
    if (!created) return Status::Conflict("another rotation is in progress; retry");
    result.active = *created;
    int64_t retire_at = now + opts_.overlap_seconds;
    OW_RETURN_IF_ERROR(
        tx.Exec("UPDATE issuer_keys SET not_after = ? WHERE region = ? AND "
                "purpose = ? AND generation < ? AND not_after > ?",
                {retire_at, opts_.region, std::string(kIssuer), created->generation, retire_at})
            .status());
    OW_ASSIGN_OR_RETURN(auto rows,
                        tx.Query(std::string("SELECT ") + kColumns +
                                     " FROM issuer_keys WHERE region = ? AND purpose = ? AND "
                                     "generation < ? AND not_after >= ? ORDER BY generation",
                                 {opts_.region, std::string(kIssuer), created->generation, now}));
    for (const auto& row : rows) result.retiring.push_back(FromRow(row));
    return audit_.Append(tx, {actor, "issuer_key.rotate", created->kid, "",
                              "new active key; " + std::to_string(result.retiring.size()) +
                                  " older key(s) valid until " + FormatRfc3339(retire_at * 1000),
                              ip});
  });
  OW_RETURN_IF_ERROR(s);
  return result;
}

}  // namespace ow::issuance
