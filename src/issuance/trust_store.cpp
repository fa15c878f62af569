#include "issuance/trust_store.h"

#include <algorithm>
#include <set>

#include "codes/canonical_json.h"
#include "codes/signed_trust_list.h"
#include "crypto/crypto.h"

namespace ow::issuance {

namespace json = boost::json;

namespace {

bool IsRegionCode(std::string_view s) {
  return s.size() == 6 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Status Refuse(std::string message) {
  return Status::Invalid("trust list refused: " + message, {{"$.trust_list", message}});
}

// The "issuer" and "issued_at" members of a signed list's body, when present.
struct BodyMeta {
  std::string issuer;
  int64_t issued_at = 0;
  std::string root_kid;
};

BodyMeta ReadMeta(std::string_view signed_json) {
  BodyMeta meta;
  boost::system::error_code ec;
  json::value v = json::parse(signed_json, ec);
  if (ec || !v.is_object()) return meta;
  if (const auto* body = v.get_object().if_contains("trust_list"); body && body->is_object()) {
    const auto& o = body->get_object();
    if (const auto* i = o.if_contains("issuer"); i && i->is_string()) meta.issuer = i->get_string();
    if (const auto* t = o.if_contains("issued_at"); t && t->is_int64())
      meta.issued_at = t->get_int64();
  }
  if (const auto* sig = v.get_object().if_contains("signature"); sig && sig->is_object()) {
    if (const auto* k = sig->get_object().if_contains("root_kid"); k && k->is_string())
      meta.root_kid = k->get_string();
  }
  return meta;
}

}  // namespace

Result<std::string> TrustStore::PublishSigned() {
  OW_ASSIGN_OR_RETURN(codes::TrustList own, keys_.OwnTrustList());
  OW_ASSIGN_OR_RETURN(auto root, keys_.RootKey());
  json::object body = own.ToJson();
  body["issuer"] = keys_.options().region;
  body["issued_at"] = clock_.NowMillis() / 1000;
  json::value body_value = std::move(body);
  const std::string canonical = codes::CanonicalJson(body_value);
  const codes::Bytes sig = root->Sign(codes::AsBytes(canonical));
  json::object envelope{{"trust_list", std::move(body_value)},
                        {"signature", json::object{{"alg", "Ed25519"},
                                                   {"root_kid", codes::ToBase64(root->kid())},
                                                   {"value", codes::ToBase64(sig)}}}};
  return json::serialize(envelope);
}

Result<ImportResult> TrustStore::Import(std::string_view signed_json,
                                        codes::ByteView root_public_key, const std::string& actor,
                                        const std::string& ip) {
  if (signed_json.size() > kMaxTrustListBytes)
    return Status{Code::kTooLarge, "trust list too large"};
  if (root_public_key.size() != 32)
    return Status::Invalid("root key must be 32 bytes",
                           {{"$.root_public_key", "must be a base64 Ed25519 public key"}});
  auto list = codes::VerifySignedTrustList(signed_json, root_public_key);
  if (!list.ok()) {
    if (list.status().code() == Code::kUnauthenticated)
      return Refuse("signature does not verify with the given root key");
    return Refuse(list.status().message());
  }
  BodyMeta meta = ReadMeta(signed_json);
  std::set<std::string> regions;
  for (const auto& k : list->keys()) regions.insert(k.region);
  std::string region = meta.issuer;
  if (region.empty()) {
    if (regions.size() != 1) return Refuse("cannot tell which region the list is for");
    region = *regions.begin();
  }
  if (!IsRegionCode(region)) return Refuse("issuer is not a 6-digit region code");
  if (regions.size() > 1 || (regions.size() == 1 && *regions.begin() != region))
    return Refuse("a region's root key may only vouch for that region's keys");
  if (region == keys_.options().region)
    return Refuse("the list is for this installation's own region " + region);

  ImportResult result;
  const std::string pk = codes::ToString(root_public_key);
  const int64_t now_ms = clock_.NowMillis();
  Status s = db_.Transact([&](store::Tx& tx) -> Status {
    result = {};
    OW_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT root_public_key, list_issued_at, pinned_at "
                                            "FROM trust_imports WHERE region = ?",
                                            {region}));
    int64_t pinned_at = now_ms;
    if (!rows.empty()) {
      if (!crypto::Equal(rows[0].Bytes(0), pk))
        return Status::Conflict("region " + region +
                                " is pinned to another root key; a list signed by a different "
                                "key is refused");
      if (meta.issued_at < rows[0].Int(1))
        return Status::Conflict("the list is older than the one already imported for region " +
                                region);
      pinned_at = rows[0].Int(2);
    }
    result.first_import = rows.empty();
    OW_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO trust_imports (region, root_public_key, root_kid, list_json, "
                "list_issued_at, pinned_at, imported_at, imported_by) VALUES (?,?,?,?,?,?,?,?) "
                "ON CONFLICT (region) DO UPDATE SET root_kid = excluded.root_kid, "
                "list_json = excluded.list_json, list_issued_at = excluded.list_issued_at, "
                "imported_at = excluded.imported_at, imported_by = excluded.imported_by",
                {region, store::Blob{pk}, meta.root_kid, std::string(signed_json), meta.issued_at,
                 pinned_at, now_ms, actor})
            .status());
    OW_RETURN_IF_ERROR(BumpTrustRevision(tx, feed_));
    result.region = {region,
                     meta.root_kid,
                     codes::Bytes(root_public_key.begin(), root_public_key.end()),
                     static_cast<int64_t>(list->keys().size()),
                     static_cast<int64_t>(list->certificates().size()),
                     meta.issued_at,
                     pinned_at,
                     now_ms,
                     actor};
    return audit_.Append(
        tx, {actor, "trust_list.import", "region:" + region, "",
             std::string(result.first_import ? "first import, root pinned; " : "update; ") +
                 std::to_string(list->keys().size()) + " key(s)",
             ip});
  });
  OW_RETURN_IF_ERROR(s);
  return result;
}

Result<std::vector<ImportedRegion>> TrustStore::Imports() {
  OW_ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT region, root_kid, root_public_key, list_json, "
                                           "list_issued_at, pinned_at, imported_at, imported_by "
                                           "FROM trust_imports ORDER BY region"));
  std::vector<ImportedRegion> out;
  for (const auto& row : rows) {
    ImportedRegion r;
    r.region = row.Text(0);
    r.root_kid = row.Text(1);
    std::string pk = row.Bytes(2);
    r.root_public_key.assign(pk.begin(), pk.end());
    if (auto list = codes::TrustList::Parse(row.Text(3)); list.ok()) {
      r.keys = static_cast<int64_t>(list->keys().size());
      r.certificates = static_cast<int64_t>(list->certificates().size());
    }
    r.list_issued_at = row.Int(4);
    r.pinned_at_ms = row.Int(5);
    r.imported_at_ms = row.Int(6);
    r.imported_by = row.Text(7);
    out.push_back(std::move(r));
  }
  return out;
}

Result<std::shared_ptr<const codes::TrustList>> TrustStore::Build() {
  OW_ASSIGN_OR_RETURN(codes::TrustList list, keys_.OwnTrustList());
  OW_ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT region, list_json FROM trust_imports"));
  for (const auto& row : rows) {
    // Verified at import; parsed again here without the signature check.
    auto imported = codes::TrustList::Parse(row.Text(1));
    if (!imported.ok())
      return Status::Internal("stored trust list of " + row.Text(0) + " is broken");
    for (const auto& k : imported->keys()) {
      if (k.region != row.Text(0)) continue;
      OW_RETURN_IF_ERROR(list.AddKey(k));
    }
    for (const auto& c : imported->certificates())
      OW_RETURN_IF_ERROR(list.AddCertificate(c.cert->der(), c.kid));
  }
  return std::make_shared<const codes::TrustList>(std::move(list));
}

void TrustStore::UseChangeFeed(store::ChangeFeed& feed) {
  feed_ = &feed;
  feed.Subscribe(kTrustTopic, [this](const std::string&) { stale_.store(true); });
}

Result<std::shared_ptr<const codes::TrustList>> TrustStore::Current() {
  if (feed_ != nullptr && feed_->Fresh() && !stale_.load()) {
    std::lock_guard lock(mu_);
    if (cached_) return cached_;
  }
  // Cleared before the revision is read: a change reported from now on marks it again.
  stale_.store(false);
  auto list = Refresh();
  if (!list.ok()) stale_.store(true);
  return list;
}

Result<std::shared_ptr<const codes::TrustList>> TrustStore::Refresh() {
  OW_ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT revision FROM trust_revision WHERE id = 1"));
  int64_t revision = rows.empty() ? 0 : rows[0].Int(0);
  {
    std::lock_guard lock(mu_);
    if (cached_ && cached_revision_ == revision) return cached_;
  }
  OW_ASSIGN_OR_RETURN(auto built, Build());
  std::lock_guard lock(mu_);
  // A slower caller that read an older revision must not replace a newer list. Building may
  // itself have created the first key (and bumped the revision); the next call then simply
  // rebuilds once more.
  if (revision >= cached_revision_) {
    cached_ = built;
    cached_revision_ = revision;
  }
  return built;
}

}  // namespace ow::issuance
