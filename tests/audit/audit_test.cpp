#include "audit/audit.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <set>
#include <thread>
#include <vector>

#include "audit/chain.h"
#include "audit_fixture.h"

namespace ow::audit {
namespace {

TEST_F(AuditTest, EmptyLogVerifies) {
  VerifyReport r = MustVerify();
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.entries, 0);
  EXPECT_EQ(r.first_bad_seq, 0);
}

TEST_F(AuditTest, MigrationsAreModuleAuditVersions1And2) {
  auto m = AuditLog::Migrations();
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].module, "audit");
  EXPECT_EQ(m[0].version, 1);
  EXPECT_EQ(m[1].module, "audit");
  EXPECT_EQ(m[1].version, 2);
  EXPECT_TRUE(store::Migrate(*db_, m).ok());  // idempotent
}

TEST_F(AuditTest, ConcurrentAppendsFormOneChain) {
  constexpr int kThreads = 4;
  constexpr int kTotal = 50;
  std::atomic<int> next{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = next++; i < kTotal; i = next++) {
        if (!log_->Append(MakeEvent(i)).ok()) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  VerifyReport r = MustVerify();
  EXPECT_TRUE(r.ok) << r.problem;
  EXPECT_EQ(r.entries, kTotal);

  auto list = log_->List(1000);
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  ASSERT_EQ(list->size(), static_cast<size_t>(kTotal));
  std::set<std::string> reasons;
  for (size_t i = 0; i < list->size(); ++i) {
    EXPECT_EQ((*list)[i].seq, kTotal - static_cast<int64_t>(i));  // newest first
    EXPECT_EQ((*list)[i].hash_hex.size(), 64u);
    reasons.insert((*list)[i].event.reason);
  }
  EXPECT_EQ(reasons.size(), static_cast<size_t>(kTotal));
}

TEST_F(AuditTest, VerifyIsExactWhileAppendsRun) {
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (int i = 0; !stop; ++i) ASSERT_TRUE(log_->Append(MakeEvent(i)).ok());
  });
  // Keep verifying until the writer has made real progress under our feet.
  // Bounded by wall time, not by iterations: on a busy two-core machine the
  // verifier can run thousands of rounds while the writer gets few turns.
  int64_t seen = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  for (int i = 0; i < 20 || (seen < 100 && std::chrono::steady_clock::now() < deadline); ++i) {
    VerifyReport r = MustVerify();
    EXPECT_TRUE(r.ok) << r.problem << " at " << r.first_bad_seq;
    seen = r.entries;
    std::this_thread::yield();
  }
  EXPECT_GE(seen, 100);
  stop = true;
  writer.join();
  EXPECT_TRUE(MustVerify().ok);
}

TEST_F(AuditTest, AppendsFromSeveralProcessesStayLinear) {
  CloseDb();
  constexpr int kChildren = 3;
  constexpr int kEach = 10;
  std::vector<pid_t> children;
  for (int c = 0; c < kChildren; ++c) {
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      int rc = 0;
      {
        auto db = store::Open(url_);
        if (!db.ok()) ::_exit(2);
        SystemClock clock;
        AuditLog log(**db, clock);
        for (int i = 0; i < kEach; ++i) {
          if (!log.Append(MakeEvent(c * 100 + i)).ok()) rc = 3;
        }
      }
      ::_exit(rc);
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  }
  OpenDb();
  VerifyReport r = MustVerify();
  EXPECT_TRUE(r.ok) << r.problem;
  EXPECT_EQ(r.entries, kChildren * kEach);
}

TEST_F(AuditTest, AppendInsideTransactionCommitsOrRollsBackWithIt) {
  Status s = db_->Transact([&](store::Tx& tx) {
    OW_RETURN_IF_ERROR(log_->Append(tx, MakeEvent(1)));
    return Status::Conflict("business rule failed");
  });
  EXPECT_EQ(s.code(), Code::kConflict);
  EXPECT_EQ(MustVerify().entries, 0);

  s = db_->Transact([&](store::Tx& tx) {
    OW_RETURN_IF_ERROR(log_->Append(tx, MakeEvent(1)));
    return log_->Append(tx, MakeEvent(2));
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
  VerifyReport r = MustVerify();
  EXPECT_TRUE(r.ok) << r.problem;
  EXPECT_EQ(r.entries, 2);
}

TEST_F(AuditTest, ListFiltersAndLimits) {
  AppendMany(9);  // actors person-1, person-2, person-0, ...; subjects person-1..person-9
  auto all = log_->List(5);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 5u);
  EXPECT_EQ(all->front().seq, 9);
  EXPECT_EQ(all->front().event.reason, "case 9");
  EXPECT_EQ(all->front().event.fields, "name,id_number");
  EXPECT_EQ(all->front().event.ip, "10.0.0.9");
  EXPECT_GT(all->front().at_ms, (*all)[1].at_ms);

  auto by_actor = log_->List(100, "person-1");
  ASSERT_TRUE(by_actor.ok());
  ASSERT_EQ(by_actor->size(), 3u);  // 1, 4, 7
  EXPECT_EQ((*by_actor)[0].seq, 7);
  EXPECT_EQ((*by_actor)[2].seq, 1);

  auto by_subject = log_->List(100, "", "person-4");
  ASSERT_TRUE(by_subject.ok());
  ASSERT_EQ(by_subject->size(), 1u);
  EXPECT_EQ((*by_subject)[0].event.actor, "person-1");

  auto both = log_->List(100, "person-1", "person-4");
  ASSERT_TRUE(both.ok());
  EXPECT_EQ(both->size(), 1u);
  auto none = log_->List(100, "person-2", "person-4");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());

  EXPECT_EQ(log_->List(0).status().code(), Code::kInvalid);
}

// The admin screen's filters: event (exact or family prefix), time range and paging.
TEST_F(AuditTest, QueryByEventTimeAndPages) {
  AppendMany(6);  // pii.read at t0, t0+7ms, ...
  ASSERT_TRUE(log_->Append(Event{"person-1", "login.ok", "", "", "", ""}).ok());
  clock_.Advance(std::chrono::milliseconds(7));
  ASSERT_TRUE(log_->Append(Event{"person-2", "login.fail", "", "", "", ""}).ok());
  ASSERT_TRUE(log_->Append(Event{"person-2", "loginx", "", "", "", ""}).ok());

  AuditLog::Query q;
  q.action = "login.";
  auto logins = log_->List(q);
  ASSERT_TRUE(logins.ok());
  ASSERT_EQ(logins->size(), 2u);  // not "loginx"
  EXPECT_EQ((*logins)[0].event.action, "login.fail");
  q.action = "login.ok";
  EXPECT_EQ(log_->List(q)->size(), 1u);

  auto all = log_->List(100);
  ASSERT_TRUE(all.ok());
  AuditLog::Query range;
  range.from_ms = (*all)[6].at_ms;  // seq 3
  range.to_ms = (*all)[3].at_ms;    // seq 6, excluded
  auto in_range = log_->List(range);
  ASSERT_TRUE(in_range.ok());
  ASSERT_EQ(in_range->size(), 3u);
  EXPECT_EQ(in_range->front().seq, 5);
  EXPECT_EQ(in_range->back().seq, 3);

  // Pages of 4 walk the whole log once, newest first.
  AuditLog::Query page;
  page.limit = 4;
  std::vector<int64_t> seen;
  for (int i = 0; i < 5; ++i) {
    auto p = log_->List(page);
    ASSERT_TRUE(p.ok());
    for (const auto& e : *p) seen.push_back(e.seq);
    if (p->size() < 4u) break;
    page.before_seq = p->back().seq;
  }
  EXPECT_EQ(seen, (std::vector<int64_t>{9, 8, 7, 6, 5, 4, 3, 2, 1}));
}

TEST_F(AuditTest, StoresCleanedTextThatStillVerifies) {
  Event e{"", "login.fail", "\xFF\xFEuser", "", std::string(20000, 'r'), "::1"};
  e.actor = std::string("sys\0tem", 7);  // embedded NUL
  ASSERT_TRUE(log_->Append(e).ok());
  auto list = log_->List(1);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  const Event& stored = list->front().event;
  EXPECT_EQ(stored.actor, "sys\xEF\xBF\xBDtem");
  EXPECT_EQ(stored.subject, "\xEF\xBF\xBD\xEF\xBF\xBDuser");
  EXPECT_EQ(stored.reason.size(), internal::kMaxFieldBytes);
  EXPECT_EQ(stored.ip, "::1");
  EXPECT_TRUE(MustVerify().ok);
}

TEST(AuditChainTest, CleanTextKeepsValidUtf8AndCutsOnBoundaries) {
  EXPECT_EQ(internal::CleanText("张三 ok"), "张三 ok");
  EXPECT_EQ(internal::CleanText("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  std::string long_cjk;
  for (int i = 0; i < 3000; ++i) long_cjk += "张";  // 9000 bytes
  std::string cut = internal::CleanText(long_cjk);
  EXPECT_EQ(cut.size(), internal::kMaxFieldBytes - internal::kMaxFieldBytes % 3);
  EXPECT_EQ(internal::CleanText(cut), cut);
}

TEST(AuditChainTest, FieldBoundariesMatter) {
  crypto::Init();
  std::string prev = internal::GenesisHash();
  Event a{"ab", "c", "", "", "", ""};
  Event b{"a", "bc", "", "", "", ""};
  EXPECT_NE(internal::ChainHash(prev, 1, 0, a), internal::ChainHash(prev, 1, 0, b));
  EXPECT_NE(internal::ChainHash(prev, 1, 0, a), internal::ChainHash(prev, 2, 0, a));
  EXPECT_NE(internal::ChainHash(prev, 1, 0, a), internal::ChainHash(prev, 1, 1, a));
  EXPECT_EQ(internal::ChainHash(prev, 1, 0, a), internal::ChainHash(prev, 1, 0, a));
}

}  // namespace
}  // namespace ow::audit
