// AuditLog: appending to and listing the hash-chained audit log, and its schema.
#include "audit/audit.h"

#include <string>
#include <vector>

#include "audit/chain.h"
#include "crypto/crypto.h"

namespace ow::audit {
namespace {

constexpr int kMaxListLimit = 10000;

}  // namespace

Status AuditLog::Append(const Event& e) {
  return db_.Transact([&](store::Tx& tx) { return Append(tx, e); });
}

Status AuditLog::Append(store::Tx& tx, const Event& e) {
  const Event ev = internal::CleanEvent(e);
  // The head row is the serialisation point: every append reads and rewrites it, so two
  // concurrent appends conflict (SQLite: one writer at a time; PostgreSQL: the row lock below
  // plus SERIALIZABLE) instead of forking the chain.
  std::string head_sql = "SELECT seq, hash FROM audit_head WHERE id = 1";
  if (tx.dialect() == store::Dialect::kPostgres) head_sql += " FOR UPDATE";
  OW_ASSIGN_OR_RETURN(store::Rows head, tx.Query(head_sql));
  if (head.empty()) {
    return Status::Internal("audit_head row is missing (audit migration not applied?)");
  }
  const int64_t prev_seq = head[0].Int(0);
  const std::string prev_hash = head[0].IsNull(1) ? internal::GenesisHash() : head[0].Bytes(1);
  const int64_t seq = prev_seq + 1;
  const int64_t at_ms = clock_.NowMillis();
  const std::string hash = internal::ChainHash(prev_hash, seq, at_ms, ev);

  OW_ASSIGN_OR_RETURN(
      int64_t inserted,
      tx.Exec("INSERT INTO audit_log (seq, at_ms, actor, action, subject, fields, reason, ip, "
              "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              {seq, at_ms, ev.actor, ev.action, ev.subject, ev.fields, ev.reason, ev.ip,
               store::Blob{prev_hash}, store::Blob{hash}}));
  if (inserted != 1) return Status::Internal("audit entry was not inserted");
  OW_ASSIGN_OR_RETURN(int64_t updated,
                      tx.Exec("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1 AND seq = ?",
                              {seq, store::Blob{hash}, prev_seq}));
  if (updated != 1) return Status::Internal("audit head moved during append");
  return Status::Ok();
}

Result<std::vector<Entry>> AuditLog::List(int limit, const std::string& actor,
                                          const std::string& subject) {
  Query q;
  q.limit = limit;
  q.actor = actor;
  q.subject = subject;
  return List(q);
}

Result<std::vector<Entry>> AuditLog::List(const Query& q) {
  int limit = q.limit;
  if (limit <= 0) return Status::Invalid("limit must be positive");
  if (limit > kMaxListLimit) limit = kMaxListLimit;
  std::string sql =
      "SELECT seq, at_ms, actor, action, subject, fields, reason, ip, hash FROM audit_log";
  std::vector<store::Value> params;
  std::string where;
  auto add = [&](const char* cond, store::Value v) {
    where += where.empty() ? " WHERE " : " AND ";
    where += cond;
    params.push_back(std::move(v));
  };
  if (!q.actor.empty()) add("actor = ?", q.actor);
  if (!q.subject.empty()) add("subject = ?", q.subject);
  if (!q.action.empty() && q.action.back() == '.') {
    // A prefix as a range (index-friendly on both backends): "login." .. "login/".
    std::string upper = q.action;
    upper.back() = '/';
    add("action >= ?", q.action);
    add("action < ?", upper);
  } else if (!q.action.empty()) {
    add("action = ?", q.action);
  }
  if (q.from_ms > 0) add("at_ms >= ?", q.from_ms);
  if (q.to_ms > 0) add("at_ms < ?", q.to_ms);
  if (q.before_seq > 0) add("seq < ?", q.before_seq);
  sql += where + " ORDER BY seq DESC LIMIT ?";
  params.emplace_back(int64_t{limit});
  OW_ASSIGN_OR_RETURN(store::Rows rows, db_.Query(sql, params));
  std::vector<Entry> out;
  out.reserve(rows.size());
  for (const store::Row& r : rows) {
    Entry e;
    e.seq = r.Int(0);
    e.at_ms = r.Int(1);
    e.event = Event{r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.Text(6), r.Text(7)};
    e.hash_hex = crypto::ToHex(r.Bytes(8));
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<store::Migration> AuditLog::Migrations() {
  store::Migration m;
  m.module = "audit";
  m.version = 1;
  m.name = "audit_log and audit_head";
  m.sql = R"sql(
CREATE TABLE audit_log (
  seq {bigint} PRIMARY KEY,
  at_ms {bigint} NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  subject TEXT NOT NULL,
  fields TEXT NOT NULL,
  reason TEXT NOT NULL,
  ip TEXT NOT NULL,
  prev_hash {blob} NOT NULL,
  hash {blob} NOT NULL
);
CREATE INDEX audit_log_actor_idx ON audit_log (actor, seq);
CREATE INDEX audit_log_subject_idx ON audit_log (subject, seq);
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq {bigint} NOT NULL,
  hash {blob}
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, NULL)
)sql";
  store::Migration m2;
  m2.module = "audit";
  m2.version = 2;
  m2.name = "audit_log by action";
  m2.sql = "CREATE INDEX audit_log_action_idx ON audit_log (action, seq)";
  return {m, m2};
}

}  // namespace ow::audit
