// Concurrent officers on two `serve` processes over one PostgreSQL: claims and decisions on
// the same cases at the same moment through different nodes. Each race has exactly one
// winner; the loser gets a 409 carrying the case's current version, never a 5xx; the stored
// case and its history show the winner's act only, nothing lost or doubled. A node in this
// process prepares the cases (sessions live in the database, so both nodes accept them).
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <array>
#include <barrier>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

#include "http/client.h"
#include "identity/validate.h"
#include "support/pg_test_db.h"
#include "support/process.h"
#include "support/test_server.h"

namespace ow::hall {
namespace {

using namespace ow::testing;
namespace json = boost::json;

constexpr char kTaxItem[] = "330000-0203-01";  // enterprise item, two uploads
constexpr int kCases = 12;

struct Answer {
  int status = 0;
  json::value body;
};

Answer Send(http::Client& c, const std::string& token, const std::string& target,
            const json::object& body, const std::string& if_match = "") {
  std::vector<std::pair<std::string, std::string>> h = {{"Authorization", "Bearer " + token},
                                                        {"Content-Type", "application/json"}};
  if (!if_match.empty()) h.emplace_back("If-Match", if_match);
  auto r = c.Send("POST", target, json::serialize(body), h);
  if (!r.ok()) return {};
  boost::system::error_code ec;
  return {r->status, json::parse(r->body, ec)};
}

TEST(TwoNodesCasesTest, ConcurrentClaimsAndDecisionsOnTwoNodesHaveOneWinnerEach) {
  PgTestDatabase pg;
  OW_REQUIRE_PG_OR_SKIP(pg);
  TestServer setup(pg.url(), /*test_clock=*/false);
  app::Application& app = setup.app();

  // The applicant (for an enterprise) and their cases, submitted with the files the item asks.
  TestClient applicant(setup.port());
  const std::string applicant_id_number = MakeResidentId("330106", "19900307", 1);
  applicant.RegisterAndLogin("张三", applicant_id_number);
  const std::string person = *app.identity().FindByIdNumber(applicant_id_number);
  const std::string serial = "91330100MA2H0000X";
  auto ent = app.enterprises().Register(person, serial + identity::CreditCodeCheckChar(serial),
                                        "杭州示例科技有限公司", "legal_representative");
  ASSERT_TRUE(ent.ok()) << ent.status().ToString();
  std::vector<std::string> cases;
  for (int i = 0; i < kCases; ++i) {
    Reply d = applicant.Post("/api/v1/hall/applications",
                             {{"item", kTaxItem},
                              {"enterprise_id", *ent},
                              {"answers", {{"deferral_request", "延期 3 个月"}}},
                              {"draft", true}});
    ASSERT_EQ(d.status, 201) << d.raw;
    const std::string id(d.body.at("id").as_string());
    for (const char* material : {"bank_statements", "balance_sheet"}) {
      Reply f = applicant.CallRaw("POST",
                                  "/api/v1/hall/applications/" + id + "/files?material=" + material,
                                  "%PDF-1.4 test", {{"Content-Type", "application/pdf"}});
      ASSERT_EQ(f.status, 201) << f.raw;
    }
    Reply s =
        applicant.Post("/api/v1/hall/applications/" + id + "/actions", {{"action", "submit"}});
    ASSERT_EQ(s.status, 200) << s.raw;
    cases.emplace_back(s.body.at("case_number").as_string());
  }
  // Two officers of the tax department.
  std::vector<std::string> officers;
  for (int i = 0; i < 2; ++i) {
    const std::string id = MakeResidentId("330106", "19850101", 2 + i);
    auto p = app.identity().Register({i ? "王五" : "李四", id, "correct horse 1", {}, {}});
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    ASSERT_TRUE(app.identity().Grant(*p, Role::kServiceOfficer, "dept:330000-TAX", "admin").ok());
    auto t = app.identity().Login(id, "correct horse 1", "10.0.9." + std::to_string(i + 1));
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    officers.push_back(t->token);
  }

  const std::string key = setup.dir() + "/master.key";
  const int port_a = FreePort(), port_b = FreePort();
  ChildProcess a({"serve", "--db", pg.url(), "--key-file", key, "--port", std::to_string(port_a),
                  "--log-level", "warn"});
  ChildProcess b({"serve", "--db", pg.url(), "--key-file", key, "--port", std::to_string(port_b),
                  "--log-level", "warn"});
  ASSERT_TRUE(WaitHealthy(port_a, 30000)) << a.Output();
  ASSERT_TRUE(WaitHealthy(port_b, 30000)) << b.Output();

  // Runs `act(officer, client)` for both officers at once, officer 0 on node A and officer 1
  // on node B, released together by a barrier; returns both answers.
  auto race = [&](const std::function<Answer(int, http::Client&)>& act) {
    std::array<Answer, 2> out;
    std::barrier start(2);
    std::vector<std::thread> threads;
    for (int o = 0; o < 2; ++o)
      threads.emplace_back([&, o] {
        http::Client c("127.0.0.1", static_cast<uint16_t>(o ? port_b : port_a));
        (void)c.Send("GET", "/healthz", "", {});  // connected before the start
        start.arrive_and_wait();
        out[o] = act(o, c);
      });
    for (auto& t : threads) t.join();
    return out;
  };
  auto path = [](const std::string& n, const char* what) {
    return "/api/v1/hall/applications/" + n + "/" + what;
  };
  std::map<int, int> statuses;
  auto tally = [&](const std::array<Answer, 2>& r) {
    for (const Answer& x : r) ++statuses[x.status];
    // One winner; the loser is told the case changed or is taken, with the current version
    // where it raced on the version.
    EXPECT_EQ((r[0].status == 200) + (r[1].status == 200), 1) << r[0].status << " " << r[1].status;
    EXPECT_EQ((r[0].status == 409) + (r[1].status == 409), 1) << r[0].status << " " << r[1].status;
    return r[0].status == 200 ? 0 : 1;
  };

  // 1. Both claim each case: one claim holds, the other is refused.
  std::vector<int> holder(kCases);
  for (int i = 0; i < kCases; ++i) {
    auto r = race(
        [&](int o, http::Client& c) { return Send(c, officers[o], path(cases[i], "claim"), {}); });
    holder[i] = tally(r);
  }
  // 2. On the claimed cases the holder decides twice at once with the same If-Match, on both
  //    nodes: accept against refuse. One decision is kept.
  auto version = [&](const std::string& n) {
    auto rows = app.db().Query("SELECT version FROM hall_cases WHERE case_number = ?", {n});
    return rows.ok() && rows->size() == 1 ? (*rows)[0].Int(0) : -1;
  };
  std::vector<std::string> decided(kCases);
  std::vector<int64_t> claimed_at(kCases);
  for (int i = 0; i < kCases; ++i) {
    const int h = holder[i];
    claimed_at[i] = version(cases[i]);
    const std::string etag = "\"" + std::to_string(claimed_at[i]) + "\"";
    auto r = race([&](int o, http::Client& c) {
      json::object body = o ? json::object{{"action", "refuse"}, {"note", "材料不齐"}}
                            : json::object{{"action", "accept"}};
      return Send(c, officers[h], path(cases[i], "actions"), body, etag);
    });
    const int w = tally(r);
    decided[i] = w ? "refused" : "accepted";
    const Answer& loser = r[1 - w];
    const std::string detail =
        loser.body.is_object() ? std::string(loser.body.at("detail").as_string()) : "";
    EXPECT_NE(detail.find("version"), std::string::npos) << detail;
  }
  for (const auto& [status, n] : statuses) EXPECT_LT(status, 500) << n << " answers " << status;
  EXPECT_EQ(statuses[0], 0) << "transport errors";

  // What is stored: each case in the winner's state, assigned to its claimer, with exactly one
  // claim and one decision in its history.
  for (int i = 0; i < kCases; ++i) {
    auto rows = app.db().Query(
        "SELECT c.state, c.version, (SELECT COUNT(*) FROM hall_case_history h WHERE h.case_id = "
        "c.id AND h.action = 'claim'), (SELECT COUNT(*) FROM hall_case_history h WHERE "
        "h.case_id = c.id AND h.action IN ('accept', 'refuse')) FROM hall_cases c WHERE "
        "c.case_number = ?",
        {cases[i]});
    ASSERT_TRUE(rows.ok() && rows->size() == 1);
    EXPECT_EQ((*rows)[0].Text(0), decided[i]) << cases[i];
    EXPECT_EQ((*rows)[0].Int(1), claimed_at[i] + 1) << cases[i];
    EXPECT_EQ((*rows)[0].Int(2), 1) << cases[i];
    EXPECT_EQ((*rows)[0].Int(3), 1) << cases[i];
  }
  a.Signal(SIGTERM);
  b.Signal(SIGTERM);
  EXPECT_EQ(a.Wait(30000), 0) << a.Output();
  EXPECT_EQ(b.Wait(30000), 0) << b.Output();
}

}  // namespace
}  // namespace ow::hall
