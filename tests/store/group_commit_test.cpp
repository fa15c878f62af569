// GroupCommit on both backends: units queued while a commit is in flight share the next
// transaction; every unit is told its own outcome after the commit; a failing unit fails only
// itself (its group's other units are committed when run again alone) and leaves nothing
// behind; units run again after a failed group report only their last run; the destructor
// runs what is queued.
#include "store/group_commit.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "support/pg_test_db.h"
#include "support/test_server.h"

namespace ow::store {
namespace {

using ow::testing::PgTestDatabase;
using ow::testing::TempDir;

class GroupCommitTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string url;
    if (GetParam() == "sqlite") {
      url = "sqlite:" + dir_.path() + "/group.db";
    } else {
      OW_REQUIRE_PG_OR_SKIP(pg_);
      url = pg_.url();
    }
    auto opened = Open(url);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    db_ = std::move(opened).value();
    ASSERT_TRUE(
        db_->ExecScript("CREATE TABLE gc_rows (k TEXT PRIMARY KEY, v INTEGER NOT NULL)").ok());
  }

  int64_t Count() {
    auto rows = db_->Query("SELECT COUNT(*) FROM gc_rows");
    return rows.ok() ? rows->at(0).Int(0) : -1;
  }

  // A unit inserting key k (fails on a duplicate key: the primary key refuses it).
  static GroupCommit::Work Insert(std::string k) {
    return
        [k](Tx& tx) { return tx.Exec("INSERT INTO gc_rows (k, v) VALUES (?, 1)", {k}).status(); };
  }

  TempDir dir_;
  PgTestDatabase pg_;
  std::unique_ptr<Database> db_;
};

TEST_P(GroupCommitTest, UnitsQueuedDuringACommitShareTheNextTransaction) {
  if (!db_) return;
  GroupCommit commits(*db_);
  // The first unit holds the writer until ten more are queued behind it.
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<Status> first;
  std::promise<void> started;
  commits.Submit(
      [released, &started](Tx& tx) {
        started.set_value();
        released.wait();
        return tx.Exec("INSERT INTO gc_rows (k, v) VALUES ('first', 1)").status();
      },
      [&first](Status s) { first.set_value(s); });
  started.get_future().wait();  // the writer holds the first unit's transaction
  std::vector<std::promise<Status>> outcomes(10);
  for (int i = 0; i < 10; ++i)
    commits.Submit(Insert("k" + std::to_string(i)),
                   [&outcomes, i](Status s) { outcomes[i].set_value(s); });
  release.set_value();
  EXPECT_TRUE(first.get_future().get().ok());
  for (auto& o : outcomes) EXPECT_TRUE(o.get_future().get().ok());
  EXPECT_EQ(Count(), 11);
  const GroupCommit::Stats s = commits.stats();
  EXPECT_EQ(s.units, 11);
  EXPECT_EQ(s.groups, 2);  // the first alone, then the ten together
  EXPECT_EQ(s.largest, 10);
  EXPECT_EQ(s.solo_runs, 0);
}

TEST_P(GroupCommitTest, AFailingUnitFailsOnlyItselfAndLeavesNothing) {
  if (!db_) return;
  ASSERT_TRUE(db_->Exec("INSERT INTO gc_rows (k, v) VALUES ('taken', 1)").ok());
  GroupCommit commits(*db_);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<Status> gate;
  std::promise<void> started;
  commits.Submit(
      [released, &started](Tx&) {
        started.set_value();
        released.wait();
        return Status::Ok();
      },
      [&gate](Status s) { gate.set_value(s); });
  started.get_future().wait();  // the writer holds the gate's transaction
  // Three units in one group; the middle one collides and also counts its runs.
  std::atomic<int> runs{0};
  std::promise<Status> a, b, c;
  commits.Submit(Insert("a"), [&a](Status s) { a.set_value(s); });
  commits.Submit(
      [&runs](Tx& tx) {
        ++runs;
        OW_RETURN_IF_ERROR(tx.Exec("INSERT INTO gc_rows (k, v) VALUES ('partial', 1)").status());
        return tx.Exec("INSERT INTO gc_rows (k, v) VALUES ('taken', 2)").status();
      },
      [&b](Status s) { b.set_value(s); });
  commits.Submit(Insert("c"), [&c](Status s) { c.set_value(s); });
  release.set_value();
  EXPECT_TRUE(gate.get_future().get().ok());
  EXPECT_TRUE(a.get_future().get().ok());
  EXPECT_FALSE(b.get_future().get().ok());
  EXPECT_TRUE(c.get_future().get().ok());
  EXPECT_GE(runs.load(), 2);  // in the group, then alone
  auto rows = db_->Query("SELECT k, v FROM gc_rows ORDER BY k");
  ASSERT_TRUE(rows.ok());
  std::vector<std::string> keys;
  for (const auto& r : *rows) keys.push_back(r.Text(0) + "=" + std::to_string(r.Int(1)));
  EXPECT_EQ(keys, (std::vector<std::string>{"a=1", "c=1", "taken=1"}));  // no 'partial'
  EXPECT_EQ(commits.stats().solo_runs, 3);
}

TEST_P(GroupCommitTest, IsolatedUnitsRefuseAloneInsideTheGroup) {
  if (!db_) return;
  ASSERT_TRUE(db_->Exec("INSERT INTO gc_rows (k, v) VALUES ('taken', 1)").ok());
  GroupCommit commits(*db_, /*max_group=*/256, /*isolate_units=*/true);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<Status> gate;
  std::promise<void> started;
  commits.Submit(
      [released, &started](Tx&) {
        started.set_value();
        released.wait();
        return Status::Ok();
      },
      [&gate](Status s) { gate.set_value(s); });
  started.get_future().wait();
  // In one group: a good unit, a unit that writes and then refuses, a unit that the database
  // refuses (duplicate key: on PostgreSQL the savepoint must bring the transaction back), and
  // another good unit.
  std::atomic<int> runs{0};
  std::promise<Status> a, refusing, duplicate, d;
  commits.Submit(Insert("a"), [&a](Status s) { a.set_value(s); });
  commits.Submit(
      [&runs](Tx& tx) -> Status {
        ++runs;
        OW_RETURN_IF_ERROR(tx.Exec("INSERT INTO gc_rows (k, v) VALUES ('partial', 1)").status());
        return Status::Conflict("full");
      },
      [&refusing](Status s) { refusing.set_value(s); });
  commits.Submit(
      [](Tx& tx) {
        OW_RETURN_IF_ERROR(tx.Exec("INSERT INTO gc_rows (k, v) VALUES ('partial2', 1)").status());
        return tx.Exec("INSERT INTO gc_rows (k, v) VALUES ('taken', 2)").status();
      },
      [&duplicate](Status s) { duplicate.set_value(s); });
  commits.Submit(Insert("d"), [&d](Status s) { d.set_value(s); });
  release.set_value();
  EXPECT_TRUE(gate.get_future().get().ok());
  EXPECT_TRUE(a.get_future().get().ok());
  Status r = refusing.get_future().get();
  EXPECT_EQ(r.code(), Code::kConflict);
  EXPECT_EQ(r.message(), "full");
  EXPECT_FALSE(duplicate.get_future().get().ok());
  EXPECT_TRUE(d.get_future().get().ok());
  EXPECT_EQ(runs.load(), 1);  // refused inside the group, never run again alone
  auto rows = db_->Query("SELECT k, v FROM gc_rows ORDER BY k");
  ASSERT_TRUE(rows.ok());
  std::vector<std::string> keys;
  for (const auto& row : *rows) keys.push_back(row.Text(0) + "=" + std::to_string(row.Int(1)));
  EXPECT_EQ(keys, (std::vector<std::string>{"a=1", "d=1", "taken=1"}));  // no partial writes
  const GroupCommit::Stats st = commits.stats();
  EXPECT_EQ(st.solo_runs, 0);
  EXPECT_EQ(st.refused, 2);
  EXPECT_EQ(st.groups, 2);
}

TEST_P(GroupCommitTest, ManyThreadsEachToldAfterTheirOwnCommit) {
  if (!db_) return;
  GroupCommit commits(*db_);
  constexpr int kThreads = 8, kEach = 50;
  std::atomic<int> ok{0}, visible{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const std::string k = std::to_string(t) + "-" + std::to_string(i);
        if (!commits.Run(Insert(k)).ok()) continue;
        ++ok;
        // Acknowledged means committed: another connection already sees it.
        auto rows = db_->Query("SELECT COUNT(*) FROM gc_rows WHERE k = ?", {k});
        if (rows.ok() && rows->at(0).Int(0) == 1) ++visible;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), kThreads * kEach);
  EXPECT_EQ(visible.load(), kThreads * kEach);
  EXPECT_EQ(Count(), kThreads * kEach);
}

TEST_P(GroupCommitTest, TheDestructorRunsWhatIsQueued) {
  if (!db_) return;
  std::atomic<int> told{0};
  {
    GroupCommit commits(*db_, /*max_group=*/4);
    for (int i = 0; i < 20; ++i)
      commits.Submit(Insert("q" + std::to_string(i)), [&told](Status s) { told += s.ok(); });
  }
  EXPECT_EQ(told.load(), 20);
  EXPECT_EQ(Count(), 20);
}

INSTANTIATE_TEST_SUITE_P(Backends, GroupCommitTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace ow::store
