// PassLog on both backends: group commit, idempotent client ids, concurrency, purge.
#include "checkpoint/pass_log.h"

#include <gtest/gtest.h>

#include <thread>

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
  r.colour = "green";
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
  int64_t Count() {
    auto rows = db_->Query("SELECT COUNT(*) FROM pass_records");
    return rows.ok() ? (*rows)[0].Int(0) : -1;
  }

  TempDir dir_;
  PgTestDatabase pg_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<PassLog> log_;
};

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
  // The stored record keeps the original values.
  auto recs = log_->ForPlace("gate", 1000, 1001, 10);
  ASSERT_TRUE(recs.ok());
  ASSERT_EQ(recs->size(), 1u);
  EXPECT_EQ(recs->at(0).client_id.value_or(""), "dev1-0");
}

TEST_P(PassLogTest, ConcurrentWritersAreGroupCommitted) {
  constexpr int kThreads = 8, kEach = 300;
  std::vector<std::thread> threads;
  std::atomic<int> acked{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto r = log_->AppendAndWait({Rec("p" + std::to_string(t), t * 100000 + i)});
        if (r.ok() && r->inserted == 1) ++acked;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(acked.load(), kThreads * kEach);
  EXPECT_EQ(Count(), kThreads * kEach);
  auto stats = log_->stats();
  EXPECT_EQ(stats.records, kThreads * kEach);
  // With 8 writers waiting at once, commits must cover several records each.
  EXPECT_LT(stats.commits, kThreads * kEach);
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

INSTANTIATE_TEST_SUITE_P(Backends, PassLogTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace ow::checkpoint
