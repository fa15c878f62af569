#include "checkpoint/pass_log/group_writer.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <map>
#include <memory>
#include <unordered_set>

#include "checkpoint/pass_log/client_ids.h"
#include "checkpoint/pass_log/partitions.h"
#include "checkpoint/pass_log/record_rows.h"
#include "core/thread_name.h"

namespace ow::checkpoint::passlog {

namespace {
constexpr size_t kMaxGroupRecords = 32768;
// A group commit slower than this is logged (it delays every scan riding on it).
constexpr std::chrono::milliseconds kSlowCommit{100};
}  // namespace

GroupWriter::GroupWriter(store::Database& db, Partitions& partitions, std::function<void()> first)
    : db_(db), partitions_(partitions) {
  thread_ = std::thread([this, first = std::move(first)] {
    SetCurrentThreadName("ow-passlog");
    if (first) first();
    Loop();
  });
}

GroupWriter::~GroupWriter() {
  {
    MutexLock lock(mu_);
    stop_ = true;
  }
  cv_.SignalAll();
  thread_.join();
}

void GroupWriter::Append(std::vector<PassRecord> records, PassLog::Done done) {
  {
    MutexLock lock(mu_);
    queue_.push_back({std::move(records), std::move(done)});
  }
  cv_.Signal();
}

PassLog::Stats GroupWriter::stats() const {
  MutexLock lock(mu_);
  return stats_;
}

Status GroupWriter::WriteGroup(store::Tx& tx, std::vector<Item>& group, bool look_up,
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
  OW_RETURN_IF_ERROR(ClientIds::Claim(tx, with_client, look_up, fresh_ids, replayed));
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
  OW_ASSIGN_OR_RETURN(auto ids, ids_.Allocate(tx, keep.size()));
  // Per partition, multi-row statements of up to 256 rows (ChunkSize). On SQLite as INSERT OR
  // IGNORE: a statement that may abort half-way (a plain INSERT with its NOT NULL and key
  // constraints) keeps a statement journal, a copy of every page it touches, to undo itself
  // (docs/performance.md, "Durable pass records"), while OR IGNORE never aborts. No row
  // may be ignored, though: the count of inserted rows is checked, and a shortfall fails the
  // whole group.
  const bool sqlite = tx.dialect() == store::Dialect::kSqlite;
  std::map<int64_t, std::vector<size_t>> by_slot;
  for (size_t i = 0; i < keep.size(); ++i) by_slot[Partitions::SlotOf(keep[i]->at_ms)].push_back(i);
  for (const auto& partition : by_slot) {
    const std::string table = Partitions::TableName(partition.first);
    const std::vector<size_t>& rows = partition.second;  // not a structured binding: captured
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

void GroupWriter::Loop() {
  for (;;) {
    std::vector<Item> group;
    {
      MutexLock lock(mu_);
      while (!stop_ && queue_.empty()) cv_.Wait(mu_);
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
        int64_t d = Partitions::SlotOf(r.at_ms);
        if (std::find(slots.begin(), slots.end(), d) == slots.end()) slots.push_back(d);
      }
    std::vector<AppendResult> results;
    // Client ids are looked up before they are stored when the group holds an offline upload
    // (where replays are expected) or held a replay on the first try.
    bool look_up = std::any_of(group.begin(), group.end(),
                               [](const Item& item) { return item.records.size() > 1; });
    bool replayed = false;
    auto write = [&] {
      Status s = partitions_.Ensure(slots);
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
      partitions_.ForgetAll();
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
      MutexLock lock(mu_);
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

}  // namespace ow::checkpoint::passlog
