#include "healthcode/rules.h"

#include <boost/json.hpp>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "http/json.h"

namespace ow::healthcode {

namespace json = boost::json;

namespace {

bool HasPrefix(const std::vector<std::string>& prefixes, std::string_view region) {
  for (const auto& p : prefixes)
    if (!p.empty() && region.starts_with(p)) return true;
  return false;
}

// Reads an array of strings at `key` (errors recorded on f).
std::vector<std::string> Strings(http::FieldReader& f, const json::object& obj,
                                 std::string_view key, bool required) {
  std::vector<std::string> out;
  const json::array* a = f.Array(key, required);
  if (!a) return out;
  for (size_t i = 0; i < a->size(); ++i) {
    if (!(*a)[i].is_string()) {
      f.Error(f.Path(key) + "[" + std::to_string(i) + "]", "must be a string");
      continue;
    }
    out.emplace_back((*a)[i].get_string());
  }
  (void)obj;
  return out;
}

std::vector<SignalKind> SignalKinds(http::FieldReader& f, const json::object& obj,
                                    std::string_view key) {
  std::vector<SignalKind> out;
  auto names = Strings(f, obj, key, true);
  for (size_t i = 0; i < names.size(); ++i) {
    auto k = ParseSignalKind(names[i]);
    if (!k)
      f.Error(f.Path(key) + "[" + std::to_string(i) + "]", "is not a known signal kind");
    else
      out.push_back(*k);
  }
  return out;
}

bool IsRegionPrefix(const std::string& s) {
  if (s.empty() || s.size() > 6 || s.size() % 2 != 0) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

struct ColourDefaults {
  int days = 0;
  int checkins = 0;
};

// An optional {"zh", "en"} hint of a colour.
void ReadHint(http::FieldReader& r, Colour c, Rules* rules) {
  const json::object* h = r.Object("hint", false);
  if (!h) return;
  http::FieldReader hr(*h, r.Path("hint"));
  hr.RejectUnknown({"zh", "en"});
  ColourHint hint;
  hint.zh = hr.String("zh", true, 200).value_or("");
  hint.en = hr.String("en", true, 200).value_or("");
  if (hr.ok() && (hint.zh.empty() || hint.en.empty()))
    hr.Error(hr.Path(hint.zh.empty() ? "zh" : "en"), "must not be empty");
  for (auto& e : hr.errors()) r.Error(e.path, e.message, e.code);
  if (hr.ok()) rules->hints[c] = std::move(hint);
}

void ReadColourDefaults(http::FieldReader& f, const json::object& colours, const char* name,
                        ColourDefaults* out, Rules* rules) {
  http::FieldReader cf(colours, f.Path("colours"));
  const json::object* c = cf.Object(name, true);
  if (c) {
    http::FieldReader r(*c, cf.Path(name));
    r.RejectUnknown({"quarantine_days", "checkins_required", "hint"});
    ReadHint(r, *codes::ParseColour(name), rules);
    auto d = r.Integer("quarantine_days", true);
    auto n = r.Integer("checkins_required", true);
    if (d && (*d < 1 || *d > 60)) r.Error(r.Path("quarantine_days"), "must be 1..60");
    if (n && (*n < 0 || *n > 60)) r.Error(r.Path("checkins_required"), "must be 0..60");
    out->days = static_cast<int>(d.value_or(0));
    out->checkins = static_cast<int>(n.value_or(0));
    for (auto& e : r.errors()) f.Error(e.path, e.message, e.code);
  }
  for (auto& e : cf.errors()) f.Error(e.path, e.message, e.code);
}

void ReadTriggers(http::FieldReader& f, const json::array& triggers,
                  const std::map<Colour, ColourDefaults>& defaults, Rules* rules) {
  for (size_t i = 0; i < triggers.size(); ++i) {
    std::string path = "$.triggers[" + std::to_string(i) + "]";
    if (!triggers[i].is_object()) {
      f.Error(path, "must be an object");
      continue;
    }
    http::FieldReader t(triggers[i].get_object(), path);
    t.RejectUnknown({"code", "colour", "quarantine_days", "checkins_required", "zh", "en"});
    TriggerRule r;
    r.code = t.String("code", true, 100).value_or("");
    auto colour = t.String("colour", true, 10);
    if (colour) {
      auto c = codes::ParseColour(*colour);
      if (!c || *c == Colour::kGreen)
        t.Error(t.Path("colour"), "must be yellow or red");
      else
        r.colour = *c;
    }
    const ColourDefaults& d = defaults.at(r.colour);
    r.quarantine_days = static_cast<int>(t.Integer("quarantine_days", false).value_or(d.days));
    r.checkins_required =
        static_cast<int>(t.Integer("checkins_required", false).value_or(d.checkins));
    if (r.quarantine_days < 1 || r.quarantine_days > 60)
      t.Error(t.Path("quarantine_days"), "must be 1..60");
    if (r.checkins_required < 0 || r.checkins_required > 60)
      t.Error(t.Path("checkins_required"), "must be 0..60");
    r.zh = t.String("zh", true, 1000).value_or("");
    r.en = t.String("en", true, 1000).value_or("");
    const auto& known = RequiredTriggerCodes();
    const bool optional = r.code == kAsymptomaticCase;
    if (!r.code.empty() && !optional &&
        std::find(known.begin(), known.end(), r.code) == known.end())
      t.Error(t.Path("code"), "is not a trigger the engine knows");
    else if (rules->triggers.count(r.code))
      t.Error(t.Path("code"), "is defined twice");
    for (auto& e : t.errors()) f.Error(e.path, e.message, e.code);
    if (t.ok()) rules->triggers[r.code] = std::move(r);
  }
  for (const auto& code : RequiredTriggerCodes())
    if (!rules->triggers.count(code)) f.Error("$.triggers", "has no entry for '" + code + "'");
  // Rules written before asymptomatic infections were told apart treat them as confirmed
  // cases (same colour and days), with their own words.
  if (!rules->triggers.count(kAsymptomaticCase) && rules->triggers.count("confirmed_case")) {
    TriggerRule r = rules->triggers.at("confirmed_case");
    r.code = kAsymptomaticCase;
    r.zh = "因{date}被确认为无症状感染者，需集中隔离{days}天，已连续打卡{streak}/{required}天";
    r.en =
        "Asymptomatic infection on {date}: {days} days of quarantine, {streak}/{required} "
        "daily check-ins done";
    rules->triggers[kAsymptomaticCase] = std::move(r);
  }
}

void ReadLifting(http::FieldReader& f, const json::array& lifting, Rules* rules) {
  for (size_t i = 0; i < lifting.size(); ++i) {
    std::string path = "$.lifting[" + std::to_string(i) + "]";
    if (!lifting[i].is_object()) {
      f.Error(path, "must be an object");
      continue;
    }
    const json::object& o = lifting[i].get_object();
    http::FieldReader l(o, path);
    l.RejectUnknown({"signal", "withdraws"});
    LiftingRule r;
    auto sig = l.String("signal", true, 100);
    if (sig) {
      auto k = ParseSignalKind(*sig);
      if (!k)
        l.Error(l.Path("signal"), "is not a known signal kind");
      else
        r.signal = *k;
    }
    r.withdraws = SignalKinds(l, o, "withdraws");
    for (auto& e : l.errors()) f.Error(e.path, e.message, e.code);
    if (l.ok()) rules->lifting.push_back(std::move(r));
  }
}

void ReadRegions(http::FieldReader& f, const json::object& regions, Rules* rules) {
  http::FieldReader r(regions, "$.regions");
  r.RejectUnknown({"high_risk", "medium_risk", "watch"});
  rules->high_risk_regions = Strings(r, regions, "high_risk", true);
  rules->medium_risk_regions = Strings(r, regions, "medium_risk", true);
  rules->watch_regions = Strings(r, regions, "watch", true);
  for (const auto* list :
       {&rules->high_risk_regions, &rules->medium_risk_regions, &rules->watch_regions}) {
    for (const auto& p : *list)
      if (!IsRegionPrefix(p))
        r.Error("$.regions", "'" + p + "' is not a region code prefix (2, 4 or 6 digits)");
  }
  for (auto& e : r.errors()) f.Error(e.path, e.message, e.code);
}

void ReadReview(http::FieldReader& f, const json::object& review, Rules* rules) {
  http::FieldReader r(review, "$.review");
  r.RejectUnknown({"watch_travel", "contradictions"});
  rules->review_watch_travel = r.Bool("watch_travel", true).value_or(true);
  if (const json::array* a = r.Array("contradictions", true)) {
    for (size_t i = 0; i < a->size(); ++i) {
      std::string path = "$.review.contradictions[" + std::to_string(i) + "]";
      if (!(*a)[i].is_object()) {
        r.Error(path, "must be an object");
        continue;
      }
      const json::object& o = (*a)[i].get_object();
      http::FieldReader c(o, path);
      c.RejectUnknown({"denies", "signals", "window_days"});
      ContradictionRule cr;
      cr.denies = c.String("denies", true, 40).value_or("");
      if (cr.denies != "contact_with_case" && cr.denies != "symptoms")
        c.Error(c.Path("denies"), "must be contact_with_case or symptoms");
      cr.signals = SignalKinds(c, o, "signals");
      cr.window_days = static_cast<int>(c.Integer("window_days", true).value_or(0));
      if (cr.window_days < 1 || cr.window_days > 60)
        c.Error(c.Path("window_days"), "must be 1..60");
      for (auto& e : c.errors()) r.Error(e.path, e.message, e.code);
      if (c.ok()) rules->contradictions.push_back(std::move(cr));
    }
  }
  for (auto& e : r.errors()) f.Error(e.path, e.message, e.code);
}

}  // namespace

const TriggerRule& Rules::Trigger(std::string_view code) const {
  auto it = triggers.find(std::string(code));
  if (it == triggers.end())
    throw std::logic_error("rules have no trigger '" + std::string(code) + "'");
  return it->second;
}

ColourHint DefaultHint(Colour c) {
  switch (c) {
    case Colour::kRed:
      return {"请按要求隔离，每日健康打卡", "Stay in quarantine as required and check in daily"};
    case Colour::kYellow:
      return {"请按要求居家观察，每日健康打卡", "Stay at home as required and check in daily"};
    default:
      return {"凭绿码通行", "You may pass"};
  }
}

ColourHint Rules::Hint(Colour c) const {
  auto it = hints.find(c);
  return it != hints.end() ? it->second : DefaultHint(c);
}

bool Rules::IsSymptom(std::string_view name) const {
  return std::find(symptoms.begin(), symptoms.end(), name) != symptoms.end();
}
bool Rules::IsHighRisk(std::string_view region) const {
  return HasPrefix(high_risk_regions, region);
}
bool Rules::IsMediumRisk(std::string_view region) const {
  return HasPrefix(medium_risk_regions, region);
}
bool Rules::IsWatched(std::string_view region) const { return HasPrefix(watch_regions, region); }

const std::vector<std::string>& RequiredTriggerCodes() {
  static const std::vector<std::string> kCodes = {
      "confirmed_case",
      "suspected_case",
      "close_contact",
      "stay_high_risk_area",
      "test_positive",
      "declared_contact_with_case",
      "travel_high_risk_area",
      "fever_clinic_visit",
      "fever_drug_purchase",
      "stay_medium_risk_area",
      "secondary_contact",
      "travel_medium_risk_area",
      "declared_fever",
      "declared_symptoms",
      "abnormal_checkin",
      "official_override_red",
      "official_override_yellow",
  };
  return kCodes;
}

Result<Rules> ParseRules(std::string_view json_text) {
  boost::system::error_code ec;
  json::value v = json::parse(json_text, ec);
  if (ec) return Status::Invalid("rules are not valid JSON: " + ec.message());
  if (!v.is_object()) return Status::Invalid("rules must be a JSON object");
  const json::object& root = v.get_object();
  http::FieldReader f(root);
  f.RejectUnknown({"version", "description", "temperature_threshold", "symptoms", "colours",
                   "triggers", "lifting", "regions", "review"});
  Rules rules;
  rules.source_json = std::string(json_text);
  auto version = f.String("version", true, 100);
  if (version && version->empty()) f.Error("$.version", "must not be empty");
  rules.version = version.value_or("");
  rules.description = f.String("description", false, 10000, http::TextKind::kLines).value_or("");
  auto t = f.Number("temperature_threshold", true);
  if (t && (*t < 36.0 || *t > 40.0)) f.Error("$.temperature_threshold", "must be 36.0..40.0");
  rules.temperature_threshold = t.value_or(37.3);
  rules.symptoms = Strings(f, root, "symptoms", true);
  std::set<std::string> unique(rules.symptoms.begin(), rules.symptoms.end());
  if (unique.size() != rules.symptoms.size()) f.Error("$.symptoms", "has duplicates");
  std::map<Colour, ColourDefaults> defaults{{Colour::kYellow, {}}, {Colour::kRed, {}}};
  if (const json::object* colours = f.Object("colours", true)) {
    http::FieldReader cf(*colours, "$.colours");
    cf.RejectUnknown({"red", "yellow", "green"});
    if (const json::object* green = cf.Object("green", false)) {
      http::FieldReader g(*green, "$.colours.green");
      g.RejectUnknown({"hint"});
      ReadHint(g, Colour::kGreen, &rules);
      for (auto& e : g.errors()) f.Error(e.path, e.message, e.code);
    }
    for (auto& e : cf.errors()) f.Error(e.path, e.message, e.code);
    ReadColourDefaults(f, *colours, "red", &defaults[Colour::kRed], &rules);
    ReadColourDefaults(f, *colours, "yellow", &defaults[Colour::kYellow], &rules);
  }
  if (const json::array* triggers = f.Array("triggers", true))
    ReadTriggers(f, *triggers, defaults, &rules);
  if (const json::array* lifting = f.Array("lifting", false)) ReadLifting(f, *lifting, &rules);
  if (const json::object* regions = f.Object("regions", true)) ReadRegions(f, *regions, &rules);
  if (const json::object* review = f.Object("review", true)) ReadReview(f, *review, &rules);
  OW_RETURN_IF_ERROR(f.status("rules are invalid"));
  return rules;
}

Result<Rules> LoadRulesFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read rules file " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  auto r = ParseRules(ss.str());
  if (!r.ok())
    return Status(r.status().code(), path + ": " + r.status().message(), r.status().fields());
  return r;
}

}  // namespace ow::healthcode
