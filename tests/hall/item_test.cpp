// Service item files: the shipped ones parse, and every kind of mistake in a file is named by
// its JSON path.
#include "hall/item.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "hall/item_catalogue.h"

namespace ow::hall {
namespace {

namespace json = boost::json;

TEST(ItemTest, ShippedItemsParseAndCoverTheRequiredKinds) {
  auto files = ReadItemFiles(std::string(OW_SOURCE_DIR) + "/hall/items");
  ASSERT_TRUE(files.ok()) << files.status().ToString();
  ASSERT_EQ(files->size(), EmbeddedItemFiles().size());
  int citizen = 0, enterprise = 0, automatic = 0, referral = 0;
  for (const ItemFile& f : *files) {
    auto item = ParseItem(f.text);
    ASSERT_TRUE(item.ok()) << f.name << ": " << item.status().ToString();
    EXPECT_LE(item->promised_days, item->legal_days);
    EXPECT_EQ(item->visits, 0) << "every shipped item is 不见面";
    citizen += item->AllowsApplicant(Applicant::kCitizen);
    enterprise += item->AllowsApplicant(Applicant::kEnterprise);
    automatic += item->automatic.has_value();
    referral += item->referral.has_value();
    EXPECT_EQ(item->digest_hex.size(), 64u);
  }
  EXPECT_GE(files->size(), 4u);
  EXPECT_GE(citizen, 1);
  EXPECT_GE(enterprise, 3);
  EXPECT_GE(automatic, 1);  // 免申即享
  EXPECT_GE(referral, 1);   // referred to a bank
}

json::object Minimal() {
  return json::parse(R"({
    "code": "330000-0203-01", "basic_code": "0203", "version": 1, "kind": "administrative_licence",
    "name": {"zh": "延期缴纳税款核准", "en": "Deferred tax payment"},
    "department": {"code": "330000-TAX", "name": {"zh": "税务局", "en": "Tax service"}},
    "applicants": ["enterprise"], "legal_basis": ["税收征收管理法第三十一条"],
    "conditions": {"zh": ["条件"], "en": ["condition"]},
    "materials": [{"id": "statements", "name": {"zh": "对账单", "en": "Statements"},
                   "source": "upload", "types": ["application/pdf"], "max_bytes": 1000}],
    "legal_days": 20, "promised_days": 5, "visits": 0, "fee_yuan": 0})")
      .as_object();
}

std::vector<std::string> PathsOf(const json::object& o) {
  auto item = ParseItem(json::serialize(o));
  std::vector<std::string> paths;
  if (!item.ok())
    for (const auto& f : item.status().fields()) paths.push_back(f.path);
  return paths;
}

TEST(ItemTest, MinimalItemParses) {
  auto item = ParseItem(json::serialize(Minimal()));
  ASSERT_TRUE(item.ok()) << item.status().ToString();
  EXPECT_EQ(item->Region(), "330000");
  ASSERT_EQ(item->materials.size(), 1u);
  EXPECT_EQ(item->materials[0].source, MaterialSource::kUpload);
  EXPECT_EQ(item->materials[0].max_bytes, 1000);
}

TEST(ItemTest, MistakesAreNamedByPath) {
  using V = std::vector<std::string>;
  auto with = [](auto change) {
    json::object o = Minimal();
    change(o);
    return PathsOf(o);
  };
  EXPECT_EQ(with([](json::object& o) { o["code"] = "0203"; }), V{"$.code"});
  EXPECT_EQ(with([](json::object& o) { o["basic_code"] = "0204"; }), V{"$.basic_code"});
  EXPECT_EQ(with([](json::object& o) { o["promised_days"] = 30; }), V{"$.promised_days"});
  EXPECT_EQ(with([](json::object& o) { o["legal_days"] = -1; }), V{"$.legal_days"});
  EXPECT_EQ(with([](json::object& o) { o["applicants"] = json::array{"robot"}; }),
            V{"$.applicants"});
  EXPECT_EQ(with([](json::object& o) { o["name"].as_object().erase("en"); }), V{"$.name.en"});
  EXPECT_EQ(with([](json::object& o) { o["conditions"].as_object()["en"] = json::array{}; }),
            V{"$.conditions.en"});
  EXPECT_EQ(
      with([](json::object& o) { o["materials"].as_array()[0].as_object()["source"] = "fax"; }),
      V{"$.materials[0].source"});
  EXPECT_EQ(
      with([](json::object& o) { o["materials"].as_array()[0].as_object().erase("max_bytes"); }),
      V{"$.materials[0].max_bytes"});
  EXPECT_EQ(with([](json::object& o) {
              auto& m = o["materials"].as_array();
              m.push_back(m[0]);
            }),
            V{"$.materials[1].id"});
  EXPECT_EQ(with([](json::object& o) { o["surprise"] = 1; }), V{"$.surprise"});
  EXPECT_FALSE(ParseItem("not json").ok());
}

// 免申即享 rules: conditions on exchange materials, checked at load and evaluated by value.
TEST(ItemTest, OfferRulesAreCheckedAndEvaluated) {
  json::object o = Minimal();
  o["materials"].as_array().push_back(json::parse(
      R"({"id": "insured", "name": {"zh": "参保人数", "en": "Insured"}, "source": "exchange",
          "service": "CN-ZJ/GOV/330000-HRSS/social-insurance/insured-employees",
          "field": "insured_employees"})"));
  o["automatic"] = json::parse(R"({"zh": "主动推送", "en": "Offered",
      "rule": [{"material": "insured", "op": "ge", "value": 1}]})");
  auto item = ParseItem(json::serialize(o));
  ASSERT_TRUE(item.ok()) << item.status().ToString();
  ASSERT_EQ(item->automatic_rule.size(), 1u);
  EXPECT_EQ(item->automatic->zh, "主动推送");
  const OfferCondition& c = item->automatic_rule[0];
  EXPECT_TRUE(ConditionHolds(c, json::value(12)));
  EXPECT_TRUE(ConditionHolds(c, json::value(1.0)));
  EXPECT_FALSE(ConditionHolds(c, json::value(0)));
  EXPECT_FALSE(ConditionHolds(c, json::value("12")));  // ordering only between numbers
  EXPECT_TRUE(ConditionHolds({"x", "eq", json::value("good")}, json::value("good")));
  EXPECT_FALSE(ConditionHolds({"x", "eq", json::value("good")}, json::value("arrears")));
  EXPECT_TRUE(ConditionHolds({"x", "ne", json::value("good")}, json::value("arrears")));
  EXPECT_TRUE(ConditionHolds({"x", "lt", json::value(5)}, json::value(4)));

  // Refusals, by path.
  auto refused = [&](const char* rule) {
    json::object bad = o;
    bad["automatic"].as_object()["rule"] = json::parse(rule);
    return PathsOf(bad);
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(refused(R"([{"material": "statements", "op": "eq", "value": 1}])"),
            V{"$.automatic.rule[0].material"});  // an upload, not shared data
  EXPECT_EQ(refused(R"([{"material": "insured", "op": "like", "value": 1}])"),
            V{"$.automatic.rule[0].op"});
  EXPECT_EQ(refused(R"([{"material": "insured", "op": "ge", "value": "1"}])"),
            V{"$.automatic.rule[0].value"});
  EXPECT_EQ(refused(R"([{"material": "insured"}])"), V{"$.automatic.rule[0]"});
  EXPECT_EQ(refused(R"("insured >= 1")"), V{"$.automatic.rule"});
}

}  // namespace
}  // namespace ow::hall
