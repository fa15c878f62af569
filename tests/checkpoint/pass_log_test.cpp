// PassLog on both backends: group commit, idempotent client ids, concurrency, purge.
#include "checkpoint/pass_log.h"

#include "checkpoint/pass_log/client_ids.h"
#include "checkpoint/pass_log/partitions.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <condition_variable>
#include <limits>
#include <mutex>
#include <thread>

#include "core/time.h"

#include "support/pg_test_db.h"
#include "support/test_server.h"

namespace ow::checkpoint {
namespace {

using ow::testing::PgTestDatabase;
using ow::testing::TempDir;

PassRecord Rec(const std::string& place, int64_t at, std::optional<std::string> client = {}) {
  PassRecord r;
  r.client_id = std::move(client);
  r.person_id = "person-" + std::to_string(at % 7);
  r.subject = "subj";
  r.issuer = "330000";
  r.place_id = place;
  r.at_ms = at;
  r.allowed = true;
  r.colour = codes::Colour::kGreen;
  r.reason = "ok";
  r.staff_id = "staff";
  return r;
}

class PassLogTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string url;
    if (GetParam() == "sqlite") {
      url = "sqlite:" + dir_.path() + "/p.db";
    } else {
      OW_REQUIRE_PG_OR_SKIP(pg_);
      url = pg_.url();
    }
    auto db = store::Open(url);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    ASSERT_TRUE(store::Migrate(*db_, PassLog::Migrations()).ok());
    log_ = std::make_unique<PassLog>(*db_);
  }
  void TearDown() override {
    log_.reset();
    db_.reset();
  }
  // The partition tables of Asia/Shanghai day `day`.
  std::vector<std::string> DayTables(int64_t day) {
    auto parts = passlog::Partitions(*db_).OfDay(day);
    EXPECT_TRUE(parts.ok()) << parts.status().ToString();
    std::vector<std::string> out;
    if (parts.ok())
      for (auto& p : *parts) out.push_back(p.table);
    return out;
  }
  int64_t Count() {
    auto n = log_->Count();
    return n.ok() ? *n : -1;
  }

  TempDir dir_;
  PgTestDatabase pg_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<PassLog> log_;
};

TEST_P(PassLogTest, AReplayedScanAmongNewOnesIsADuplicate) {
  // Online scans come one record per request; a retried one carries a client id stored before.
  ASSERT_TRUE(log_->AppendAndWait({Rec("gate", 1000, "scan-0")}).ok());
  // The retry among new scans, queued together so that they share group commits.
  std::mutex mu;
  std::condition_variable cv;
  int done = 0;
  std::vector<AppendResult> got(9);
  for (int i = 0; i < 9; ++i) {
    std::string id = i == 4 ? "scan-0" : "scan-" + std::to_string(100 + i);
    log_->Append({Rec("gate", 2000 + i, id)}, [&, i](Result<AppendResult> r) {
      EXPECT_TRUE(r.ok()) << r.status().ToString();
      std::lock_guard lock(mu);
      if (r.ok()) got[i] = *r;
      ++done;
      cv.notify_all();
    });
  }
  {
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return done == 9; });
  }
  for (int i = 0; i < 9; ++i) {
    EXPECT_EQ(got[i].inserted, i == 4 ? 0 : 1) << i;
    EXPECT_EQ(got[i].duplicates, i == 4 ? 1 : 0) << i;
  }
  EXPECT_EQ(Count(), 9);
}

TEST_P(PassLogTest, ReplayedBatchChangesNothing) {
  std::vector<PassRecord> batch;
  for (int i = 0; i < 40; ++i) batch.push_back(Rec("gate", 1000 + i, "dev1-" + std::to_string(i)));
  auto first = log_->AppendAndWait(batch);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->inserted, 40);
  EXPECT_EQ(first->duplicates, 0);
  auto again = log_->AppendAndWait(batch);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->inserted, 0);
  EXPECT_EQ(again->duplicates, 40);
  EXPECT_EQ(Count(), 40);
  // A mix of 20 old and 15 new records: only the new ones are stored.
  std::vector<PassRecord> mixed(batch.begin(), batch.begin() + 20);
  for (int i = 0; i < 15; ++i)
    mixed.push_back(Rec("gate", 5000 + i, "dev1-new-" + std::to_string(i)));
  auto m = log_->AppendAndWait(mixed);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->inserted, 15);
  EXPECT_EQ(m->duplicates, 20);
  EXPECT_EQ(Count(), 55);
  // The same new id twice in one batch: stored once, the second counts as a duplicate.
  auto twice = log_->AppendAndWait({Rec("gate", 7000, "dev1-twice"),
                                    Rec("gate", 7001, "dev1-twice"), Rec("gate", 7002, "dev1-x")});
  ASSERT_TRUE(twice.ok());
  EXPECT_EQ(twice->inserted, 2);
  EXPECT_EQ(twice->duplicates, 1);
  EXPECT_EQ(Count(), 57);
  // The stored record keeps the original values.
  auto recs = log_->ForPlace("gate", 1000, 1001, 10);
  ASSERT_TRUE(recs.ok());
  ASSERT_EQ(recs->size(), 1u);
  EXPECT_EQ(recs->at(0).client_id.value_or(""), "dev1-0");
}

// Appends that queue while the writer is busy share one commit. The first append's callback,
// which runs on the writer thread after its commit, holds the writer until the other threads
// have queued all their records; the writer then takes them as one group.
TEST_P(PassLogTest, ConcurrentWritersAreGroupCommitted) {
  constexpr int kThreads = 8, kEach = 300;
  std::mutex mu;
  std::condition_variable cv;
  bool release = false;
  int acked = 0;
  log_->Append({Rec("first", 1)}, [&](Result<AppendResult> r) {
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return release; });
  });
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        log_->Append({Rec("p" + std::to_string(t), t * 100000 + i)}, [&](Result<AppendResult> r) {
          std::lock_guard lock(mu);
          if (r.ok() && r->inserted == 1) ++acked;
          cv.notify_all();
        });
      }
    });
  }
  for (auto& th : threads) th.join();
  {
    std::lock_guard lock(mu);
    release = true;
  }
  cv.notify_all();
  {
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return acked == kThreads * kEach; });
  }
  EXPECT_EQ(Count(), kThreads * kEach + 1);
  auto stats = log_->stats();
  EXPECT_EQ(stats.records, kThreads * kEach + 1);
  // The first record's commit (which may have taken some of the others along), then one for
  // everything queued behind it.
  EXPECT_LE(stats.commits, 2);
}

// Record ids stay unique when the log restarts and when two logs write to one database at
// once (two nodes, or two processes on one SQLite file), and records committed one after the
// other get increasing ids whichever log wrote them: the live contact index reads new records
// by id.
TEST_P(PassLogTest, RecordIdsStayUniqueAcrossRestartsAndWriters) {
  ASSERT_TRUE(log_->AppendAndWait({Rec("g", 1), Rec("g", 2)}).ok());
  log_ = std::make_unique<PassLog>(*db_);  // restart
  ASSERT_TRUE(log_->AppendAndWait({Rec("g", 3)}).ok());
  auto other_db =
      store::Open(GetParam() == "sqlite" ? "sqlite:" + dir_.path() + "/p.db" : pg_.url());
  ASSERT_TRUE(other_db.ok());
  auto other = std::make_unique<PassLog>(**other_db);
  std::thread t([&] {
    for (int i = 0; i < 50; ++i) ASSERT_TRUE(other->AppendAndWait({Rec("g", 100 + i)}).ok());
  });
  for (int i = 0; i < 50; ++i) ASSERT_TRUE(log_->AppendAndWait({Rec("g", 200 + i)}).ok());
  t.join();
  auto last_id = [&] {
    int64_t id = -1;
    EXPECT_TRUE(log_->Scan(0, 1000, [&](const PassRecord& r) { id = std::max(id, r.id); }).ok());
    return id;
  };
  // A record appended through `log` now gets an id above every one committed before.
  auto expect_later = [&](PassLog& log, int64_t at_ms, const char* who) {
    const int64_t before = last_id();
    ASSERT_TRUE(log.AppendAndWait({Rec("g", at_ms)}).ok());
    EXPECT_GT(last_id(), before) << "a later commit " << who << " got a lower id";
  };
  expect_later(*other, 300, "by the other writer");
  expect_later(*log_, 301, "of this log");
  other.reset();
  // A second log on the same connection (SQLite hands out ids in blocks per log).
  auto same = std::make_unique<PassLog>(*db_);
  ASSERT_TRUE(same->AppendAndWait({Rec("g", 302)}).ok());
  expect_later(*log_, 303, "on the same connection");
  expect_later(*same, 304, "of the second log");
  same.reset();
  std::vector<int64_t> ids;
  ASSERT_TRUE(log_->Scan(0, 1000, [&](const PassRecord& r) { ids.push_back(r.id); }).ok());
  ASSERT_EQ(ids.size(), 108u);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(std::adjacent_find(ids.begin(), ids.end()), ids.end()) << "duplicate record id";
}

// On SQLite the id counter is a page of its own that every group commit would write again;
// the writer reserves ids in blocks, so a run of small groups leaves it alone.
TEST_P(PassLogTest, SqliteReservesRecordIdsInBlocks) {
  if (GetParam() != "sqlite") GTEST_SKIP() << "PostgreSQL draws ids from a sequence";
  ASSERT_TRUE(log_->AppendAndWait({Rec("g", 1)}).ok());
  auto counter = [&] {
    auto rows = db_->Query("SELECT next_id FROM pass_record_seq");
    EXPECT_TRUE(rows.ok() && rows->size() == 1u);
    return rows->at(0).Int(0);
  };
  const int64_t after_first = counter();
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(log_->AppendAndWait({Rec("g", 2 + i)}).ok());
  EXPECT_EQ(counter(), after_first) << "the counter was written by a group within the block";
  std::vector<int64_t> ids;
  ASSERT_TRUE(log_->Scan(0, 1000, [&](const PassRecord& r) { ids.push_back(r.id); }).ok());
  ASSERT_EQ(ids.size(), 21u);
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  EXPECT_LT(ids.back(), after_first) << "ids beyond the reserved block";
}

// A record that cannot be stored fails its whole group (nothing of it stays, its client ids
// included) instead of vanishing: SQLite inserts with INSERT OR IGNORE and counts the rows.
// Here other rows already hold the record ids the writer hands out next.
TEST_P(PassLogTest, ARecordThatCannotBeStoredFailsItsGroup) {
  ASSERT_TRUE(log_->AppendAndWait({Rec("g", 1)}).ok());
  auto table = db_->Query("SELECT table_name FROM pass_partitions");
  ASSERT_TRUE(table.ok() && table->size() == 1u);
  const std::string partition = table->at(0).Text(0);
  // Puts rows on the next `n` record ids. SQLite: the writer hands out ids from a reserved
  // block, the next one after the last used; PostgreSQL: from a sequence.
  auto block_next = [&](int n) {
    auto next =
        db_->Query(GetParam() == "sqlite" ? "SELECT MAX(id) + 1 FROM " + partition
                                          : std::string("SELECT nextval('pass_record_ids') + 1"));
    ASSERT_TRUE(next.ok() && next->size() == 1u) << next.status().ToString();
    for (int i = 0; i < n; ++i) {
      ASSERT_TRUE(db_->Exec("INSERT INTO " + partition +
                                " (id, subject, issuer, place_id, place_key, at_ms, direction, "
                                "allowed, colour, reason, staff_id, device, source) VALUES (?, "
                                "'s', 'i', 'x', 0, 2, 'in', 1, 'green', 'ok', 'st', 'd', 'scan')",
                            {next->at(0).Int(0) + i})
                      .ok());
    }
  };
  // One id taken: the first try fails and is rolled back; the writer's retry takes fresh ids
  // (a rollback does not return them) and stores the group whole.
  block_next(1);
  auto retried = log_->AppendAndWait({Rec("g", 3, "dev-a"), Rec("g", 4, "dev-b")});
  ASSERT_TRUE(retried.ok()) << retried.status().ToString();
  EXPECT_EQ(retried->inserted, 2);
  EXPECT_EQ(Count(), 4);  // the first record, the blocker and the group
  // Every id the retry could take is taken too: the group fails, and nothing of it stays.
  ASSERT_TRUE(db_->Exec("DELETE FROM " + partition + " WHERE place_id = 'x'").ok());
  block_next(16);
  auto failed = log_->AppendAndWait({Rec("g", 5, "dev-c"), Rec("g", 6, "dev-d")});
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(Count(), 3 + 16);
  ASSERT_TRUE(db_->Exec("DELETE FROM " + partition + " WHERE place_id = 'x'").ok());
  auto again = log_->AppendAndWait({Rec("g", 5, "dev-c"), Rec("g", 6, "dev-d")});
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->inserted, 2) << "a client id of the failed group was kept";
  EXPECT_EQ(Count(), 5);
}

TEST_P(PassLogTest, QueriesAndPurge) {
  std::vector<PassRecord> batch;
  for (int i = 0; i < 10; ++i) batch.push_back(Rec("a", i * 1000));
  ASSERT_TRUE(log_->AppendAndWait(batch).ok());
  auto person = log_->ForPerson("person-0", 0, 100000, 100);
  ASSERT_TRUE(person.ok());
  EXPECT_EQ(person->size(), 2u);  // at 0 and 7000
  int scanned = 0;
  ASSERT_TRUE(log_->Scan(2000, 6000, [&](const PassRecord&) { ++scanned; }).ok());
  EXPECT_EQ(scanned, 4);
  auto purged = log_->PurgeBefore(5000);
  ASSERT_TRUE(purged.ok());
  EXPECT_EQ(*purged, 5);
  EXPECT_EQ(Count(), 5);
}

// Client ids leave with their records, in several batches (1000 per transaction) when many.
TEST_P(PassLogTest, PurgeRemovesOldClientIdsInBatches) {
  std::vector<PassRecord> old_ones, new_ones;
  for (int i = 0; i < 2'501; ++i) old_ones.push_back(Rec("g", 1000, "old-" + std::to_string(i)));
  for (int i = 0; i < 3; ++i) new_ones.push_back(Rec("g", 9000, "new-" + std::to_string(i)));
  ASSERT_TRUE(log_->AppendAndWait(old_ones).ok());
  ASSERT_TRUE(log_->AppendAndWait(new_ones).ok());
  auto purged = log_->PurgeBefore(5000);
  ASSERT_TRUE(purged.ok()) << purged.status().ToString();
  EXPECT_EQ(*purged, 2'501);
  auto ids = db_->Query("SELECT client_id FROM pass_client_ids ORDER BY client_id");
  ASSERT_TRUE(ids.ok());
  ASSERT_EQ(ids->size(), 3u);
  EXPECT_EQ(ids->at(0).Text(0), "new-0");
  // A new id is still recognised as a replay; an old one is past the window and new again.
  auto replay = log_->AppendAndWait({Rec("g", 9001, "new-1"), Rec("g", 9002, "old-7")});
  ASSERT_TRUE(replay.ok());
  EXPECT_EQ(replay->duplicates, 1);
  EXPECT_EQ(replay->inserted, 1);
}

// The client ids are deleted a batch per transaction: 2,501 old ids in batches of 1,000 take
// three, an exact multiple of the batch one more (the last finds nothing), and newer ids stay.
TEST_P(PassLogTest, ClientIdsArePurgedABatchPerTransaction) {
  std::vector<PassRecord> recs;
  for (int i = 0; i < 2'501; ++i) recs.push_back(Rec("g", 1000, "old-" + std::to_string(i)));
  for (int i = 0; i < 3; ++i) recs.push_back(Rec("g", 9000, "new-" + std::to_string(i)));
  ASSERT_TRUE(log_->AppendAndWait(recs).ok());
  auto purged = passlog::ClientIds(*db_, 1000).PurgeBefore(5000);
  ASSERT_TRUE(purged.ok()) << purged.status().ToString();
  EXPECT_EQ(purged->ids, 2'501);
  EXPECT_EQ(purged->transactions, 3);
  auto left = db_->Query("SELECT COUNT(*) FROM pass_client_ids");
  ASSERT_TRUE(left.ok());
  EXPECT_EQ(left->at(0).Int(0), 3);
  auto exact = passlog::ClientIds(*db_, 1).PurgeBefore(10'000);
  ASSERT_TRUE(exact.ok());
  EXPECT_EQ(exact->ids, 3);
  EXPECT_EQ(exact->transactions, 4);
}

// Records spread over several days land in one partition per hour; queries and scans cross
// partitions, newest first; a purge drops whole past hours and trims the hour it cuts into;
// replayed client ids stay duplicates across partitions.
TEST_P(PassLogTest, DayPartitions) {
  constexpr int64_t kDay = 86'400'000;
  const int64_t base = 1'771'000'000'000;  // 2026-02-14 00:26:40 in Shanghai
  std::vector<PassRecord> batch;
  for (int d = 0; d < 4; ++d)
    for (int i = 0; i < 5; ++i) {
      PassRecord r = Rec("gate-" + std::to_string(i % 2), base + d * kDay + i * 60'000,
                         "c-" + std::to_string(d) + "-" + std::to_string(i));
      r.person_id = "walker";
      batch.push_back(r);
    }
  auto appended = log_->AppendAndWait(batch);
  ASSERT_TRUE(appended.ok()) << appended.status().ToString();
  EXPECT_EQ(appended->inserted, 20);
  // All of a day's records are in its 00:00 hour.
  for (int d = 0; d < 4; ++d)
    EXPECT_EQ(DayTables(DaysFromCivil(ShanghaiDate(base + d * kDay))).size(), 1u) << "day " << d;
  EXPECT_TRUE(DayTables(DaysFromCivil(ShanghaiDate(base + 9 * kDay))).empty());

  // A record later the same day goes to that hour's table, named in Shanghai time.
  PassRecord noon = Rec("gate-9", base + 12 * 3'600'000 + 38 * 60'000, "noon");  // 13:05
  ASSERT_TRUE(log_->AppendAndWait({noon}).ok());
  EXPECT_EQ(DayTables(DaysFromCivil(ShanghaiDate(base))),
            (std::vector<std::string>{"pass_records_2026021400", "pass_records_2026021413"}));

  // Newest first across partitions, limited.
  auto recent = log_->ForPerson("walker", base, base + 4 * kDay, 7);
  ASSERT_TRUE(recent.ok());
  ASSERT_EQ(recent->size(), 7u);
  for (size_t i = 1; i < recent->size(); ++i) EXPECT_GT((*recent)[i - 1].at_ms, (*recent)[i].at_ms);
  EXPECT_EQ(recent->front().at_ms, base + 3 * kDay + 4 * 60'000);
  auto place = log_->ForPlace("gate-1", base + kDay, base + 3 * kDay, 100);
  ASSERT_TRUE(place.ok());
  EXPECT_EQ(place->size(), 4u);  // two per day on days 1 and 2
  // A scan after a known id sees only the newer records, whatever their day.
  int64_t max_id = 0;
  ASSERT_TRUE(log_->Scan(0, std::numeric_limits<int64_t>::max(),
                         [&](const PassRecord& r) { max_id = std::max(max_id, r.id); })
                  .ok());
  PassRecord late = Rec("gate-0", base + 30'000, "late-offline");  // day 0, uploaded last
  ASSERT_TRUE(log_->AppendAndWait({late}).ok());
  std::vector<int64_t> newer;
  ASSERT_TRUE(log_->Scan(
                      0, std::numeric_limits<int64_t>::max(),
                      [&](const PassRecord& r) { newer.push_back(r.id); }, max_id)
                  .ok());
  ASSERT_EQ(newer.size(), 1u);
  EXPECT_GT(newer[0], max_id);

  // Purge up to the middle of day 2's first hour: days 0 (with the noon and late records) and
  // 1 go whole, day 2 loses two records.
  auto purged = log_->PurgeBefore(base + 2 * kDay + 2 * 60'000);
  ASSERT_TRUE(purged.ok()) << purged.status().ToString();
  EXPECT_EQ(*purged, 14);
  EXPECT_EQ(Count(), 8);
  EXPECT_TRUE(DayTables(DaysFromCivil(ShanghaiDate(base))).empty());
  // A replay of day 3's records is still recognised.
  std::vector<PassRecord> replay(batch.begin() + 15, batch.end());
  auto again = log_->AppendAndWait(replay);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->duplicates, 5);
  EXPECT_EQ(Count(), 8);
}

// A database of schema version 1 (one pass_records table) is upgraded: its records move into
// day partitions with their ids, new ids continue above them, and their client ids still
// deduplicate.
TEST_P(PassLogTest, MovesVersionOneRecords) {
  log_.reset();
  db_.reset();
  std::string url;
  TempDir dir;
  PgTestDatabase pg;
  if (GetParam() == "sqlite") {
    url = "sqlite:" + dir.path() + "/v1.db";
  } else {
    OW_REQUIRE_PG_OR_SKIP(pg);
    url = pg.url();
  }
  auto db = store::Open(url);
  ASSERT_TRUE(db.ok());
  db_ = std::move(db).value();
  auto all = PassLog::Migrations();
  ASSERT_TRUE(store::Migrate(*db_, {all[0]}).ok());
  const bool sqlite = GetParam() == "sqlite";
  for (int i = 0; i < 12; ++i) {
    std::string sql = std::string("INSERT INTO pass_records (") + (sqlite ? "id, " : "") +
                      "client_id, person_id, subject, issuer, place_id, at_ms, direction, "
                      "allowed, colour, reason, staff_id, device, source) VALUES (" +
                      (sqlite ? "?, " : "") +
                      "?, ?, 's', '330000', 'gate', ?, 'in', 1, 'green', "
                      "'ok', 'staff', 'dev', 'offline')";
    std::vector<store::Value> params;
    if (sqlite) params.push_back(int64_t{100 + i});
    params.push_back("old-" + std::to_string(i));
    params.push_back("person-" + std::to_string(i % 3));
    params.push_back(int64_t{1'771'000'000'000} + i * 7'200'000);
    ASSERT_TRUE(db_->Exec(sql, params).ok());
  }
  ASSERT_TRUE(store::Migrate(*db_, all).ok());
  log_ = std::make_unique<PassLog>(*db_);
  // The move runs on the writer thread before any append.
  auto fresh = log_->AppendAndWait({Rec("gate", 1'771'100'000'000, "new-1")});
  ASSERT_TRUE(fresh.ok()) << fresh.status().ToString();
  EXPECT_EQ(Count(), 13);
  std::vector<int64_t> ids;
  ASSERT_TRUE(log_->Scan(0, std::numeric_limits<int64_t>::max(),
                         [&](const PassRecord& r) { ids.push_back(r.id); })
                  .ok());
  ASSERT_EQ(ids.size(), 13u);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(std::adjacent_find(ids.begin(), ids.end()), ids.end());
  auto person = log_->ForPerson("person-1", 0, std::numeric_limits<int64_t>::max(), 100);
  ASSERT_TRUE(person.ok());
  EXPECT_EQ(person->size(), 4u);
  auto replay = log_->AppendAndWait({Rec("gate", 1'771'000'000'000, "old-5")});
  ASSERT_TRUE(replay.ok());
  EXPECT_EQ(replay->duplicates, 1);
  auto legacy = db_->Query(sqlite ? "SELECT name FROM sqlite_master WHERE name = 'pass_records'"
                                  : "SELECT 1 WHERE to_regclass('pass_records') IS NOT NULL");
  ASSERT_TRUE(legacy.ok());
  EXPECT_TRUE(legacy->empty()) << "the version 1 table is dropped after the move";
}

INSTANTIATE_TEST_SUITE_P(Backends, PassLogTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace ow::checkpoint
