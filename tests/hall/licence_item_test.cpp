// The "licence" section of an item file: what approval issues (kind, title, validity), and the
// mistakes in it named by their JSON paths.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "hall/item.h"

namespace ow::hall {
namespace {

namespace json = boost::json;

json::object Item() {
  return json::parse(R"({
    "code": "330000-0901-01", "basic_code": "0901", "version": 1,
    "kind": "administrative_licence", "name": {"zh": "测试", "en": "Test"},
    "department": {"code": "330000-TAX", "name": {"zh": "税务局", "en": "Tax"}},
    "applicants": ["enterprise"], "legal_basis": ["x"],
    "conditions": {"zh": [], "en": []}, "materials": [],
    "legal_days": 20, "promised_days": 5, "visits": 0, "fee_yuan": 0})")
      .as_object();
}

std::string FirstPath(const Result<ServiceItem>& r) {
  return r.ok() || r.status().fields().empty() ? "" : r.status().fields()[0].path;
}

TEST(LicenceItemTest, TheSectionIsOptionalAndReadWhenGiven) {
  auto plain = ParseItem(json::serialize(Item()));
  ASSERT_TRUE(plain.ok()) << plain.status().ToString();
  EXPECT_FALSE(plain->licence.has_value());

  json::object o = Item();
  o["licence"] = json::parse(R"({"kind": "business_licence",
      "name": {"zh": "营业执照", "en": "Business licence"}, "validity_days": 365})");
  auto item = ParseItem(json::serialize(o));
  ASSERT_TRUE(item.ok()) << item.status().ToString();
  ASSERT_TRUE(item->licence.has_value());
  EXPECT_EQ(item->licence->kind, "business_licence");
  EXPECT_EQ(item->licence->name->zh, "营业执照");
  EXPECT_EQ(item->licence->validity_days, 365);

  o["licence"] = json::parse(R"({"kind": "permit"})");
  item = ParseItem(json::serialize(o));
  ASSERT_TRUE(item.ok()) << item.status().ToString();
  EXPECT_FALSE(item->licence->name.has_value());
  EXPECT_FALSE(item->licence->validity_days.has_value());
}

TEST(LicenceItemTest, MistakesAreNamedByPath) {
  json::object o = Item();
  o["licence"] = json::parse(R"({"kind": "Business Licence"})");
  EXPECT_EQ(FirstPath(ParseItem(json::serialize(o))), "$.licence.kind");
  o["licence"] = json::parse(R"({"kind": "permit", "validity_days": 0})");
  EXPECT_EQ(FirstPath(ParseItem(json::serialize(o))), "$.licence.validity_days");
  o["licence"] = json::parse(R"({"kind": "permit", "colour": "red"})");
  EXPECT_EQ(FirstPath(ParseItem(json::serialize(o))), "$.licence.colour");
  o["licence"] = json::parse(R"({})");
  EXPECT_EQ(FirstPath(ParseItem(json::serialize(o))), "$.licence.kind");
}

}  // namespace
}  // namespace ow::hall
