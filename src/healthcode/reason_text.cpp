#include "healthcode/reason_text.h"

#include "healthcode/engine.h"

namespace ow::healthcode {

std::string FormatTemplate(std::string_view tmpl,
                           const std::vector<std::pair<std::string, std::string>>& values) {
  std::string out;
  size_t i = 0;
  while (i < tmpl.size()) {
    if (tmpl[i] == '{') {
      size_t close = tmpl.find('}', i);
      if (close != std::string_view::npos) {
        std::string_view name = tmpl.substr(i + 1, close - i - 1);
        bool replaced = false;
        for (const auto& [k, v] : values) {
          if (k == name) {
            out += v;
            replaced = true;
            break;
          }
        }
        if (replaced) {
          i = close + 1;
          continue;
        }
      }
    }
    out += tmpl[i++];
  }
  return out;
}

std::string ZhDate(const Date& d) {
  return std::to_string(d.month) + "月" + std::to_string(d.day) + "日";
}

std::string EnDate(const Date& d) {
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  return std::string(kMonths[(d.month - 1) % 12]) + " " + std::to_string(d.day);
}

Reason ReasonFor(const Rules& rules, const TriggerState& t) {
  const TriggerRule& rule = rules.Trigger(t.code);
  Date at = ShanghaiDate(t.at_ms);
  Date until = ShanghaiDate(t.quarantine_until_ms);
  std::vector<std::pair<std::string, std::string>> common = {
      {"days", std::to_string(rule.quarantine_days)},
      {"streak", std::to_string(t.streak)},
      {"required", std::to_string(t.checkins_required)},
      {"reason", t.reason},
  };
  auto zh = common;
  zh.insert(zh.end(),
            {{"date", ZhDate(at)}, {"until", ZhDate(until)}, {"green_from", ZhDate(t.green_from)}});
  auto en = common;
  en.insert(en.end(),
            {{"date", EnDate(at)}, {"until", EnDate(until)}, {"green_from", EnDate(t.green_from)}});
  return Reason{t.code, FormatTemplate(rule.zh, zh), FormatTemplate(rule.en, en)};
}

}  // namespace ow::healthcode
