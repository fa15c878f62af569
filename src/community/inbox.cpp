#include "community/inbox.h"

#include "crypto/crypto.h"

namespace ow::community {

namespace {

// The values of one message row: id, owner (person or region), content, creation time.
std::vector<store::Value> RowValues(const std::string& owner, const NewMessage& m, int64_t now) {
  return {crypto::NewId(), owner,     m.kind, m.title_zh, m.title_en,
          m.body_zh,       m.body_en, m.link, now};
}

}  // namespace

Inbox::Inbox(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

Status Inbox::Post(store::Tx& tx, const std::string& person_id, const NewMessage& m) {
  return tx
      .Exec(
          "INSERT INTO inbox_messages (id, person_id, kind, title_zh, title_en, body_zh, "
          "body_en, link, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
          RowValues(person_id, m, clock_.NowMillis()))
      .status();
}

Status Inbox::Notify(const std::string& region, const NewMessage& m) {
  return db_
      .Exec(
          "INSERT INTO inbox_notices (id, region, kind, title_zh, title_en, body_zh, body_en, "
          "link, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
          RowValues(region, m, clock_.NowMillis()))
      .status();
}

Status Inbox::Notify(store::Tx& tx, const std::string& region, const NewMessage& m) {
  return tx
      .Exec(
          "INSERT INTO inbox_notices (id, region, kind, title_zh, title_en, body_zh, body_en, "
          "link, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
          RowValues(region, m, clock_.NowMillis()))
      .status();
}

Result<std::vector<Message>> Inbox::List(const std::string& person_id, const std::string& region,
                                         int limit) {
  // A notice covers the person when its region is a prefix of theirs.
  OW_ASSIGN_OR_RETURN(
      store::Rows rows,
      db_.Query("SELECT id, kind, title_zh, title_en, body_zh, body_en, link, created_at, "
                "CASE WHEN read_at IS NULL THEN 0 ELSE 1 END, '' FROM inbox_messages "
                "WHERE person_id = ? "
                "UNION ALL "
                "SELECT n.id, n.kind, n.title_zh, n.title_en, n.body_zh, n.body_en, n.link, "
                "n.created_at, CASE WHEN r.notice_id IS NULL THEN 0 ELSE 1 END, n.region "
                "FROM inbox_notices n LEFT JOIN inbox_notice_reads r "
                "ON r.notice_id = n.id AND r.person_id = ? "
                "WHERE substr(CAST(? AS TEXT), 1, length(n.region)) = n.region "
                "ORDER BY 8 DESC, 1 LIMIT ?",
                {person_id, person_id, region, static_cast<int64_t>(limit)}));
  std::vector<Message> out;
  for (const auto& r : rows) {
    Message m;
    m.id = r.Text(0);
    m.content = {r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.Text(6)};
    m.created_at_ms = r.Int(7);
    m.read = r.Int(8) != 0;
    m.region = r.Text(9);
    out.push_back(std::move(m));
  }
  return out;
}

Status Inbox::MarkRead(const std::string& person_id, const std::string& region,
                       const std::string& message_id) {
  const int64_t now = clock_.NowMillis();
  OW_ASSIGN_OR_RETURN(int64_t n,
                      db_.Exec("UPDATE inbox_messages SET read_at = COALESCE(read_at, ?) "
                               "WHERE id = ? AND person_id = ?",
                               {now, message_id, person_id}));
  if (n > 0) return Status::Ok();
  OW_ASSIGN_OR_RETURN(store::Rows notice,
                      db_.Query("SELECT region FROM inbox_notices WHERE id = ?", {message_id}));
  if (notice.empty() || !region.starts_with(notice[0].Text(0)))
    return Status::NotFound("no such message in your inbox");
  return db_
      .Exec(
          "INSERT INTO inbox_notice_reads (notice_id, person_id, read_at) VALUES (?,?,?) "
          "ON CONFLICT (notice_id, person_id) DO NOTHING",
          {message_id, person_id, now})
      .status();
}

// Module "community" (inbox part; tasks add their own migrations).
std::vector<store::Migration> Inbox::Migrations() {
  return {{"community", 1, "inbox messages and regional notices", R"SQL(
CREATE TABLE inbox_messages (
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  title_zh TEXT NOT NULL,
  title_en TEXT NOT NULL,
  body_zh TEXT NOT NULL,
  body_en TEXT NOT NULL,
  link TEXT NOT NULL,
  created_at {bigint} NOT NULL,
  read_at {bigint}
);
CREATE INDEX inbox_messages_person ON inbox_messages(person_id, created_at);
CREATE TABLE inbox_notices (
  id TEXT PRIMARY KEY,
  region TEXT NOT NULL,
  kind TEXT NOT NULL,
  title_zh TEXT NOT NULL,
  title_en TEXT NOT NULL,
  body_zh TEXT NOT NULL,
  body_en TEXT NOT NULL,
  link TEXT NOT NULL,
  created_at {bigint} NOT NULL
);
CREATE INDEX inbox_notices_region ON inbox_notices(region);
CREATE TABLE inbox_notice_reads (
  notice_id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  read_at {bigint} NOT NULL,
  PRIMARY KEY (notice_id, person_id)
)
)SQL"}};
}

}  // namespace ow::community
