// ConsentStore on both backends (HasConsent: expired, revoked, other client, purpose or
// service; grant validation against the catalogue; revocation idempotent and per person), the
// working-day deadline of data-use disputes, and revocation seen at once by a second node on
// PostgreSQL.
#include <gtest/gtest.h>

#include "core/time.h"
#include "exchange/consent_store.h"
#include "exchange/disputes.h"
#include "relying_platform.h"
#include "support/backend_test.h"
#include "test_catalogue.h"

namespace ow::testing {
namespace {

using exchange::ConsentInput;
using exchange::ParseServiceId;
using exchange::ParseSubsystemId;

// 2026-02-10 (a Tuesday) 09:00 in Shanghai.
int64_t Start() { return ShanghaiMidnightMillis({2026, 2, 10}) + 9 * kMillisPerHour; }

class ConsentStoreTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (!server_) return;
    app().test_clock()->Set(TimePoint(std::chrono::milliseconds(Start())));
    app().test_clock()->Freeze(true);  // instants in the record are exact
    app().consents().UseDirectory(&catalogue_);
  }
  int64_t Now() { return app().clock().NowMillis(); }
  ConsentInput Fever(int64_t days = 30) {
    return {kTaxClient, kFeverService, "travel_check", Now() + days * kMillisPerDay};
  }
  bool Has(const std::string& person, const char* client, const char* service, const char* purpose,
           int64_t at) {
    auto r = app().consents().HasConsent(person, *ParseSubsystemId(client),
                                         *ParseServiceId(service), purpose, at);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() && *r;
  }
  std::vector<std::string> Codes(const Status& s) {
    std::vector<std::string> out;
    for (const auto& f : s.fields()) out.push_back(f.path + ":" + f.code);
    return out;
  }
  TestCatalogue catalogue_;
};

TEST_P(ConsentStoreTest, HasConsentOnlyForTheGrantedClientServicePurposeAndTime) {
  if (!server_) return;
  auto c = app().consents().Grant("pidx-a", Fever(30), "person-a");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  const int64_t now = Now();
  EXPECT_TRUE(Has("pidx-a", kTaxClient, kFeverService, "travel_check", now));
  EXPECT_FALSE(Has("pidx-b", kTaxClient, kFeverService, "travel_check", now));    // other person
  EXPECT_FALSE(Has("pidx-a", kRailClient, kFeverService, "travel_check", now));   // other client
  EXPECT_FALSE(Has("pidx-a", kTaxClient, kFeverService, "sick_leave", now));      // other purpose
  EXPECT_FALSE(Has("pidx-a", kTaxClient, kLicenceService, "travel_check", now));  // other service
  EXPECT_FALSE(Has("pidx-a", kTaxClient, kFeverService, "travel_check", c->granted_at_ms - 1));
  EXPECT_TRUE(Has("pidx-a", kTaxClient, kFeverService, "travel_check", c->valid_until_ms - 1));
  EXPECT_FALSE(Has("pidx-a", kTaxClient, kFeverService, "travel_check", c->valid_until_ms));

  // Expired: listed as such, no longer consented.
  app().test_clock()->Advance(std::chrono::milliseconds(31 * kMillisPerDay));
  EXPECT_FALSE(Has("pidx-a", kTaxClient, kFeverService, "travel_check", Now()));
  auto list = app().consents().List("pidx-a");
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].StatusAt(Now()), "expired");
}

TEST_P(ConsentStoreTest, RevocationIsImmediateIdempotentAndOnlyTheOwners) {
  if (!server_) return;
  auto c = app().consents().Grant("pidx-a", Fever(), "person-a");
  ASSERT_TRUE(c.ok());
  // Someone else's consent is not found and stays in force.
  EXPECT_EQ(app().consents().Revoke("pidx-b", c->id, "person-b").status().code(), Code::kNotFound);
  EXPECT_TRUE(Has("pidx-a", kTaxClient, kFeverService, "travel_check", Now()));

  auto r1 = app().consents().Revoke("pidx-a", c->id, "person-a");
  ASSERT_TRUE(r1.ok());
  ASSERT_TRUE(r1->revoked_at_ms.has_value());
  EXPECT_FALSE(Has("pidx-a", kTaxClient, kFeverService, "travel_check", Now()));
  app().test_clock()->Advance(std::chrono::milliseconds(1000));
  auto r2 = app().consents().Revoke("pidx-a", c->id, "person-a");
  ASSERT_TRUE(r2.ok());
  EXPECT_EQ(*r2->revoked_at_ms, *r1->revoked_at_ms);  // the first revocation stands
  EXPECT_EQ(r2->StatusAt(Now()), "revoked");

  // One audit entry for the grant, one for the (single) revocation.
  auto entries = app().audit().List(100, "person-a");
  ASSERT_TRUE(entries.ok());
  int grants = 0, revokes = 0;
  for (const auto& e : *entries) {
    grants += e.event.action == "exchange.consent.grant";
    revokes += e.event.action == "exchange.consent.revoke";
  }
  EXPECT_EQ(grants, 1);
  EXPECT_EQ(revokes, 1);
}

TEST_P(ConsentStoreTest, GrantIsValidatedAgainstTheCatalogue) {
  if (!server_) return;
  auto& store = app().consents();
  auto bad = store.Grant("p", {"not-an-id", "CN/GOV", "Bad Purpose", Now() - 1}, "x");
  EXPECT_EQ(bad.status().code(), Code::kInvalid);
  EXPECT_EQ(Codes(bad.status()),
            (std::vector<std::string>{"$.client:invalid_id", "$.service:invalid_id",
                                      "$.purpose:invalid", "$.valid_until:in_past"}));
  auto too_long = store.Grant("p", Fever(400), "x");
  EXPECT_EQ(Codes(too_long.status()), (std::vector<std::string>{"$.valid_until:too_long"}));
  auto unknown = store.Grant(
      "p", {"CN-ZJ/GOV/330000-X/y", "CN-ZJ/GOV/330000-X/y/z", "travel_check", Now() + 1000}, "x");
  EXPECT_EQ(Codes(unknown.status()),
            (std::vector<std::string>{"$.client:unknown_member", "$.service:unknown_service"}));
  auto unconditional =
      store.Grant("p", {kTaxClient, kLicenceService, "tax_filing", Now() + 1000}, "x");
  EXPECT_EQ(Codes(unconditional.status()), (std::vector<std::string>{"$.service:not_conditional"}));
  auto not_shared = store.Grant("p", {kTaxClient, kSecretService, "x", Now() + 1000}, "x");
  EXPECT_EQ(Codes(not_shared.status()), (std::vector<std::string>{"$.service:not_conditional"}));
  auto purpose = store.Grant("p", {kTaxClient, kFeverService, "marketing", Now() + 1000}, "x");
  EXPECT_EQ(Codes(purpose.status()), (std::vector<std::string>{"$.purpose:purpose_not_listed"}));

  store.UseDirectory(nullptr);  // no catalogue wired: grants refused, checks still answered
  EXPECT_EQ(store.Grant("p", Fever(), "x").status().code(), Code::kUnavailable);
  EXPECT_FALSE(Has("p", kTaxClient, kFeverService, "travel_check", Now()));
  auto none = store.List("p");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

OW_INSTANTIATE_BACKENDS(ConsentStoreTest);

TEST(WorkingDaysDeadlineTest, CountsMondayToFridayInShanghai) {
  auto at = [](Date d, int hour) { return ShanghaiMidnightMillis(d) + hour * kMillisPerHour; };
  // Tuesday 2026-02-10 -> Wed, Thu, Fri, Mon, Tue: due at the end of Tuesday 2026-02-17.
  EXPECT_EQ(exchange::WorkingDaysDeadline(at({2026, 2, 10}, 9), 5),
            ShanghaiMidnightMillis({2026, 2, 18}));
  // Friday 23:30 -> Mon..Fri of the next week.
  EXPECT_EQ(exchange::WorkingDaysDeadline(at({2026, 2, 13}, 23) + 30 * kMillisPerMinute, 5),
            ShanghaiMidnightMillis({2026, 2, 21}));
  // Saturday and Sunday count the same as Friday evening.
  EXPECT_EQ(exchange::WorkingDaysDeadline(at({2026, 2, 14}, 10), 5),
            ShanghaiMidnightMillis({2026, 2, 21}));
  EXPECT_EQ(exchange::WorkingDaysDeadline(at({2026, 2, 15}, 10), 1),
            ShanghaiMidnightMillis({2026, 2, 17}));
  // The Shanghai day, not the UTC day: 2026-02-13 20:00 UTC is Saturday 04:00 in Shanghai.
  int64_t utc_friday_evening = ShanghaiMidnightMillis({2026, 2, 14}) + 4 * kMillisPerHour;
  EXPECT_EQ(exchange::WorkingDaysDeadline(utc_friday_evening, 1),
            ShanghaiMidnightMillis({2026, 2, 17}));
}

// Two nodes on one PostgreSQL database: a consent revoked through one node's API is refused
// by the other node's ConsentChecker on the very next check.
TEST(ConsentTwoNodesTest, RevocationOnOneNodeAppliesAtOnceOnTheOther) {
  PgTestDatabase db;
  OW_REQUIRE_PG_OR_SKIP(db);
  TestServer node1(db.url());
  TestServer node2(db.url(), true, node1.dir() + "/master.key");
  TestCatalogue catalogue;
  node1.app().consents().UseDirectory(&catalogue);
  node2.app().consents().UseDirectory(&catalogue);
  for (TestServer* n : {&node1, &node2})
    n->app().test_clock()->Set(TimePoint(std::chrono::milliseconds(Start())));

  const std::string id = MakeResidentId("330106", "19850512", 21);
  TestClient citizen(node1.port());
  citizen.RegisterAndLogin("张小三", id);
  Reply granted = citizen.Post("/api/v1/me/consents",
                               {{"client", kTaxClient},
                                {"service", kFeverService},
                                {"purpose", "travel_check"},
                                {"valid_until", FormatRfc3339(Start() + 30 * kMillisPerDay)}});
  ASSERT_EQ(granted.status, 201) << granted.raw;

  // The gateway on node 2 knows the person only by PersonIndex of the resident ID.
  const std::string person = exchange::PersonIndex(node2.app().keys().index_key(), id);
  auto check = [&](TestServer& node) {
    auto r = node.app().consents().HasConsent(person, *ParseSubsystemId(kTaxClient),
                                              *ParseServiceId(kFeverService), "travel_check",
                                              node.app().clock().NowMillis());
    EXPECT_TRUE(r.ok());
    return r.ok() && *r;
  };
  EXPECT_TRUE(check(node2));
  EXPECT_TRUE(check(node1));

  // Revoked through node 1's API (the session is valid on node 2 too: revoke there instead
  // would be the same); node 2 refuses immediately, without waiting for any poll.
  Reply revoked =
      citizen.Post("/api/v1/me/consents/" + Str(granted.body.at("id")) + "/revoke", nullptr);
  ASSERT_EQ(revoked.status, 200) << revoked.raw;
  EXPECT_FALSE(check(node2));
  EXPECT_FALSE(check(node1));

  // And the other way round: granted through node 2, revoked through node 2, node 1 refuses.
  TestClient citizen2(node2.port());
  citizen2.SetToken(citizen.token());
  Reply again = citizen2.Post("/api/v1/me/consents",
                              {{"client", kTaxClient},
                               {"service", kFeverService},
                               {"purpose", "travel_check"},
                               {"valid_until", FormatRfc3339(Start() + 30 * kMillisPerDay)}});
  ASSERT_EQ(again.status, 201) << again.raw;
  EXPECT_TRUE(check(node1));
  ASSERT_EQ(
      citizen2.Post("/api/v1/me/consents/" + Str(again.body.at("id")) + "/revoke", nullptr).status,
      200);
  EXPECT_FALSE(check(node1));
}

}  // namespace
}  // namespace ow::testing
