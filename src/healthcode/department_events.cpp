// Reading department events and their colour signals (see department_events.h).
#include "healthcode/department_events.h"

#include <algorithm>
#include <array>

#include "http/json.h"

namespace ow::healthcode {

namespace {

constexpr size_t kMaxTextBytes = 120;
constexpr std::array<std::string_view, 4> kTypes = {"fever_clinic_visit", "fever_drug_purchase",
                                                    "test_result", "rail_trip"};

bool IsRegionCode(std::string_view s) {
  return s.size() == 6 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

Result<DepartmentEvent> ReadDepartmentEvent(const boost::json::object& body) {
  http::FieldReader f(body);
  f.RejectUnknown({"type", "occurred_at", "detail"});
  auto type = f.String("type", true, 40);
  auto at = f.Timestamp("occurred_at", true);
  const boost::json::object* detail = f.Object("detail", false);
  DepartmentEvent e;
  if (type) {
    if (std::find(kTypes.begin(), kTypes.end(), *type) == kTypes.end())
      f.Error("$.type", "must be fever_clinic_visit, fever_drug_purchase, test_result or rail_trip",
              "unknown_event_type");
    else
      e.type = *type;
  }
  static const boost::json::object kEmpty;
  http::FieldReader d(detail ? *detail : kEmpty, "$.detail");
  if (e.type == "test_result") {
    d.RejectUnknown({"result", "test", "sampled_at", "lab"});
    auto result = d.String("result", true, 20);
    d.String("test", false, 40);
    d.String("lab", false, kMaxTextBytes);
    d.Timestamp("sampled_at", false);
    if (result && *result != "positive" && *result != "negative")
      d.Error("$.detail.result", "must be positive or negative", "unknown_test_result");
    else if (result)
      e.test_result = *result;
  } else if (e.type == "rail_trip") {
    d.RejectUnknown({"from_region", "from_station", "to_station", "train", "departure"});
    auto region = d.String("from_region", true, 6);
    auto train = d.String("train", false, 20);
    d.String("from_station", false, kMaxTextBytes);
    d.String("to_station", false, kMaxTextBytes);
    d.Timestamp("departure", false);
    if (region && !IsRegionCode(*region))
      d.Error("$.detail.from_region", "must be a 6-digit region code", "not_a_region");
    else if (region)
      e.from_region = *region;
    e.train = train.value_or("");
  } else if (e.type == "fever_clinic_visit") {
    d.RejectUnknown({"clinic", "temperature_c"});
    e.place = d.String("clinic", false, kMaxTextBytes).value_or("");
    auto t = d.Number("temperature_c", false);
    if (t && (*t < 30 || *t > 45))
      d.Error("$.detail.temperature_c", "must be a body temperature in °C", "out_of_range");
  } else if (e.type == "fever_drug_purchase") {
    d.RejectUnknown({"pharmacy", "drug", "quantity"});
    e.place = d.String("pharmacy", false, kMaxTextBytes).value_or("");
    d.String("drug", false, kMaxTextBytes);
    auto q = d.Integer("quantity", false);
    if (q && (*q < 1 || *q > 1000))
      d.Error("$.detail.quantity", "must be between 1 and 1000", "out_of_range");
  }
  for (auto& err : d.errors()) f.errors().push_back(std::move(err));
  OW_RETURN_IF_ERROR(f.status("event is invalid"));
  e.occurred_at_ms = *at;
  return e;
}

std::optional<SignalKind> SignalKindOf(const DepartmentEvent& e) {
  if (e.type == "fever_clinic_visit") return SignalKind::kFeverClinicVisit;
  if (e.type == "fever_drug_purchase") return SignalKind::kFeverDrugPurchase;
  if (e.type == "test_result")
    return e.test_result == "positive" ? SignalKind::kTestPositive : SignalKind::kTestNegative;
  return std::nullopt;
}

std::string DescribeEvent(const DepartmentEvent& e) {
  std::string out = e.type;
  if (!e.test_result.empty()) out += " " + e.test_result;
  if (!e.place.empty()) out += " at " + e.place;
  if (!e.from_region.empty()) out += " from " + e.from_region;
  if (!e.train.empty()) out += " on " + e.train;
  return out;
}

}  // namespace ow::healthcode
