// Reason texts: fills the rules' zh/en templates for one trigger with exact numbers
// ("因2月10日发热门诊就诊，需居家观察7天，已连续打卡3/7天").
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/time.h"
#include "healthcode/colour_state.h"
#include "healthcode/rules.h"

namespace ow::healthcode {

struct TriggerState;

// Replaces each {name} in tmpl by its value; unknown placeholders are kept as they are.
std::string FormatTemplate(std::string_view tmpl,
                           const std::vector<std::pair<std::string, std::string>>& values);

// "2月10日" and "Feb 10".
std::string ZhDate(const Date& d);
std::string EnDate(const Date& d);

// The reason shown for an active trigger.
Reason ReasonFor(const Rules& rules, const TriggerState& trigger);

}  // namespace ow::healthcode
