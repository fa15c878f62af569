// `onewindow dept-sim`: the seeded data set is deterministic and valid (GB 32100 credit codes,
// GB 11643 resident ids); `dept-sim keys` prints the seed-derived keys as an importable
// catalogue document; pushes are signed by the right department, verified by the simulator's
// own sink, idempotent by X-Road-Id, retried through failures, refused under another seed;
// /sim/echo-verify refuses changed bodies, replayed nonces and stale timestamps.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <fstream>

#include "crypto/crypto.h"
#include "deptsim/dataset.h"
#include "deptsim/departments.h"
#include "deptsim/push.h"
#include "exchange/envelope.h"
#include "exchange/sim_keys.h"
#include "http/client.h"
#include "identity/validate.h"
#include "support/process.h"

namespace ow::deptsim {
namespace {

namespace json = boost::json;
constexpr char kSeed[] = "deptsim-test";

TEST(DatasetTest, SameSeedSameDataAllCodesAndIdsValid) {
  Dataset a(kSeed, 200), b(kSeed, 200), c("other", 200);
  ASSERT_EQ(a.enterprises().size(), 200u);
  ASSERT_EQ(a.persons().size(), 200u);
  Date today{2026, 12, 3};
  for (size_t i = 0; i < a.enterprises().size(); ++i) {
    const Enterprise& e = a.enterprises()[i];
    EXPECT_TRUE(identity::CheckCreditCode(e.uscc)) << e.uscc;
    EXPECT_EQ(e.uscc, b.enterprises()[i].uscc);
    EXPECT_EQ(e.standing, b.enterprises()[i].standing);
    EXPECT_TRUE(e.status == "active" || e.status == "deregistered");
    EXPECT_EQ(a.FindEnterprise(e.uscc), &e);
  }
  for (size_t i = 0; i < a.persons().size(); ++i) {
    EXPECT_EQ(identity::CheckResidentId(a.persons()[i].id_number, today), identity::IdError::kOk)
        << a.persons()[i].id_number;
    EXPECT_EQ(a.persons()[i].id_number, b.persons()[i].id_number);
  }
  EXPECT_NE(a.enterprises()[0].uscc, c.enterprises()[0].uscc);
  // Both standings occur, and a person's records are the same for the same "now".
  int arrears = 0;
  for (const auto& e : a.enterprises()) arrears += e.standing == "arrears";
  EXPECT_GT(arrears, 0);
  EXPECT_LT(arrears, 200);
  int64_t now = 1'796'292'120'000;
  size_t with_trips = 0;
  for (const auto& p : a.persons()) {
    EXPECT_EQ(json::serialize(a.RailTrips(p.id_number, now)),
              json::serialize(b.RailTrips(p.id_number, now)));
    with_trips += !a.RailTrips(p.id_number, now).empty();
  }
  EXPECT_GT(with_trips, 0u);
  EXPECT_TRUE(a.FeverClinicVisits("110101199003074514", now).empty());  // unknown person
}

TEST(DeptSimKeysTest, KeysCommandPrintsAnImportableCatalogueOfDerivedKeys) {
  auto r = ow::testing::RunBinary({"dept-sim", "keys", "--seed", kSeed});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  json::value doc = json::parse(r.output);
  const json::array& members = doc.at("members").as_array();
  ASSERT_EQ(members.size(), 6u);
  for (size_t i = 0; i < members.size(); ++i) {
    const auto& m = members[i];
    EXPECT_EQ(m.at("id").as_string(), Departments()[i].member);
    EXPECT_FALSE(m.at("name_zh").as_string().empty());
    const auto& key = m.at("keys").at(0);
    EXPECT_EQ(key.at("key_id").as_string(), "sim-1");
    EXPECT_EQ(key.at("not_before").as_string(), "2020-01-01T00:00:00.000Z");
    auto derived = exchange::SimMemberKey(kSeed, Member(Departments()[i].member));
    EXPECT_EQ(key.at("public_key").as_string(), crypto::Base64Encode(derived.public_key));
  }
  auto all = ow::testing::RunBinary({"dept-sim", "keys", "--seed", kSeed, "--onewindow-members"});
  ASSERT_EQ(all.exit_code, 0) << all.output;
  EXPECT_EQ(json::parse(all.output).at("members").as_array().size(), 8u);
}

TEST(PushTest, EventsAreSignedByTheirDepartmentWithTheWireShape) {
  crypto::Init();
  PushOptions o;
  o.seed = kSeed;
  o.events = 40;
  o.data_size = 10;
  auto events = BuildEvents(o);
  ASSERT_TRUE(events.ok()) << events.status().ToString();
  ASSERT_EQ(events->size(), 40u);
  std::set<std::string> kinds;
  for (const SignedEvent& e : *events) {
    kinds.insert(e.kind);
    EXPECT_EQ(e.pusher, PusherOf(e.kind));
    EXPECT_EQ(e.call.target, "/r1/CN-ZJ/GOV/330000-OW/healthcode/events");
    EXPECT_EQ(e.call.purpose, "epidemic_control");
    EXPECT_EQ(e.public_key, exchange::SimMemberKey(kSeed, Member(e.pusher)).public_key);
    EXPECT_TRUE(exchange::VerifyCall(e.public_key, e.call, e.signature));
    json::value body = json::parse(e.call.body);
    EXPECT_EQ(body.at("type").as_string(), e.kind);
    EXPECT_TRUE(ParseRfc3339(body.at("occurred_at").as_string()).has_value());
    const json::object& detail = body.at("detail").as_object();
    if (e.kind == "test_result") {
      EXPECT_TRUE(detail.at("result") == "positive" || detail.at("result") == "negative");
    }
    if (e.kind == "rail_trip") {
      for (const char* f : {"from_station", "to_station", "train", "departure"})
        EXPECT_TRUE(detail.contains(f)) << f;
    }
    bool has_user = false;
    for (const auto& [k, v] : e.headers)
      if (k == "X-Road-UserId") {
        has_user = true;
        EXPECT_EQ(identity::CheckResidentId(v.substr(2), {2026, 12, 3}), identity::IdError::kOk);
      }
    EXPECT_TRUE(has_user);
  }
  EXPECT_EQ(kinds.size(), 4u);
  EXPECT_EQ(PusherOf("fever_clinic_visit"), "CN-ZJ/GOV/330000-HEALTH/fever-clinic");
  EXPECT_EQ(PusherOf("test_result"), "CN-ZJ/GOV/330000-HEALTH/fever-clinic");
  EXPECT_EQ(PusherOf("fever_drug_purchase"), "CN-ZJ/GOV/330000-NHSA/pharmacy");
  EXPECT_EQ(PusherOf("rail_trip"), "CN-ZJ/GOV/330000-RAIL/tickets");
  o.kind = "rumour";
  EXPECT_FALSE(BuildEvents(o).ok());
  o.kind = "";
  o.id_numbers = {"110101199003074515"};  // wrong check digit
  EXPECT_FALSE(BuildEvents(o).ok());
}

class DeptSimProcessTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    crypto::Init();
    port_ = ow::testing::FreePort();
    sim_ = new ow::testing::ChildProcess(
        {"dept-sim", "--port", std::to_string(port_), "--seed", kSeed, "--data-size", "20"});
    ASSERT_TRUE(ow::testing::WaitHealthy(port_, 20000)) << sim_->Output();
  }
  static void TearDownTestSuite() {
    delete sim_;
    sim_ = nullptr;
  }
  void SetUp() override {
    Sim("POST", "/sim/outage", R"({"on":false})");
    Sim("POST", "/sim/knobs", R"({"latency_ms":0,"fail_rate":0})");
  }
  static json::value Sim(const std::string& method, const std::string& target,
                         const std::string& body = "") {
    http::Client c("127.0.0.1", static_cast<uint16_t>(port_));
    auto r = c.Send(method, target, body);
    EXPECT_TRUE(r.ok());
    if (!r.ok()) return nullptr;
    return json::parse(r->body);
  }
  static std::string Url() { return "http://127.0.0.1:" + std::to_string(port_); }
  PushOptions Options(int events) {
    PushOptions o;
    o.onewindow_url = Url();
    o.seed = kSeed;
    o.events = events;
    o.data_size = 20;
    o.base_backoff = std::chrono::milliseconds(1);
    return o;
  }
  static inline int port_ = 0;
  static inline ow::testing::ChildProcess* sim_ = nullptr;
};

TEST_F(DeptSimProcessTest, PushesAreAcceptedOnceByXRoadId) {
  int64_t before = Sim("GET", "/sim/events").at("total").as_int64();
  PushOptions o = Options(30);
  o.connections = 3;
  auto events = BuildEvents(o);
  ASSERT_TRUE(events.ok());
  auto report = SendEvents(o, *events);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->sent, 30);
  EXPECT_EQ(report->accepted, 30) << json::serialize(PushReportJson(*report));
  EXPECT_GT(report->p99_ms, 0);
  EXPECT_EQ(Sim("GET", "/sim/events").at("total").as_int64(), before + 30);
  // Sending the same messages again (same X-Road-Id, fresh nonces) applies nothing new.
  std::vector<SignedEvent> again = *events;
  for (auto& e : again) {
    e.call.nonce = exchange::NewNonce();
    std::string user;
    for (const auto& [k, v] : e.headers)
      if (k == "X-Road-UserId") user = v;
    e.headers = *exchange::SignedRequestHeaders(e.call, user, e.key);
  }
  auto repeat = SendEvents(o, again);
  ASSERT_TRUE(repeat.ok());
  EXPECT_EQ(repeat->accepted, 30);  // 200 {"applied":false}
  EXPECT_EQ(Sim("GET", "/sim/events").at("total").as_int64(), before + 30);
  // Sending them unchanged replays the nonces: refused, counted by type.
  auto replay = SendEvents(o, *events);
  ASSERT_TRUE(replay.ok());
  EXPECT_EQ(replay->accepted, 0);
  EXPECT_EQ(replay->refused_by_type["Server.ServerProxy.ReplayedNonce"], 30);
}

TEST_F(DeptSimProcessTest, PushesAreRetriedThroughFailuresWithTheSameId) {
  Sim("POST", "/sim/knobs", R"({"fail_rate":0.5})");
  int64_t before = Sim("GET", "/sim/events").at("total").as_int64();
  PushOptions o = Options(20);
  o.max_attempts = 20;
  auto report = PushEvents(o);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->accepted, 20) << json::serialize(PushReportJson(*report));
  EXPECT_GT(report->retries, 0);
  // Each event applied once although some were sent several times.
  EXPECT_EQ(Sim("GET", "/sim/events").at("total").as_int64(), before + 20);
  json::value reqs = Sim("GET", "/sim/requests");
  int64_t retried_ids = 0;
  for (const auto& [id, n] : reqs.at("by_id").as_object()) retried_ids += n.as_int64() > 1;
  EXPECT_GT(retried_ids, 0);
}

TEST_F(DeptSimProcessTest, OutageFailsPushesAfterTheirAttempts) {
  Sim("POST", "/sim/outage", R"({"on":true})");
  PushOptions o = Options(3);
  o.max_attempts = 2;
  auto report = PushEvents(o);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->accepted, 0);
  EXPECT_EQ(report->failed, 3);
  EXPECT_EQ(report->retries, 3);
}

TEST_F(DeptSimProcessTest, PushesUnderAnotherSeedAreRefusedAsInvalidSignatures) {
  PushOptions o = Options(4);
  o.seed = "not-the-simulators-seed";
  o.id_numbers = {"330106199003074517"};
  auto report = PushEvents(o);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->accepted, 0);
  EXPECT_EQ(report->refused_by_type["Server.ServerProxy.InvalidSignature"], 4);
}

TEST_F(DeptSimProcessTest, EchoVerifyChecksSignaturesNoncesAndTime) {
  auto key = exchange::SimMemberKey(kSeed, Member(kFeverClinic));
  auto send = [&](exchange::SignedCall call, exchange::HeaderList headers) {
    http::Client c("127.0.0.1", static_cast<uint16_t>(port_));
    auto r = c.Send(call.method, call.target, call.body, headers);
    EXPECT_TRUE(r.ok());
    return *r;
  };
  auto make = [&](int64_t at_ms) {
    exchange::SignedCall call{"POST",
                              "/sim/echo-verify",
                              kFeverClinic,
                              exchange::NewMessageId(),
                              exchange::CallTimestamp(at_ms),
                              exchange::NewNonce(),
                              "epidemic_control",
                              R"({"x":1})"};
    return call;
  };
  SystemClock clock;
  exchange::SignedCall call = make(clock.NowMillis());
  auto headers = *exchange::SignedRequestHeaders(call, "", key.Signing());
  auto ok = send(call, headers);
  EXPECT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(json::parse(ok.body).at("request_hash").as_string(), exchange::RequestHash(call, ""));
  // The same nonce again.
  auto replay = send(call, headers);
  EXPECT_EQ(replay.Header("X-Road-Error"), "Server.ServerProxy.ReplayedNonce");
  // A changed body.
  exchange::SignedCall fresh = make(clock.NowMillis());
  auto fresh_headers = *exchange::SignedRequestHeaders(fresh, "", key.Signing());
  fresh.body = R"({"x":2})";
  EXPECT_EQ(send(fresh, fresh_headers).Header("X-Road-Error"),
            "Server.ServerProxy.InvalidSignature");
  // Ten minutes old.
  exchange::SignedCall old = make(clock.NowMillis() - 10 * 60 * 1000);
  EXPECT_EQ(
      send(old, *exchange::SignedRequestHeaders(old, "", key.Signing())).Header("X-Road-Error"),
      "Server.ServerProxy.StaleTimestamp");
}

TEST_F(DeptSimProcessTest, PushCommandPrintsASummary) {
  auto r = ow::testing::RunBinary({"dept-sim", "push", "--onewindow", Url(), "--seed", kSeed,
                                   "--events", "5", "--kind", "test_result"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  json::value v = json::parse(r.output);
  EXPECT_EQ(v.at("sent").as_int64(), 5);
  EXPECT_EQ(v.at("accepted").as_int64(), 5);
  EXPECT_EQ(v.at("accepted_by_kind").at("test_result").as_int64(), 5);
  EXPECT_TRUE(v.as_object().contains("p99_ms"));
  auto bad = ow::testing::RunBinary({"dept-sim", "push", "--onewindow", Url(), "--kind", "x"});
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
}

}  // namespace
}  // namespace ow::deptsim
