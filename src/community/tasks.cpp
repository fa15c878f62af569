#include "community/tasks.h"

#include <algorithm>
#include <set>

#include "crypto/crypto.h"

namespace ow::community {

namespace {

constexpr char kSelect[] =
    "SELECT id, person_id, region, kind, reason_zh, reason_en, source, status, note, done_by, "
    "created_at, done_at FROM community_tasks ";

Task FromRow(const store::Row& r) {
  Task t;
  t.id = r.Text(0);
  t.spec = {r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.Text(6)};
  t.status = r.Text(7);
  t.note = r.Text(8);
  t.done_by = r.Text(9);
  t.created_at_ms = r.Int(10);
  t.done_at_ms = r.OptInt(11);
  return t;
}

}  // namespace

TaskService::TaskService(store::Database& db, const Clock& clock,
                         identity::IdentityService& identity, audit::AuditLog& audit)
    : db_(db), clock_(clock), identity_(identity), audit_(audit) {}

bool TaskService::CanSee(const Principal& p, const std::string& region) {
  return p.Has(Role::kAdmin) || p.HasInRegion(Role::kCommunityWorker, region) ||
         p.HasInRegion(Role::kHealthOfficial, region);
}

Result<bool> TaskService::Create(store::Tx& tx, const NewTask& t) {
  OW_ASSIGN_OR_RETURN(store::Rows open,
                      tx.Query("SELECT id FROM community_tasks WHERE person_id = ? AND kind = ? "
                               "AND status = 'open'",
                               {t.person_id, t.kind}));
  if (!open.empty()) return false;
  OW_RETURN_IF_ERROR(
      tx.Exec("INSERT INTO community_tasks (id, person_id, region, kind, reason_zh, reason_en, "
              "source, status, note, done_by, created_at) VALUES (?,?,?,?,?,?,?,'open','','',?)",
              {crypto::NewId(), t.person_id, t.region, t.kind, t.reason_zh, t.reason_en, t.source,
               clock_.NowMillis()})
          .status());
  return true;
}

Result<bool> TaskService::HasOpen(store::Tx& tx, const std::string& person_id) {
  OW_ASSIGN_OR_RETURN(
      store::Rows rows,
      tx.Query("SELECT 1 FROM community_tasks WHERE person_id = ? AND status = 'open' LIMIT 1",
               {person_id}));
  return !rows.empty();
}

Result<std::vector<Task>> TaskService::List(const Principal& p, const std::string& status,
                                            int limit, const std::string& ip) {
  std::vector<std::string> prefixes;
  if (p.Has(Role::kAdmin)) prefixes.push_back("");
  for (Role r : {Role::kCommunityWorker, Role::kHealthOfficial})
    for (const auto& s : p.Scopes(r))
      if (!s.starts_with("place:")) prefixes.push_back(s);
  std::vector<Task> out;
  std::set<std::string> seen;
  for (const auto& prefix : prefixes) {
    std::string sql = std::string(kSelect) + "WHERE substr(region, 1, ?) = ?";
    std::vector<store::Value> params{static_cast<int64_t>(prefix.size()), prefix};
    if (!status.empty()) {
      sql += " AND status = ?";
      params.push_back(status);
    }
    sql += " ORDER BY created_at DESC, id LIMIT ?";
    params.push_back(static_cast<int64_t>(limit));
    OW_ASSIGN_OR_RETURN(store::Rows rows, db_.Query(sql, params));
    for (const auto& r : rows) {
      Task t = FromRow(r);
      if (seen.insert(t.id).second) out.push_back(std::move(t));  // nested scopes overlap
    }
  }
  std::sort(out.begin(), out.end(), [](const Task& a, const Task& b) {
    return a.created_at_ms != b.created_at_ms ? a.created_at_ms > b.created_at_ms : a.id < b.id;
  });
  if (static_cast<int>(out.size()) > limit) out.resize(limit);
  for (auto& t : out)
    if (auto who = identity_.GetSummary(t.spec.person_id); who.ok())
      t.masked_name = who->masked_name;
  std::string scopes;
  for (const auto& s : prefixes) scopes += (scopes.empty() ? "" : ",") + (s.empty() ? "*" : s);
  OW_RETURN_IF_ERROR(audit_.Append({p.person_id, "pii.read", "tasks:" + scopes, "community_tasks",
                                    "task list (" + std::to_string(out.size()) + ")", ip}));
  return out;
}

Result<Task> TaskService::Get(const std::string& id) {
  OW_ASSIGN_OR_RETURN(store::Rows rows, db_.Query(std::string(kSelect) + "WHERE id = ?", {id}));
  if (rows.empty()) return Status::NotFound("no such task");
  return FromRow(rows[0]);
}

Result<Task> TaskService::Complete(const Principal& p, const std::string& task_id,
                                   const std::string& note) {
  OW_ASSIGN_OR_RETURN(Task t, Get(task_id));
  if (!CanSee(p, t.spec.region)) return Status::Forbidden("this task is outside your region");
  if (note.size() > 2000)
    return Status::Invalid("note is too long", {{"$.note", "at most 2000 bytes"}});
  const int64_t now = clock_.NowMillis();
  Status s = db_.Transact([&](store::Tx& tx) -> Status {
    OW_ASSIGN_OR_RETURN(int64_t n, tx.Exec("UPDATE community_tasks SET status = 'done', note = ?, "
                                           "done_by = ?, done_at = ? WHERE id = ? AND "
                                           "status = 'open'",
                                           {note, p.person_id, now, task_id}));
    if (n == 0) return Status::Conflict("this task is already done");
    return audit_.Append(tx, {p.person_id, "community.task.done", t.spec.person_id, "",
                              t.spec.kind + " " + task_id, ""});
  });
  OW_RETURN_IF_ERROR(s);
  OW_ASSIGN_OR_RETURN(Task done, Get(task_id));
  if (auto who = identity_.GetSummary(done.spec.person_id); who.ok())
    done.masked_name = who->masked_name;
  return done;
}

Result<TaskContact> TaskService::RevealContact(const Principal& p, const std::string& task_id,
                                               const std::string& ip) {
  OW_ASSIGN_OR_RETURN(Task t, Get(task_id));
  if (!CanSee(p, t.spec.region)) return Status::Forbidden("this task is outside your region");
  if (t.status != "open")
    return Status::Conflict("this task is done; the resident's contact is no longer shown");
  OW_ASSIGN_OR_RETURN(identity::Profile who, identity_.GetOwnProfile(t.spec.person_id));
  TaskContact c{task_id, who.summary.masked_name, who.phone, who.address};
  std::string fields;
  if (c.phone) fields = "phone";
  if (c.address) fields += fields.empty() ? "address" : ",address";
  // Nothing given, nothing read: no use to record.
  if (!fields.empty()) {
    OW_RETURN_IF_ERROR(
        audit_.Append({p.person_id, "pii.read", t.spec.person_id, fields,
                       "community task: " + t.spec.kind + " (" + task_id + ")", ip}));
  }
  return c;
}

std::vector<store::Migration> TaskService::Migrations() {
  return {{"community", 2, "community tasks", R"SQL(
CREATE TABLE community_tasks (
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL,
  region TEXT NOT NULL,
  kind TEXT NOT NULL,
  reason_zh TEXT NOT NULL,
  reason_en TEXT NOT NULL,
  source TEXT NOT NULL,
  status TEXT NOT NULL,
  note TEXT NOT NULL,
  done_by TEXT NOT NULL,
  created_at {bigint} NOT NULL,
  done_at {bigint}
);
CREATE INDEX community_tasks_region ON community_tasks(region, status, created_at);
CREATE INDEX community_tasks_person ON community_tasks(person_id, status)
)SQL"}};
}

}  // namespace ow::community
