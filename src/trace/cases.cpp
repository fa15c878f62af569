#include "trace/cases.h"

#include <algorithm>
#include <map>
#include <set>

#include "crypto/crypto.h"

namespace ow::trace {

namespace {

constexpr char kSelect[] =
    "SELECT c.id, c.person_id, c.region, c.status, c.onset_date, c.reporting_unit, c.note, "
    "c.reported_by, c.reported_at, c.updated_at, c.traced_at, "
    "(SELECT COUNT(*) FROM case_contacts k WHERE k.case_id = c.id AND k.level = 'close'), "
    "(SELECT COUNT(*) FROM case_contacts k WHERE k.case_id = c.id AND k.level = 'secondary') "
    "FROM cases c ";

Case FromRow(const store::Row& r) {
  Case c;
  c.id = r.Text(0);
  c.person_id = r.Text(1);
  c.region = r.Text(2);
  c.status = r.Text(3);
  c.onset_date = r.Text(4);
  c.reporting_unit = r.Text(5);
  c.note = r.Text(6);
  c.reported_by = r.Text(7);
  c.reported_at_ms = r.Int(8);
  c.updated_at_ms = r.Int(9);
  c.traced_at_ms = r.OptInt(10);
  c.close_contacts = r.Int(11);
  c.secondary_contacts = r.Int(12);
  return c;
}

std::string Ref(const Case& c) { return "case:" + c.id; }

bool Active(const std::string& status) { return status != "excluded"; }

community::NewMessage ContactMessage(bool close) {
  community::NewMessage m;
  m.kind = "trace";
  m.link = "/code";
  if (close) {
    m.title_zh = "您被判定为密切接触者";
    m.title_en = "You have been identified as a close contact";
    m.body_zh =
        "经流调，您与一名病例曾在同一场所同时停留。请立即居家，等待社区工作人员联系，"
        "配合隔离和核酸检测。";
    m.body_en =
        "Contact tracing found that you were at the same place at the same time as a "
        "case. Please stay at home, wait for your community worker's call and follow "
        "the quarantine and testing instructions.";
  } else {
    m.title_zh = "您被判定为次密切接触者";
    m.title_en = "You have been identified as a secondary contact";
    m.body_zh = "经流调，您与一名密切接触者曾在同一场所同时停留。请居家健康监测并配合核酸检测。";
    m.body_en =
        "Contact tracing found that you were at the same place at the same time as a "
        "close contact. Please monitor your health at home and take a test.";
  }
  return m;
}

}  // namespace

CaseService::CaseService(store::Database& db, const Clock& clock,
                         identity::IdentityService& identity,
                         healthcode::HealthCodeService& colours, healthcode::SignalApplier& signals,
                         LiveIndex& index, community::TaskService& tasks, community::Inbox& inbox,
                         audit::AuditLog& audit, TraceConfig config)
    : db_(db),
      clock_(clock),
      identity_(identity),
      colours_(colours),
      signals_(signals),
      index_(index),
      tasks_(tasks),
      inbox_(inbox),
      audit_(audit),
      config_(config) {}

bool CaseService::ValidStatus(std::string_view s) {
  return s == "suspected" || s == "confirmed" || s == "asymptomatic" || s == "excluded";
}

Status CaseService::CheckRegion(const Principal& p, const Case& c) const {
  if (p.HasInRegion(Role::kHealthOfficial, c.region)) return Status::Ok();
  return Status::Forbidden("this case is outside your region");
}

Result<Case> CaseService::Load(const std::string& case_id) {
  OW_ASSIGN_OR_RETURN(store::Rows rows,
                      db_.Query(std::string(kSelect) + "WHERE c.id = ?", {case_id}));
  if (rows.empty()) return Status::NotFound("no such case");
  Case c = FromRow(rows[0]);
  if (auto who = identity_.GetSummary(c.person_id); who.ok()) c.masked_name = who->masked_name;
  return c;
}

Status CaseService::ApplyCaseSignal(store::Tx& tx, const Case& c, const std::string& actor) {
  healthcode::Signal s;
  s.person_id = c.person_id;
  s.kind = c.status == "suspected"      ? healthcode::SignalKind::kSuspectedCase
           : c.status == "asymptomatic" ? healthcode::SignalKind::kAsymptomaticCase
                                        : healthcode::SignalKind::kConfirmedCase;
  s.source = c.reporting_unit.empty() ? "case_report" : c.reporting_unit;
  s.occurred_at_ms = clock_.NowMillis();
  s.detail = c.status + (c.note.empty() ? "" : ": " + c.note);
  s.ref = Ref(c);
  return signals_.ApplySignalInTx(tx, s, actor);
}

Result<Case> CaseService::NewCaseFor(const Principal& reporter, const NewCase& in) {
  std::vector<FieldError> errors;
  if (!ValidStatus(in.status))
    errors.push_back({"$.status", "must be suspected, confirmed, asymptomatic or excluded"});
  const int64_t now = clock_.NowMillis();
  if (DaysFromCivil(in.onset) > DaysFromCivil(ShanghaiDate(now)))
    errors.push_back({"$.onset_date", "must not be in the future"});
  if (DaysFromCivil(in.onset) < DaysFromCivil(ShanghaiDate(now)) - 60)
    errors.push_back({"$.onset_date", "is more than 60 days ago"});
  if (in.reporting_unit.size() > 200) errors.push_back({"$.reporting_unit", "is too long"});
  if (in.note.size() > 2000) errors.push_back({"$.note", "is too long"});
  if (!errors.empty()) return Status::Invalid("case report is invalid", std::move(errors));
  OW_ASSIGN_OR_RETURN(std::string region, colours_.RegionOf(in.person_id));
  // As for signals: a department system reports only for residents of its regions.
  if (!reporter.HasInRegion(Role::kDepartmentSystem, region) &&
      !reporter.HasInRegion(Role::kHealthOfficial, region))
    return Status::Forbidden("this person is outside your regions");

  Case c;
  c.id = crypto::NewId();
  c.person_id = in.person_id;
  c.region = region;
  c.status = in.status;
  c.onset_date = FormatDate(in.onset);
  c.reporting_unit = in.reporting_unit;
  c.note = in.note;
  c.reported_by = reporter.person_id;
  c.reported_at_ms = now;
  return c;
}

Result<Case> CaseService::Report(const Principal& reporter, const NewCase& in) {
  OW_ASSIGN_OR_RETURN(Case c, NewCaseFor(reporter, in));
  const int64_t now = c.reported_at_ms;
  OW_RETURN_IF_ERROR(db_.Transact([&](store::Tx& tx) -> Status {
    OW_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO cases (id, person_id, region, status, onset_date, reporting_unit, "
                "note, reported_by, reported_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                {c.id, c.person_id, c.region, c.status, c.onset_date, c.reporting_unit, c.note,
                 c.reported_by, now, now})
            .status());
    OW_RETURN_IF_ERROR(
        audit_.Append(tx, {reporter.person_id, "trace.case.report", c.person_id, "",
                           c.status + " case " + c.id + " onset " + c.onset_date, ""}));
    // The case and the person's colour commit together.
    if (Active(c.status)) OW_RETURN_IF_ERROR(ApplyCaseSignal(tx, c, reporter.person_id));
    return Status::Ok();
  }));
  if (Active(c.status)) OW_RETURN_IF_ERROR(Trace(c));
  return Load(c.id);
}

Result<Case> CaseService::SetStatus(const Principal& official, const std::string& case_id,
                                    const std::string& status, const std::string& note) {
  if (!ValidStatus(status))
    return Status::Invalid(
        "bad status", {{"$.status", "must be suspected, confirmed, asymptomatic or excluded"}});
  if (note.size() > 2000) return Status::Invalid("note is too long", {{"$.note", "is too long"}});
  OW_ASSIGN_OR_RETURN(Case c, Load(case_id));
  OW_RETURN_IF_ERROR(CheckRegion(official, c));
  if (c.status == status) return c;
  const std::string before = c.status;
  const int64_t now = clock_.NowMillis();
  OW_RETURN_IF_ERROR(db_.Transact([&](store::Tx& tx) -> Status {
    OW_RETURN_IF_ERROR(tx.Exec("UPDATE cases SET status = ?, note = ?, updated_at = ? WHERE id = ?",
                               {status, note.empty() ? c.note : note, now, c.id})
                           .status());
    if (!Active(status)) {
      // The contacts are released with the case; a later re-confirmation traces afresh.
      OW_RETURN_IF_ERROR(tx.Exec("DELETE FROM case_evidence WHERE case_id = ?", {c.id}).status());
      OW_RETURN_IF_ERROR(tx.Exec("DELETE FROM case_contacts WHERE case_id = ?", {c.id}).status());
    }
    OW_RETURN_IF_ERROR(audit_.Append(tx, {official.person_id, "trace.case.status", c.person_id, "",
                                          "case " + c.id + ": " + before + " -> " + status, ""}));
    if (!Active(status)) return Status::Ok();
    // The new classification and the person's colour commit together.
    Case updated = c;
    updated.status = status;
    if (!note.empty()) updated.note = note;
    return ApplyCaseSignal(tx, updated, official.person_id);
  }));
  c.status = status;
  if (!note.empty()) c.note = note;
  if (!Active(status)) {
    // Every signal of this case (the person's and the contacts') is void from now on: each
    // person is re-evaluated and gets the colour the rules give without it.
    OW_RETURN_IF_ERROR(colours_.WithdrawSignals(Ref(c)));
  } else if (!Active(before)) {
    OW_RETURN_IF_ERROR(Trace(c));
  }
  return Load(c.id);
}

Result<Case> CaseService::Retrace(const Principal& official, const std::string& case_id) {
  OW_ASSIGN_OR_RETURN(Case c, Load(case_id));
  OW_RETURN_IF_ERROR(CheckRegion(official, c));
  if (!Active(c.status)) return Status::Conflict("an excluded case is not traced");
  OW_RETURN_IF_ERROR(Trace(c));
  return Load(c.id);
}

Result<std::map<std::string, CaseService::Found>> CaseService::FindContacts(const Case& c) {
  OW_RETURN_IF_ERROR(index_.Refresh());
  auto onset = ParseDate(c.onset_date);
  if (!onset) return Status::Internal("case " + c.id + " has a bad onset date");
  const int64_t now = clock_.NowMillis();
  const int64_t from =
      ShanghaiMidnightMillis(CivilFromDays(DaysFromCivil(*onset) - config_.days_before_onset));
  const int64_t to = c.reported_at_ms;  // isolated when reported

  std::map<std::string, Found> found;
  OW_ASSIGN_OR_RETURN(auto close, index_.Trace(c.person_id, from, to, config_.entry_window_ms));
  for (auto& t : close) found[t.person_id] = {"close", t.first_overlap_ms, "", t.evidence};
  if (config_.depth >= 2) {
    for (const auto& k : close) {
      OW_ASSIGN_OR_RETURN(
          auto second, index_.Trace(k.person_id, k.first_overlap_ms, now, config_.entry_window_ms));
      for (auto& s : second) {
        if (s.person_id == c.person_id) continue;
        auto it = found.find(s.person_id);
        if (it == found.end())
          found[s.person_id] = {"secondary", s.first_overlap_ms, k.person_id, s.evidence};
        else if (it->second.level == "secondary" && s.first_overlap_ms < it->second.first)
          it->second = {"secondary", s.first_overlap_ms, k.person_id, s.evidence};
      }
    }
  }
  return found;
}

Result<Impact> CaseService::Preview(const Principal& reporter, const NewCase& in) {
  OW_ASSIGN_OR_RETURN(Case c, NewCaseFor(reporter, in));
  Impact impact;
  if (!Active(c.status)) return impact;  // an excluded case changes nobody's code
  // The preview shows the reported person's present colour: a read of their data.
  OW_RETURN_IF_ERROR(audit_.Append(
      {reporter.person_id, "pii.read", c.person_id, "colour", "case report preview", ""}));
  OW_ASSIGN_OR_RETURN(ImpactGroup self,
                      CountImpact(colours_, "case", codes::Colour::kRed, {c.person_id}));
  OW_ASSIGN_OR_RETURN(auto found, FindContacts(c));
  std::vector<std::string> close, secondary;
  for (const auto& [person, f] : found) (f.level == "close" ? close : secondary).push_back(person);
  OW_ASSIGN_OR_RETURN(ImpactGroup g1, CountImpact(colours_, "close", codes::Colour::kRed, close));
  OW_ASSIGN_OR_RETURN(ImpactGroup g2,
                      CountImpact(colours_, "secondary", codes::Colour::kYellow, secondary));
  impact.people = 1 + g1.people + g2.people;
  impact.groups = {std::move(self), std::move(g1), std::move(g2)};
  return impact;
}

Status CaseService::Trace(const Case& c) {
  OW_ASSIGN_OR_RETURN(auto found, FindContacts(c));
  const int64_t now = clock_.NowMillis();
  OW_ASSIGN_OR_RETURN(store::Rows known,
                      db_.Query("SELECT person_id FROM case_contacts WHERE case_id = ?", {c.id}));
  std::set<std::string> seen;
  for (const auto& r : known) seen.insert(r.Text(0));

  for (const auto& [person, f] : found) {
    if (seen.count(person)) continue;  // traced before: signals, tasks and messages were sent
    const bool is_close = f.level == "close";
    OW_ASSIGN_OR_RETURN(std::string region, colours_.RegionOf(person));
    OW_RETURN_IF_ERROR(db_.Transact([&](store::Tx& tx) -> Status {
      OW_RETURN_IF_ERROR(tx.Exec("INSERT INTO case_contacts (case_id, person_id, level, "
                                 "first_contact, via_person, found_at) VALUES (?,?,?,?,?,?)",
                                 {c.id, person, f.level, f.first, f.via, now})
                             .status());
      int64_t seq = 0;
      for (const auto& e : f.evidence)
        OW_RETURN_IF_ERROR(
            tx.Exec(
                  "INSERT INTO case_evidence (case_id, person_id, seq, place_id, case_from, "
                  "case_to, contact_from, contact_to, case_entry_only, contact_entry_only) "
                  "VALUES (?,?,?,?,?,?,?,?,?,?)",
                  {c.id, person, ++seq, e.place_id, e.case_from_ms, e.case_to_ms, e.contact_from_ms,
                   e.contact_to_ms, int64_t{e.case_entry_only}, int64_t{e.contact_entry_only}})
                .status());
      community::NewTask task;
      task.person_id = person;
      task.region = region;
      task.kind = is_close ? "quarantine" : "test";
      task.reason_zh = is_close ? "密切接触者：请联系居民，安排隔离和核酸检测。"
                                : "次密切接触者：请联系居民，安排居家健康监测和核酸检测。";
      task.reason_en = is_close
                           ? "Close contact: contact the resident, arrange quarantine and tests."
                           : "Secondary contact: contact the resident, arrange home "
                             "monitoring and a test.";
      task.source = "trace:" + Ref(c);
      OW_RETURN_IF_ERROR(tasks_.Create(tx, task).status());
      OW_RETURN_IF_ERROR(inbox_.Post(tx, person, ContactMessage(is_close)));
      // The colour signal commits with the contact's row, task and message, or none of them
      // does: a contact recorded here is never left without their colour, and a failed one
      // is found again by the next trace.
      healthcode::Signal s;
      s.person_id = person;
      s.kind = is_close ? healthcode::SignalKind::kCloseContact
                        : healthcode::SignalKind::kSecondaryContact;
      s.source = "trace";
      s.occurred_at_ms = std::min(f.first, now);
      s.ref = Ref(c);  // withdrawn with the case; never shown to the contact
      return signals_.ApplySignalInTx(tx, s, "system:trace");
    }));
  }
  return db_.Exec("UPDATE cases SET traced_at = ? WHERE id = ?", {now, c.id}).status();
}

Result<Case> CaseService::Get(const Principal& viewer, const std::string& case_id) {
  OW_ASSIGN_OR_RETURN(Case c, Load(case_id));
  if (viewer.Has(Role::kDepartmentSystem) && c.reported_by == viewer.person_id) return c;
  OW_RETURN_IF_ERROR(CheckRegion(viewer, c));
  return c;
}

Result<std::vector<Case>> CaseService::List(const Principal& viewer, int limit) {
  std::vector<Case> out;
  std::set<std::string> ids;
  auto add = [&](const store::Rows& rows) {
    for (const auto& r : rows) {
      Case c = FromRow(r);
      if (ids.insert(c.id).second) out.push_back(std::move(c));
    }
  };
  for (const auto& scope : viewer.Scopes(Role::kHealthOfficial)) {
    if (scope.starts_with("place:")) continue;
    OW_ASSIGN_OR_RETURN(
        store::Rows rows,
        db_.Query(std::string(kSelect) + "WHERE substr(c.region, 1, ?) = ? "
                                         "ORDER BY c.reported_at DESC LIMIT ?",
                  {static_cast<int64_t>(scope.size()), scope, static_cast<int64_t>(limit)}));
    add(rows);
  }
  if (viewer.Has(Role::kDepartmentSystem)) {
    OW_ASSIGN_OR_RETURN(store::Rows rows,
                        db_.Query(std::string(kSelect) +
                                      "WHERE c.reported_by = ? ORDER BY c.reported_at DESC LIMIT ?",
                                  {viewer.person_id, static_cast<int64_t>(limit)}));
    add(rows);
  }
  std::sort(out.begin(), out.end(),
            [](const Case& a, const Case& b) { return a.reported_at_ms > b.reported_at_ms; });
  if (static_cast<int>(out.size()) > limit) out.resize(limit);
  for (auto& c : out)
    if (auto who = identity_.GetSummary(c.person_id); who.ok()) c.masked_name = who->masked_name;
  return out;
}

Result<std::vector<CaseContact>> CaseService::Contacts(const Principal& viewer,
                                                       const std::string& case_id,
                                                       const std::string& ip) {
  OW_ASSIGN_OR_RETURN(Case c, Load(case_id));
  OW_RETURN_IF_ERROR(CheckRegion(viewer, c));
  OW_ASSIGN_OR_RETURN(store::Rows rows,
                      db_.Query("SELECT person_id, level, first_contact, via_person FROM "
                                "case_contacts WHERE case_id = ? ORDER BY level, first_contact, "
                                "person_id",
                                {c.id}));
  OW_ASSIGN_OR_RETURN(store::Rows ev,
                      db_.Query("SELECT person_id, place_id, case_from, case_to, contact_from, "
                                "contact_to, case_entry_only, contact_entry_only FROM "
                                "case_evidence WHERE case_id = ? ORDER BY person_id, seq",
                                {c.id}));
  std::map<std::string, std::vector<PlaceEvidence>> evidence;
  for (const auto& r : ev)
    evidence[r.Text(0)].push_back(
        {r.Text(1), r.Int(2), r.Int(3), r.Int(4), r.Int(5), r.Int(6) != 0, r.Int(7) != 0});
  auto masked = [&](const std::string& person) {
    auto who = identity_.GetSummary(person);
    return who.ok() ? who->masked_name : std::string();
  };
  std::vector<CaseContact> out;
  for (const auto& r : rows) {
    CaseContact k;
    k.person_id = r.Text(0);
    k.masked_name = masked(k.person_id);
    k.level = r.Text(1);
    k.first_contact_ms = r.Int(2);
    if (!r.Text(3).empty()) k.via_masked_name = masked(r.Text(3));
    k.evidence = std::move(evidence[k.person_id]);
    out.push_back(std::move(k));
  }
  OW_RETURN_IF_ERROR(audit_.Append({viewer.person_id, "pii.read", "case:" + c.id, "case_contacts",
                                    std::to_string(out.size()) + " contacts", ip}));
  return out;
}

std::vector<store::Migration> CaseService::Migrations() {
  return {{"trace", 1, "cases, contacts, evidence", R"SQL(
CREATE TABLE cases (
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL,
  region TEXT NOT NULL,
  status TEXT NOT NULL,
  onset_date TEXT NOT NULL,
  reporting_unit TEXT NOT NULL,
  note TEXT NOT NULL,
  reported_by TEXT NOT NULL,
  reported_at {bigint} NOT NULL,
  updated_at {bigint} NOT NULL,
  traced_at {bigint}
);
CREATE INDEX cases_region ON cases(region, reported_at);
CREATE INDEX cases_person ON cases(person_id);
CREATE TABLE case_contacts (
  case_id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  level TEXT NOT NULL,
  first_contact {bigint} NOT NULL,
  via_person TEXT NOT NULL,
  found_at {bigint} NOT NULL,
  PRIMARY KEY (case_id, person_id)
);
CREATE TABLE case_evidence (
  case_id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  place_id TEXT NOT NULL,
  case_from {bigint} NOT NULL,
  case_to {bigint} NOT NULL,
  contact_from {bigint} NOT NULL,
  contact_to {bigint} NOT NULL,
  case_entry_only INTEGER NOT NULL,
  contact_entry_only INTEGER NOT NULL,
  PRIMARY KEY (case_id, person_id, seq)
)
)SQL"}};
}

}  // namespace ow::trace
