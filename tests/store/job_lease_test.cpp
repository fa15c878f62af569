// Job leases on both backends (SQLite file, PostgreSQL when OW_TEST_PG_URL is set): two nodes
// (two database handles, own holders) on one database — only one holds a job at a time, the
// holder renews, the other takes over after expiry (by the test clock) or a release, and
// OncePerCluster runs the job only on the holder.
#include "store/job_lease.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "support/pg_test_db.h"
#include "support/test_server.h"

namespace ow::store {
namespace {

using std::chrono::seconds;

class JobLeaseTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres") {
      OW_REQUIRE_PG_OR_SKIP(pg_);
      url_ = pg_.url();
    } else {
      url_ = "sqlite:" + dir_.path() + "/lease.db";
    }
    auto a = Open(url_);
    ASSERT_TRUE(a.ok()) << a.status().ToString();
    db1_ = std::move(*a);
    ASSERT_TRUE(Migrate(*db1_, JobLease::Migrations()).ok());
    auto b = Open(url_);
    ASSERT_TRUE(b.ok());
    db2_ = std::move(*b);
    clock_.Set(TimePoint(std::chrono::milliseconds(1'800'000'000'000)));
    clock_.Freeze(true);
  }

  testing::PgTestDatabase pg_;
  testing::TempDir dir_;
  std::string url_;
  std::unique_ptr<Database> db1_, db2_;
  TestClock clock_;
};

TEST_P(JobLeaseTest, OneHolderRenewalExpiryAndRelease) {
  JobLease node1(*db1_, clock_, "node-1"), node2(*db2_, clock_, "node-2");
  auto none = node1.Get("timers");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  EXPECT_TRUE(*node1.TryAcquire("timers", seconds(60)));
  EXPECT_FALSE(*node2.TryAcquire("timers", seconds(60)));
  EXPECT_TRUE(*node2.TryAcquire("other", seconds(60)));  // jobs are independent
  clock_.Advance(seconds(50));
  EXPECT_TRUE(*node1.TryAcquire("timers", seconds(60)));  // renewed until +110 s
  clock_.Advance(seconds(30));
  EXPECT_FALSE(*node2.TryAcquire("timers", seconds(60)));  // the renewal holds
  clock_.Advance(seconds(30));                             // expired at +110 s
  EXPECT_TRUE(*node2.TryAcquire("timers", seconds(60)));
  EXPECT_FALSE(*node1.TryAcquire("timers", seconds(60)));
  auto info = node1.Get("timers");
  ASSERT_TRUE(info.ok() && info->has_value());
  EXPECT_EQ((*info)->holder, "node-2");
  EXPECT_EQ((*info)->runs, 3);
  // Only the holder's release frees the lease.
  ASSERT_TRUE(node1.Release("timers").ok());
  EXPECT_FALSE(*node1.TryAcquire("timers", seconds(60)));
  ASSERT_TRUE(node2.Release("timers").ok());
  EXPECT_TRUE(*node1.TryAcquire("timers", seconds(60)));
}

TEST_P(JobLeaseTest, OncePerClusterRunsOnlyOnTheHolder) {
  JobLease node1(*db1_, clock_, "node-1"), node2(*db2_, clock_, "node-2");
  int runs1 = 0, runs2 = 0;
  auto job1 = node1.OncePerCluster("sweep", seconds(30), [&] {
    ++runs1;
    return Status::Ok();
  });
  auto job2 = node2.OncePerCluster("sweep", seconds(30), [&] {
    ++runs2;
    return Status::Ok();
  });
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(job1().ok());
    ASSERT_TRUE(job2().ok());
    clock_.Advance(seconds(10));
  }
  EXPECT_EQ(runs1, 3);
  EXPECT_EQ(runs2, 0);
  clock_.Advance(seconds(31));  // node 1 stopped running: its lease runs out
  ASSERT_TRUE(job2().ok());
  ASSERT_TRUE(job1().ok());
  EXPECT_EQ(runs1, 3);
  EXPECT_EQ(runs2, 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, JobLeaseTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace ow::store
