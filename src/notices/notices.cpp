#include "notices/notices.h"

#include <boost/json.hpp>

#include <algorithm>
#include <set>

#include "core/text.h"
#include "core/time.h"
#include "core/utf8.h"

namespace ow::notices {

namespace json = boost::json;

namespace {

constexpr int64_t kDayMs = 86'400'000;
constexpr int64_t kMaxValidDays = 366;
constexpr size_t kMaxTitle = 200;
constexpr size_t kMaxBody = 8000;
constexpr size_t kMaxHotlines = 8;
constexpr size_t kMaxHotline = 40;
constexpr char kKeyLabel[] = "onewindow notice signing key v1";
constexpr char kInboxLink[] = "/portal";

constexpr char kSelect[] =
    "SELECT n.id, n.region, n.status, n.version, n.published_at, n.updated_at, n.withdrawn_at, "
    "n.withdraw_reason, v.title_zh, v.title_en, v.body_zh, v.body_en, v.severity, v.hotlines, "
    "v.valid_from, v.valid_to, v.note, v.created_at, v.signature, v.key_id "
    "FROM notices n JOIN notice_versions v ON v.notice_id = n.id AND v.version = n.version ";

NoticeVersion VersionFromRow(const store::Row& r, size_t at, const std::string& id,
                             const std::string& region, int version) {
  NoticeVersion v;
  v.notice_id = id;
  v.region = region;
  v.version = version;
  v.content.title_zh = r.Text(at);
  v.content.title_en = r.Text(at + 1);
  v.content.body_zh = r.Text(at + 2);
  v.content.body_en = r.Text(at + 3);
  v.content.severity = r.Text(at + 4);
  v.content.hotlines = SplitList(r.Text(at + 5), '\n');
  v.content.valid_from_ms = r.Int(at + 6);
  v.content.valid_to_ms = r.Int(at + 7);
  v.note = r.Text(at + 8);
  v.created_at_ms = r.Int(at + 9);
  v.signature = r.Text(at + 10);
  v.key_id = r.Text(at + 11);
  return v;
}

Notice NoticeFromRow(const store::Row& r) {
  Notice n;
  n.id = r.Text(0);
  n.region = r.Text(1);
  n.status = r.Text(2);
  n.version = static_cast<int>(r.Int(3));
  n.published_at_ms = r.Int(4);
  n.updated_at_ms = r.Int(5);
  n.withdrawn_at_ms = r.OptInt(6);
  n.withdraw_reason = r.Text(7);
  n.current = VersionFromRow(r, 8, n.id, n.region, n.version);
  return n;
}

bool AllDigits(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Characters a hotline may hold: digits, spaces, + - ( ) and the extension mark 转.
bool ValidHotline(const std::string& s) {
  std::string rest = s;
  for (size_t p; (p = rest.find("转")) != std::string::npos;)
    rest.erase(p, std::string("转").size());
  return !s.empty() && std::all_of(rest.begin(), rest.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == ' ' || c == '+' || c == '-' || c == '(' || c == ')';
  });
}

}  // namespace

std::string NoticeVersion::CanonicalForm() const {
  // Keys in lexicographic order, no whitespace: the exact bytes that are signed.
  json::array hotlines;
  for (const auto& h : content.hotlines) hotlines.emplace_back(h);
  json::object o;
  o["body_en"] = content.body_en;
  o["body_zh"] = content.body_zh;
  o["created_at"] = FormatRfc3339(created_at_ms);
  o["hotlines"] = std::move(hotlines);
  o["notice_id"] = notice_id;
  o["region"] = region;
  o["severity"] = content.severity;
  o["title_en"] = content.title_en;
  o["title_zh"] = content.title_zh;
  o["valid_from"] = FormatRfc3339(content.valid_from_ms);
  o["valid_to"] = FormatRfc3339(content.valid_to_ms);
  o["version"] = version;
  return json::serialize(o);
}

SigningKey DeriveSigningKey(const crypto::KeyRing& keys) {
  const std::string seed = crypto::KeyedHash(keys.signing_wrap_key(), kKeyLabel);
  crypto::Ed25519KeyPair pair = crypto::Ed25519KeyPairFromSeed(seed);
  SigningKey k;
  k.key_id = "notice-" + crypto::ToHex(crypto::Hash(pair.public_key)).substr(0, 16);
  k.public_key = std::move(pair.public_key);
  k.secret_key = std::move(pair.secret_key);
  return k;
}

NoticeService::NoticeService(store::Database& db, const Clock& clock, const crypto::KeyRing& keys,
                             community::Inbox& inbox, audit::AuditLog& audit)
    : db_(db), clock_(clock), key_(DeriveSigningKey(keys)), inbox_(inbox), audit_(audit) {}

bool NoticeService::ValidRegion(const std::string& region) {
  return (region.size() == 2 || region.size() == 4 || region.size() == 6) && AllDigits(region);
}

std::vector<FieldError> NoticeService::Validate(const NoticeContent& c) const {
  std::vector<FieldError> errors;
  auto text = [&](const std::string& path, const std::string& s, size_t max) {
    if (s.empty())
      errors.push_back({path, "is required", "required"});
    else if (s.size() > max)
      errors.push_back({path, "is too long", "too_long"});
    else if (!IsValidUtf8(s))
      errors.push_back({path, "must be UTF-8 text", "bad_text"});
  };
  text("$.title_zh", c.title_zh, kMaxTitle);
  text("$.title_en", c.title_en, kMaxTitle);
  text("$.body_zh", c.body_zh, kMaxBody);
  text("$.body_en", c.body_en, kMaxBody);
  if (c.severity != "ordinary" && c.severity != "urgent")
    errors.push_back({"$.severity", "must be ordinary or urgent", "bad_enum"});
  if (c.hotlines.size() > kMaxHotlines)
    errors.push_back({"$.hotlines", "at most 8 hotlines", "too_many"});
  std::set<std::string> seen;
  for (size_t i = 0; i < c.hotlines.size() && i < kMaxHotlines; ++i) {
    const std::string path = "$.hotlines[" + std::to_string(i) + "]";
    if (c.hotlines[i].size() > kMaxHotline || !ValidHotline(c.hotlines[i]))
      errors.push_back({path, "must be a phone number", "bad_phone"});
    else if (!seen.insert(c.hotlines[i]).second)
      errors.push_back({path, "is listed twice", "duplicate"});
  }
  if (c.valid_to_ms <= c.valid_from_ms)
    errors.push_back({"$.valid_to", "must be after valid_from", "bad_date_order"});
  else if (c.valid_to_ms - c.valid_from_ms > kMaxValidDays * kDayMs)
    errors.push_back({"$.valid_to", "at most a year after valid_from", "out_of_range"});
  if (c.valid_to_ms != 0 && c.valid_to_ms <= clock_.NowMillis())
    errors.push_back({"$.valid_to", "must be in the future", "out_of_range"});
  return errors;
}

Status NoticeService::CheckScope(const Principal& p, const std::string& region) const {
  if (p.HasInRegion(Role::kHealthOfficial, region)) return Status::Ok();
  return Status::Forbidden("this region is outside your scope");
}

Status NoticeService::WriteVersion(store::Tx& tx, NoticeVersion& v) {
  v.key_id = key_.key_id;
  v.signature = crypto::Base64UrlEncode(crypto::Ed25519Sign(key_.secret_key, v.CanonicalForm()));
  return tx
      .Exec(
          "INSERT INTO notice_versions (notice_id, version, title_zh, title_en, body_zh, "
          "body_en, severity, hotlines, valid_from, valid_to, note, created_at, signature, "
          "key_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
          {v.notice_id, static_cast<int64_t>(v.version), v.content.title_zh, v.content.title_en,
           v.content.body_zh, v.content.body_en, v.content.severity,
           JoinList(v.content.hotlines, '\n'), v.content.valid_from_ms, v.content.valid_to_ms,
           v.note, v.created_at_ms, v.signature, v.key_id})
      .status();
}

Status NoticeService::Announce(store::Tx& tx, const NoticeVersion& v, bool correction) {
  const bool urgent = v.content.severity == "urgent";
  community::NewMessage m;
  m.kind = "notice";
  m.link = std::string(kInboxLink) + "?region=" + v.region;
  m.title_zh =
      std::string(correction ? "【更正】" : "") + (urgent ? "【紧急】" : "") + v.content.title_zh;
  m.title_en = std::string(correction ? "[Corrected] " : "") + (urgent ? "[Urgent] " : "") +
               v.content.title_en;
  m.body_zh = v.content.body_zh;
  m.body_en = v.content.body_en;
  OW_RETURN_IF_ERROR(inbox_.Notify(tx, v.region, m));
  if (feed_) OW_RETURN_IF_ERROR(feed_->Publish(tx, kNoticeTopic, v.notice_id));
  return Status::Ok();
}

Result<Notice> NoticeService::Publish(const Principal& official, const std::string& region,
                                      const NoticeContent& c) {
  std::vector<FieldError> errors = Validate(c);
  if (!ValidRegion(region))
    errors.insert(errors.begin(),
                  {"$.region", "must be a region code (2, 4 or 6 digits)", "bad_region"});
  if (!errors.empty()) return Status::Invalid("notice is invalid", std::move(errors));
  OW_RETURN_IF_ERROR(CheckScope(official, region));
  const int64_t now = clock_.NowMillis();
  NoticeVersion v;
  v.notice_id = crypto::NewId();
  v.version = 1;
  v.region = region;
  v.content = c;
  v.created_at_ms = now;
  OW_RETURN_IF_ERROR(db_.Transact([&](store::Tx& tx) -> Status {
    OW_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO notices (id, region, status, version, published_by, published_at, "
                "updated_at, withdraw_reason) VALUES (?,?,'active',1,?,?,?,'')",
                {v.notice_id, region, official.person_id, now, now})
            .status());
    OW_RETURN_IF_ERROR(WriteVersion(tx, v));
    OW_RETURN_IF_ERROR(Announce(tx, v, false));
    return audit_.Append(tx, {official.person_id, "notices.publish", "notice:" + v.notice_id, "",
                              region + " " + c.severity, ""});
  }));
  return Get(v.notice_id);
}

Result<Notice> NoticeService::Correct(const Principal& official, const std::string& id,
                                      const NoticeContent& c, const std::string& note) {
  OW_ASSIGN_OR_RETURN(Notice n, Get(id));
  OW_RETURN_IF_ERROR(CheckScope(official, n.region));
  if (auto errors = Validate(c); !errors.empty())
    return Status::Invalid("notice is invalid", std::move(errors));
  const int64_t now = clock_.NowMillis();
  OW_RETURN_IF_ERROR(db_.Transact([&](store::Tx& tx) -> Status {
    // The conditional update claims the next version number: two corrections at once get
    // different numbers (or one is retried), never the same.
    OW_ASSIGN_OR_RETURN(int64_t changed,
                        tx.Exec("UPDATE notices SET version = version + 1, updated_at = ? "
                                "WHERE id = ? AND status = 'active'",
                                {now, id}));
    if (changed == 0) return Status::Conflict("this notice is withdrawn");
    OW_ASSIGN_OR_RETURN(store::Rows rows,
                        tx.Query("SELECT version FROM notices WHERE id = ?", {id}));
    NoticeVersion v;
    v.notice_id = id;
    v.version = static_cast<int>(rows.at(0).Int(0));
    v.region = n.region;
    v.content = c;
    v.note = note;
    v.created_at_ms = now;
    OW_RETURN_IF_ERROR(WriteVersion(tx, v));
    OW_RETURN_IF_ERROR(Announce(tx, v, true));
    return audit_.Append(tx, {official.person_id, "notices.correct", "notice:" + id, "",
                              "version " + std::to_string(v.version) + ": " + note, ""});
  }));
  return Get(id);
}

Result<Notice> NoticeService::Withdraw(const Principal& official, const std::string& id,
                                       const std::string& reason) {
  OW_ASSIGN_OR_RETURN(Notice n, Get(id));
  OW_RETURN_IF_ERROR(CheckScope(official, n.region));
  const int64_t now = clock_.NowMillis();
  OW_RETURN_IF_ERROR(db_.Transact([&](store::Tx& tx) -> Status {
    OW_ASSIGN_OR_RETURN(int64_t changed,
                        tx.Exec("UPDATE notices SET status = 'withdrawn', withdrawn_at = ?, "
                                "updated_at = ?, withdraw_reason = ? "
                                "WHERE id = ? AND status = 'active'",
                                {now, now, reason, id}));
    if (changed == 0) return Status::Conflict("this notice is already withdrawn");
    if (feed_) OW_RETURN_IF_ERROR(feed_->Publish(tx, kNoticeTopic, id));
    return audit_.Append(tx,
                         {official.person_id, "notices.withdraw", "notice:" + id, "", reason, ""});
  }));
  return Get(id);
}

Result<std::vector<Notice>> NoticeService::Load(std::string_view where,
                                                const std::vector<store::Value>& params) {
  OW_ASSIGN_OR_RETURN(store::Rows rows,
                      db_.Query(std::string(kSelect) + std::string(where), params));
  std::vector<Notice> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(NoticeFromRow(r));
  return out;
}

Result<Notice> NoticeService::Get(const std::string& id) {
  OW_ASSIGN_OR_RETURN(std::vector<Notice> list, Load("WHERE n.id = ?", {id}));
  if (list.empty()) return Status::NotFound("no such notice");
  return list[0];
}

Result<std::vector<NoticeVersion>> NoticeService::Versions(const std::string& id) {
  OW_ASSIGN_OR_RETURN(Notice n, Get(id));
  OW_ASSIGN_OR_RETURN(
      store::Rows rows,
      db_.Query("SELECT version, title_zh, title_en, body_zh, body_en, severity, hotlines, "
                "valid_from, valid_to, note, created_at, signature, key_id "
                "FROM notice_versions WHERE notice_id = ? ORDER BY version",
                {id}));
  std::vector<NoticeVersion> out;
  for (const auto& r : rows)
    out.push_back(VersionFromRow(r, 1, id, n.region, static_cast<int>(r.Int(0))));
  return out;
}

Result<std::vector<Notice>> NoticeService::Current(const std::string& region, int limit) {
  const int64_t now = clock_.NowMillis();
  return Load(
      "WHERE n.status = 'active' AND substr(CAST(? AS TEXT), 1, length(n.region)) = n.region "
      "AND v.valid_from <= ? AND v.valid_to > ? ORDER BY n.updated_at DESC, n.id LIMIT ?",
      {region, now, now, static_cast<int64_t>(limit)});
}

Result<std::vector<Notice>> NoticeService::ListWithin(const std::string& scope, int limit) {
  return Load(
      "WHERE substr(n.region, 1, length(CAST(? AS TEXT))) = CAST(? AS TEXT) "
      "ORDER BY n.updated_at DESC, n.id LIMIT ?",
      {scope, scope, static_cast<int64_t>(limit)});
}

bool NoticeService::Verify(const NoticeVersion& v) const {
  if (v.key_id != key_.key_id) return false;
  auto sig = crypto::Base64UrlDecode(v.signature);
  return sig.ok() && crypto::Ed25519Verify(key_.public_key, v.CanonicalForm(), *sig);
}

// Module "notices", version 1.
std::vector<store::Migration> NoticeService::Migrations() {
  return {{"notices", 1, "notices and their signed versions", R"SQL(
CREATE TABLE notices (
  id TEXT PRIMARY KEY,
  region TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'withdrawn')),
  version INTEGER NOT NULL CHECK (version >= 1),
  published_by TEXT NOT NULL,
  published_at {bigint} NOT NULL,
  updated_at {bigint} NOT NULL,
  withdrawn_at {bigint},
  withdraw_reason TEXT NOT NULL
);
CREATE INDEX notices_region ON notices(region, status);
CREATE TABLE notice_versions (
  notice_id TEXT NOT NULL REFERENCES notices(id),
  version INTEGER NOT NULL,
  title_zh TEXT NOT NULL,
  title_en TEXT NOT NULL,
  body_zh TEXT NOT NULL,
  body_en TEXT NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('ordinary', 'urgent')),
  hotlines TEXT NOT NULL,
  valid_from {bigint} NOT NULL,
  valid_to {bigint} NOT NULL,
  note TEXT NOT NULL,
  created_at {bigint} NOT NULL,
  signature TEXT NOT NULL,
  key_id TEXT NOT NULL,
  PRIMARY KEY (notice_id, version)
)
)SQL"}};
}

}  // namespace ow::notices
