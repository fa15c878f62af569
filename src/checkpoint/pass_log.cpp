#include "checkpoint/pass_log.h"

#include <unordered_set>

namespace ow::checkpoint {

namespace {

constexpr char kColumns[] =
    "client_id, person_id, subject, issuer, place_id, at_ms, direction, allowed, colour, reason, "
    "staff_id, device, source";
constexpr int kColumnCount = 13;
constexpr size_t kMaxGroupRecords = 20000;

std::string InsertSql(size_t rows, bool returning) {
  std::string sql = std::string("INSERT INTO pass_records (") + kColumns + ") VALUES ";
  std::string one = "(";
  for (int i = 0; i < kColumnCount; ++i) one += i ? ",?" : "?";
  one += ")";
  for (size_t r = 0; r < rows; ++r) sql += (r ? "," : "") + one;
  sql += " ON CONFLICT (client_id) WHERE client_id IS NOT NULL DO NOTHING";
  if (returning) sql += " RETURNING client_id";
  return sql;
}

const std::string& CachedInsertSql(size_t rows, bool returning) {
  // Only a few chunk sizes are used, so the statement caches stay small.
  static const std::string k256 = InsertSql(256, false), k16 = InsertSql(16, false),
                           k1 = InsertSql(1, false), r256 = InsertSql(256, true),
                           r16 = InsertSql(16, true), r1 = InsertSql(1, true);
  if (rows == 256) return returning ? r256 : k256;
  if (rows == 16) return returning ? r16 : k16;
  return returning ? r1 : k1;
}

store::Value Opt(const std::optional<std::string>& s) {
  return s ? store::Value(*s) : store::Value(nullptr);
}

void AddParams(const PassRecord& r, std::vector<store::Value>& p) {
  p.push_back(Opt(r.client_id));
  p.push_back(Opt(r.person_id));
  p.push_back(r.subject);
  p.push_back(r.issuer);
  p.push_back(r.place_id);
  p.push_back(r.at_ms);
  p.push_back(r.direction);
  p.push_back(static_cast<int64_t>(r.allowed ? 1 : 0));
  p.push_back(r.colour);
  p.push_back(r.reason);
  p.push_back(r.staff_id);
  p.push_back(r.device);
  p.push_back(r.source);
}

constexpr char kSelect[] =
    "SELECT id, client_id, person_id, subject, issuer, place_id, at_ms, direction, allowed, "
    "colour, reason, staff_id, device, source FROM pass_records ";

PassRecord FromRow(const store::Row& row) {
  PassRecord r;
  r.id = row.Int(0);
  r.client_id = row.OptText(1);
  r.person_id = row.OptText(2);
  r.subject = row.Text(3);
  r.issuer = row.Text(4);
  r.place_id = row.Text(5);
  r.at_ms = row.Int(6);
  r.direction = row.Text(7);
  r.allowed = row.Int(8) != 0;
  r.colour = row.Text(9);
  r.reason = row.Text(10);
  r.staff_id = row.Text(11);
  r.device = row.Text(12);
  r.source = row.Text(13);
  return r;
}

}  // namespace

std::vector<store::Migration> PassLog::Migrations() {
  store::Migration m;
  m.module = "checkpoint_passes";
  m.version = 1;
  m.name = "pass records";
  std::string body = R"SQL(
  client_id TEXT,
  person_id TEXT,
  subject TEXT NOT NULL,
  issuer TEXT NOT NULL,
  place_id TEXT NOT NULL,
  at_ms {bigint} NOT NULL,
  direction TEXT NOT NULL,
  allowed INTEGER NOT NULL,
  colour TEXT NOT NULL,
  reason TEXT NOT NULL,
  staff_id TEXT NOT NULL,
  device TEXT NOT NULL,
  source TEXT NOT NULL
);
CREATE UNIQUE INDEX pass_records_client ON pass_records(client_id) WHERE client_id IS NOT NULL;
CREATE INDEX pass_records_place_time ON pass_records(place_id, at_ms);
CREATE INDEX pass_records_person_time ON pass_records(person_id, at_ms);
CREATE INDEX pass_records_time ON pass_records(at_ms)
)SQL";
  m.sqlite_sql = "CREATE TABLE pass_records (\n  id INTEGER PRIMARY KEY," + body;
  m.postgres_sql =
      "CREATE TABLE pass_records (\n  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY," + body;
  m.sql = m.sqlite_sql;
  return {m};
}

PassLog::PassLog(store::Database& db) : db_(db) {
  writer_ = std::thread([this] { WriterLoop(); });
}

PassLog::~PassLog() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  writer_.join();
}

void PassLog::Append(std::vector<PassRecord> records, Done done) {
  {
    std::lock_guard lock(mu_);
    queue_.push_back({std::move(records), std::move(done)});
  }
  cv_.notify_one();
}

Result<AppendResult> PassLog::AppendAndWait(std::vector<PassRecord> records) {
  std::mutex m;
  std::condition_variable cv;
  std::optional<Result<AppendResult>> out;
  Append(std::move(records), [&](Result<AppendResult> r) {
    std::lock_guard lock(m);
    out.emplace(std::move(r));
    cv.notify_one();
  });
  std::unique_lock lock(m);
  cv.wait(lock, [&] { return out.has_value(); });
  return std::move(*out);
}

Status PassLog::WriteGroup(store::Tx& tx, std::vector<Item>& group,
                           std::vector<AppendResult>& results) {
  results.assign(group.size(), {});
  // Flatten, remembering which item each client_id belongs to.
  std::vector<const PassRecord*> all;
  for (auto& item : group)
    for (auto& r : item.records) all.push_back(&r);
  std::unordered_set<std::string> inserted_ids;
  std::vector<store::Value> params;
  size_t pos = 0;
  while (pos < all.size()) {
    size_t left = all.size() - pos;
    size_t n = left >= 256 ? 256 : left >= 16 ? 16 : 1;
    bool any_client = false;
    params.clear();
    params.reserve(n * kColumnCount);
    for (size_t i = pos; i < pos + n; ++i) {
      AddParams(*all[i], params);
      any_client = any_client || all[i]->client_id.has_value();
    }
    if (any_client) {
      OW_ASSIGN_OR_RETURN(auto rows, tx.Query(CachedInsertSql(n, true), params));
      for (const auto& row : rows)
        if (!row.IsNull(0)) inserted_ids.insert(row.Text(0));
    } else {
      OW_RETURN_IF_ERROR(tx.Exec(CachedInsertSql(n, false), params).status());
    }
    pos += n;
  }
  // Attribute results: a client_id counts as inserted for the first record that carries it.
  for (size_t i = 0; i < group.size(); ++i) {
    for (const auto& r : group[i].records) {
      if (!r.client_id) {
        ++results[i].inserted;
      } else if (inserted_ids.erase(*r.client_id)) {
        ++results[i].inserted;
      } else {
        ++results[i].duplicates;
      }
    }
  }
  return Status::Ok();
}

void PassLog::WriterLoop() {
  for (;;) {
    std::vector<Item> group;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
      if (queue_.empty() && stop_) return;
      size_t records = 0;
      while (!queue_.empty() && records < kMaxGroupRecords) {
        records += queue_.front().records.size();
        group.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    std::vector<AppendResult> results;
    Status s = db_.Transact([&](store::Tx& tx) { return WriteGroup(tx, group, results); });
    if (s.ok()) {
      std::lock_guard lock(mu_);
      ++stats_.commits;
      for (const auto& r : results) stats_.records += r.inserted;
    }
    for (size_t i = 0; i < group.size(); ++i) {
      if (!group[i].done) continue;
      if (s.ok()) {
        group[i].done(results[i]);
      } else {
        group[i].done(s);
      }
    }
  }
}

PassLog::Stats PassLog::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

Result<std::vector<PassRecord>> PassLog::Select(const char* column, const std::string& value,
                                                int64_t from_ms, int64_t to_ms, int limit) {
  OW_ASSIGN_OR_RETURN(auto rows,
                      db_.Query(std::string(kSelect) + "WHERE " + column +
                                    " = ? AND at_ms >= ? AND at_ms < ? ORDER BY at_ms DESC LIMIT ?",
                                {value, from_ms, to_ms, static_cast<int64_t>(limit)}));
  std::vector<PassRecord> out;
  for (const auto& r : rows) out.push_back(FromRow(r));
  return out;
}

Result<std::vector<PassRecord>> PassLog::ForPerson(const std::string& person_id, int64_t from_ms,
                                                   int64_t to_ms, int limit) {
  return Select("person_id", person_id, from_ms, to_ms, limit);
}

Result<std::vector<PassRecord>> PassLog::ForPlace(const std::string& place_id, int64_t from_ms,
                                                  int64_t to_ms, int limit) {
  return Select("place_id", place_id, from_ms, to_ms, limit);
}

Status PassLog::Scan(int64_t from_ms, int64_t to_ms,
                     const std::function<void(const PassRecord&)>& fn, int64_t after_id) {
  for (;;) {
    OW_ASSIGN_OR_RETURN(
        auto rows, db_.Query(std::string(kSelect) + "WHERE id > ? AND at_ms >= ? AND at_ms < ? "
                                                    "ORDER BY id LIMIT 5000",
                             {after_id, from_ms, to_ms}));
    if (rows.empty()) return Status::Ok();
    for (const auto& r : rows) {
      PassRecord rec = FromRow(r);
      after_id = rec.id;
      fn(rec);
    }
  }
}

Result<int64_t> PassLog::PurgeBefore(int64_t before_ms) {
  // In id chunks of short transactions, so gates never wait long behind the purge.
  int64_t purged = 0, after = -1;
  for (;;) {
    OW_ASSIGN_OR_RETURN(auto last, db_.Query("SELECT MAX(id) FROM (SELECT id FROM pass_records "
                                             "WHERE id > ? ORDER BY id LIMIT 20000) AS chunk",
                                             {after}));
    if (last.empty() || last[0].IsNull(0)) return purged;
    const int64_t upto = last[0].Int(0);
    OW_ASSIGN_OR_RETURN(int64_t n,
                        db_.Exec("DELETE FROM pass_records WHERE id > ? AND id <= ? AND at_ms < ?",
                                 {after, upto, before_ms}));
    purged += n;
    after = upto;
  }
}

}  // namespace ow::checkpoint
