#include "app/portal_sources.h"

#include <algorithm>

#include "healthcode/reason_text.h"

namespace ow::app {

namespace {

// Whether two region codes (prefixes) overlap: one covers the other.
bool Overlap(const std::string& a, const std::string& b) {
  return a.starts_with(b) || b.starts_with(a);
}

// The template up to the clause with the check-in count, with the day left open.
std::string Plain(std::string_view tmpl, const healthcode::TriggerRule& t, bool zh) {
  std::string s(tmpl);
  if (size_t p = s.find("{streak}"); p != std::string::npos) {
    const std::string sep = zh ? "，" : ", ";
    size_t cut = s.rfind(sep, p);
    s = s.substr(0, cut == std::string::npos ? p : cut);
  }
  return healthcode::FormatTemplate(s, {{"date", zh ? "某日" : "a given day"},
                                        {"days", std::to_string(t.quarantine_days)},
                                        {"required", std::to_string(t.checkins_required)},
                                        {"reason", zh ? "复核结论" : "review finding"}});
}

}  // namespace

notices::PlainRules PlainRulesOf(const healthcode::Rules& rules) {
  notices::PlainRules out;
  out.version = rules.version;
  for (auto [colour, name] : {std::pair{healthcode::Colour::kRed, "red"},
                              std::pair{healthcode::Colour::kYellow, "yellow"}}) {
    notices::PlainColourRule c;
    c.colour = name;
    for (const auto& [code, t] : rules.triggers) {
      if (t.colour != colour) continue;
      c.quarantine_days = std::max(c.quarantine_days, t.quarantine_days);
      c.checkins_required = std::max(c.checkins_required, t.checkins_required);
      c.reasons.push_back({code, Plain(t.zh, t, true), Plain(t.en, t, false)});
    }
    const bool red = colour == healthcode::Colour::kRed;
    const std::string days = std::to_string(c.quarantine_days);
    const std::string checkins = std::to_string(c.checkins_required);
    c.summary_zh = std::string(red ? "红码" : "黄码") + "：" +
                   (red ? "确诊、疑似、密切接触、到过高风险地区等情形赋红码，需隔离最长"
                        : "发热就诊、次密接、到过中风险地区等情形赋黄码，需居家观察最长") +
                   days + "天；自赋码当日起连续" + checkins + "天健康打卡正常且期满后转为绿码。";
    c.summary_en = std::string(red ? "Red" : "Yellow") + " code: " +
                   (red ? "confirmed, suspected, close contacts and stays in high-risk areas get "
                          "red, with up to "
                        : "fever-clinic visits, secondary contacts and stays in medium-risk areas "
                          "get yellow, with up to ") +
                   days + (red ? " days of quarantine" : " days of home observation") +
                   "; the code turns green after that period and " + checkins +
                   " consecutive normal daily check-ins.";
    out.colours.push_back(std::move(c));
  }
  notices::PlainColourRule green;
  green.colour = "green";
  green.summary_zh = "绿码：无上述情形，凭码通行。";
  green.summary_en = "Green code: none of the above; pass with your code.";
  out.colours.push_back(std::move(green));
  return out;
}

notices::PortalSources MakePortalSources(trace::RiskAreaService& areas,
                                         checkpoint::PlaceService& places,
                                         hospital::HospitalDirectory& hospitals,
                                         healthcode::HealthCodeService& colours) {
  notices::PortalSources s;
  s.risk_areas =
      [&areas, &places](const std::string& region) -> Result<std::vector<notices::PortalRiskArea>> {
    OW_ASSIGN_OR_RETURN(std::vector<trace::RiskArea> list, areas.List(false));
    std::vector<notices::PortalRiskArea> out;
    for (const auto& a : list) {
      notices::PortalRiskArea p{a.id, a.spec.name,    a.spec.level, a.spec.region,
                                {},   a.spec.from_ms, a.spec.to_ms};
      bool concerns = !a.spec.region.empty() && Overlap(a.spec.region, region);
      for (const auto& id : a.spec.place_ids) {
        auto pl = places.Get(id);
        if (!pl.ok()) continue;
        p.places.push_back(pl->name);
        concerns = concerns || Overlap(pl->region, region);
      }
      if (concerns) out.push_back(std::move(p));
    }
    return out;
  };
  s.fever_clinics =
      [&hospitals](const std::string& region) -> Result<std::vector<notices::FeverClinic>> {
    OW_ASSIGN_OR_RETURN(std::vector<checkpoint::Place> list, hospitals.Hospitals());
    std::vector<notices::FeverClinic> out;
    auto collect = [&](const std::string& within) -> Status {
      for (const auto& h : list) {
        if (!h.region.starts_with(within)) continue;
        OW_ASSIGN_OR_RETURN(std::vector<hospital::Department> depts, hospitals.Departments(h.id));
        for (const auto& d : depts)
          if (d.kind == hospital::DepartmentKind::kFever)
            out.push_back({h.id, h.name, h.address, h.region, d.id, d.name_zh, d.name_en});
      }
      return Status::Ok();
    };
    OW_RETURN_IF_ERROR(collect(region));
    // A district without a fever clinic shows its city's.
    if (out.empty() && region.size() > 4) OW_RETURN_IF_ERROR(collect(region.substr(0, 4)));
    return out;
  };
  s.rules = [&colours] { return PlainRulesOf(*colours.rules()); };
  return s;
}

}  // namespace ow::app
