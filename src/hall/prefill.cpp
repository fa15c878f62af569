// Prefill of exchange materials (see prefill.h).
#include "hall/prefill.h"

#include <boost/json.hpp>

namespace ow::hall {

namespace json = boost::json;

namespace {

constexpr size_t kMaxMessage = 300;

std::string Cut(std::string s) {
  if (s.size() > kMaxMessage) {
    s.resize(kMaxMessage);
    while (!s.empty() && (static_cast<unsigned char>(s.back()) & 0xC0) == 0x80) s.pop_back();
    if (!s.empty() && (static_cast<unsigned char>(s.back()) & 0x80)) s.pop_back();
  }
  return s;
}

struct CaseFacts {
  std::string id;
  std::string applicant;
  std::string enterprise_id;
  std::string item_code;
  int item_version = 0;
  CaseState state = CaseState::kDraft;
  std::string answers;
};

template <class Q>
Result<CaseFacts> ReadFacts(Q& q, const std::string& ref) {
  OW_ASSIGN_OR_RETURN(
      store::Rows rows,
      q.Query("SELECT id, applicant, enterprise_id, item_code, item_version, state, answers FROM "
              "hall_cases WHERE id = ? OR case_number = ?",
              {ref, ref}));
  if (rows.empty()) return Status::NotFound("no application " + ref);
  CaseFacts f;
  f.id = rows[0].Text(0);
  f.applicant = rows[0].Text(1);
  f.enterprise_id = rows[0].OptText(2).value_or("");
  f.item_code = rows[0].Text(3);
  f.item_version = static_cast<int>(rows[0].Int(4));
  f.state = ParseCaseState(rows[0].Text(5)).value_or(CaseState::kDraft);
  f.answers = rows[0].Text(6);
  return f;
}

template <class Q>
Result<std::map<std::string, PrefillEntry>> ReadEntries(Q& q, const std::string& case_id) {
  OW_ASSIGN_OR_RETURN(
      store::Rows rows,
      q.Query("SELECT material, ok, value, member, fetched_at_ms, error_code, error_message FROM "
              "hall_prefill WHERE case_id = ? ORDER BY material",
              {case_id}));
  std::map<std::string, PrefillEntry> out;
  for (const store::Row& r : rows) {
    PrefillEntry e;
    e.material = r.Text(0);
    e.ok = r.Int(1) != 0;
    boost::system::error_code ec;
    e.value = r.Text(2).empty() ? json::value(nullptr) : json::parse(r.Text(2), ec);
    if (ec) e.value = nullptr;
    e.member = r.Text(3);
    e.source = DepartmentOfMember(e.member);
    e.fetched_at_ms = r.Int(4);
    e.error_code = r.Text(5);
    e.error_message = r.Text(6);
    out.emplace(e.material, std::move(e));
  }
  return out;
}

}  // namespace

Text DepartmentOfMember(const std::string& member) {
  struct Dept {
    const char* code;
    const char* zh;
    const char* en;
  };
  static const Dept kDepartments[] = {
      {"330000-HRSS", "浙江省人力资源和社会保障厅",
       "Zhejiang Department of Human Resources and Social Security"},
      {"330000-TAX", "国家税务总局浙江省税务局", "Zhejiang Provincial Tax Service, STA"},
      {"330000-AMR", "浙江省市场监督管理局", "Zhejiang Administration for Market Regulation"},
      {"330000-HEALTH", "浙江省卫生健康委员会", "Zhejiang Health Commission"},
      {"330000-NHSA", "浙江省医疗保障局", "Zhejiang Healthcare Security Administration"},
      {"330000-RAIL", "铁路客票系统（浙江）", "Railway ticketing (Zhejiang)"},
  };
  auto parsed = exchange::ParseSubsystemId(member);
  const std::string code = parsed.ok() ? parsed->member_code : member;
  for (const Dept& d : kDepartments)
    if (code == d.code) return {d.zh, d.en};
  return {code, code};
}

PrefillService::PrefillService(store::Database& db, const Clock& clock, ItemCatalogue& items,
                               CaseService& cases, identity::IdentityService& identity,
                               identity::EnterpriseService& enterprises,
                               exchange::PullClient* client)
    : db_(db),
      clock_(clock),
      items_(items),
      cases_(cases),
      identity_(identity),
      enterprises_(enterprises),
      client_(client) {}

PrefillEntry PrefillService::Fetch(const Material& m, const std::string& uscc,
                                   const std::optional<std::string>& resident_id) {
  PrefillEntry e;
  e.material = m.id;
  e.fetched_at_ms = clock_.NowMillis();
  auto service = exchange::ParseServiceId(m.service);
  if (!service.ok()) {
    e.member = m.service;
    e.source = DepartmentOfMember(m.service);
    e.error_code = "failed";
    e.error_message = "the item names a malformed service";
    return e;
  }
  e.member = service->provider.ToString();
  e.source = DepartmentOfMember(e.member);
  const std::string path = uscc.empty() ? std::string() : "/" + uscc;
  auto answer =
      client_->Get(*service, path, kPrefillPurpose, uscc.empty() ? resident_id : std::nullopt);
  if (!answer.ok()) {
    switch (answer.status().code()) {
      case Code::kUnavailable:
        e.error_code = "unavailable";
        break;
      case Code::kForbidden:
        e.error_code = "refused";
        break;
      case Code::kNotFound:
        e.error_code = "not_found";
        break;
      default:
        e.error_code = "failed";
    }
    e.error_message = Cut(std::string(answer.status().message()));
    return e;
  }
  e.fetched_at_ms = answer->fetched_at_ms;
  const json::object* body = answer->body.if_object();
  const json::value* v = body ? body->if_contains(m.field) : nullptr;
  if (v == nullptr) {
    e.error_code = "no_field";
    e.error_message = "the department's answer has no field " + m.field;
    return e;
  }
  e.ok = true;
  e.value = *v;
  return e;
}

Result<std::map<std::string, PrefillEntry>> PrefillService::Refresh(const Principal& p,
                                                                    const std::string& ref) {
  if (!enabled()) return Status::Unavailable("prefill from the data exchange is not configured");
  OW_ASSIGN_OR_RETURN(CaseFacts c, ReadFacts(db_, ref));
  const bool applicant =
      c.applicant == p.person_id ||
      (!c.enterprise_id.empty() && enterprises_.CanActFor(p.person_id, c.enterprise_id).ok());
  if (!applicant) return Status::NotFound("no application " + ref);
  if (c.state != CaseState::kDraft && c.state != CaseState::kCorrection)
    return Status::Conflict("shared data are fetched only for a draft or during correction");
  OW_ASSIGN_OR_RETURN(auto item, items_.GetVersion(c.item_code, c.item_version));
  std::string uscc;
  std::optional<std::string> resident_id;
  bool any = false;
  for (const Material& m : item->materials) any = any || m.source == MaterialSource::kExchange;
  if (!any) return std::map<std::string, PrefillEntry>{};
  if (!c.enterprise_id.empty()) {
    OW_ASSIGN_OR_RETURN(identity::Enterprise ent, enterprises_.Get(c.enterprise_id));
    uscc = ent.credit_code;
  } else {
    // The citizen's own resident id, for X-Road-UserId (revealed for this purpose, audited).
    OW_ASSIGN_OR_RETURN(resident_id, identity_.RevealIdNumber(c.applicant, p.person_id,
                                                              "hall prefill of case " + c.id));
  }
  const auto fetched = FetchItem(*item, uscc, resident_id);
  OW_RETURN_IF_ERROR(
      db_.Transact([&](store::Tx& tx) -> Status { return StoreEntries(tx, c.id, fetched); }));
  return ForCase(c.id);
}

std::map<std::string, PrefillEntry> PrefillService::FetchItem(
    const ServiceItem& item, const std::string& uscc,
    const std::optional<std::string>& resident_id) {
  std::map<std::string, PrefillEntry> out;
  if (!enabled()) return out;
  for (const Material& m : item.materials)
    if (m.source == MaterialSource::kExchange) out.emplace(m.id, Fetch(m, uscc, resident_id));
  return out;
}

Status PrefillService::StoreEntries(store::Tx& tx, const std::string& case_id,
                                    const std::map<std::string, PrefillEntry>& entries) {
  for (const auto& [id, e] : entries) {
    OW_RETURN_IF_ERROR(
        tx.Exec(
              "INSERT INTO hall_prefill (case_id, material, ok, value, member, "
              "fetched_at_ms, error_code, error_message) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON "
              "CONFLICT (case_id, material) DO UPDATE SET ok = excluded.ok, value = "
              "excluded.value, member = excluded.member, fetched_at_ms = "
              "excluded.fetched_at_ms, error_code = excluded.error_code, error_message = "
              "excluded.error_message",
              {case_id, id, int64_t{e.ok ? 1 : 0}, e.ok ? json::serialize(e.value) : std::string(),
               e.member, e.fetched_at_ms, e.error_code, e.error_message})
            .status());
  }
  return Status::Ok();
}

Result<std::map<std::string, PrefillEntry>> PrefillService::ForCase(const std::string& case_id) {
  return ReadEntries(db_, case_id);
}

Status PrefillService::Decorate(const std::string& case_id, json::object& view) {
  OW_ASSIGN_OR_RETURN(auto entries, ForCase(case_id));
  json::object prefilled, errors;
  for (const auto& [id, e] : entries) {
    if (e.ok)
      prefilled[id] = {{"value", e.value},
                       {"source", {{"zh", e.source.zh}, {"en", e.source.en}}},
                       {"member", e.member},
                       {"fetched_at_ms", e.fetched_at_ms}};
    else
      errors[id] = {{"code", e.error_code}, {"message", e.error_message}};
  }
  view["prefilled"] = std::move(prefilled);
  view["prefill_errors"] = std::move(errors);
  return Status::Ok();
}

void PrefillService::Attach() {
  if (!enabled()) return;
  store::Database& db = db_;
  cases_.SetHandAnswerCheck(
      [&db](const std::string& case_id, const std::string& material) -> Result<bool> {
        OW_ASSIGN_OR_RETURN(auto entries, ReadEntries(db, case_id));
        auto it = entries.find(material);
        return it != entries.end() && !it->second.ok;
      });
  ItemCatalogue& items = items_;
  cases_.AddTransitionHook([&items](store::Tx& tx, const CaseEvent& e) -> Status {
    if (e.action != CaseAction::kSubmit && e.action != CaseAction::kResubmit) return Status::Ok();
    OW_ASSIGN_OR_RETURN(auto item, items.GetVersion(e.item_code, e.item_version));
    OW_ASSIGN_OR_RETURN(CaseFacts c, ReadFacts(tx, e.case_id));
    OW_ASSIGN_OR_RETURN(auto entries, ReadEntries(tx, e.case_id));
    boost::system::error_code ec;
    json::value answers = json::parse(c.answers, ec);
    std::vector<FieldError> errors;
    for (const Material& m : item->materials) {
      if (m.source != MaterialSource::kExchange) continue;
      auto it = entries.find(m.id);
      if (it != entries.end() && it->second.ok) continue;
      const json::value* a =
          !ec && answers.is_object() ? answers.as_object().if_contains(m.id) : nullptr;
      if (a != nullptr && a->is_string() && !a->as_string().empty()) continue;
      errors.push_back({"$.answers." + m.id,
                        it == entries.end()
                            ? "has not been fetched from the department; refresh or answer it"
                            : "could not be fetched (" + it->second.error_code + "); answer it",
                        "prefill_unavailable"});
    }
    if (!errors.empty()) return Status::Invalid("some shared data are missing", std::move(errors));
    return Status::Ok();
  });
}

std::vector<store::Migration> PrefillService::Migrations() {
  return {{.module = "hall_prefill", .version = 1, .name = "prefill", .sql = R"SQL(
CREATE TABLE hall_prefill (
  case_id TEXT NOT NULL,
  material TEXT NOT NULL,
  ok INTEGER NOT NULL,
  value TEXT NOT NULL,
  member TEXT NOT NULL,
  fetched_at_ms BIGINT NOT NULL,
  error_code TEXT NOT NULL,
  error_message TEXT NOT NULL,
  PRIMARY KEY (case_id, material)
);
)SQL"}};
}

}  // namespace ow::hall
