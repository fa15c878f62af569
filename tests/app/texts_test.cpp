// GET /api/v1/texts is the one table of code texts, and every screen's source agrees with it:
// the code page's hint, the inbox message and the gate's verdict say the same thing.
#include <gtest/gtest.h>

#include "checkpoint/scan_service.h"
#include "healthcode/rules.h"
#include "support/test_server.h"

namespace ow::testing {
namespace {

std::string Str(const json::value& v) { return std::string(v.as_string()); }

TEST(TextsTest, PublicTableWithETagAndTheRulesHints) {
  TestServer server;
  TestClient anonymous(server.port());
  Reply r = anonymous.Get("/api/v1/texts");
  ASSERT_EQ(r.status, 200) << r.raw;
  std::string tag = r.response.Header("ETag");
  EXPECT_FALSE(tag.empty());
  EXPECT_NE(r.response.Header("Cache-Control").find("max-age="), std::string::npos);
  auto rules = healthcode::ParseRules(healthcode::EmbeddedDefaultRules());
  ASSERT_TRUE(rules.ok());
  for (auto c : {codes::Colour::kGreen, codes::Colour::kYellow, codes::Colour::kRed}) {
    const auto& h = r.body.at("hints").at(codes::ColourName(c));
    EXPECT_EQ(Str(h.at("zh")), rules->Hint(c).zh);
    EXPECT_EQ(Str(h.at("en")), rules->Hint(c).en);
    EXPECT_EQ(Str(r.body.at("colours").at(codes::ColourName(c)).at("zh")), codes::ColourNameZh(c));
  }
  // Every verdict the server gives and every verifier reason a device meets offline.
  for (const char* code : {"ok", "yellow_code", "red_code", "expired", "forged", "unknown_issuer",
                           "bad_signature", "unknown_kid", "bad_prefix", "not_assigned"}) {
    const auto* v = r.body.at("verdicts").as_object().if_contains(code);
    ASSERT_NE(v, nullptr) << code;
    EXPECT_EQ(Str(v->at("zh")), checkpoint::ReasonText(code).first);
    EXPECT_FALSE(Str(v->at("en")).empty());
  }
  EXPECT_EQ(Str(r.body.at("rules_version")), rules->version);

  Reply again = anonymous.Call("GET", "/api/v1/texts", nullptr, {{"If-None-Match", tag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.raw.empty());
  EXPECT_EQ(again.response.Header("ETag"), tag);
  Reply other = anonymous.Call("GET", "/api/v1/texts", nullptr, {{"If-None-Match", "\"x\""}});
  EXPECT_EQ(other.status, 200);
}

TEST(TextsTest, CodePageInboxAndCheckInAgree) {
  TestServer server;
  TestClient citizen(server.port());
  citizen.RegisterAndLogin("李四", "330104199003071233");
  Reply texts = citizen.Get("/api/v1/texts");
  ASSERT_EQ(texts.status, 200);
  const auto& yellow = texts.body.at("hints").at("yellow");

  Reply before = citizen.Get("/api/v1/me/colour");
  ASSERT_EQ(before.status, 200) << before.raw;
  EXPECT_FALSE(before.body.at("checked_in_today").as_bool());
  EXPECT_EQ(Str(before.body.at("hint").at("zh")), Str(texts.body.at("hints").at("green").at("zh")));

  // An abnormal check-in: yellow, and today's check-in is done.
  Reply check =
      citizen.Post("/api/v1/me/checkins", {{"temperature", 38.2}, {"symptoms", json::array{}}});
  ASSERT_EQ(check.status, 201) << check.raw;
  Reply code = citizen.Get("/api/v1/me/health-code");
  ASSERT_EQ(code.status, 200) << code.raw;
  EXPECT_EQ(Str(code.body.at("colour")), "yellow");
  EXPECT_TRUE(code.body.at("checked_in_today").as_bool());
  EXPECT_EQ(code.body.at("streak").as_int64(), 0);
  EXPECT_EQ(code.body.at("hint"), yellow);
  Reply colour = citizen.Get("/api/v1/me/colour");
  EXPECT_TRUE(colour.body.at("checked_in_today").as_bool());
  EXPECT_EQ(colour.body.at("hint"), yellow);
  // The check-in screen's refusal agrees with checked_in_today.
  EXPECT_EQ(
      citizen.Post("/api/v1/me/checkins", {{"temperature", 36.5}, {"symptoms", json::array{}}})
          .status,
      409);

  Reply inbox = citizen.Get("/api/v1/me/inbox");
  ASSERT_EQ(inbox.status, 200);
  const auto& m = inbox.body.at("messages").at(0);
  EXPECT_NE(Str(m.at("body_zh")).find(Str(yellow.at("zh"))), std::string::npos) << inbox.raw;
  EXPECT_NE(Str(m.at("body_en")).find(Str(yellow.at("en"))), std::string::npos) << inbox.raw;

  // The next Shanghai day the check-in is open again.
  int64_t now = server.app().clock().NowMillis();
  int64_t midnight = ShanghaiMidnightMillis(CivilFromDays(DaysFromCivil(ShanghaiDate(now)) + 1));
  server.app().test_clock()->Advance(std::chrono::milliseconds(midnight - now + 60'000));
  citizen.Login("330104199003071233");  // sessions last 12 hours
  EXPECT_FALSE(citizen.Get("/api/v1/me/colour").body.at("checked_in_today").as_bool());
}

TEST(TextsTest, CodeCaptionIsBeijingTimeInTheReadersLanguage) {
  TestServer server;
  TestClient citizen(server.port());
  citizen.RegisterAndLogin("王五", "330104199003071233");
  Reply code = citizen.Get("/api/v1/me/health-code");
  ASSERT_EQ(code.status, 200);
  auto until = ParseRfc3339(Str(code.body.at("valid_until")));
  ASSERT_TRUE(until);
  std::string hm = FormatRfc3339(*until + kShanghaiOffsetSeconds * 1000).substr(11, 5);
  Reply zh = citizen.Get("/api/v1/me/health-code.svg");
  ASSERT_EQ(zh.status, 200);
  EXPECT_EQ(zh.raw.find("UTC"), std::string::npos);
  EXPECT_NE(zh.raw.find("有效至" + hm + "（北京时间）"), std::string::npos)
      << zh.raw.substr(zh.raw.size() - 400);
  EXPECT_NE(zh.raw.find("Noto Sans CJK SC"), std::string::npos);
  Reply en = citizen.Get("/api/v1/me/health-code.svg?lang=en");
  EXPECT_NE(en.raw.find("valid until " + hm + " (Beijing)"), std::string::npos);
  EXPECT_EQ(en.raw.find("有效至"), std::string::npos);
  Reply bare = citizen.Get("/api/v1/me/health-code.svg?caption=none");
  EXPECT_EQ(bare.raw.find("<text"), std::string::npos);
}

}  // namespace
}  // namespace ow::testing
