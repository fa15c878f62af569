// Two nodes on one database (SQLite here; the PostgreSQL feed is covered in change_feed_test):
// the gate-side caches (sessions and grants, places, live colours, the trust list) serve
// memory, and what one node changes — a logout, a revoked grant, a new colour, a new issuer
// key — is what the other node answers with after its next change-feed poll.
#include <gtest/gtest.h>

#include "healthcode/colour_state.h"
#include "support/test_server.h"

namespace ow::testing {
namespace {

class TwoNodesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    official_.RegisterAndLogin("王建国", "330102199208150047");
    ASSERT_TRUE(a_.app()
                    .identity()
                    .Grant(PersonId("330102199208150047"), Role::kHealthOfficial, "3301", "test")
                    .ok());
    staff_on_a_.RegisterAndLogin("陈晓晖", "330106198505120021");
    staff_on_b_.SetToken(staff_on_a_.token());  // the same session, used on the other node
    citizen_.RegisterAndLogin("张小三", "330104199003071233");
    Reply place = official_.Post(
        "/api/v1/places", {{"name", "1号门"}, {"kind", "community_gate"}, {"region", "330104"}});
    ASSERT_EQ(place.status, 201) << place.raw;
    place_id_ = std::string(place.body.at("place_id").as_string());
    ASSERT_EQ(
        official_
            .Post("/api/v1/places/" + place_id_ + "/staff", {{"id_number", "330106198505120021"}})
            .status,
        201);
  }

  std::string PersonId(const std::string& id_number) {
    return *a_.app().identity().FindByIdNumber(id_number);
  }
  std::string Code() {
    Reply r = citizen_.Get("/api/v1/me/health-code");
    EXPECT_EQ(r.status, 200) << r.raw;
    return r.status == 200 ? std::string(r.body.at("payload").as_string()) : "";
  }
  Reply ScanOnB(const std::string& payload) {
    return staff_on_b_.Post("/api/v1/scans",
                            {{"payload", payload}, {"place_id", place_id_}, {"direction", "in"}});
  }
  void PollB() { ASSERT_TRUE(b_.app().change_feed().Poll().ok()); }

  TestServer a_;
  TestServer b_{"sqlite:" + a_.dir() + "/ow.db", true, a_.dir() + "/master.key"};
  TestClient official_{a_.port()}, staff_on_a_{a_.port()}, staff_on_b_{b_.port()},
      citizen_{a_.port()};
  std::string place_id_;
};

TEST_F(TwoNodesTest, NodeServesSessionsFromMemoryAndForgetsThemWhenTheFeedSaysSo) {
  // Node B first reads what the set-up published (the staff grant evicts the staff member's
  // sessions); its own poll doing so in the middle of the test would look like a lost cache.
  PollB();
  ASSERT_EQ(staff_on_b_.Get("/api/v1/me").status, 200);
  // Revoked behind the feed's back (no feed row): node B keeps answering from memory, which
  // shows the cache is really used...
  ASSERT_TRUE(b_.app()
                  .db()
                  .Exec("UPDATE sessions SET revoked_at = 1 WHERE person_id = ?",
                        {PersonId("330106198505120021")})
                  .ok());
  EXPECT_EQ(staff_on_b_.Get("/api/v1/me").status, 200);
  // ... and a feed entry for the session is what makes it forget.
  auto sid = b_.app().identity().Authenticate(staff_on_a_.token());
  ASSERT_TRUE(sid.ok());
  ASSERT_TRUE(a_.app()
                  .db()
                  .Transact([&](store::Tx& tx) {
                    return a_.app().change_feed().Publish(tx, identity::kSessionTopic,
                                                          sid->session_id);
                  })
                  .ok());
  PollB();
  EXPECT_EQ(staff_on_b_.Get("/api/v1/me").status, 401);
}

TEST_F(TwoNodesTest, LogoutOnOneNodeEndsTheSessionOnTheOther) {
  ASSERT_EQ(staff_on_b_.Get("/api/v1/me").status, 200);
  ASSERT_EQ(staff_on_a_.Call("DELETE", "/api/v1/sessions/current").status, 204);
  PollB();
  EXPECT_EQ(staff_on_b_.Get("/api/v1/me").status, 401);
}

TEST_F(TwoNodesTest, RevokedGrantStopsScansOnTheOtherNode) {
  Reply allowed = ScanOnB(Code());
  ASSERT_EQ(allowed.status, 201) << allowed.raw;
  EXPECT_TRUE(allowed.body.at("allowed").as_bool());
  ASSERT_TRUE(a_.app()
                  .identity()
                  .Revoke(PersonId("330106198505120021"), Role::kCheckpointStaff,
                          "place:" + place_id_, "test")
                  .ok());
  PollB();
  EXPECT_EQ(ScanOnB(Code()).status, 403);
}

TEST_F(TwoNodesTest, ColourChangedOnOneNodeIsWhatTheOtherNodeChecks) {
  const std::string green = Code();
  ASSERT_TRUE(ScanOnB(green).body.at("allowed").as_bool());
  auto s = a_.app().health_codes().ApplySignal({PersonId("330104199003071233"),
                                                healthcode::SignalKind::kCloseContact, "trace:test",
                                                a_.app().clock().NowMillis(), "", ""});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  PollB();
  Reply old = ScanOnB(green);
  ASSERT_EQ(old.status, 201);
  EXPECT_FALSE(old.body.at("allowed").as_bool());
  EXPECT_EQ(old.body.at("reason").as_string(), "colour_changed");
  Reply fresh = ScanOnB(Code());
  EXPECT_EQ(fresh.body.at("reason").as_string(), "red_code");
}

TEST_F(TwoNodesTest, IssuerKeyRotatedOnOneNodeIsTrustedByTheOther) {
  ASSERT_TRUE(ScanOnB(Code()).body.at("allowed").as_bool());  // B has built its trust list
  auto rotated = a_.app().issuer().keys().Rotate("test", "");
  ASSERT_TRUE(rotated.ok()) << rotated.status().ToString();
  PollB();
  Reply r = ScanOnB(Code());  // signed with the new key
  ASSERT_EQ(r.status, 201) << r.raw;
  EXPECT_TRUE(r.body.at("allowed").as_bool()) << r.raw;
}

}  // namespace
}  // namespace ow::testing
