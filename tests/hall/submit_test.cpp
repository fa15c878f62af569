// Immediate submissions (CaseService::SubmitNew) on both backends: one transaction per case,
// shared durable commits among concurrent submissions, case numbers without gaps or repeats,
// and a submission that fails inside a shared commit takes no other submission with it.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "core/time.h"
#include "support/backend_test.h"

namespace ow::hall {
namespace {

namespace json = boost::json;
using testing::Reply;
using testing::TestClient;

constexpr char kFormItem[] = "330000-7001-01";      // form material only: submitted at once
constexpr char kExchangeItem[] = "330000-7002-01";  // a shared-data material: draft first

json::object Item(const std::string& code, const std::string& basic, json::array materials) {
  return {
      {"code", code},
      {"basic_code", basic},
      {"version", 1},
      {"kind", "public_service"},
      {"name", {{"zh", "测试事项" + basic}, {"en", "Test item " + basic}}},
      {"department",
       {{"code", "330000-HRSS"}, {"name", {{"zh", "浙江省人力资源和社会保障厅"}, {"en", "HRSS"}}}}},
      {"applicants", json::array{"citizen"}},
      {"legal_basis", json::array{"test"}},
      {"conditions", {{"zh", json::array{"条件"}}, {"en", json::array{"condition"}}}},
      {"materials", std::move(materials)},
      {"legal_days", 20},
      {"promised_days", 5},
      {"visits", 0},
      {"fee_yuan", 0}};
}

json::object FormMaterial() {
  return {{"id", "reason"},
          {"name", {{"zh", "理由"}, {"en", "Reason"}}},
          {"source", "form"},
          {"required", true}};
}

class SubmitTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string url;
    if (GetParam() == "postgres") {
      OW_REQUIRE_PG_OR_SKIP(pg_);
      url = pg_.url();
    }
    const std::string dir = items_dir_.path() + "/items";
    std::filesystem::create_directories(dir);
    WriteItem(dir, Item(kFormItem, "7001", json::array{FormMaterial()}));
    WriteItem(dir,
              Item(kExchangeItem, "7002",
                   json::array{FormMaterial(),
                               json::object{{"id", "contributions"},
                                            {"name", {{"zh", "参保记录"}, {"en", "Contributions"}}},
                                            {"source", "exchange"},
                                            {"service",
                                             "CN-ZJ/GOV/330000-"
                                             "HRSS/social-"
                                             "insurance/"
                                             "contributions"},
                                            {"field", "months_paid"}}}));
    server_ = std::make_unique<testing::TestServer>(testing::TestServerOptions{
        .db_url = url, .io_threads = 4, .configure = [&](app::AppConfig& c) {
          c.hall_items_dir = dir;
          // Many applicants register from one test address.
          c.identity.registrations.max = 0;
          c.identity.logins.max = 0;
        }});
    // Monday 2026-09-21, 10:00 in Shanghai, frozen: every number of this test is of one day.
    server_->app().test_clock()->Set(
        TimePoint(std::chrono::milliseconds(*ParseRfc3339("2026-09-21T02:00:00Z"))));
    server_->app().test_clock()->Freeze(true);
  }

  static void WriteItem(const std::string& dir, const json::object& item) {
    std::ofstream out(dir + "/" + std::string(item.at("code").as_string()) + ".json");
    out << json::serialize(item);
  }

  std::unique_ptr<TestClient> Person(const std::string& name, int seq) {
    auto c = std::make_unique<TestClient>(server_->port());
    c->RegisterAndLogin(name, testing::MakeResidentId("330106", "19900307", seq));
    return c;
  }

  Reply Submit(TestClient& c, const std::string& item, const std::string& reason) {
    return c.Post("/api/v1/hall/applications", {{"item", item}, {"answers", {{"reason", reason}}}});
  }

  int64_t Count(const std::string& sql) {
    auto rows = server_->app().db().Query(sql);
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    return rows.ok() ? rows->at(0).Int(0) : -1;
  }

  testing::TempDir items_dir_;
  testing::PgTestDatabase pg_;
  std::unique_ptr<testing::TestServer> server_;
};

TEST_P(SubmitTest, OneStepSubmissionIsWholeAndReadsBackTheSame) {
  if (!server_) return;
  auto c = Person("张三", 1);
  Reply r = Submit(*c, kFormItem, "疫情期间失业");
  ASSERT_EQ(r.status, 201) << r.raw;
  const std::string number(r.body.at("case_number").as_string());
  EXPECT_EQ(number, "330000-7001-20260921-00001");
  EXPECT_EQ(r.body.at("state"), "submitted");
  EXPECT_EQ(r.body.at("version"), 2);
  EXPECT_EQ(r.response.Header("ETag"), "\"2\"");
  const auto& history = r.body.at("history").as_array();
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].at("action"), "create");
  EXPECT_EQ(history[1].at("action"), "submit");
  EXPECT_EQ(history[1].at("to"), "submitted");

  // Read back: the stored case is the one answered (history, answers, deadline not started).
  Reply g = c->Get("/api/v1/hall/applications/" + number);
  ASSERT_EQ(g.status, 200) << g.raw;
  EXPECT_EQ(g.body.at("history"), r.body.at("history"));
  EXPECT_EQ(g.body.at("answers"), r.body.at("answers"));
  EXPECT_EQ(g.body.at("deadline"), r.body.at("deadline"));
  EXPECT_EQ(g.body.at("submitted_at"), r.body.at("submitted_at"));
  // The transition hooks ran in the same transaction: the applicant was told.
  Reply inbox = c->Get("/api/v1/me/inbox");
  ASSERT_EQ(inbox.status, 200) << inbox.raw;
  int told = 0;
  for (const auto& m : inbox.body.at("messages").as_array())
    told += m.at("kind") == "case" && m.at("link").as_string() == "/hall/cases/" + number;
  EXPECT_EQ(told, 1);

  // Bad answers are refused before anything is written.
  Reply bad =
      c->Post("/api/v1/hall/applications", {{"item", kFormItem}, {"answers", json::object{}}});
  EXPECT_EQ(bad.status, 422) << bad.raw;
  EXPECT_NE(bad.raw.find("$.answers.reason"), std::string::npos) << bad.raw;
  EXPECT_EQ(Count("SELECT COUNT(*) FROM hall_cases"), 1);
}

TEST_P(SubmitTest, AnItemWithSharedDataStillGoesThroughItsDraft) {
  if (!server_) return;
  auto c = Person("李四", 2);
  // Shared data are fetched for a draft before it is submitted (here no exchange is
  // configured, so nothing is fetched): the two-step path, not the one-transaction one.
  Reply r = Submit(*c, kExchangeItem, "理由");
  ASSERT_EQ(r.status, 201) << r.raw;
  EXPECT_EQ(r.body.at("state"), "submitted");
  EXPECT_EQ(r.body.at("history").as_array().size(), 2u);
  EXPECT_EQ(server_->app().hall_cases().CommitStats().units, 0);
  Reply f = Submit(*c, kFormItem, "理由");
  ASSERT_EQ(f.status, 201) << f.raw;
  EXPECT_EQ(server_->app().hall_cases().CommitStats().units, 1);
}

TEST_P(SubmitTest, ConcurrentSubmissionsShareCommitsWithoutGapsOrRepeats) {
  if (!server_) return;
  constexpr int kPeople = 12, kEach = 6;
  std::vector<std::unique_ptr<TestClient>> people;
  for (int i = 0; i < kPeople; ++i) people.push_back(Person("申请人", 10 + i));
  std::vector<std::vector<std::string>> numbers(kPeople);
  std::atomic<int> failed{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kPeople; ++i)
    threads.emplace_back([&, i] {
      for (int k = 0; k < kEach; ++k) {
        Reply r = Submit(*people[i], kFormItem, "并发 " + std::to_string(k));
        if (r.status != 201) {
          ++failed;
          continue;
        }
        numbers[i].emplace_back(r.body.at("case_number").as_string());
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(failed.load(), 0);
  std::set<std::string> distinct;
  for (const auto& v : numbers) distinct.insert(v.begin(), v.end());
  ASSERT_EQ(distinct.size(), static_cast<size_t>(kPeople * kEach));
  // Numbers 00001..00072 exactly: no gap, no repeat.
  int expect = 1;
  for (const std::string& n : distinct) {
    char want[16];
    std::snprintf(want, sizeof want, "%05d", expect++);
    EXPECT_EQ(n, std::string("330000-7001-20260921-") + want);
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM hall_cases WHERE state = 'submitted'"), kPeople * kEach);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM hall_case_history"), 2 * kPeople * kEach);
  const auto stats = server_->app().hall_cases().CommitStats();
  EXPECT_EQ(stats.units, kPeople * kEach);
  EXPECT_LE(stats.groups, stats.units);
  EXPECT_EQ(stats.solo_runs, 0);
}

TEST_P(SubmitTest, AFailingSubmissionInASharedCommitTakesNoOtherWithIt) {
  if (!server_) return;
  auto good = Person("王五", 30);
  auto bad = Person("赵六", 31);
  const std::string bad_id = [&] {
    auto p =
        server_->app().identity().FindByIdNumber(testing::MakeResidentId("330106", "19900307", 31));
    return p.ok() ? *p : std::string();
  }();
  ASSERT_FALSE(bad_id.empty());
  // A hook that refuses one applicant's submissions inside the transaction (as a licence or
  // an inbox failure would), after the case row and its number were written.
  server_->app().hall_cases().AddTransitionHook([bad_id](store::Tx&, const CaseEvent& e) -> Status {
    if (e.applicant == bad_id) return Status::Conflict("refused by the test hook");
    return Status::Ok();
  });
  constexpr int kEach = 20;
  std::atomic<int> good_ok{0}, bad_409{0}, other{0};
  auto run = [&](TestClient& c, bool is_bad) {
    for (int k = 0; k < kEach; ++k) {
      Reply r = Submit(c, kFormItem, "混合 " + std::to_string(k));
      if (!is_bad && r.status == 201)
        ++good_ok;
      else if (is_bad && r.status == 409)
        ++bad_409;
      else
        ++other;
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&] {
      TestClient c(server_->port());
      c.SetToken(good->token());
      run(c, false);
    });
  }
  threads.emplace_back([&] { run(*bad, true); });
  for (auto& t : threads) t.join();
  EXPECT_EQ(good_ok.load(), 3 * kEach);
  EXPECT_EQ(bad_409.load(), kEach);
  EXPECT_EQ(other.load(), 0);
  // Nothing of the refused submissions was kept; the good ones are numbered without gaps.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM hall_cases"), 3 * kEach);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM hall_case_history"), 2 * 3 * kEach);
  EXPECT_EQ(Count("SELECT MAX(next_seq) FROM hall_case_numbers"), 3 * kEach);
}

// Idempotency-Key (issue 25: HAProxy re-sends a POST that carries one to another node when the
// first gave no answer): a retry gets the case the first request created, on both paths (one
// transaction, and draft then submit), and never a second case.
TEST_P(SubmitTest, ARetryWithTheSameIdempotencyKeyReturnsTheFirstCase) {
  if (!server_) return;
  auto c = Person("赵六", 40);
  auto send = [&](TestClient& who, const std::string& item, const std::string& key) {
    return who.Call("POST", "/api/v1/hall/applications",
                    json::object{{"item", item}, {"answers", {{"reason", "重试"}}}},
                    {{"Idempotency-Key", key}});
  };
  for (const char* item : {kFormItem, kExchangeItem}) {
    const std::string key = std::string("retry-") + item;
    Reply first = send(*c, item, key);
    ASSERT_EQ(first.status, 201) << first.raw;
    EXPECT_EQ(first.response.Header("Idempotent-Replayed"), "");
    Reply again = send(*c, item, key);
    ASSERT_EQ(again.status, 201) << again.raw;
    EXPECT_EQ(again.body.at("id"), first.body.at("id")) << item;
    EXPECT_EQ(again.body.at("case_number"), first.body.at("case_number"));
    EXPECT_EQ(again.body.at("state"), "submitted");
    EXPECT_EQ(again.response.Header("Idempotent-Replayed"), "true");
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM hall_cases"), 2);
  // The key names one request: reused for another item, it is refused and creates nothing.
  Reply reused = send(*c, kExchangeItem, std::string("retry-") + kFormItem);
  ASSERT_EQ(reused.status, 422) << reused.raw;
  EXPECT_EQ(reused.body.at("errors").at(0).at("code"), "idempotency_key_reused");
  // Keys are per person: another applicant's equal key is another request.
  auto other = Person("钱七", 41);
  Reply theirs = send(*other, kFormItem, std::string("retry-") + kFormItem);
  ASSERT_EQ(theirs.status, 201) << theirs.raw;
  EXPECT_EQ(theirs.response.Header("Idempotent-Replayed"), "");
  for (const std::string& bad : {std::string(129, 'k'), std::string("has space")}) {
    Reply r = send(*c, kFormItem, bad);
    ASSERT_EQ(r.status, 422) << r.raw;
    EXPECT_EQ(r.body.at("errors").at(0).at("code"), "bad_idempotency_key");
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM hall_cases"), 3);
}

// The same key sent at once from several connections (as a client retrying while the first
// attempt is still in flight): the database's unique index lets one create the case, and every
// answer names that case.
TEST_P(SubmitTest, ConcurrentRequestsWithOneKeyCreateOneCase) {
  if (!server_) return;
  const std::string id_number = testing::MakeResidentId("330106", "19900307", 50);
  TestClient first(server_->port());
  first.RegisterAndLogin("孙八", id_number);
  constexpr int kClients = 8;
  for (const char* item : {kFormItem, kExchangeItem}) {
    std::vector<std::unique_ptr<TestClient>> clients;
    for (int i = 0; i < kClients; ++i) {
      clients.push_back(std::make_unique<TestClient>(server_->port()));
      clients.back()->Login(id_number, "correct horse 1");
    }
    std::vector<Reply> replies(kClients);
    std::vector<std::thread> threads;
    for (int i = 0; i < kClients; ++i)
      threads.emplace_back([&, i] {
        replies[i] =
            clients[i]->Call("POST", "/api/v1/hall/applications",
                             json::object{{"item", item}, {"answers", {{"reason", "同时"}}}},
                             {{"Idempotency-Key", std::string("same-") + item}});
      });
    for (auto& t : threads) t.join();
    std::set<std::string> ids;
    for (const Reply& r : replies) {
      EXPECT_EQ(r.status, 201) << item << ": " << r.raw;
      if (r.status == 201) ids.emplace(r.body.at("id").as_string());
    }
    EXPECT_EQ(ids.size(), 1u) << item;
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM hall_cases"), 2);
}

OW_INSTANTIATE_BACKENDS(SubmitTest);

}  // namespace
}  // namespace ow::hall
