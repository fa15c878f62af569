#include "healthcode/inputs.h"

#include <set>
#include <vector>

#include "identity/validate.h"

namespace ow::healthcode {

namespace json = boost::json;

namespace {

constexpr int kTravelDays = 14;
constexpr size_t kMaxTravel = 50;

std::string Index(std::string_view base, size_t i) {
  return std::string(base) + "[" + std::to_string(i) + "]";
}

std::vector<Travel> ReadTravel(http::FieldReader& f, const json::array& a, int64_t now_ms) {
  std::vector<Travel> out;
  if (a.size() > kMaxTravel) {
    f.Error("$.travel", "at most " + std::to_string(kMaxTravel) + " stays", "too_many");
    return out;
  }
  const int64_t today = DaysFromCivil(ShanghaiDate(now_ms));
  for (size_t i = 0; i < a.size(); ++i) {
    std::string path = Index("$.travel", i);
    if (!a[i].is_object()) {
      f.Error(path, "must be an object {region, from, to}", "not_an_object");
      continue;
    }
    http::FieldReader t(a[i].get_object(), path);
    t.RejectUnknown({"region", "from", "to"});
    auto region = t.String("region", true, 6);
    if (region && !identity::CheckRegionCode(*region))
      t.Error(t.Path("region"), "must be a GB/T 2260 region code (6 digits)", "bad_region");
    auto from = t.DateField("from", true);
    auto to = t.DateField("to", true);
    for (auto [key, d] : {std::pair{"from", from}, std::pair{"to", to}}) {
      if (!d) continue;
      int64_t day = DaysFromCivil(*d);
      if (day > today)
        t.Error(t.Path(key), "must not be in the future", "in_the_future");
      else if (day <= today - kTravelDays)
        t.Error(t.Path(key), "must be within the last 14 days", "too_long_ago");
    }
    if (from && to && *to < *from)
      t.Error(t.Path("to"), "must not be before from", "bad_date_order");
    for (auto& e : t.errors()) f.Error(e.path, e.message, e.code);
    if (t.ok()) out.push_back({*region, *from, *to});
  }
  return out;
}

}  // namespace

void CheckTemperature(http::FieldReader& f, std::optional<double> t) {
  if (t && (*t < 34.0 || *t > 43.0))
    f.Error("$.temperature", "must be 34.0..43.0 (°C)", "bad_temperature");
}

std::vector<std::string> ReadSymptoms(http::FieldReader& f, const json::object& body,
                                      const Rules& rules) {
  std::vector<std::string> out;
  const json::array* a = f.Array("symptoms", true);
  if (!a) return out;
  std::set<std::string> seen;
  for (size_t i = 0; i < a->size(); ++i) {
    const json::value& v = (*a)[i];
    if (!v.is_string() || !rules.IsSymptom(v.get_string())) {
      std::string known;
      for (const auto& s : rules.symptoms) known += (known.empty() ? "" : ", ") + s;
      f.Error(Index("$.symptoms", i), "must be one of " + known, "unknown_symptom");
      continue;
    }
    std::string s(v.get_string());
    if (!seen.insert(s).second) {
      f.Error(Index("$.symptoms", i), "is listed twice", "duplicate");
      continue;
    }
    out.push_back(std::move(s));
  }
  (void)body;
  return out;
}

Result<Declaration> ReadDeclaration(const json::object& body, const Rules& rules, int64_t now_ms,
                                    std::initializer_list<std::string_view> extra_keys) {
  http::FieldReader f(body);
  std::vector<std::string_view> allowed = {"residence_region", "temperature",       "symptoms",
                                           "travel",           "contact_with_case", "consent"};
  allowed.insert(allowed.end(), extra_keys.begin(), extra_keys.end());
  for (const auto& kv : body)
    if (std::find(allowed.begin(), allowed.end(), kv.key()) == allowed.end())
      f.Error(f.Path(kv.key()), "is not a known field (we do not collect it)", "unknown_field");
  Declaration d;
  auto region = f.String("residence_region", true, 6);
  if (region && !identity::CheckRegionCode(*region))
    f.Error("$.residence_region", "must be a GB/T 2260 region code (6 digits)", "bad_region");
  d.residence_region = region.value_or("");
  auto t = f.Number("temperature", true);
  CheckTemperature(f, t);
  d.temperature = t.value_or(0);
  d.symptoms = ReadSymptoms(f, body, rules);
  if (const json::array* travel = f.Array("travel", false))
    d.travel = ReadTravel(f, *travel, now_ms);
  d.contact_with_case = f.Bool("contact_with_case", true).value_or(false);
  auto consent = f.Bool("consent", true);
  if (consent && !*consent)
    f.Error("$.consent", "must be true: we cannot process a declaration without your consent",
            "consent_required");
  OW_RETURN_IF_ERROR(f.status("declaration is invalid"));
  return d;
}

Result<CheckIn> ReadCheckIn(const json::object& body, const Rules& rules) {
  http::FieldReader f(body);
  f.RejectUnknown({"temperature", "symptoms"});
  CheckIn c;
  auto t = f.Number("temperature", true);
  CheckTemperature(f, t);
  c.temperature = t.value_or(0);
  c.symptoms = ReadSymptoms(f, body, rules);
  OW_RETURN_IF_ERROR(f.status("check-in is invalid"));
  return c;
}

}  // namespace ow::healthcode
