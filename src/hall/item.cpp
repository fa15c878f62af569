// Reading and checking service item files (see item.h).
#include "hall/item.h"

#include <algorithm>
#include <boost/json.hpp>
#include <regex>

#include "crypto/crypto.h"
#include "http/json.h"

namespace ow::hall {

namespace json = boost::json;

namespace {

constexpr int kMaxDays = 365;
constexpr int kMaxVisits = 5;
constexpr size_t kMaxText = 2000;

const std::regex& CodeRe() {
  static const std::regex re("^[0-9]{6}-[0-9A-Z]{4}-[0-9]{2}$");
  return re;
}
const std::regex& IdRe() {
  static const std::regex re("^[a-z][a-z0-9_]{0,39}$");
  return re;
}

std::optional<Text> ReadText(http::FieldReader& f, std::string_view key, bool required) {
  const json::object* o = f.Object(key, required);
  if (o == nullptr) return std::nullopt;
  http::FieldReader t(*o, f.Path(key));
  t.RejectUnknown({"zh", "en"});
  auto zh = t.String("zh", true, kMaxText);
  auto en = t.String("en", true, kMaxText);
  for (auto& e : t.errors()) f.errors().push_back(std::move(e));
  if (!zh || !en) return std::nullopt;
  return Text{*zh, *en};
}

std::vector<std::string> ReadStrings(http::FieldReader& f, std::string_view key, bool required) {
  std::vector<std::string> out;
  const json::array* a = f.Array(key, required);
  if (a == nullptr) return out;
  for (size_t i = 0; i < a->size(); ++i) {
    const std::string path = f.Path(key) + "[" + std::to_string(i) + "]";
    if (!(*a)[i].is_string() || (*a)[i].as_string().empty()) {
      f.Error(path, "must be a non-empty string");
      continue;
    }
    std::string s((*a)[i].as_string());
    if (f.CheckText(path, s)) out.push_back(std::move(s));
  }
  return out;
}

std::optional<int64_t> ReadCount(http::FieldReader& f, std::string_view key, bool required,
                                 int64_t max) {
  auto v = f.Integer(key, required);
  if (v && (*v < 0 || *v > max)) {
    f.Error(f.Path(key), "must be between 0 and " + std::to_string(max), "out_of_range");
    return std::nullopt;
  }
  return v;
}

std::optional<Material> ReadMaterial(const json::object& o, const std::string& base,
                                     std::vector<FieldError>& errors) {
  http::FieldReader f(o, base);
  f.RejectUnknown({"id", "name", "source", "service", "field", "licence_kind", "types", "max_bytes",
                   "required"});
  Material m;
  auto id = f.String("id", true, 40);
  if (id && !std::regex_match(*id, IdRe()))
    f.Error(f.Path("id"), "must be a lowercase identifier", "bad_identifier");
  auto name = ReadText(f, "name", true);
  auto source = f.String("source", true, 20);
  auto required = f.Bool("required", false);
  if (source) {
    if (*source == "exchange") {
      m.source = MaterialSource::kExchange;
      m.service = f.String("service", true, 300).value_or("");
      m.field = f.String("field", true, 60).value_or("");
    } else if (*source == "licence") {
      m.source = MaterialSource::kLicence;
      m.licence_kind = f.String("licence_kind", true, 60).value_or("");
    } else if (*source == "form") {
      m.source = MaterialSource::kForm;
    } else if (*source == "upload") {
      m.source = MaterialSource::kUpload;
      m.types = ReadStrings(f, "types", true);
      if (m.types.empty()) f.Error(f.Path("types"), "must list the accepted media types");
      auto max_bytes = ReadCount(f, "max_bytes", true, kMaxUploadBytes);
      if (max_bytes && *max_bytes == 0)
        f.Error(f.Path("max_bytes"), "must be positive", "out_of_range");
      m.max_bytes = max_bytes.value_or(0);
    } else {
      f.Error(f.Path("source"), "must be exchange, licence, form or upload", "unknown_source");
    }
  }
  for (auto& e : f.errors()) errors.push_back(std::move(e));
  if (!f.ok()) return std::nullopt;
  m.id = *id;
  m.name = *name;
  m.required = required.value_or(false);
  return m;
}

}  // namespace

std::string_view MaterialSourceName(MaterialSource s) {
  switch (s) {
    case MaterialSource::kExchange:
      return "exchange";
    case MaterialSource::kLicence:
      return "licence";
    case MaterialSource::kForm:
      return "form";
    case MaterialSource::kUpload:
      return "upload";
  }
  return "form";
}

std::string_view ApplicantName(Applicant a) {
  return a == Applicant::kCitizen ? "citizen" : "enterprise";
}

bool ServiceItem::AllowsApplicant(Applicant a) const {
  return std::find(applicants.begin(), applicants.end(), a) != applicants.end();
}

bool ConditionHolds(const OfferCondition& c, const json::value& actual) {
  if (c.op == "eq" || c.op == "ne") {
    bool same = actual == c.value;
    if (!same && actual.is_number() && c.value.is_number())
      same = actual.to_number<double>() == c.value.to_number<double>();
    return c.op == "eq" ? same : !same;
  }
  if (!actual.is_number() || !c.value.is_number()) return false;
  const double a = actual.to_number<double>(), b = c.value.to_number<double>();
  if (c.op == "ge") return a >= b;
  if (c.op == "gt") return a > b;
  if (c.op == "le") return a <= b;
  return a < b;  // lt
}

Result<ServiceItem> ParseItem(std::string_view text) {
  boost::system::error_code ec;
  json::value doc = json::parse(text, ec);
  if (ec || !doc.is_object()) return Status::Invalid("an item file must be a JSON object");
  const json::object& o = doc.as_object();
  http::FieldReader f(o);
  f.RejectUnknown({"code", "basic_code", "version", "kind", "name", "department", "applicants",
                   "legal_basis", "conditions", "materials", "legal_days", "promised_days",
                   "visits", "fee_yuan", "automatic", "referral", "licence"});
  ServiceItem item;
  auto code = f.String("code", true, 20);
  auto basic = f.String("basic_code", true, 10);
  auto version = f.Integer("version", true);
  auto kind = f.String("kind", true, 40);
  auto name = ReadText(f, "name", true);
  if (code && !std::regex_match(*code, CodeRe()))
    f.Error("$.code", "must be region-basic code-number, e.g. 330000-0203-01", "bad_code");
  if (code && basic && code->size() == 14 && code->substr(7, 4) != *basic)
    f.Error("$.basic_code", "must be the basic code inside $.code", "code_mismatch");
  if (version && *version < 1) f.Error("$.version", "must be at least 1", "out_of_range");
  if (const json::object* dept = f.Object("department", true)) {
    http::FieldReader d(*dept, "$.department");
    d.RejectUnknown({"code", "name"});
    item.department_code = d.String("code", true, 40).value_or("");
    if (auto n = ReadText(d, "name", true)) item.department_name = *n;
    for (auto& e : d.errors()) f.errors().push_back(std::move(e));
  }
  for (const std::string& a : ReadStrings(f, "applicants", true)) {
    if (a == "citizen") {
      item.applicants.push_back(Applicant::kCitizen);
    } else if (a == "enterprise") {
      item.applicants.push_back(Applicant::kEnterprise);
    } else {
      f.Error("$.applicants", "each applicant must be citizen or enterprise", "unknown_applicant");
    }
  }
  if (f.ok() && item.applicants.empty()) f.Error("$.applicants", "must name who may apply");
  item.legal_basis = ReadStrings(f, "legal_basis", true);
  if (const json::object* c = f.Object("conditions", true)) {
    http::FieldReader cr(*c, "$.conditions");
    cr.RejectUnknown({"zh", "en"});
    auto zh = ReadStrings(cr, "zh", true);
    auto en = ReadStrings(cr, "en", true);
    if (zh.size() != en.size())
      cr.Error("$.conditions.en", "must have as many entries as zh", "language_mismatch");
    for (size_t i = 0; i < std::min(zh.size(), en.size()); ++i)
      item.conditions.push_back({zh[i], en[i]});
    for (auto& e : cr.errors()) f.errors().push_back(std::move(e));
  }
  if (const json::array* mats = f.Array("materials", true)) {
    std::vector<std::string> ids;
    for (size_t i = 0; i < mats->size(); ++i) {
      const std::string path = "$.materials[" + std::to_string(i) + "]";
      if (!(*mats)[i].is_object()) {
        f.Error(path, "must be an object");
        continue;
      }
      auto m = ReadMaterial((*mats)[i].as_object(), path, f.errors());
      if (!m) continue;
      if (std::find(ids.begin(), ids.end(), m->id) != ids.end())
        f.Error(path + ".id", "is used twice", "duplicate_id");
      ids.push_back(m->id);
      item.materials.push_back(std::move(*m));
    }
  }
  auto legal = ReadCount(f, "legal_days", true, kMaxDays);
  auto promised = ReadCount(f, "promised_days", true, kMaxDays);
  auto visits = ReadCount(f, "visits", true, kMaxVisits);
  auto fee = ReadCount(f, "fee_yuan", true, 1'000'000);
  if (legal && promised && *promised > *legal)
    f.Error("$.promised_days", "must not exceed legal_days", "out_of_range");
  if (const json::value* a = o.if_contains("automatic"); a && a->is_object()) {
    // {"zh", "en", "rule": [{"material", "op", "value"}]}: the text as a Text, the rule apart.
    json::object text = a->as_object();
    const json::value rule = text.contains("rule") ? text.at("rule") : json::value(nullptr);
    text.erase("rule");
    json::object wrapper{{"automatic", text}};
    http::FieldReader t(wrapper);
    item.automatic = ReadText(t, "automatic", true);
    for (auto& e : t.errors()) f.errors().push_back(std::move(e));
    if (!rule.is_null() && !rule.is_array())
      f.Error("$.automatic.rule", "must be a list of conditions", "wrong_type");
    if (rule.is_array()) {
      static const std::vector<std::string> kOps = {"eq", "ne", "ge", "gt", "le", "lt"};
      for (size_t i = 0; i < rule.as_array().size(); ++i) {
        const std::string path = "$.automatic.rule[" + std::to_string(i) + "]";
        const json::object* c = rule.as_array()[i].if_object();
        const json::string* m =
            c && c->contains("material") ? c->at("material").if_string() : nullptr;
        const json::string* op = c && c->contains("op") ? c->at("op").if_string() : nullptr;
        const json::value* v = c ? c->if_contains("value") : nullptr;
        if (!m || !op || !v || c->size() != 3) {
          f.Error(path, "must be {material, op, value}", "bad_condition");
          continue;
        }
        bool exchange = false;
        for (const Material& x : item.materials)
          exchange = exchange || (x.id == *m && x.source == MaterialSource::kExchange);
        if (!exchange)
          f.Error(path + ".material", "must be an exchange material of the item",
                  "unknown_material");
        if (std::find(kOps.begin(), kOps.end(), std::string(*op)) == kOps.end())
          f.Error(path + ".op", "must be eq, ne, ge, gt, le or lt", "unknown_op");
        else if (*op != "eq" && *op != "ne" && !v->is_number())
          f.Error(path + ".value", "must be a number for " + std::string(*op), "wrong_type");
        item.automatic_rule.push_back({std::string(*m), std::string(*op), *v});
      }
    }
  } else if (o.contains("automatic")) {
    item.automatic = ReadText(f, "automatic", true);
  }
  if (o.contains("referral")) item.referral = ReadText(f, "referral", true);
  if (const json::object* lic = o.contains("licence") ? f.Object("licence", true) : nullptr) {
    // What approval issues (电子证照): its kind and title, and how long it is valid.
    http::FieldReader lr(*lic, "$.licence");
    lr.RejectUnknown({"kind", "name", "validity_days"});
    LicenceSpec spec;
    auto lkind = lr.String("kind", true, 60);
    if (lkind && !std::regex_match(*lkind, IdRe()))
      lr.Error("$.licence.kind", "must be a lowercase identifier", "bad_identifier");
    spec.kind = lkind.value_or("");
    if (auto n = ReadText(lr, "name", false)) spec.name = *n;
    if (auto days = ReadCount(lr, "validity_days", false, 100 * 366)) {
      if (*days == 0) lr.Error("$.licence.validity_days", "must be positive", "out_of_range");
      spec.validity_days = static_cast<int>(*days);
    }
    for (auto& e : lr.errors()) f.errors().push_back(std::move(e));
    item.licence = std::move(spec);
  }
  OW_RETURN_IF_ERROR(f.status("the item file is invalid"));
  item.code = *code;
  item.basic_code = *basic;
  item.version = static_cast<int>(*version);
  item.kind = *kind;
  item.name = *name;
  item.legal_days = static_cast<int>(*legal);
  item.promised_days = static_cast<int>(*promised);
  item.visits = static_cast<int>(*visits);
  item.fee_yuan = *fee;
  item.source_json = std::string(text);
  item.digest_hex = crypto::ToHex(crypto::Hash(text));
  return item;
}

}  // namespace ow::hall
