// Department events pushed through the exchange: strict reading (paths and codes for every bad
// field) and the colour signal each gives.
#include "healthcode/department_events.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace ow::healthcode {
namespace {

namespace json = boost::json;

Result<DepartmentEvent> Read(std::string_view text) {
  return ReadDepartmentEvent(json::parse(text).as_object());
}

bool HasError(const Status& s, std::string_view path, std::string_view code = {}) {
  for (const auto& f : s.fields())
    if (f.path == path && (code.empty() || f.code == code)) return true;
  return false;
}

TEST(DepartmentEventsTest, EachTypeGivesItsSignal) {
  auto visit = Read(R"({"type":"fever_clinic_visit","occurred_at":"2026-12-03T02:00:00Z",
                        "detail":{"clinic":"浙大一院发热门诊","temperature_c":38.2}})");
  ASSERT_TRUE(visit.ok()) << visit.status().ToString();
  EXPECT_EQ(SignalKindOf(*visit), SignalKind::kFeverClinicVisit);
  EXPECT_EQ(visit->place, "浙大一院发热门诊");
  auto drug = Read(R"({"type":"fever_drug_purchase","occurred_at":"2026-12-03T02:00:00Z"})");
  ASSERT_TRUE(drug.ok());
  EXPECT_EQ(SignalKindOf(*drug), SignalKind::kFeverDrugPurchase);
  auto pos = Read(R"({"type":"test_result","occurred_at":"2026-12-03T02:00:00Z",
                      "detail":{"result":"positive"}})");
  ASSERT_TRUE(pos.ok());
  EXPECT_EQ(SignalKindOf(*pos), SignalKind::kTestPositive);
  auto neg = Read(R"({"type":"test_result","occurred_at":"2026-12-03T02:00:00Z",
                      "detail":{"result":"negative"}})");
  ASSERT_TRUE(neg.ok());
  EXPECT_EQ(SignalKindOf(*neg), SignalKind::kTestNegative);
  auto trip = Read(R"({"type":"rail_trip","occurred_at":"2026-12-03T02:00:00Z",
                       "detail":{"from_region":"330106","train":"G7311"}})");
  ASSERT_TRUE(trip.ok());
  EXPECT_FALSE(SignalKindOf(*trip).has_value());  // depends on risk areas
  EXPECT_EQ(trip->from_region, "330106");
  EXPECT_EQ(DescribeEvent(*trip), "rail_trip from 330106 on G7311");
  EXPECT_EQ(trip->occurred_at_ms, 1796263200000);
}

TEST(DepartmentEventsTest, BadFieldsHaveTheirPathsAndCodes) {
  auto unknown = Read(R"({"type":"party","occurred_at":"2026-12-03T02:00:00Z"})");
  ASSERT_FALSE(unknown.ok());
  EXPECT_TRUE(HasError(unknown.status(), "$.type", "unknown_event_type"));
  auto result = Read(R"({"type":"test_result","occurred_at":"2026-12-03T02:00:00Z",
                         "detail":{"result":"maybe"}})");
  ASSERT_FALSE(result.ok());
  EXPECT_TRUE(HasError(result.status(), "$.detail.result", "unknown_test_result"));
  auto missing = Read(R"({"type":"test_result","occurred_at":"2026-12-03T02:00:00Z"})");
  ASSERT_FALSE(missing.ok());
  EXPECT_TRUE(HasError(missing.status(), "$.detail.result"));
  auto region = Read(R"({"type":"rail_trip","occurred_at":"2026-12-03T02:00:00Z",
                         "detail":{"from_region":"33A106"}})");
  ASSERT_FALSE(region.ok());
  EXPECT_TRUE(HasError(region.status(), "$.detail.from_region", "not_a_region"));
  auto when = Read(R"({"type":"fever_drug_purchase","occurred_at":"yesterday"})");
  ASSERT_FALSE(when.ok());
  EXPECT_TRUE(HasError(when.status(), "$.occurred_at"));
  auto extra = Read(R"({"type":"fever_drug_purchase","occurred_at":"2026-12-03T02:00:00Z",
                        "id_number":"110101199003074477"})");
  ASSERT_FALSE(extra.ok());
  EXPECT_TRUE(HasError(extra.status(), "$.id_number"));
  auto extra_detail = Read(R"({"type":"fever_drug_purchase","occurred_at":"2026-12-03T02:00:00Z",
                               "detail":{"name":"张三"}})");
  ASSERT_FALSE(extra_detail.ok());
  EXPECT_TRUE(HasError(extra_detail.status(), "$.detail.name"));
  auto fever = Read(R"({"type":"fever_clinic_visit","occurred_at":"2026-12-03T02:00:00Z",
                        "detail":{"temperature_c":60}})");
  ASSERT_FALSE(fever.ok());
  EXPECT_TRUE(HasError(fever.status(), "$.detail.temperature_c", "out_of_range"));
  auto quantity = Read(R"({"type":"fever_drug_purchase","occurred_at":"2026-12-03T02:00:00Z",
                        "detail":{"pharmacy":"九州大药房","quantity":0}})");
  ASSERT_FALSE(quantity.ok());
  EXPECT_TRUE(HasError(quantity.status(), "$.detail.quantity", "out_of_range"));
}

}  // namespace
}  // namespace ow::healthcode
