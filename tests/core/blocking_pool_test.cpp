// BlockingPool: tasks run on the workers, a full queue refuses at once, and the destructor
// runs what was queued.
#include "core/blocking_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>

namespace ow {
namespace {

TEST(BlockingPoolTest, RefusesWhenTheQueueIsFullAndRunsTheRest) {
  std::promise<void> release;
  std::shared_future<void> gate = release.get_future().share();
  std::atomic<int> ran{0};
  std::promise<void> started;
  {
    BlockingPool pool({.workers = 1, .queue = 2, .name = "test"});
    // The first task holds the only worker until released.
    ASSERT_TRUE(pool.TrySubmit([&] {
      started.set_value();
      gate.wait();
      ++ran;
    }));
    started.get_future().wait();
    EXPECT_TRUE(pool.TrySubmit([&] { ++ran; }));
    EXPECT_TRUE(pool.TrySubmit([&] { ++ran; }));
    EXPECT_FALSE(pool.TrySubmit([&] { ran += 100; }));  // queue of 2 is full
    BlockingPool::Stats s = pool.stats();
    EXPECT_EQ(s.running, 1);
    EXPECT_EQ(s.queued, 2);
    EXPECT_EQ(s.refused, 1u);
    release.set_value();
  }  // the destructor runs the queued tasks before joining
  EXPECT_EQ(ran.load(), 3);
}

TEST(BlockingPoolTest, TasksRunOffTheCallingThread) {
  std::promise<std::thread::id> where;
  BlockingPool pool({.workers = 2, .queue = 1, .name = "test"});
  ASSERT_TRUE(pool.TrySubmit([&] { where.set_value(std::this_thread::get_id()); }));
  EXPECT_NE(where.get_future().get(), std::this_thread::get_id());
  EXPECT_EQ(pool.workers(), 2);
}

TEST(BlockingPoolTest, AQueueOfZeroStillRunsOnEveryWorker) {
  std::promise<void> release;
  std::shared_future<void> gate = release.get_future().share();
  BlockingPool pool({.workers = 1, .queue = 0, .name = "test"});
  EXPECT_TRUE(pool.TrySubmit([gate] { gate.wait(); }));
  EXPECT_FALSE(pool.TrySubmit([] {}));  // the only worker is busy, and nothing may wait
  release.set_value();
}

}  // namespace
}  // namespace ow
