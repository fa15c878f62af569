#include "checkpoint/pass_log.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <bit>
#include <chrono>
#include <map>
#include <memory>
#include <tuple>
#include <unordered_set>

#include "core/thread_name.h"
#include "core/time.h"

namespace ow::checkpoint {

namespace {

constexpr char kColumns[] =
    "id, client_id, person_id, person_key, subject, issuer, place_id, place_key, at_ms, "
    "direction, allowed, colour, reason, staff_id, device, source";
constexpr int kColumnCount = 16;
constexpr size_t kMaxGroupRecords = 32768;
// A group commit slower than this is logged (it delays every scan riding on it).
constexpr std::chrono::milliseconds kSlowCommit{100};

constexpr int64_t kSlotMs = 3'600'000;         // one partition per hour
constexpr int64_t kClientIdPurgeBatch = 1000;  // client ids deleted per transaction

// The partition (hour since the epoch) of an instant. Asia/Shanghai is a whole number of
// hours from UTC, so each partition is one local clock hour.
int64_t SlotOf(int64_t at_ms) { return at_ms >= 0 ? at_ms / kSlotMs : (at_ms + 1) / kSlotMs - 1; }

// pass_records_YYYYMMDDHH in Asia/Shanghai time.
std::string TableName(int64_t slot) {
  const int64_t ms = slot * kSlotMs;
  Date d = ShanghaiDate(ms);
  const int64_t hour = (ms - ShanghaiMidnightMillis(d)) / kSlotMs;
  return fmt::format("pass_records_{:04}{:02}{:02}{:02}", d.year, d.month, d.day, hour);
}

std::string PartitionSql(const std::string& t, store::Dialect d) {
  const char* id = d == store::Dialect::kSqlite ? "INTEGER PRIMARY KEY" : "BIGINT PRIMARY KEY";
  return fmt::format(R"SQL(CREATE TABLE IF NOT EXISTS {0} (
  id {1},
  client_id TEXT,
  person_id TEXT,
  person_key BIGINT,
  subject TEXT NOT NULL,
  issuer TEXT NOT NULL,
  place_id TEXT NOT NULL,
  place_key BIGINT NOT NULL,
  at_ms BIGINT NOT NULL,
  direction TEXT NOT NULL,
  allowed INTEGER NOT NULL,
  colour TEXT NOT NULL,
  reason TEXT NOT NULL,
  staff_id TEXT NOT NULL,
  device TEXT NOT NULL,
  source TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS {0}_person ON {0}(person_key);
CREATE INDEX IF NOT EXISTS {0}_place ON {0}(place_key))SQL",
                     t, id);
}

std::string InsertSql(const std::string& table, size_t rows, bool or_ignore) {
  std::string sql = std::string(or_ignore ? "INSERT OR IGNORE INTO " : "INSERT INTO ") + table +
                    " (" + kColumns + ") VALUES ";
  std::string one = "(";
  for (int i = 0; i < kColumnCount; ++i) one += i ? ",?" : "?";
  one += ")";
  for (size_t r = 0; r < rows; ++r) sql += (r ? "," : "") + one;
  return sql;
}

// Rows per statement for `left` rows to go: the largest power of two up to 256, so a group of
// n rows takes at most log2(n) + 1 statements (a group of 25: 16 + 8 + 1) and the statement
// caches of the connections hold at most nine texts per kind and table.
size_t ChunkSize(size_t left) { return std::bit_floor(std::min<size_t>(left, 256)); }

// log2 of a chunk size: the index of its statement text.
size_t ChunkIndex(size_t rows) { return static_cast<size_t>(std::countr_zero(rows)); }
constexpr size_t kChunkSizes = 9;  // 1, 2, 4, ..., 256

// Statement text per (table, chunk size). Shared, not copied per use (a 256-row text is ~10
// KB), and kept alive by its users: another writer may clear the cache.
std::shared_ptr<const std::string> CachedInsertSql(const std::string& table, size_t rows,
                                                   bool or_ignore) {
  static std::mutex mu;
  static std::map<std::tuple<std::string, size_t, bool>, std::shared_ptr<const std::string>> cache;
  std::lock_guard lock(mu);
  if (cache.size() > 256) cache.clear();  // old partitions are never written again
  auto& sql = cache[{table, rows, or_ignore}];
  if (!sql) sql = std::make_shared<const std::string>(InsertSql(table, rows, or_ignore));
  return sql;
}

std::string ClientIdsPostgresSql(size_t rows) {
  std::string sql = "INSERT INTO pass_client_ids (client_id, at_ms) VALUES ";
  for (size_t r = 0; r < rows; ++r) sql += r ? ",(?,?)" : "(?,?)";
  return sql + " ON CONFLICT (client_id) DO NOTHING RETURNING client_id";
}

// SQLite statements on client ids for a chunk of ids (a size ChunkSize returns).
const std::string& ClientIdSqliteSql(bool insert, size_t rows) {
  static const auto make = [](bool ins, size_t n) {
    std::string sql = ins ? "INSERT OR IGNORE INTO pass_client_ids (client_id, at_ms) VALUES "
                          : "SELECT client_id FROM pass_client_ids WHERE client_id IN (";
    for (size_t r = 0; r < n; ++r) sql += r ? (ins ? ",(?,?)" : ",?") : (ins ? "(?,?)" : "?");
    return ins ? sql : sql + ")";
  };
  static const auto texts = [] {
    std::array<std::array<std::string, kChunkSizes>, 2> t;
    for (size_t i = 0; i < kChunkSizes; ++i) {
      t[0][i] = make(false, size_t{1} << i);
      t[1][i] = make(true, size_t{1} << i);
    }
    return t;
  }();
  return texts[insert ? 1 : 0][ChunkIndex(rows)];
}

store::Value Opt(const std::optional<std::string>& s) {
  return s ? store::Value(*s) : store::Value(nullptr);
}

void AddParams(int64_t id, const PassRecord& r, std::vector<store::Value>& p) {
  p.push_back(id);
  p.push_back(Opt(r.client_id));
  p.push_back(Opt(r.person_id));
  p.push_back(r.person_id ? store::Value(PassLog::Key(*r.person_id)) : store::Value(nullptr));
  p.push_back(r.subject);
  p.push_back(r.issuer);
  p.push_back(r.place_id);
  p.push_back(PassLog::Key(r.place_id));
  p.push_back(r.at_ms);
  p.push_back(r.direction);
  p.push_back(static_cast<int64_t>(r.allowed ? 1 : 0));
  p.push_back(r.colour);
  p.push_back(r.reason);
  p.push_back(r.staff_id);
  p.push_back(r.device);
  p.push_back(r.source);
}

// Calls fn(pos, n) for consecutive chunks of `count` items, ChunkSize(left) each; stops at the
// first error.
template <typename Fn>
Status ForChunks(size_t count, Fn&& fn) {
  for (size_t pos = 0; pos < count;) {
    const size_t n = ChunkSize(count - pos);
    OW_RETURN_IF_ERROR(fn(pos, n));
    pos += n;
  }
  return Status::Ok();
}

// (client_id, at_ms) of recs[pos, pos + n).
std::vector<store::Value> ClientIdParams(const std::vector<const PassRecord*>& recs, size_t pos,
                                         size_t n) {
  std::vector<store::Value> p;
  p.reserve(2 * n);
  for (size_t i = pos; i < pos + n; ++i) {
    p.push_back(*recs[i]->client_id);
    p.push_back(recs[i]->at_ms);
  }
  return p;
}

// Stores the client ids of `recs` (all carry one) that are not stored yet, and puts each id
// stored now into `fresh`: a replayed id, or a second record with the same id in this group, is
// a duplicate. With `look_up` false (SQLite) the ids are inserted without looking them up
// first; if one was stored already, `replayed` is set and an error returned, and the caller
// writes the group again with `look_up`.
Status ClaimClientIds(store::Tx& tx, const std::vector<const PassRecord*>& recs, bool look_up,
                      std::unordered_set<std::string>& fresh, bool& replayed) {
  if (tx.dialect() == store::Dialect::kPostgres) {
    // Multi-row INSERT ... ON CONFLICT DO NOTHING RETURNING: few round trips.
    return ForChunks(recs.size(), [&](size_t pos, size_t n) -> Status {
      OW_ASSIGN_OR_RETURN(auto rows,
                          tx.Query(ClientIdsPostgresSql(n), ClientIdParams(recs, pos, n)));
      for (const auto& row : rows) fresh.insert(row.Text(0));
      return Status::Ok();
    });
  }
  // SQLite: which ids are stored already (a read, when looking up), then the new ones (the first
  // record carrying each) in multi-row INSERT OR IGNORE statements, checked like the records.
  // Not the RETURNING form: SQLite keeps a statement journal for it and gathers its result in a
  // temporary B-tree per statement (measured: 16% of the pass-log writer's CPU at one client id
  // per scan). The lookup is half the cost again, and online scans are almost never replays.
  std::unordered_set<std::string> stored;
  if (look_up) {
    OW_RETURN_IF_ERROR(ForChunks(recs.size(), [&](size_t pos, size_t n) -> Status {
      std::vector<store::Value> ids;
      for (size_t i = pos; i < pos + n; ++i) ids.push_back(*recs[i]->client_id);
      OW_ASSIGN_OR_RETURN(auto rows, tx.Query(ClientIdSqliteSql(false, n), ids));
      for (const auto& row : rows) stored.insert(row.Text(0));
      return Status::Ok();
    }));
  }
  std::vector<const PassRecord*> news;
  for (const PassRecord* r : recs)
    if (!stored.contains(*r->client_id) && fresh.insert(*r->client_id).second) news.push_back(r);
  return ForChunks(news.size(), [&](size_t pos, size_t n) -> Status {
    OW_ASSIGN_OR_RETURN(int64_t inserted,
                        tx.Exec(ClientIdSqliteSql(true, n), ClientIdParams(news, pos, n)));
    if (inserted == static_cast<int64_t>(n)) return Status::Ok();
    if (look_up) return Status::Internal("client ids of a group were not stored");
    replayed = true;
    return Status::Conflict("a client id of the group was stored before");
  });
}

constexpr char kSelect[] =
    "SELECT id, client_id, person_id, subject, issuer, place_id, at_ms, direction, allowed, "
    "colour, reason, staff_id, device, source FROM ";

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

// Record ids the SQLite writer takes from pass_record_seq at a time: the counter's page is then
// written once per block instead of in every group commit.
constexpr int64_t kIdBlock = 4096;

// `n` new record ids, increasing, each above every id committed before. PostgreSQL draws them
// from a sequence. On SQLite they come from a block [block.next, block.end) reserved in
// pass_record_seq, used only while the counter still ends there: then no other writer (another
// process on the file, another log on this connection) has reserved since, every id committed
// so far is below the block, and any other writer must reserve above it before it commits. A
// rolled-back reservation leaves the counter below block.end, so the block is not used again.
Result<std::vector<int64_t>> AllocateIds(store::Tx& tx, size_t n, PassLog::IdBlock& block) {
  std::vector<int64_t> ids;
  ids.reserve(n);
  if (n == 0) return ids;
  if (tx.dialect() == store::Dialect::kPostgres) {
    OW_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT nextval('pass_record_ids') FROM "
                                            "generate_series(1, ?::int)",
                                            {static_cast<int64_t>(n)}));
    for (const auto& r : rows) ids.push_back(r.Int(0));
    std::sort(ids.begin(), ids.end());
    return ids;
  }
  OW_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT next_id FROM pass_record_seq"));
  if (rows.empty()) return Status::Internal("pass_record_seq has no row");
  const auto count = static_cast<int64_t>(n);
  if (rows[0].Int(0) != block.end || block.next + count > block.end) {
    // Not UPDATE ... RETURNING: SQLite gathers RETURNING rows in a temporary B-tree, which it
    // creates and drops per statement (measured: most of the statement's cost).
    const int64_t size = std::max(count, kIdBlock);
    OW_RETURN_IF_ERROR(
        tx.Exec("UPDATE pass_record_seq SET next_id = next_id + ?", {size}).status());
    block.next = rows[0].Int(0);
    block.end = block.next + size;
  }
  for (int64_t i = 0; i < count; ++i) ids.push_back(block.next + i);
  block.next += count;
  return ids;
}

}  // namespace

int64_t PassLog::Key(std::string_view id) {
  uint32_t h = 2166136261u;
  for (unsigned char c : id) {
    h ^= c;
    h *= 16777619u;
  }
  return static_cast<int32_t>(h);
}

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

  // Version 2: one table per hour (created on demand), a global id counter, and the client ids
  // of offline uploads. Records of version 1 are moved by PassLog at start.
  store::Migration v2;
  v2.module = "checkpoint_passes";
  v2.version = 2;
  v2.name = "pass records partitioned by hour";
  std::string common = R"SQL(
CREATE TABLE pass_partitions (
  slot {bigint} PRIMARY KEY,
  table_name TEXT NOT NULL UNIQUE
);
CREATE TABLE pass_client_ids (
  client_id TEXT PRIMARY KEY,
  at_ms {bigint} NOT NULL
);
)SQL";
  v2.sqlite_sql = common + R"SQL(
CREATE TABLE pass_record_seq (
  one INTEGER PRIMARY KEY CHECK (one = 1),
  next_id INTEGER NOT NULL
);
INSERT INTO pass_record_seq (one, next_id) SELECT 1, COALESCE(MAX(id), 0) + 1 FROM pass_records;
INSERT INTO pass_client_ids (client_id, at_ms)
  SELECT client_id, at_ms FROM pass_records WHERE client_id IS NOT NULL
)SQL";
  v2.postgres_sql = common + R"SQL(
CREATE SEQUENCE pass_record_ids;
SELECT setval('pass_record_ids', COALESCE((SELECT MAX(id) FROM pass_records), 0) + 1, false);
INSERT INTO pass_client_ids (client_id, at_ms)
  SELECT client_id, at_ms FROM pass_records WHERE client_id IS NOT NULL
)SQL";
  v2.sql = v2.sqlite_sql;

  // Version 3 (SQLite): client ids in a WITHOUT ROWID table, one B-tree keyed by the id
  // instead of a rowid table plus its unique index: one B-tree insert less per scan. The
  // PostgreSQL table is unchanged.
  store::Migration v3;
  v3.module = "checkpoint_passes";
  v3.version = 3;
  v3.name = "client ids without rowid";
  v3.sqlite_sql = R"SQL(
CREATE TABLE pass_client_ids_v3 (
  client_id TEXT PRIMARY KEY,
  at_ms INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO pass_client_ids_v3 (client_id, at_ms) SELECT client_id, at_ms FROM pass_client_ids;
DROP TABLE pass_client_ids;
ALTER TABLE pass_client_ids_v3 RENAME TO pass_client_ids
)SQL";
  v3.postgres_sql = "SELECT 1";
  v3.sql = v3.sqlite_sql;
  return {m, v2, v3};
}

PassLog::PassLog(store::Database& db) : db_(db) {
  writer_ = std::thread([this] {
    SetCurrentThreadName("ow-passlog");
    if (Status s = MoveLegacyRecords(); !s.ok())
      spdlog::error("{{\"event\":\"pass_legacy_move_failed\",\"error\":\"{}\"}}", s.message());
    WriterLoop();
  });
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

Result<std::vector<PassLog::Partition>> PassLog::Partitions(int64_t from_slot, int64_t to_slot) {
  OW_ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT slot, table_name FROM pass_partitions WHERE "
                                           "slot >= ? AND slot <= ? ORDER BY slot",
                                           {from_slot, to_slot}));
  std::vector<Partition> out;
  for (const auto& r : rows) out.push_back({r.Int(0), r.Text(1)});
  return out;
}

Status PassLog::EnsurePartitions(const std::vector<int64_t>& slots) {
  for (int64_t slot : slots) {
    if (KnownSlot(slot)) continue;
    const std::string table = TableName(slot);
    // Two nodes may create the same partition at once; the loser's transaction fails and the
    // second attempt finds the table.
    Status s;
    for (int attempt = 0; attempt < 3; ++attempt) {
      s = db_.Transact([&](store::Tx& tx) {
        OW_RETURN_IF_ERROR(tx.ExecScript(PartitionSql(table, tx.dialect())));
        return tx
            .Exec(
                "INSERT INTO pass_partitions (slot, table_name) VALUES (?, ?) "
                "ON CONFLICT (slot) DO NOTHING",
                {slot, table})
            .status();
      });
      if (s.ok()) break;
    }
    OW_RETURN_IF_ERROR(s);
    std::lock_guard lock(slots_mu_);
    known_slots_.insert(slot);
  }
  return Status::Ok();
}

Status PassLog::WriteGroup(store::Tx& tx, std::vector<Item>& group, bool look_up,
                           std::vector<AppendResult>& results, bool& replayed) {
  results.assign(group.size(), {});
  std::vector<const PassRecord*> all;
  for (auto& item : group)
    for (auto& r : item.records) all.push_back(&r);
  // Client ids first: a record whose client id is already stored is a duplicate.
  std::unordered_set<std::string> fresh_ids;
  std::vector<const PassRecord*> with_client;
  for (const PassRecord* r : all)
    if (r->client_id) with_client.push_back(r);
  OW_RETURN_IF_ERROR(ClaimClientIds(tx, with_client, look_up, fresh_ids, replayed));
  // Attribute results: a client id counts as inserted for the first record that carries it.
  std::vector<const PassRecord*> keep;
  keep.reserve(all.size());
  for (size_t i = 0; i < group.size(); ++i) {
    for (const auto& r : group[i].records) {
      if (!r.client_id || fresh_ids.erase(*r.client_id)) {
        ++results[i].inserted;
        keep.push_back(&r);
      } else {
        ++results[i].duplicates;
      }
    }
  }
  OW_ASSIGN_OR_RETURN(auto ids, AllocateIds(tx, keep.size(), ids_));
  // Per partition, multi-row statements of up to 256 rows (ChunkSize). On SQLite as INSERT OR
  // IGNORE: a statement that may abort half-way (a plain INSERT with its NOT NULL and key
  // constraints) keeps a statement journal, a copy of every page it touches, to undo itself
  // (measured: 8.8 GB of journal writes for 400k records), while OR IGNORE never aborts. No row
  // may be ignored, though: the count of inserted rows is checked, and a shortfall fails the
  // whole group.
  const bool sqlite = tx.dialect() == store::Dialect::kSqlite;
  std::map<int64_t, std::vector<size_t>> by_slot;
  for (size_t i = 0; i < keep.size(); ++i) by_slot[SlotOf(keep[i]->at_ms)].push_back(i);
  for (const auto& [slot, rows] : by_slot) {
    const std::string table = TableName(slot);
    // Statement texts looked up once per partition and chunk size, not per row.
    std::array<std::shared_ptr<const std::string>, kChunkSizes> sql;
    std::vector<store::Value> params;
    OW_RETURN_IF_ERROR(ForChunks(rows.size(), [&](size_t pos, size_t n) -> Status {
      params.clear();
      params.reserve(n * kColumnCount);
      for (size_t i = pos; i < pos + n; ++i) AddParams(ids[rows[i]], *keep[rows[i]], params);
      auto& text = sql[ChunkIndex(n)];
      if (!text) text = CachedInsertSql(table, n, sqlite);
      OW_ASSIGN_OR_RETURN(int64_t inserted, tx.Exec(*text, params));
      if (inserted != static_cast<int64_t>(n))
        return Status::Internal(
            fmt::format("{} of {} pass records were not stored", n - inserted, n));
      return Status::Ok();
    }));
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
    std::vector<int64_t> slots;
    for (const auto& item : group)
      for (const auto& r : item.records) {
        int64_t d = SlotOf(r.at_ms);
        if (std::find(slots.begin(), slots.end(), d) == slots.end()) slots.push_back(d);
      }
    std::vector<AppendResult> results;
    // Client ids are looked up before they are stored when the group holds an offline upload
    // (where replays are expected) or held a replay on the first try.
    bool look_up = std::any_of(group.begin(), group.end(),
                               [](const Item& item) { return item.records.size() > 1; });
    bool replayed = false;
    auto write = [&] {
      Status s = EnsurePartitions(slots);
      if (s.ok())
        s = db_.Transact(
            [&](store::Tx& tx) { return WriteGroup(tx, group, look_up, results, replayed); });
      return s;
    };
    const auto started = std::chrono::steady_clock::now();
    Status s = write();
    if (!s.ok() && replayed) {
      look_up = true;
      s = write();
    }
    if (!s.ok()) {
      // Another node may have purged a partition this one still thought to exist.
      {
        std::lock_guard lock(slots_mu_);
        known_slots_.clear();
      }
      s = write();
    }
    const auto took = std::chrono::steady_clock::now() - started;
    if (took > kSlowCommit) {
      size_t n = 0;
      for (const auto& item : group) n += item.records.size();
      spdlog::warn("{{\"event\":\"pass_commit_slow\",\"ms\":{},\"records\":{}}}",
                   std::chrono::duration_cast<std::chrono::milliseconds>(took).count(), n);
    }
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

Status PassLog::MoveLegacyRecords() {
  const bool pg = db_.dialect() == store::Dialect::kPostgres;
  OW_ASSIGN_OR_RETURN(
      auto exists,
      db_.Query(pg ? "SELECT 1 WHERE to_regclass('pass_records') IS NOT NULL"
                   : "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'pass_records'"));
  if (exists.empty()) return Status::Ok();
  int64_t moved = 0;
  for (;;) {
    OW_ASSIGN_OR_RETURN(auto rows,
                        db_.Query(std::string(kSelect) + "pass_records ORDER BY id LIMIT 5000"));
    if (rows.empty()) break;
    std::vector<PassRecord> recs;
    std::vector<int64_t> slots;
    for (const auto& row : rows) {
      recs.push_back(FromRow(row));
      int64_t d = SlotOf(recs.back().at_ms);
      if (std::find(slots.begin(), slots.end(), d) == slots.end()) slots.push_back(d);
    }
    OW_RETURN_IF_ERROR(EnsurePartitions(slots));
    OW_RETURN_IF_ERROR(db_.Transact([&](store::Tx& tx) {
      std::vector<store::Value> params;
      for (const auto& r : recs) {
        params.clear();
        AddParams(r.id, r, params);
        OW_RETURN_IF_ERROR(
            tx.Exec(*CachedInsertSql(TableName(SlotOf(r.at_ms)), 1, false), params).status());
      }
      return tx.Exec("DELETE FROM pass_records WHERE id <= ?", {recs.back().id}).status();
    }));
    moved += static_cast<int64_t>(recs.size());
  }
  OW_RETURN_IF_ERROR(db_.ExecScript("DROP TABLE pass_records"));
  if (moved > 0) spdlog::info("{{\"event\":\"pass_legacy_moved\",\"records\":{}}}", moved);
  return Status::Ok();
}

bool PassLog::KnownSlot(int64_t slot) {
  std::lock_guard lock(slots_mu_);
  return known_slots_.count(slot) > 0;
}

PassLog::Stats PassLog::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

Result<std::vector<PassRecord>> PassLog::Select(bool by_person, const std::string& value,
                                                int64_t from_ms, int64_t to_ms, int limit) {
  std::vector<PassRecord> out;
  if (from_ms >= to_ms || limit <= 0) return out;
  OW_ASSIGN_OR_RETURN(auto parts, Partitions(SlotOf(from_ms), SlotOf(to_ms - 1)));
  const char* cond =
      by_person ? "person_key = ? AND person_id = ?" : "place_key = ? AND place_id = ?";
  for (auto it = parts.rbegin(); it != parts.rend() && static_cast<int>(out.size()) < limit; ++it) {
    OW_ASSIGN_OR_RETURN(auto rows,
                        db_.Query(std::string(kSelect) + it->table + " WHERE " + cond +
                                      " AND at_ms >= ? AND at_ms < ? ORDER BY at_ms DESC LIMIT ?",
                                  {Key(value), value, from_ms, to_ms,
                                   static_cast<int64_t>(limit - static_cast<int>(out.size()))}));
    for (const auto& r : rows) out.push_back(FromRow(r));
  }
  return out;
}

Result<std::vector<PassRecord>> PassLog::ForPerson(const std::string& person_id, int64_t from_ms,
                                                   int64_t to_ms, int limit) {
  return Select(true, person_id, from_ms, to_ms, limit);
}

Result<std::vector<PassRecord>> PassLog::ForPlace(const std::string& place_id, int64_t from_ms,
                                                  int64_t to_ms, int limit) {
  return Select(false, place_id, from_ms, to_ms, limit);
}

Status PassLog::Scan(int64_t from_ms, int64_t to_ms,
                     const std::function<void(const PassRecord&)>& fn, int64_t after_id) {
  if (from_ms >= to_ms) return Status::Ok();
  OW_ASSIGN_OR_RETURN(auto parts, Partitions(SlotOf(from_ms), SlotOf(to_ms - 1)));
  for (const auto& p : parts) {
    int64_t after = after_id;
    for (;;) {
      OW_ASSIGN_OR_RETURN(auto rows, db_.Query(std::string(kSelect) + p.table +
                                                   " WHERE id > ? AND at_ms >= ? AND at_ms < ? "
                                                   "ORDER BY id LIMIT 5000",
                                               {after, from_ms, to_ms}));
      if (rows.empty()) break;
      for (const auto& r : rows) {
        PassRecord rec = FromRow(r);
        after = rec.id;
        fn(rec);
      }
    }
  }
  return Status::Ok();
}

Result<int64_t> PassLog::PurgeBefore(int64_t before_ms) {
  const int64_t cut_slot = SlotOf(before_ms);  // the partition the cut falls into
  OW_ASSIGN_OR_RETURN(auto parts, Partitions(std::numeric_limits<int64_t>::min(), cut_slot));
  int64_t purged = 0;
  for (const auto& p : parts) {
    int64_t n_part = 0;  // set inside: the transaction may run more than once
    OW_RETURN_IF_ERROR(db_.Transact([&](store::Tx& tx) -> Status {
      OW_ASSIGN_OR_RETURN(auto n,
                          tx.Query("SELECT COUNT(*) FROM " + p.table +
                                       (p.slot < cut_slot ? "" : " WHERE at_ms < ?"),
                                   p.slot < cut_slot ? std::vector<store::Value>{}
                                                     : std::vector<store::Value>{before_ms}));
      if (p.slot < cut_slot) {
        // The whole hour is past the window: drop its table.
        OW_RETURN_IF_ERROR(tx.ExecScript("DROP TABLE " + p.table));
        OW_RETURN_IF_ERROR(
            tx.Exec("DELETE FROM pass_partitions WHERE slot = ?", {p.slot}).status());
      } else {
        OW_RETURN_IF_ERROR(
            tx.Exec("DELETE FROM " + p.table + " WHERE at_ms < ?", {before_ms}).status());
      }
      n_part = n[0].Int(0);
      return Status::Ok();
    }));
    purged += n_part;
    if (p.slot < cut_slot) {
      std::lock_guard lock(slots_mu_);
      known_slots_.erase(p.slot);
    }
  }
  // Client ids in batches, each its own transaction: at a province's scale (~1 M ids a day
  // beside 28 M kept) one DELETE would hold the only write lock, and with it every gate's
  // scans, for as long as it scans and rewrites the table.
  for (;;) {
    OW_ASSIGN_OR_RETURN(int64_t n, db_.Exec("DELETE FROM pass_client_ids WHERE client_id IN "
                                            "(SELECT client_id FROM pass_client_ids WHERE "
                                            "at_ms < ? LIMIT ?)",
                                            {before_ms, kClientIdPurgeBatch}));
    if (n < kClientIdPurgeBatch) break;
  }
  return purged;
}

Result<int64_t> PassLog::Count() {
  OW_ASSIGN_OR_RETURN(auto parts, Partitions(std::numeric_limits<int64_t>::min(),
                                             std::numeric_limits<int64_t>::max()));
  int64_t n = 0;
  for (const auto& p : parts) {
    OW_ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT COUNT(*) FROM " + p.table));
    n += rows[0].Int(0);
  }
  return n;
}

Result<std::vector<std::string>> PassLog::DayTables(int64_t day) {
  const int64_t first = SlotOf(ShanghaiMidnightMillis(CivilFromDays(day)));
  OW_ASSIGN_OR_RETURN(auto parts, Partitions(first, first + 23));
  std::vector<std::string> out;
  for (auto& p : parts) out.push_back(std::move(p.table));
  return out;
}

}  // namespace ow::checkpoint
