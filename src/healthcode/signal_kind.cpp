#include <array>
#include <string_view>
#include <utility>

#include "healthcode/colour_state.h"

namespace ow::healthcode {

namespace {

constexpr std::array<std::pair<SignalKind, const char*>, 13> kNames{{
    {SignalKind::kFeverClinicVisit, "fever_clinic_visit"},
    {SignalKind::kFeverDrugPurchase, "fever_drug_purchase"},
    {SignalKind::kTestPositive, "test_positive"},
    {SignalKind::kTestNegative, "test_negative"},
    {SignalKind::kStayHighRiskArea, "stay_high_risk_area"},
    {SignalKind::kStayMediumRiskArea, "stay_medium_risk_area"},
    {SignalKind::kCloseContact, "close_contact"},
    {SignalKind::kSecondaryContact, "secondary_contact"},
    {SignalKind::kSuspectedCase, "suspected_case"},
    {SignalKind::kConfirmedCase, "confirmed_case"},
    {SignalKind::kAsymptomaticCase, "asymptomatic_case"},
    {SignalKind::kCaseExcluded, "case_excluded"},
    {SignalKind::kRiskAreaLifted, "risk_area_lifted"},
}};

}  // namespace

const char* SignalKindName(SignalKind k) {
  for (const auto& [kind, name] : kNames)
    if (kind == k) return name;
  return "unknown";
}

std::optional<SignalKind> ParseSignalKind(std::string_view s) {
  for (const auto& [kind, name] : kNames)
    if (s == name) return kind;
  return std::nullopt;
}

}  // namespace ow::healthcode
