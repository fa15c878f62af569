// PullClient against `onewindow dept-sim` running as a real process over HTTP: signed pulls
// succeed; refusals (wrong key, unknown member) come back as X-Road types and are not retried;
// the provider's own 4xx is not retried; timeouts, outages and 5xx are retried with the same
// X-Road-Id and end in Unavailable, or in success when the department comes back; the circuit
// breaker opens, refuses without calling, half-opens after its window and closes on success;
// each call leaves one "out" log entry.
#include "exchange/pull_client.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <memory>
#include <mutex>

#include "crypto/crypto.h"
#include "exchange/sim_keys.h"
#include "http/client.h"
#include "support/process.h"

namespace ow::exchange {
namespace {

namespace json = boost::json;
constexpr char kSeed[] = "pull-client-test";

// Collects the log entries of the client (the message log itself is another part's).
class CollectingSink : public MessageSink {
 public:
  Status Append(store::Tx&, const LogEntry& e) override { return Append(e); }
  Status Append(const LogEntry& e) override {
    std::lock_guard lock(mu);
    entries.push_back(e);
    return Status::Ok();
  }
  LogEntry Last() {
    std::lock_guard lock(mu);
    return entries.empty() ? LogEntry{} : entries.back();
  }
  size_t Size() {
    std::lock_guard lock(mu);
    return entries.size();
  }
  std::mutex mu;
  std::vector<LogEntry> entries;
};

SubsystemId Hall() { return {"CN-ZJ", "GOV", "330000-OW", "hall"}; }
ServiceId TaxStanding() { return {{"CN-ZJ", "GOV", "330000-TAX", "etax"}, "tax-standing"}; }
ServiceId RailTrips() { return {{"CN-ZJ", "GOV", "330000-RAIL", "tickets"}, "rail-trips"}; }

class PullClientTest : public ::testing::Test {
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
    json::value ds = Sim("GET", "/sim/dataset");
    uscc_ = std::string(ds.at("enterprises").at(0).as_string());
    person_ = std::string(ds.at("persons").at(0).as_string());
  }

  static json::value Sim(const std::string& method, const std::string& target,
                         const std::string& body = "") {
    http::Client c("127.0.0.1", static_cast<uint16_t>(port_));
    auto r = c.Send(method, target, body);
    EXPECT_TRUE(r.ok());
    if (!r.ok()) return nullptr;
    EXPECT_EQ(r->status, 200) << target << " " << r->body;
    return json::parse(r->body);
  }
  static int64_t RequestsFor(const std::string& id) {
    return Sim("GET", "/sim/requests?id=" + id).at("count").as_int64();
  }
  static int64_t TotalRequests() { return Sim("GET", "/sim/requests").at("total").as_int64(); }

  PullClientOptions Options() {
    PullClientOptions o;
    o.client = Hall();
    o.key = SimMemberKey(kSeed, Hall()).Signing();
    o.default_url = "http://127.0.0.1:" + std::to_string(port_);
    o.deadline = std::chrono::milliseconds(2000);
    o.max_attempts = 3;
    o.base_backoff = std::chrono::milliseconds(5);
    o.index_key = std::string(32, 'k');
    return o;
  }

  static inline int port_ = 0;
  static inline ow::testing::ChildProcess* sim_ = nullptr;
  std::string uscc_, person_;
  SystemClock clock_;
  CollectingSink sink_;
};

TEST_F(PullClientTest, SignedPullsSucceedAndAreLoggedOut) {
  PullClient client(Options(), clock_, &sink_);
  auto r = client.Get(TaxStanding(), "/" + uscc_, "service_hall", std::nullopt);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body.at("uscc").as_string(), uscc_);
  EXPECT_TRUE(r->body.at("standing") == "good" || r->body.at("standing") == "arrears");
  EXPECT_EQ(r->provider, "CN-ZJ/GOV/330000-TAX/etax");
  EXPECT_EQ(r->attempts, 1);
  EXPECT_FALSE(r->request_hash.empty());  // and equal to the provider's echo (else Internal)
  EXPECT_GT(r->fetched_at_ms, 0);
  EXPECT_EQ(RequestsFor(r->message_id), 1);
  LogEntry e = sink_.Last();
  EXPECT_EQ(e.direction, "out");
  EXPECT_EQ(e.message_id, r->message_id);
  EXPECT_EQ(e.client, "CN-ZJ/GOV/330000-OW/hall");
  EXPECT_EQ(e.service, "CN-ZJ/GOV/330000-TAX/etax/tax-standing");
  EXPECT_EQ(e.purpose, "service_hall");
  EXPECT_EQ(e.outcome, "ok");
  EXPECT_EQ(e.status, 200);
  EXPECT_EQ(e.request_hash, r->request_hash);
  EXPECT_TRUE(e.person_index.empty());

  // A dataset about a person: X-Road-UserId is sent and the person index is logged.
  auto trips = client.Get(RailTrips(), "", "epidemic_control", person_);
  ASSERT_TRUE(trips.ok()) << trips.status().ToString();
  EXPECT_TRUE(trips->body.at("trips").is_array());
  EXPECT_EQ(sink_.Last().person_index, PersonIndex(std::string(32, 'k'), person_));
}

TEST_F(PullClientTest, UnsignedCallsGetAnXRoadErrorWithItsType) {
  http::Client c("127.0.0.1", static_cast<uint16_t>(port_));
  auto r = c.Send("GET", "/r1/CN-ZJ/GOV/330000-TAX/etax/tax-standing/" + uscc_);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(r->Header("X-Road-Error"), "Client.BadRequest");
  json::value body = json::parse(r->body);
  EXPECT_EQ(body.at("type").as_string(), "Client.BadRequest");
  EXPECT_TRUE(body.as_object().contains("message"));
  EXPECT_TRUE(body.as_object().contains("detail"));
}

TEST_F(PullClientTest, WrongKeyAndUnknownMemberAreRefusedWithoutRetry) {
  PullClientOptions wrong = Options();
  wrong.key.secret_key = crypto::NewEd25519KeyPair().secret_key;
  PullClient client(wrong, clock_, &sink_);
  auto r = client.Get(TaxStanding(), "/" + uscc_, "service_hall", std::nullopt);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kForbidden);
  EXPECT_NE(r.status().message().find("Server.ServerProxy.InvalidSignature"), std::string::npos)
      << r.status().message();
  EXPECT_EQ(sink_.Last().outcome, "Server.ServerProxy.InvalidSignature");
  EXPECT_EQ(RequestsFor(sink_.Last().message_id), 1);  // not retried

  PullClientOptions stranger = Options();
  stranger.client = {"CN-ZJ", "GOV", "999999-X", "unknown"};
  stranger.key = SimMemberKey(kSeed, stranger.client).Signing();
  PullClient client2(stranger, clock_, &sink_);
  auto u = client2.Get(TaxStanding(), "/" + uscc_, "service_hall", std::nullopt);
  ASSERT_FALSE(u.ok());
  EXPECT_NE(u.status().message().find("Server.ServerProxy.UnknownMember"), std::string::npos);
  EXPECT_EQ(RequestsFor(sink_.Last().message_id), 1);
}

TEST_F(PullClientTest, ProviderClientErrorsAreNotRetried) {
  PullClient client(Options(), clock_, &sink_);
  // A code with a wrong check character: the provider's own 400.
  std::string bad = uscc_;
  bad.back() = bad.back() == '0' ? '1' : '0';
  auto before = TotalRequests();
  auto r = client.Get(TaxStanding(), "/" + bad, "service_hall", std::nullopt);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kInvalid) << r.status().ToString();
  EXPECT_EQ(TotalRequests(), before + 1);
  // A path the provider does not know: its own 404.
  auto nf = client.Get(RailTrips(), "/extra", "epidemic_control", person_);
  ASSERT_FALSE(nf.ok());
  EXPECT_EQ(nf.status().code(), Code::kNotFound) << nf.status().ToString();
  EXPECT_EQ(TotalRequests(), before + 2);
  EXPECT_EQ(sink_.Last().outcome, "provider_404");
  // An unknown service is an X-Road refusal.
  auto us = client.Get({{"CN-ZJ", "GOV", "330000-TAX", "etax"}, "no-such"}, "", "service_hall",
                       std::nullopt);
  ASSERT_FALSE(us.ok());
  EXPECT_NE(us.status().message().find("Server.ServerProxy.UnknownService"), std::string::npos);
  EXPECT_EQ(TotalRequests(), before + 3);
}

TEST_F(PullClientTest, SlowProviderTimesOutAfterEveryAttempt) {
  Sim("POST", "/sim/knobs", R"({"latency_ms":1500})");
  PullClientOptions o = Options();
  o.deadline = std::chrono::milliseconds(200);
  o.max_attempts = 2;
  PullClient client(o, clock_, &sink_);
  auto started = std::chrono::steady_clock::now();
  auto r = client.Get(TaxStanding(), "/" + uscc_, "service_hall", std::nullopt);
  auto took = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kUnavailable);
  EXPECT_NE(r.status().message().find("timed out"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("2 attempts"), std::string::npos) << r.status().message();
  EXPECT_LT(took, std::chrono::milliseconds(1400));  // bounded by the deadlines, not the latency
  EXPECT_EQ(sink_.Last().outcome, "Server.ClientProxy.NetworkError");
  EXPECT_EQ(RequestsFor(sink_.Last().message_id), 2);  // one X-Road-Id for both attempts
  Sim("POST", "/sim/knobs", R"({"latency_ms":0})");
}

TEST_F(PullClientTest, OutageIsRetriedWithTheSameIdUntilTheDepartmentComesBack) {
  Sim("POST", "/sim/outage", R"({"on":true})");
  PullClientOptions o = Options();
  o.max_attempts = 5;
  int sleeps = 0;
  o.sleep = [&](std::chrono::milliseconds) {
    if (++sleeps == 2) Sim("POST", "/sim/outage", R"({"on":false})");
  };
  PullClient client(o, clock_, &sink_);
  auto r = client.Get(TaxStanding(), "/" + uscc_, "service_hall", std::nullopt);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->attempts, 3);
  EXPECT_EQ(RequestsFor(r->message_id), 3);
  EXPECT_EQ(sink_.Size(), 1u);  // one entry per call
}

TEST_F(PullClientTest, FailureRateExhaustsTheAttempts) {
  Sim("POST", "/sim/knobs", R"({"fail_rate":1.0})");
  PullClient client(Options(), clock_, &sink_);
  auto r = client.Get(TaxStanding(), "/" + uscc_, "service_hall", std::nullopt);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kUnavailable);
  EXPECT_NE(r.status().message().find("provider answered 500"), std::string::npos);
  EXPECT_EQ(RequestsFor(sink_.Last().message_id), 3);
  EXPECT_EQ(sink_.Last().status, 500);
}

TEST_F(PullClientTest, CircuitOpensRefusesWithoutCallingThenHalfOpensAndCloses) {
  TestClock clock;
  PullClientOptions o = Options();
  o.max_attempts = 2;
  o.breaker_failures = 3;
  o.breaker_open = std::chrono::seconds(30);
  PullClient client(o, clock, &sink_);
  SubsystemId tax = TaxStanding().provider;
  Sim("POST", "/sim/outage", R"({"on":true})");
  EXPECT_FALSE(client.Get(TaxStanding(), "/" + uscc_, "service_hall", std::nullopt).ok());
  EXPECT_EQ(client.CircuitState(tax), "closed");  // 2 failures so far
  auto second = client.Get(TaxStanding(), "/" + uscc_, "service_hall", std::nullopt);
  EXPECT_FALSE(second.ok());
  EXPECT_EQ(client.CircuitState(tax), "open");  // the 3rd failure opened it, no 4th attempt
  EXPECT_EQ(RequestsFor(sink_.Last().message_id), 1);

  Sim("POST", "/sim/outage", R"({"on":false})");
  int64_t before = TotalRequests();
  auto refused = client.Get(TaxStanding(), "/" + uscc_, "service_hall", std::nullopt);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), Code::kUnavailable);
  EXPECT_NE(refused.status().message().find("circuit open"), std::string::npos);
  EXPECT_EQ(TotalRequests(), before);  // nothing was sent
  // Another provider is not affected.
  EXPECT_TRUE(client.Get(RailTrips(), "", "epidemic_control", person_).ok());

  // After the window one probe goes through; a failing probe opens the circuit again at once.
  clock.Advance(std::chrono::seconds(31));
  EXPECT_EQ(client.CircuitState(tax), "half_open");
  Sim("POST", "/sim/outage", R"({"on":true})");
  auto probe = client.Get(TaxStanding(), "/" + uscc_, "service_hall", std::nullopt);
  EXPECT_FALSE(probe.ok());
  EXPECT_EQ(RequestsFor(sink_.Last().message_id), 1);
  EXPECT_EQ(client.CircuitState(tax), "open");

  // A successful probe closes it.
  Sim("POST", "/sim/outage", R"({"on":false})");
  clock.Advance(std::chrono::seconds(31));
  auto ok = client.Get(TaxStanding(), "/" + uscc_, "service_hall", std::nullopt);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(client.CircuitState(tax), "closed");
}

TEST(PullClientUrlTest, ProviderUrlsAreHttpHostPort) {
  auto e = ParseHttpEndpoint("http://localhost:8400/");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->host, "127.0.0.1");
  EXPECT_EQ(e->port, 8400);
  for (const char* bad : {"https://1.2.3.4:1", "http://1.2.3.4", "http://1.2.3.4:0",
                          "http://1.2.3.4:70000", "http://1.2.3.4:80/x", "ftp://x:1"})
    EXPECT_FALSE(ParseHttpEndpoint(bad).ok()) << bad;
}

}  // namespace
}  // namespace ow::exchange
