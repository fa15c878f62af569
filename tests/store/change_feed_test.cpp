// ChangeFeed and KeyedCache on both backends, with two feeds on one database standing for two
// nodes: what one node publishes reaches its own listeners at commit and the other's at its
// next poll; rolled-back changes reach no one; late-committing sequence numbers are not lost;
// caches serve memory only while the feed is fresh and never store a value read before an
// eviction.
#include "store/change_feed.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/keyed_cache.h"
#include "support/pg_test_db.h"
#include "support/test_server.h"

namespace ow::store {
namespace {

using ow::testing::PgTestDatabase;
using ow::testing::TempDir;

// Collects what a listener hears.
struct Heard {
  std::vector<std::string> keys;
  ChangeFeed::Listener listener() {
    return [this](const std::string& k) { keys.push_back(k); };
  }
};

class ChangeFeedTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string url;
    if (GetParam() == "sqlite") {
      url = "sqlite:" + dir_.path() + "/feed.db";
    } else {
      OW_REQUIRE_PG_OR_SKIP(pg_);
      url = pg_.url();
    }
    for (auto* db : {&db_a_, &db_b_}) {
      auto opened = Open(url);
      ASSERT_TRUE(opened.ok()) << opened.status().ToString();
      *db = std::move(opened).value();
    }
    ASSERT_TRUE(Migrate(*db_a_, ChangeFeed::Migrations()).ok());
    // Long poll intervals: the tests poll by hand.
    ChangeFeedOptions opts{.poll_interval = std::chrono::hours(1)};
    a_ = std::make_unique<ChangeFeed>(*db_a_, opts);
    b_ = std::make_unique<ChangeFeed>(*db_b_, opts);
  }
  void TearDown() override {
    a_.reset();
    b_.reset();
  }

  Status PublishOnA(const std::string& topic, const std::string& key, bool commit = true) {
    return db_a_->Transact([&](Tx& tx) -> Status {
      OW_RETURN_IF_ERROR(a_->Publish(tx, topic, key));
      return commit ? Status::Ok() : Status::Invalid("roll back");
    });
  }

  TempDir dir_;
  PgTestDatabase pg_;
  std::unique_ptr<Database> db_a_, db_b_;
  std::unique_ptr<ChangeFeed> a_, b_;
};

TEST_P(ChangeFeedTest, WriterHearsAtCommitOtherNodeAtItsNextPoll) {
  Heard on_a, on_b, other_topic;
  a_->Subscribe("session", on_a.listener());
  b_->Subscribe("session", on_b.listener());
  b_->Subscribe("place", other_topic.listener());
  ASSERT_TRUE(a_->Start().ok());
  ASSERT_TRUE(b_->Start().ok());

  ASSERT_TRUE(PublishOnA("session", "s1").ok());
  EXPECT_EQ(on_a.keys, std::vector<std::string>{"s1"});
  EXPECT_TRUE(on_b.keys.empty());  // B has not polled yet
  ASSERT_TRUE(b_->Poll().ok());
  EXPECT_EQ(on_b.keys, std::vector<std::string>{"s1"});
  ASSERT_TRUE(b_->Poll().ok());
  EXPECT_EQ(on_b.keys.size(), 1u);  // each change is heard once
  EXPECT_TRUE(other_topic.keys.empty());

  // A rolled-back change reaches no one.
  EXPECT_FALSE(PublishOnA("session", "s2", /*commit=*/false).ok());
  ASSERT_TRUE(b_->Poll().ok());
  EXPECT_EQ(on_a.keys.size(), 1u);
  EXPECT_EQ(on_b.keys.size(), 1u);
}

TEST_P(ChangeFeedTest, NodeStartingLaterReadsFromTheEnd) {
  ASSERT_TRUE(a_->Start().ok());
  ASSERT_TRUE(PublishOnA("session", "old").ok());
  Heard on_b;
  b_->Subscribe("session", on_b.listener());
  ASSERT_TRUE(b_->Start().ok());  // its caches are empty: nothing old to forget
  ASSERT_TRUE(PublishOnA("session", "new").ok());
  ASSERT_TRUE(b_->Poll().ok());
  EXPECT_EQ(on_b.keys, std::vector<std::string>{"new"});
}

TEST_P(ChangeFeedTest, LateCommittedSequenceNumberIsStillHeard) {
  Heard on_b;
  b_->Subscribe("grants", on_b.listener());
  ASSERT_TRUE(a_->Start().ok());
  ASSERT_TRUE(b_->Start().ok());
  ASSERT_TRUE(PublishOnA("grants", "first").ok());
  ASSERT_TRUE(b_->Poll().ok());
  auto rows = db_a_->Query("SELECT MAX(seq) FROM change_feed");
  ASSERT_TRUE(rows.ok());
  const int64_t last = (*rows)[0].Int(0);
  // On PostgreSQL a transaction holding seq last+1 may commit after one holding last+3.
  ASSERT_TRUE(db_a_
                  ->Exec("INSERT INTO change_feed (seq, topic, key, at_ms) VALUES (?,?,?,?)",
                         {last + 3, std::string("grants"), std::string("early"), int64_t{1}})
                  .ok());
  ASSERT_TRUE(b_->Poll().ok());
  ASSERT_TRUE(db_a_
                  ->Exec("INSERT INTO change_feed (seq, topic, key, at_ms) VALUES (?,?,?,?)",
                         {last + 1, std::string("grants"), std::string("late"), int64_t{1}})
                  .ok());
  ASSERT_TRUE(b_->Poll().ok());
  ASSERT_TRUE(b_->Poll().ok());
  EXPECT_EQ(on_b.keys, (std::vector<std::string>{"first", "early", "late"}));
}

TEST_P(ChangeFeedTest, CacheServesMemoryOnlyWhileTheFeedIsFresh) {
  ChangeFeed stale(
      *db_b_, {.poll_interval = std::chrono::hours(1), .lease = std::chrono::milliseconds(50)});
  KeyedCache<int> cache(stale, 10);
  cache.Insert("k", std::make_shared<const int>(7), cache.generation());
  EXPECT_EQ(cache.Find("k"), nullptr);  // never polled: not fresh
  ASSERT_TRUE(stale.Start().ok());
  cache.Insert("k", std::make_shared<const int>(7), cache.generation());
  ASSERT_NE(cache.Find("k"), nullptr);
  EXPECT_EQ(*cache.Find("k"), 7);
  std::this_thread::sleep_for(std::chrono::milliseconds(120));
  EXPECT_EQ(cache.Find("k"), nullptr);  // the lease ran out without a poll
  ASSERT_TRUE(stale.Poll().ok());
  EXPECT_NE(cache.Find("k"), nullptr);
}

TEST_P(ChangeFeedTest, ValueReadBeforeAnEvictionIsNotStored) {
  ASSERT_TRUE(a_->Start().ok());
  KeyedCache<std::string> cache(*a_, 10);
  a_->Subscribe("place", [&](const std::string& k) { cache.Evict(k); });
  const uint64_t before_read = cache.generation();
  // ... the reader reads the old value; meanwhile the place changes and is published ...
  ASSERT_TRUE(PublishOnA("place", "p1").ok());
  cache.Insert("p1", std::make_shared<const std::string>("old"), before_read);
  EXPECT_EQ(cache.Find("p1"), nullptr);
  cache.Insert("p1", std::make_shared<const std::string>("new"), cache.generation());
  ASSERT_NE(cache.Find("p1"), nullptr);
  EXPECT_EQ(*cache.Find("p1"), "new");
  ASSERT_TRUE(PublishOnA("place", ChangeFeed::kAll).ok());
  EXPECT_EQ(cache.Find("p1"), nullptr);
  EXPECT_EQ(cache.size(), 0u);
}

INSTANTIATE_TEST_SUITE_P(Backends, ChangeFeedTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace ow::store
