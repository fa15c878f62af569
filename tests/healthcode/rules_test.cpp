// Parsing and validation of the rules file; the shipped rules/default.json is the embedded one.
#include "healthcode/rules.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <set>
#include <sstream>

namespace ow::healthcode {
namespace {

namespace json = boost::json;

json::object DefaultJson() { return json::parse(std::string(EmbeddedDefaultRules())).as_object(); }

std::set<std::string> ErrorPaths(const Status& s) {
  std::set<std::string> out;
  for (const auto& f : s.fields()) out.insert(f.path);
  return out;
}

TEST(RulesTest, EmbeddedDefaultMatchesTheFileAndEncodesThePolicy) {
  std::ifstream in(std::string(OW_SOURCE_DIR) + "/rules/default.json");
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_EQ(ss.str(), EmbeddedDefaultRules());
  auto r = ParseRules(EmbeddedDefaultRules());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->version, "2026.1");
  EXPECT_DOUBLE_EQ(r->temperature_threshold, 37.3);
  for (const char* red : {"confirmed_case", "suspected_case", "close_contact",
                          "stay_high_risk_area", "test_positive", "declared_contact_with_case"}) {
    EXPECT_EQ(r->Trigger(red).colour, Colour::kRed) << red;
    EXPECT_EQ(r->Trigger(red).quarantine_days, 14) << red;
    EXPECT_EQ(r->Trigger(red).checkins_required, 14) << red;
  }
  for (const char* yellow :
       {"fever_clinic_visit", "fever_drug_purchase", "stay_medium_risk_area", "secondary_contact",
        "declared_fever", "declared_symptoms", "abnormal_checkin"}) {
    EXPECT_EQ(r->Trigger(yellow).colour, Colour::kYellow) << yellow;
    EXPECT_EQ(r->Trigger(yellow).quarantine_days, 7) << yellow;
    EXPECT_EQ(r->Trigger(yellow).checkins_required, 7) << yellow;
  }
  EXPECT_EQ(r->Trigger("fever_clinic_visit").zh,
            "因{date}发热门诊就诊，需居家观察{days}天，已连续打卡{streak}/{required}天");
  for (const char* s : {"fever", "cough", "fatigue", "sore_throat", "loss_of_smell", "diarrhea"})
    EXPECT_TRUE(r->IsSymptom(s)) << s;
  EXPECT_TRUE(r->IsWatched("420106"));
  EXPECT_FALSE(r->IsWatched("330104"));
}

TEST(RulesTest, PerTriggerDaysOverrideTheColourDefaults) {
  json::object o = DefaultJson();
  for (auto& t : o["triggers"].as_array())
    if (t.at("code") == "fever_drug_purchase") t.as_object()["quarantine_days"] = 3;
  auto r = ParseRules(json::serialize(o));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->Trigger("fever_drug_purchase").quarantine_days, 3);
  EXPECT_EQ(r->Trigger("fever_drug_purchase").checkins_required, 7);
}

TEST(RulesTest, BadDocumentsNameEveryProblem) {
  EXPECT_EQ(ParseRules("{").status().code(), Code::kInvalid);
  EXPECT_EQ(ParseRules("[]").status().code(), Code::kInvalid);
  json::object o = DefaultJson();
  o["version"] = "";
  o["temperature_threshold"] = 45;
  o["extra"] = 1;
  o["colours"].as_object()["red"].as_object()["quarantine_days"] = 0;
  auto& triggers = o["triggers"].as_array();
  triggers[0].as_object()["colour"] = "green";
  triggers[1].as_object()["code"] = "made_up";
  o["regions"].as_object()["watch"] = json::array{"42010"};
  o["lifting"].as_array()[0].as_object()["signal"] = "nope";
  auto r = ParseRules(json::serialize(o));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kInvalid);
  std::set<std::string> paths = ErrorPaths(r.status());
  for (const char* p : {"$.version", "$.temperature_threshold", "$.extra",
                        "$.colours.red.quarantine_days", "$.triggers[0].colour",
                        "$.triggers[1].code", "$.triggers", "$.regions", "$.lifting[0].signal"})
    EXPECT_TRUE(paths.count(p)) << p << " missing in " << r.status().ToString();
}

TEST(RulesTest, MissingTriggerIsRefused) {
  json::object o = DefaultJson();
  auto& triggers = o["triggers"].as_array();
  triggers.erase(triggers.begin());
  auto r = ParseRules(json::serialize(o));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().ToString().find("confirmed_case"), std::string::npos);
}

TEST(RulesTest, LoadRulesFileReportsMissingFile) {
  auto r = LoadRulesFile("/nonexistent/rules.json");
  EXPECT_EQ(r.status().code(), Code::kNotFound);
}

// Rules files written before asymptomatic infections were told apart still load; the trigger
// takes confirmed_case's colour and days with its own words.
TEST(RulesTest, AsymptomaticCaseIsDerivedWhenARulesFileLacksIt) {
  json::object o = DefaultJson();
  json::array kept;
  for (const auto& t : o["triggers"].as_array())
    if (t.at("code") != "asymptomatic_case") kept.push_back(t);
  o["triggers"] = kept;
  o["colours"].as_object()["red"].as_object()["quarantine_days"] = 21;
  json::array& contradictions = o["review"].as_object()["contradictions"].as_array();
  contradictions[0].as_object()["signals"] =
      json::array{"close_contact", "secondary_contact", "suspected_case", "confirmed_case"};
  auto r = ParseRules(json::serialize(o));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->Trigger("asymptomatic_case").colour, Colour::kRed);
  EXPECT_EQ(r->Trigger("asymptomatic_case").quarantine_days, 21);
  EXPECT_NE(r->Trigger("asymptomatic_case").en.find("Asymptomatic"), std::string::npos);
  auto shipped = ParseRules(EmbeddedDefaultRules());
  ASSERT_TRUE(shipped.ok());
  EXPECT_NE(shipped->Trigger("asymptomatic_case").zh.find("无症状感染者"), std::string::npos);
}

}  // namespace
}  // namespace ow::healthcode

namespace ow::healthcode {
namespace {

TEST(RulesTest, ColourHintsAreDataWithDefaults) {
  auto shipped = ParseRules(EmbeddedDefaultRules());
  ASSERT_TRUE(shipped.ok());
  EXPECT_EQ(shipped->Hint(Colour::kYellow).zh, "请按要求居家观察，每日健康打卡");
  EXPECT_EQ(shipped->Hint(Colour::kRed).en, "Stay in quarantine as required and check in daily");
  EXPECT_EQ(shipped->Hint(Colour::kGreen).zh, "凭绿码通行");

  json::object o = DefaultJson();
  o["colours"].as_object()["yellow"].as_object()["hint"] = {{"zh", "请居家"}, {"en", "Stay home"}};
  o["colours"].as_object().erase("green");
  o["colours"].as_object()["red"].as_object().erase("hint");
  auto r = ParseRules(json::serialize(o));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->Hint(Colour::kYellow).zh, "请居家");
  EXPECT_EQ(r->Hint(Colour::kRed).zh, DefaultHint(Colour::kRed).zh);  // none given: built-in
  EXPECT_EQ(r->Hint(Colour::kGreen).en, DefaultHint(Colour::kGreen).en);

  json::object bad = DefaultJson();
  bad["colours"].as_object()["yellow"].as_object()["hint"] = {{"zh", ""}, {"en", "x"}};
  bad["colours"].as_object()["green"].as_object()["hint"] = {{"zh", "绿"}, {"fr", "vert"}};
  bad["colours"].as_object()["green"].as_object()["days"] = 3;
  auto b = ParseRules(json::serialize(bad));
  ASSERT_FALSE(b.ok());
  std::set<std::string> paths = ErrorPaths(b.status());
  for (const char* p : {"$.colours.yellow.hint.zh", "$.colours.green.hint.fr",
                        "$.colours.green.hint.en", "$.colours.green.days"})
    EXPECT_TRUE(paths.count(p)) << p << " missing in " << b.status().ToString();
}

}  // namespace
}  // namespace ow::healthcode
