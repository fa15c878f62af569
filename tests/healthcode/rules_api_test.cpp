// GET /api/v1/rules is public; POST /api/v1/admin/rules/reload re-reads the configured file,
// refuses a bad one (the old rules stay) and is audited; colours follow the new rules.
#include <gtest/gtest.h>

#include <fstream>

#include "healthcode/hc_fixture.h"
#include "healthcode/rules.h"

namespace ow::testing {
namespace {

void WriteRules(const std::string& path, const std::string& version, int yellow_days = 7) {
  json::object o = json::parse(std::string(healthcode::EmbeddedDefaultRules())).as_object();
  o["version"] = version;
  o["colours"].as_object()["yellow"].as_object()["quarantine_days"] = yellow_days;
  std::ofstream(path) << json::serialize(o);
}

class RulesApiTest : public ::testing::Test {
 protected:
  RulesApiTest() : path_(dir_.path() + "/rules.json") { WriteRules(path_, "test.1"); }

  TempDir dir_;
  std::string path_;
};

TEST_F(RulesApiTest, PublicRulesAndAuditedReloadThatRefusesBadFiles) {
  HcServer server("", path_);
  SetShanghai(server.clock(), 0, 9);
  TestClient anyone(server.port());
  Reply r = anyone.Get("/api/v1/rules");
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body.at("version").as_string(), "test.1");
  EXPECT_EQ(r.body.at("rules").at("temperature_threshold").as_double(), 37.3);

  TestClient admin(server.port());
  admin.RegisterAndLogin("赵管理", "330104197002200057");
  auto aid = server.app().identity().FindByIdNumber("330104197002200057");
  ASSERT_TRUE(server.app().identity().Grant(*aid, Role::kAdmin, "", "test").ok());
  TestClient citizen(server.port());
  citizen.RegisterAndLogin("张小三", "330104199003071233");
  EXPECT_EQ(citizen.Post("/api/v1/admin/rules/reload", json::object{}).status, 403);
  ASSERT_EQ(
      citizen.Post("/api/v1/me/checkins", {{"temperature", 38.0}, {"symptoms", json::array{}}})
          .status,
      201);
  EXPECT_EQ(citizen.Get("/api/v1/me/colour").body.at("rules_version").as_string(), "test.1");

  std::ofstream(path_) << "{\"version\": \"broken\", ";
  Reply bad = admin.Call("POST", "/api/v1/admin/rules/reload");
  EXPECT_EQ(bad.status, 422) << bad.raw;
  EXPECT_EQ(bad.ContentType(), "application/problem+json");
  std::ofstream(path_) << "{\"version\": \"v\", \"triggers\": []}";
  Reply invalid = admin.Call("POST", "/api/v1/admin/rules/reload");
  EXPECT_EQ(invalid.status, 422);
  EXPECT_FALSE(invalid.body.at("errors").as_array().empty());
  EXPECT_EQ(anyone.Get("/api/v1/rules").body.at("version").as_string(), "test.1");

  WriteRules(path_, "test.2", 3);
  Reply ok = admin.Call("POST", "/api/v1/admin/rules/reload");
  ASSERT_EQ(ok.status, 200) << ok.raw;
  EXPECT_EQ(ok.body.at("version").as_string(), "test.2");
  EXPECT_EQ(anyone.Get("/api/v1/rules").body.at("version").as_string(), "test.2");
  // Colours are re-evaluated under the new rules on the next read.
  Reply c = citizen.Get("/api/v1/me/colour");
  EXPECT_EQ(c.body.at("rules_version").as_string(), "test.2");
  EXPECT_EQ(c.body.at("reasons").at(0).at("zh").as_string(),
            "因2月10日健康打卡异常，需居家观察3天，已连续打卡0/7天");

  auto entries = server.app().audit().List(20, *aid);
  ASSERT_TRUE(entries.ok());
  int reloads = 0, refused = 0;
  for (const auto& e : *entries) {
    reloads += e.event.action == "healthcode.rules.reload";
    refused += e.event.action == "healthcode.rules.reload_refused";
  }
  EXPECT_EQ(reloads, 1);
  EXPECT_EQ(refused, 2);
}

TEST_F(RulesApiTest, BadRulesFileAtStartIsRefused) {
  std::ofstream(path_) << "not json";
  EXPECT_THROW(HcServer("", path_), std::runtime_error);
  EXPECT_THROW(HcServer("", dir_.path() + "/missing.json"), std::runtime_error);
}

TEST(RulesDefaultTest, DefaultPathFallsBackToTheEmbeddedRules) {
  HcServer server;  // rules/default.json relative to a test directory
  TestClient anyone(server.port());
  EXPECT_EQ(anyone.Get("/api/v1/rules").body.at("version").as_string(), "2026.1");
}

}  // namespace
}  // namespace ow::testing
