// The citizen's health code over HTTP: issue -> decode -> verify round trips, the 5-minute
// expiry, QR images (PNG decoded back with ZXing, SVG), who may verify, and the live colour
// a checkpoint sees for this installation's own codes.
#include <gtest/gtest.h>

#include "codes/qr_decode.h"
#include "codes/qr_render.h"
#include "codes/verifier.h"
#include "core/time.h"
#include "issuance_fixtures.h"

namespace ow::testing {
namespace {

constexpr char kCitizenId[] = "330104199003071233";

class HealthCodeApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    citizen_ = UserWithRole(server_.port(), server_.app(), "张小三", kCitizenId, Role::kCitizen, "",
                            &citizen_person_);
    staff_ =
        UserWithRole(server_.port(), server_.app(), "李检查",
                     MakeResidentId("330104", "19880505", 123), Role::kCheckpointStaff, "330104");
  }

  Reply Verify(TestClient& client, const std::string& payload) {
    return client.Post("/api/v1/codes/verify", {{"payload", payload}});
  }

  RegionServer server_{"330000"};
  std::unique_ptr<TestClient> citizen_;
  std::unique_ptr<TestClient> staff_;
  std::string citizen_person_;
};

TEST_F(HealthCodeApiTest, IssueDecodeVerifyRoundTrip) {
  Reply code = citizen_->Get("/api/v1/me/health-code");
  ASSERT_EQ(code.status, 200) << code.raw;
  EXPECT_EQ(code.response.Header("Cache-Control"), "no-store");
  const auto& body = code.body.as_object();
  EXPECT_EQ(body.at("colour").as_string(), "green");
  std::string payload(body.at("payload").as_string());
  ASSERT_TRUE(payload.starts_with("OW1:"));
  auto issued = ParseRfc3339(body.at("issued_at").as_string());
  auto until = ParseRfc3339(body.at("valid_until").as_string());
  ASSERT_TRUE(issued && until);
  EXPECT_EQ(*until - *issued, 300000);
  EXPECT_TRUE(body.at("reasons").is_array());
  EXPECT_EQ(body.at("streak").as_int64(), 0);
  EXPECT_EQ(body.at("streak_required").as_int64(), 0);
  EXPECT_TRUE(body.at("green_from").is_null());

  // Decode and verify offline with the published trust list.
  Reply list = TestClient(server_.port()).Get("/api/v1/trust-list");
  ASSERT_EQ(list.status, 200) << list.raw;
  auto trust = codes::TrustList::Parse(list.raw);
  ASSERT_TRUE(trust.ok()) << trust.status().ToString();
  auto offline = codes::VerifyCode(payload, *trust, server_.app().clock().NowMillis() / 1000);
  ASSERT_TRUE(offline.valid) << offline.reason;
  ASSERT_TRUE(offline.claims);
  EXPECT_EQ(offline.issuer, "330000");
  EXPECT_EQ(offline.claims->colour, codes::Colour::kGreen);
  EXPECT_EQ(offline.claims->masked_name, "张*三");
  EXPECT_EQ(offline.claims->masked_id, "3301**********1233");
  EXPECT_EQ(offline.claims->rules_version, "test-1");
  EXPECT_EQ(offline.expires - offline.issued_at, 300);
  // The subject is a pseudonym: not the resident ID, not the person id.
  EXPECT_EQ(offline.claims->subject.find("330104"), std::string::npos);
  EXPECT_NE(offline.claims->subject, citizen_person_);
  auto person = server_.app().issuer().subjects().PersonFor(offline.claims->subject);
  ASSERT_TRUE(person.ok());
  EXPECT_EQ(*person, citizen_person_);
  // The same person keeps the same subject.
  Reply again = citizen_->Get("/api/v1/me/health-code");
  auto second = codes::VerifyCode(std::string(again.body.at("payload").as_string()), *trust,
                                  server_.app().clock().NowMillis() / 1000);
  ASSERT_TRUE(second.claims);
  EXPECT_EQ(second.claims->subject, offline.claims->subject);

  // Verify through the API as checkpoint staff.
  Reply v = Verify(*staff_, payload);
  ASSERT_EQ(v.status, 200) << v.raw;
  const auto& r = v.body.as_object();
  EXPECT_TRUE(r.at("valid").as_bool());
  EXPECT_EQ(r.at("reason").as_string(), "ok");
  EXPECT_EQ(r.at("format").as_string(), "ow1");
  EXPECT_EQ(r.at("issuer").as_string(), "330000");
  EXPECT_EQ(r.at("kid").as_string(), body.at("kid").as_string());
  EXPECT_EQ(r.at("expires").as_string(), body.at("valid_until").as_string());
  EXPECT_EQ(r.at("colour").as_string(), "green");
  EXPECT_EQ(r.at("masked_name").as_string(), "张*三");
  EXPECT_EQ(r.at("masked_id").as_string(), "3301**********1233");
  EXPECT_EQ(r.at("live_colour").as_string(), "green");
  EXPECT_FALSE(r.at("colour_changed_since_issue").as_bool());
  // Only masked data: no subject pseudonym, no full name or ID anywhere.
  EXPECT_FALSE(r.contains("subject"));
  EXPECT_EQ(v.raw.find(kCitizenId), std::string::npos);
  EXPECT_EQ(v.raw.find("张小三"), std::string::npos);
  EXPECT_EQ(v.raw.find(offline.claims->subject), std::string::npos);
}

TEST_F(HealthCodeApiTest, ExpiresAfterFiveMinutes) {
  Reply code = citizen_->Get("/api/v1/me/health-code");
  ASSERT_EQ(code.status, 200) << code.raw;
  std::string payload(code.body.at("payload").as_string());
  server_.app().test_clock()->Advance(std::chrono::seconds(290));
  EXPECT_TRUE(Verify(*staff_, payload).body.at("valid").as_bool());
  server_.app().test_clock()->Advance(std::chrono::seconds(11));
  Reply v = Verify(*staff_, payload);
  ASSERT_EQ(v.status, 200) << v.raw;
  EXPECT_FALSE(v.body.at("valid").as_bool());
  EXPECT_EQ(v.body.at("reason").as_string(), "expired");
  EXPECT_FALSE(v.body.as_object().contains("live_colour"));
  // A fresh code works again.
  Reply fresh = citizen_->Get("/api/v1/me/health-code");
  EXPECT_TRUE(Verify(*staff_, std::string(fresh.body.at("payload").as_string()))
                  .body.at("valid")
                  .as_bool());
}

TEST_F(HealthCodeApiTest, TamperedAndGarbagePayloadsAreRejected) {
  Reply code = citizen_->Get("/api/v1/me/health-code");
  std::string payload(code.body.at("payload").as_string());
  std::string tampered = payload;
  tampered[tampered.size() / 2] = tampered[tampered.size() / 2] == 'A' ? 'B' : 'A';
  Reply v = Verify(*staff_, tampered);
  ASSERT_EQ(v.status, 200) << v.raw;
  EXPECT_FALSE(v.body.at("valid").as_bool());
  EXPECT_FALSE(v.body.as_object().contains("masked_name"));
  Reply garbage = Verify(*staff_, "hello");
  EXPECT_EQ(garbage.body.at("reason").as_string(), "bad_prefix");
  Reply missing = staff_->Post("/api/v1/codes/verify", json::object{});
  EXPECT_EQ(missing.status, 422);
}

TEST_F(HealthCodeApiTest, PngDecodesToTheSamePayload) {
  server_.app().test_clock()->Freeze(true);  // same second -> byte-identical payload
  Reply code = citizen_->Get("/api/v1/me/health-code");
  ASSERT_EQ(code.status, 200);
  Reply png = citizen_->Get("/api/v1/me/health-code.png");
  ASSERT_EQ(png.status, 200);
  EXPECT_EQ(png.ContentType(), "image/png");
  EXPECT_EQ(png.response.Header("Cache-Control"), "no-store");
  auto decoded = codes::DecodeQrPng(codes::AsBytes(png.raw));
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(*decoded, code.body.at("payload").as_string());
  EXPECT_TRUE(Verify(*staff_, *decoded).body.at("valid").as_bool());

  Reply small = citizen_->Get("/api/v1/me/health-code.png?scale=3");
  ASSERT_EQ(small.status, 200);
  EXPECT_LT(small.raw.size(), png.raw.size() + 1);
  EXPECT_EQ(citizen_->Get("/api/v1/me/health-code.png?scale=99").status, 422);

  Reply svg = citizen_->Get("/api/v1/me/health-code.svg");
  ASSERT_EQ(svg.status, 200);
  EXPECT_EQ(svg.ContentType(), "image/svg+xml");
  EXPECT_EQ(svg.response.Header("Cache-Control"), "no-store");
  EXPECT_NE(svg.raw.find("<svg"), std::string::npos);
  EXPECT_NE(svg.raw.find(codes::ColourHex(codes::Colour::kGreen)), std::string::npos);
  server_.app().test_clock()->Freeze(false);
}

TEST_F(HealthCodeApiTest, FrameFollowsTheColour) {
  healthcode::ColourState red;
  red.colour = codes::Colour::kRed;
  red.rules_version = "test-1";
  red.streak = 2;
  red.streak_required = 14;
  red.green_from_date = "2026-03-01";
  red.reasons.push_back({"close_contact", "密切接触者，需集中隔离14天", "close contact"});
  server_.colours().Set(citizen_person_, red);
  Reply code = citizen_->Get("/api/v1/me/health-code");
  ASSERT_EQ(code.status, 200);
  EXPECT_EQ(code.body.at("colour").as_string(), "red");
  EXPECT_EQ(code.body.at("streak").as_int64(), 2);
  EXPECT_EQ(code.body.at("streak_required").as_int64(), 14);
  EXPECT_EQ(code.body.at("green_from").as_string(), "2026-03-01");
  EXPECT_EQ(code.body.at("reasons").at(0).at("code").as_string(), "close_contact");
  EXPECT_EQ(code.body.at("reasons").at(0).at("zh").as_string(), "密切接触者，需集中隔离14天");
  Reply svg = citizen_->Get("/api/v1/me/health-code.svg");
  EXPECT_NE(svg.raw.find(codes::ColourHex(codes::Colour::kRed)), std::string::npos);
  EXPECT_EQ(svg.raw.find(codes::ColourHex(codes::Colour::kGreen)), std::string::npos);
}

TEST_F(HealthCodeApiTest, CheckpointSeesLiveColourChangedAfterIssue) {
  Reply code = citizen_->Get("/api/v1/me/health-code");
  std::string payload(code.body.at("payload").as_string());
  server_.app().test_clock()->Advance(std::chrono::seconds(30));
  healthcode::ColourState yellow;
  yellow.colour = codes::Colour::kYellow;
  yellow.changed_at_ms = server_.app().clock().NowMillis();
  yellow.rules_version = "test-1";
  server_.colours().Set(citizen_person_, yellow);
  Reply v = Verify(*staff_, payload);
  ASSERT_EQ(v.status, 200) << v.raw;
  EXPECT_TRUE(v.body.at("valid").as_bool());
  EXPECT_EQ(v.body.at("colour").as_string(), "green");
  EXPECT_EQ(v.body.at("live_colour").as_string(), "yellow");
  EXPECT_TRUE(v.body.at("colour_changed_since_issue").as_bool());
  // The live-colour lookup is audited as a read of the person's data.
  auto entries = server_.app().audit().List(20, "", citizen_person_);
  ASSERT_TRUE(entries.ok());
  bool found = false;
  for (const auto& e : *entries)
    found |= e.event.action == "pii.read" && e.event.fields == "colour";
  EXPECT_TRUE(found);
}

TEST_F(HealthCodeApiTest, VerifyIsForCheckpointsOfficialsSystemsAndAdmins) {
  Reply code = citizen_->Get("/api/v1/me/health-code");
  std::string payload(code.body.at("payload").as_string());
  EXPECT_EQ(Verify(*citizen_, payload).status, 403);
  EXPECT_EQ(TestClient(server_.port()).Post("/api/v1/codes/verify", {{"payload", payload}}).status,
            401);
  int seq = 200;
  for (Role role : {Role::kHealthOfficial, Role::kDepartmentSystem, Role::kAdmin}) {
    auto c = UserWithRole(server_.port(), server_.app(), "王五",
                          MakeResidentId("330104", "19700101", seq++), role, "");
    EXPECT_EQ(Verify(*c, payload).status, 200) << RoleName(role);
  }
  auto worker =
      UserWithRole(server_.port(), server_.app(), "赵六",
                   MakeResidentId("330104", "19700101", seq++), Role::kCommunityWorker, "330104");
  EXPECT_EQ(Verify(*worker, payload).status, 403);
  // The health code itself needs a login; the trust list is public.
  EXPECT_EQ(TestClient(server_.port()).Get("/api/v1/me/health-code").status, 401);
  EXPECT_EQ(TestClient(server_.port()).Get("/api/v1/me/health-code.png").status, 401);
  EXPECT_EQ(TestClient(server_.port()).Get("/api/v1/trust-list").status, 200);
}

TEST(HealthCodeWithoutEngineTest, UnavailableUntilTheColourEngineIsAttached) {
  RegionServer server("330000");
  server.app().issuer().set_colour_service(nullptr);
  auto citizen = UserWithRole(server.port(), server.app(), "张三", kCitizenId, Role::kCitizen);
  EXPECT_EQ(citizen->Get("/api/v1/me/health-code").status, 503);
}

}  // namespace
}  // namespace ow::testing

namespace ow::testing {
namespace {

// With the application's own colour engine (no fake): a declaration with fever turns the
// code's colour, frame and live colour away from green.
TEST(HealthCodeWithEngineTest, CodeFollowsTheApplicationsColourEngine) {
  TestServer server;
  TestClient citizen(server.port());
  citizen.RegisterAndLogin("张三", "330104199003071233");
  auto staff =
      UserWithRole(server.port(), server.app(), "李检查", MakeResidentId("330104", "19880505", 123),
                   Role::kCheckpointStaff, "330104");
  Reply green = citizen.Get("/api/v1/me/health-code");
  ASSERT_EQ(green.status, 200) << green.raw;
  EXPECT_EQ(green.body.at("colour").as_string(), "green");
  std::string green_payload(green.body.at("payload").as_string());

  server.app().test_clock()->Advance(std::chrono::seconds(5));
  Reply d = citizen.Post("/api/v1/me/declarations", {{"residence_region", "330104"},
                                                     {"temperature", 38.2},
                                                     {"symptoms", json::array{"fever"}},
                                                     {"travel", json::array{}},
                                                     {"contact_with_case", false},
                                                     {"consent", true}});
  ASSERT_EQ(d.status, 201) << d.raw;
  std::string colour(d.body.at("colour").as_string());
  EXPECT_NE(colour, "green");

  Reply code = citizen.Get("/api/v1/me/health-code");
  ASSERT_EQ(code.status, 200) << code.raw;
  EXPECT_EQ(code.body.at("colour").as_string(), colour);
  EXPECT_FALSE(code.body.at("reasons").as_array().empty());
  EXPECT_FALSE(code.body.at("rules_version").as_string().empty());

  // The green code shown before the declaration is still validly signed, but the checkpoint
  // sees that the colour changed since.
  Reply v = staff->Post("/api/v1/codes/verify", {{"payload", green_payload}});
  ASSERT_EQ(v.status, 200) << v.raw;
  EXPECT_TRUE(v.body.at("valid").as_bool());
  EXPECT_EQ(v.body.at("colour").as_string(), "green");
  EXPECT_EQ(v.body.at("live_colour").as_string(), colour);
  EXPECT_TRUE(v.body.at("colour_changed_since_issue").as_bool());
}

}  // namespace
}  // namespace ow::testing
