// The provider on PostgreSQL with two nodes sharing one database: both create the signing
// key at once and agree on it; a code issued on one node is redeemed on the other and
// cannot be replayed on either. Skipped without OW_TEST_PG_URL (see scripts/pg.sh).
#include <gtest/gtest.h>

#include <thread>

#include "relying_platform.h"
#include "support/pg_test_db.h"

namespace ow::testing {
namespace {

TEST(OidcPostgresTest, TwoNodesShareKeyAndCodes) {
  PgTestDatabase db;
  OW_REQUIRE_PG_OR_SKIP(db);
  TestServer node1(db.url());
  // One installation: both nodes are configured with the same public URL (the issuer).
  TestServer node2(db.url(), true, node1.dir() + "/master.key", node1.app().public_url());

  // First use on both nodes at the same time: one key wins, both serve it.
  std::string kid1, kid2;
  std::thread t1([&] {
    TestClient c(node1.port());
    kid1 = Str(c.Get("/oauth2/jwks").body.at("keys").at(0).at("kid"));
  });
  std::thread t2([&] {
    TestClient c(node2.port());
    kid2 = Str(c.Get("/oauth2/jwks").body.at("keys").at(0).at("kid"));
  });
  t1.join();
  t2.join();
  EXPECT_EQ(kid1, kid2);
  auto keys = node1.app().db().Query("SELECT COUNT(*) FROM oidc_signing_keys");
  ASSERT_TRUE(keys.ok());
  EXPECT_EQ((*keys)[0].Int(0), 1);

  TestClient admin(node1.port());
  MakeAdmin(node1, admin, MakeResidentId("330106", "19850101", 1));
  TestClient citizen(node1.port());
  citizen.RegisterAndLogin("张小三", "330104199003071233");
  RelyingPlatform rp(node1, admin, "tax", {"openid", "real_name"});
  AuthRequest r = rp.NewRequest("openid real_name");
  std::string code = rp.Approve(citizen, r);

  rp.SendTo(node2);
  Reply t = rp.RedeemCode(code, r.verifier);
  ASSERT_EQ(t.status, 200) << t.raw;
  IdToken tok = rp.Verify(Str(t.body.at("id_token")));
  EXPECT_TRUE(tok.signature_ok);
  EXPECT_EQ(Str(tok.claims.at("name")), "张小三");
  EXPECT_EQ(Str(tok.claims.at("iss")), rp.Issuer());

  rp.SendTo(node1);
  Reply again = rp.RedeemCode(code, r.verifier);
  EXPECT_EQ(Str(again.body.at("error")), "invalid_grant");
  EXPECT_EQ(rp.UserInfo(Str(t.body.at("access_token"))).status, 401);  // revoked by the replay
}

}  // namespace
}  // namespace ow::testing
