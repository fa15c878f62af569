// Unit tests of the strict form parser, scopes and PKCE helpers.
#include <gtest/gtest.h>

#include "oidc/form.h"
#include "oidc/pkce.h"
#include "oidc/scopes.h"

namespace ow::oidc {
namespace {

TEST(FormTest, ParsesAndDecodes) {
  auto f =
      ParseForm("grant_type=authorization_code&redirect_uri=https%3A%2F%2Fa.gov.cn%2Fcb&x=a+b&e=");
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_EQ(f->at("grant_type"), "authorization_code");
  EXPECT_EQ(f->at("redirect_uri"), "https://a.gov.cn/cb");
  EXPECT_EQ(f->at("x"), "a b");
  EXPECT_EQ(f->at("e"), "");
  EXPECT_TRUE(ParseForm("")->empty());
}

TEST(FormTest, RefusesMalformedInput) {
  for (const char* bad : {"a=1&a=2", "a=1&&b=2", "=1", "novalue", "a=%zz", "a=%4", "a=%00", "a=b c",
                          "a=1&", "a=\x01"}) {
    auto f = ParseForm(bad);
    EXPECT_FALSE(f.ok()) << bad;
    if (!f.ok()) {
      EXPECT_EQ(f.status().code(), Code::kBadRequest) << bad;
    }
  }
  EXPECT_FALSE(ParseForm(std::string(20000, 'a') + "=1").ok());
}

TEST(FormTest, EncodeRoundTripsAndAppendQuery) {
  std::string s = "张三 a+b/c?d=e&f~";
  EXPECT_EQ(*FormDecode(FormEncode(s)), s);
  EXPECT_EQ(FormEncode("a b&"), "a%20b%26");
  EXPECT_EQ(AppendQuery("https://x/cb", {{"code", "a b"}, {"state", ""}}),
            "https://x/cb?code=a%20b");
  EXPECT_EQ(AppendQuery("https://x/cb?t=1", {{"code", "c"}}), "https://x/cb?t=1&code=c");
}

TEST(ScopesTest, ParseAndClaims) {
  auto s = ParseScopes("openid profile");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(ClaimsFor(*s), (std::vector<std::string>{"sub", "name"}));
  EXPECT_EQ(ClaimsFor(*ParseScopes("openid real_name masked_id")),
            (std::vector<std::string>{"sub", "name", "real_name_verified", "masked_id"}));
  EXPECT_FALSE(ParseScopes("openid id_number").ok());
  EXPECT_FALSE(ParseScopes("openid  profile").ok());
  EXPECT_FALSE(ParseScopes("openid openid").ok());
  EXPECT_FALSE(ParseScopes("").ok());
  for (const auto& claim : AllClaims()) EXPECT_EQ(claim.find("id_number"), std::string::npos);
}

TEST(PkceTest, S256MatchesRfc7636AppendixB) {
  // The example verifier and challenge of RFC 7636 Appendix B.
  std::string verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  EXPECT_EQ(S256Challenge(verifier), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  EXPECT_TRUE(VerifyPkce(verifier, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
  EXPECT_FALSE(VerifyPkce(verifier + "x", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
  EXPECT_FALSE(ValidCodeVerifier("short"));
  EXPECT_FALSE(ValidCodeChallenge(verifier + "="));
}

}  // namespace
}  // namespace ow::oidc
