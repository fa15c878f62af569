// The exchange end to end on both backends: `onewindow dept-sim push` (a real process, over
// HTTP) pushes signed events to a running node, the person's colour changes, every message is
// in the message log and in the person's data-use record; a department with a key OneWindow
// does not know is refused and nothing changes; a hospital pulls a colour with the legal basis
// of its right, and for treatment only with the person's consent, which revocation ends at once.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>

#include "core/time.h"
#include "exchange/boundaries.h"
#include "exchange/pull_client.h"
#include "exchange/registry.h"
#include "exchange/sim_keys.h"
#include "support/backend_test.h"
#include "support/process.h"

namespace ow::exchange {
namespace {

namespace json = boost::json;
using testing::Reply;

constexpr char kFeverClinic[] = "CN-ZJ/GOV/330000-HEALTH/fever-clinic";
constexpr char kColour[] = "CN-ZJ/GOV/330000-OW/healthcode/colour";

class ExchangePushTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (!server_) return;
    // The catalogue, and the departments' keys as `dept-sim keys` prints them.
    ASSERT_TRUE(app().registry().Import(json::parse(DefaultCatalogue()), "test").ok());
    testing::RunResult keys = testing::RunBinary({"dept-sim", "keys"});
    ASSERT_EQ(keys.exit_code, 0) << keys.output;
    auto imported = app().registry().Import(json::parse(keys.output), "test");
    ASSERT_TRUE(imported.ok()) << imported.status().ToString();
    EXPECT_GE(imported->keys, 6);
    id_ = testing::MakeResidentId("330106", "19900307", 7);
    citizen_ = Client();
    citizen_->RegisterAndLogin("陈七", id_);
    dir_ = std::make_unique<testing::TempDir>();
    ids_file_ = dir_->path() + "/ids.txt";
    std::ofstream(ids_file_) << id_ << "\n";
  }

  testing::RunResult Push(const std::string& kind, int events, const std::string& seed = "") {
    std::vector<std::string> args = {
        "dept-sim",     "push",
        "--onewindow",  "http://127.0.0.1:" + std::to_string(server_->port()),
        "--kind",       kind,
        "--events",     std::to_string(events),
        "--id-numbers", ids_file_};
    if (!seed.empty()) args.insert(args.end(), {"--seed", seed});
    return testing::RunBinary(args);
  }

  std::string Colour() {
    Reply r = citizen_->Get("/api/v1/me/colour");
    EXPECT_EQ(r.status, 200) << r.raw;
    return r.status == 200 ? std::string(r.body.at("colour").as_string()) : "";
  }

  std::string id_, ids_file_;
  std::unique_ptr<testing::TestClient> citizen_;
  std::unique_ptr<testing::TempDir> dir_;
};

TEST_P(ExchangePushTest, PushedEventsChangeTheColourAndAreLogged) {
  if (!server_) return;
  EXPECT_EQ(Colour(), "green");
  testing::RunResult push = Push("fever_clinic_visit", 2);
  ASSERT_EQ(push.exit_code, 0) << push.output;
  json::value report = json::parse(push.output.substr(push.output.find('{')));
  EXPECT_EQ(report.at("accepted").as_int64(), 2) << push.output;
  EXPECT_EQ(Colour(), "yellow");  // a fever-clinic visit, by the default rules

  // Both messages are logged under the person's pseudonym, never the ID.
  const std::string index = PersonIndex(app().keys().index_key(), id_);
  auto logged = app().message_log().ForPerson(index, 0, INT64_MAX, 100);
  ASSERT_TRUE(logged.ok()) << logged.status().ToString();
  ASSERT_EQ(logged->size(), 2u);
  EXPECT_EQ((*logged)[0].client, kFeverClinic);
  EXPECT_EQ((*logged)[0].outcome, "ok");
  EXPECT_EQ((*logged)[0].status, 201);
  auto verify = app().message_log().Verify();
  ASSERT_TRUE(verify.ok());
  EXPECT_TRUE(verify->ok) << verify->problem;

  // The citizen sees who used their data through the exchange.
  Reply uses = citizen_->Get("/api/v1/me/data-uses?channel=exchange");
  ASSERT_EQ(uses.status, 200) << uses.raw;
  ASSERT_EQ(uses.body.at("uses").as_array().size(), 2u);
  EXPECT_NE(uses.raw.find("fever-clinic"), std::string::npos);
  EXPECT_EQ(uses.raw.find(id_), std::string::npos);
}

TEST_P(ExchangePushTest, UnknownKeysAreRefusedLoggedAndChangeNothing) {
  if (!server_) return;
  testing::RunResult push = Push("fever_clinic_visit", 1, "another-seed");
  json::value report = json::parse(push.output.substr(push.output.find('{')));
  EXPECT_EQ(report.at("accepted").as_int64(), 0) << push.output;
  EXPECT_EQ(report.at("refused_by_type").at("Server.ServerProxy.InvalidSignature").as_int64(), 1)
      << push.output;
  EXPECT_EQ(Colour(), "green");
  auto counts = app().message_log().Counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->entries, 1);  // the refusal is logged

  // An unsigned call gets X-Road's error shape.
  Reply unsigned_call =
      Client()->CallRaw("POST", "/r1/CN-ZJ/GOV/330000-OW/healthcode/events", "{}",
                        {{"Content-Type", "application/json"},
                         {"X-Road-Client", kFeverClinic},
                         {"X-Road-Id", "m-1"},
                         {"X-OW-Timestamp", FormatRfc3339(app().clock().NowMillis())},
                         {"X-OW-Nonce", "n-1"},
                         {"X-OW-Purpose", "epidemic_control"},
                         {"X-Road-UserId", "CN" + id_}});
  EXPECT_EQ(unsigned_call.status, 401);
  EXPECT_EQ(unsigned_call.response.Header("X-Road-Error"), "Client.MissingSignature");
  EXPECT_EQ(unsigned_call.body.at("type").as_string(), "Client.MissingSignature");
  // An unknown service, in the same shape.
  Reply unknown = Client()->CallRaw("GET", "/r1/CN-ZJ/GOV/330000-OW/healthcode/secrets", "", {});
  EXPECT_EQ(unknown.status, 400);  // no X-Road-Client: malformed before anything else
  EXPECT_EQ(unknown.response.Header("X-Road-Error"), "Client.BadRequest");
}

TEST_P(ExchangePushTest, HospitalPullsTheColourWithALegalBasisOrAConsent) {
  if (!server_) return;
  PullClientOptions o;
  o.client = *ParseSubsystemId(kFeverClinic);
  o.key = SimMemberKey(kDefaultSimSeed, o.client).Signing();
  o.default_url = "http://127.0.0.1:" + std::to_string(server_->port());
  o.max_attempts = 1;
  PullClient hospital(o, app().clock());
  const ServiceId colour = *ParseServiceId(kColour);

  // Epidemic control: the right carries a legal basis (传染病防治法).
  auto control = hospital.Get(colour, "", "epidemic_control", id_);
  ASSERT_TRUE(control.ok()) << control.status().ToString();
  EXPECT_EQ(control->body.at("colour").as_string(), "green");
  // Treatment: only with the person's consent.
  auto refused = hospital.Get(colour, "", "treatment", id_);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("ConsentRequired"), std::string::npos)
      << refused.status().ToString();
  Reply granted = citizen_->Post(
      "/api/v1/me/consents",
      {{"client", kFeverClinic},
       {"service", kColour},
       {"purpose", "treatment"},
       {"valid_until", FormatRfc3339(app().clock().NowMillis() + 30 * kMillisPerDay)}});
  ASSERT_EQ(granted.status, 201) << granted.raw;
  auto allowed = hospital.Get(colour, "", "treatment", id_);
  ASSERT_TRUE(allowed.ok()) << allowed.status().ToString();
  // Revoked: refused on the very next call.
  const std::string consent(granted.body.at("id").as_string());
  Reply revoked = citizen_->Call("POST", "/api/v1/me/consents/" + consent + "/revoke");
  ASSERT_EQ(revoked.status, 200) << revoked.raw;
  auto after = hospital.Get(colour, "", "treatment", id_);
  ASSERT_FALSE(after.ok());
  EXPECT_NE(after.status().message().find("ConsentRequired"), std::string::npos);
}

OW_INSTANTIATE_BACKENDS(ExchangePushTest);

}  // namespace
}  // namespace ow::exchange
