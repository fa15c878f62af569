// Applications, their workflow, queue and deadlines (see cases.h).
#include "hall/cases.h"

#include <boost/json.hpp>
#include <cstdio>

#include "core/time.h"
#include "crypto/crypto.h"
#include "http/json.h"

namespace ow::hall {

namespace json = boost::json;

namespace {

// An optional text column: NULL when empty.
store::Value OrNull(const std::string& text) {
  return text.empty() ? store::Value(nullptr) : store::Value(text);
}

constexpr size_t kMaxAnswerBytes = 2000;
constexpr int kWarningWorkdays = 2;  // a deadline this close shows as a warning
constexpr int kMaxPerPage = 100;
// Open states, written exactly as in the partial index hall_cases_open_queue (a query must
// repeat its condition for the planner to use it).
constexpr char kOpenStates[] = "'submitted','accepted','correction','review','approved','rejected'";
constexpr char kNoDeadline[] = "9999-12-31";  // queue_key of cases not accepted yet

constexpr char kColumns[] =
    "id, case_number, item_code, item_version, department, applicant, enterprise_id, state, "
    "version, answers, assignee, created_at_ms, updated_at_ms, submitted_at_ms, accepted_on, "
    "due_on, legal_due_on, paused_on";

std::optional<Date> OptDate(const std::optional<std::string>& s) {
  return s ? ParseDate(*s) : std::nullopt;
}

store::Value DateValue(const std::optional<Date>& d) {
  return d ? store::Value(FormatDate(*d)) : store::Value(nullptr);
}

std::string VersionConflict(int64_t current) {
  return "the case has changed since you read it (it is now at version " + std::to_string(current) +
         "); read it again";
}

}  // namespace

struct CaseService::Row {
  std::string id;
  std::optional<std::string> case_number;
  std::string item_code;
  int item_version = 0;
  std::string department;
  std::string applicant;
  std::optional<std::string> enterprise_id;
  CaseState state = CaseState::kDraft;
  int64_t version = 0;
  std::string answers;
  std::optional<std::string> assignee;
  int64_t created_at_ms = 0, updated_at_ms = 0;
  std::optional<int64_t> submitted_at_ms;
  std::optional<Date> accepted_on, due_on, legal_due_on, paused_on;

  static Row From(const store::Row& r) {
    Row o;
    o.id = r.Text(0);
    o.case_number = r.OptText(1);
    o.item_code = r.Text(2);
    o.item_version = static_cast<int>(r.Int(3));
    o.department = r.Text(4);
    o.applicant = r.Text(5);
    o.enterprise_id = r.OptText(6);
    o.state = ParseCaseState(r.Text(7)).value_or(CaseState::kDraft);
    o.version = r.Int(8);
    o.answers = r.Text(9);
    o.assignee = r.OptText(10);
    o.created_at_ms = r.Int(11);
    o.updated_at_ms = r.Int(12);
    o.submitted_at_ms = r.OptInt(13);
    o.accepted_on = OptDate(r.OptText(14));
    o.due_on = OptDate(r.OptText(15));
    o.legal_due_on = OptDate(r.OptText(16));
    o.paused_on = OptDate(r.OptText(17));
    return o;
  }
};

namespace {

template <class Q>
Result<store::Rows> SelectCase(Q& q, const std::string& ref) {
  return q.Query(
      std::string("SELECT ") + kColumns + " FROM hall_cases WHERE id = ? OR case_number = ?",
      {ref, ref});
}

Result<json::object> ParseAnswers(const std::string& text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return Status::Internal("stored answers are not an object");
  return std::move(v.as_object());
}

}  // namespace

CaseService::CaseService(store::Database& db, const Clock& clock, ItemCatalogue& items,
                         identity::IdentityService& identity,
                         identity::EnterpriseService& enterprises, audit::AuditLog& audit,
                         const calendar::WorkCalendar& calendar)
    : db_(db),
      clock_(clock),
      items_(items),
      identity_(identity),
      enterprises_(enterprises),
      audit_(audit),
      calendar_(calendar) {}

Result<CaseService::Row> CaseService::Peek(const std::string& ref) {
  OW_ASSIGN_OR_RETURN(store::Rows rows, SelectCase(db_, ref));
  if (rows.empty()) return Status::NotFound("no application " + ref);
  return Row::From(rows[0]);
}

Result<CaseService::Row> CaseService::Load(store::Tx& tx, const std::string& ref) {
  OW_ASSIGN_OR_RETURN(store::Rows rows, SelectCase(tx, ref));
  if (rows.empty()) return Status::NotFound("no application " + ref);
  return Row::From(rows[0]);
}

bool CaseService::IsApplicant(const Principal& p, const Row& r) {
  if (r.applicant == p.person_id) return true;
  return r.enterprise_id && enterprises_.CanActFor(p.person_id, *r.enterprise_id).ok();
}

bool CaseService::IsOfficer(const Principal& p, const std::string& department) const {
  for (const std::string& scope : p.Scopes(Role::kServiceOfficer))
    if (scope == kDepartmentScopePrefix + department) return true;
  return false;
}

Status CaseService::CheckAnswers(const ServiceItem& item, const json::object& answers,
                                 bool complete, const std::string& person_id,
                                 const std::string& enterprise_id,
                                 const std::string& case_id) const {
  std::vector<FieldError> errors;
  for (const auto& [key, value] : answers) {
    const std::string path = "$.answers." + std::string(key);
    const Material* m = nullptr;
    bool prefilled = false;
    for (const Material& candidate : item.materials) {
      if (candidate.id != key) continue;
      if (candidate.source == MaterialSource::kForm || candidate.source == MaterialSource::kLicence)
        m = &candidate;
      if (candidate.source == MaterialSource::kExchange && hand_answer_) {
        // Shared data are answered by hand only where the department could not supply them.
        auto allowed =
            case_id.empty() ? Result<bool>(false) : hand_answer_(case_id, std::string(key));
        if (!allowed.ok()) return allowed.status();
        if (*allowed)
          m = &candidate;
        else
          prefilled = true;
      }
    }
    if (prefilled) {
      // Refused when written; a hand answer saved while the department was unreachable and
      // since superseded by a refresh is ignored on submission (the fetched value counts).
      if (!complete)
        errors.push_back({path, "comes from the department's shared data", "prefilled"});
      continue;
    }
    if (m == nullptr) {
      errors.push_back({path, "is not a form field of this item", "unknown_material"});
      continue;
    }
    if (!value.is_string()) {
      errors.push_back({path, "must be text", "wrong_type"});
      continue;
    }
    const auto& s = value.as_string();
    if (m->source == MaterialSource::kLicence) {  // the id of a licence in the holder's wallet
      if (!s.empty() &&
          (!licence_check_ ||
           !licence_check_(person_id, enterprise_id, std::string(s), m->licence_kind).ok()))
        errors.push_back({path, "is not a licence of kind " + m->licence_kind + " that you hold",
                          "licence_not_held"});
      continue;
    }
    if (s.size() > kMaxAnswerBytes)
      errors.push_back({path, "must be at most 2000 bytes", "too_long"});
    else if (http::FindDisallowedChar(s, http::TextKind::kLines) != std::string::npos)
      errors.push_back({path, "must not contain control characters", "control_character"});
  }
  if (complete) {
    for (const Material& m : item.materials) {
      if ((m.source != MaterialSource::kForm && m.source != MaterialSource::kLicence) ||
          !m.required)
        continue;
      const json::value* v = answers.if_contains(m.id);
      if (v == nullptr || !v->is_string() || v->as_string().empty())
        errors.push_back({"$.answers." + m.id, "is required", "required"});
    }
  }
  if (!errors.empty()) return Status::Invalid("the answers are invalid", std::move(errors));
  return Status::Ok();
}

CaseMessageText CaseMessage(const CaseEvent& e) {
  struct Words {
    const char* zh;
    const char* en;
  };
  Words w{"状态已更新", "has been updated"};
  switch (e.to) {
    case CaseState::kSubmitted:
      w = {"已提交，等待受理", "has been submitted and awaits acceptance"};
      break;
    case CaseState::kAccepted:
      w = {"已受理", "has been accepted"};
      break;
    case CaseState::kRefused:
      w = {"不予受理", "was not accepted"};
      break;
    case CaseState::kCorrection:
      w = {"需要补正材料", "needs corrections from you"};
      break;
    case CaseState::kReview:
      w = {"正在审查", "is under review"};
      break;
    case CaseState::kApproved:
      w = {"已批准", "has been approved"};
      break;
    case CaseState::kRejected:
      w = {"未获批准", "was not approved"};
      break;
    case CaseState::kClosed:
      w = {"已办结", "is closed"};
      break;
    case CaseState::kWithdrawn:
      w = {"已撤回", "has been withdrawn"};
      break;
    case CaseState::kDraft:
      break;
  }
  CaseMessageText m;
  m.title_zh = "办件" + e.case_number + w.zh;
  m.title_en = "Application " + e.case_number + " " + w.en;
  m.body_zh = e.item_name.zh + (e.note.empty() ? "" : "：" + e.note);
  m.body_en = e.item_name.en + (e.note.empty() ? "" : ": " + e.note);
  return m;
}

Deadline CaseService::DeadlineOf(const Row& r) const {
  Deadline d;
  if (r.due_on) d.due = FormatDate(*r.due_on);
  if (r.legal_due_on) d.legal_due = FormatDate(*r.legal_due_on);
  if (!r.accepted_on || !r.due_on) {
    d.status = "none";
    return d;
  }
  d.provisional = !calendar_.Covers(r.accepted_on->year) || !calendar_.Covers(r.due_on->year);
  if (r.state == CaseState::kCorrection) {
    d.status = "paused";
  } else if (!ClockRuns(r.state)) {
    d.status = "done";
  } else {
    const Date today = ShanghaiDate(clock_.NowMillis());
    if (today > *r.due_on) {
      d.status = "overdue";
    } else {
      d.workdays_left = calendar_.WorkdaysBetween(today, *r.due_on);
      d.status = d.workdays_left <= kWarningWorkdays ? "warning" : "running";
    }
  }
  return d;
}

Result<CaseView> CaseService::ViewOf(const Row& r, const Principal& p, bool with_history) {
  CaseView v;
  v.id = r.id;
  v.case_number = r.case_number.value_or("");
  v.item_code = r.item_code;
  v.item_version = r.item_version;
  v.department = r.department;
  v.state = std::string(CaseStateName(r.state));
  v.version = r.version;
  v.enterprise_id = r.enterprise_id.value_or("");
  OW_ASSIGN_OR_RETURN(v.answers, ParseAnswers(r.answers));
  v.assigned = r.assignee.has_value();
  v.assigned_to_me = r.assignee && *r.assignee == p.person_id;
  v.created_at_ms = r.created_at_ms;
  v.updated_at_ms = r.updated_at_ms;
  v.submitted_at_ms = r.submitted_at_ms;
  v.deadline = DeadlineOf(r);
  if (with_history) {
    OW_ASSIGN_OR_RETURN(
        store::Rows rows,
        db_.Query("SELECT at_ms, action, from_state, to_state, actor, officer, note FROM "
                  "hall_case_history WHERE case_id = ? ORDER BY seq",
                  {r.id}));
    for (const store::Row& h : rows) {
      HistoryEntry e{h.Int(0), h.Text(1), h.Text(2), h.Text(3), "applicant", h.Text(6)};
      if (h.Int(5) != 0) {  // an officer: named only masked, to the applicant as to anyone
        auto who = identity_.GetSummary(h.Text(4));
        e.actor = who.ok() ? who->masked_name : "officer";
      }
      v.history.push_back(std::move(e));
    }
  }
  return v;
}

Result<std::pair<CaseView, std::string>> CaseService::FindByRequestKey(const Principal& p,
                                                                       const std::string& key) {
  OW_ASSIGN_OR_RETURN(
      store::Rows rows,
      db_.Query("SELECT id, item_code FROM hall_cases WHERE applicant = ? AND request_key = ?",
                {p.person_id, key}));
  if (rows.empty()) return Status::NotFound("no application with this Idempotency-Key");
  OW_ASSIGN_OR_RETURN(CaseView v, Get(p, rows[0].Text(0)));
  return std::pair<CaseView, std::string>{std::move(v), rows[0].Text(1)};
}

Result<CaseView> CaseService::Create(const Principal& p, const NewApplication& in) {
  auto item = items_.Get(in.item_code);
  if (!item.ok())
    return Status::Invalid("no such service item",
                           {{"$.item", "is not in the catalogue", "unknown_item"}});
  const ServiceItem& it = **item;
  if (in.enterprise_id.empty()) {
    if (!it.AllowsApplicant(Applicant::kCitizen))
      return Status::Invalid(
          "this item is for enterprises",
          {{"$.enterprise_id", "is required: apply for your enterprise", "enterprise_required"}});
  } else {
    if (!it.AllowsApplicant(Applicant::kEnterprise))
      return Status::Invalid("this item is for citizens",
                             {{"$.enterprise_id", "must be left out", "citizen_item"}});
    OW_RETURN_IF_ERROR(enterprises_.CanActFor(p.person_id, in.enterprise_id).status());
  }
  OW_RETURN_IF_ERROR(
      CheckAnswers(it, in.answers, /*complete=*/false, p.person_id, in.enterprise_id));
  const std::string id = crypto::NewId();
  const int64_t now = clock_.NowMillis();
  OW_RETURN_IF_ERROR(db_.Transact([&](store::Tx& tx) -> Status {
    OW_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO hall_cases (id, item_code, item_version, department, applicant, "
                "enterprise_id, state, version, answers, created_at_ms, updated_at_ms, "
                "queue_key, request_key) VALUES (?, ?, ?, ?, ?, ?, 'draft', 1, ?, ?, ?, "
                "'9999-12-31', ?)",
                {id, it.code, int64_t{it.version}, it.department_code, p.person_id,
                 OrNull(in.enterprise_id), json::serialize(in.answers), now, now,
                 OrNull(in.request_key)})
            .status());
    return tx
        .Exec(
            "INSERT INTO hall_case_history (case_id, seq, at_ms, action, from_state, to_state, "
            "actor, officer, note) VALUES (?, 1, ?, 'create', '', 'draft', ?, 0, '')",
            {id, now, p.person_id})
        .status();
  }));
  return Get(p, id);
}

Result<std::string> CaseService::NextCaseNumber(store::Tx& tx, const ServiceItem& item,
                                                Date today) {
  // 办件编号: region + item + date + a sequence per (region, item, date), from the database.
  char date[9];
  std::snprintf(date, sizeof date, "%04d%02d%02d", today.year, today.month, today.day);
  const std::string prefix = item.Region() + "-" + item.basic_code + "-" + date;
  OW_ASSIGN_OR_RETURN(
      store::Rows seq,
      tx.Query("INSERT INTO hall_case_numbers (prefix, next_seq) VALUES (?, 1) ON CONFLICT "
               "(prefix) DO UPDATE SET next_seq = hall_case_numbers.next_seq + 1 RETURNING "
               "next_seq",
               {prefix}));
  char number[16];
  std::snprintf(number, sizeof number, "%05lld", static_cast<long long>(seq.at(0).Int(0)));
  return prefix + "-" + number;
}

Status CaseService::RunHooks(store::Tx& tx, const CaseEvent& event) {
  for (const TransitionHook& hook : on_transition_) OW_RETURN_IF_ERROR(hook(tx, event));
  return Status::Ok();
}

// A new application on its way to one transaction: what SubmitNew checked, and what the
// transaction wrote (reset at each run: a failed group runs it again alone).
struct CaseService::Submission {
  Principal principal;
  std::shared_ptr<const ServiceItem> item;
  std::string id, enterprise_id, answers, request_key;
  int64_t now = 0;
  Row written;  // the case row as written
};

bool CaseService::SubmitsAtOnce(const ServiceItem& item) {
  for (const Material& m : item.materials)
    if (m.source == MaterialSource::kExchange || m.source == MaterialSource::kUpload) return false;
  return true;
}

void CaseService::EnableGroupCommit(size_t max_group) {
  if (!commits_) commits_ = std::make_unique<store::GroupCommit>(db_, max_group);
}

void CaseService::SubmitNew(const Principal& p, const NewApplication& in, SubmitDone done) {
  auto item = items_.Get(in.item_code);
  if (!item.ok())
    return done(Status::Invalid("no such service item",
                                {{"$.item", "is not in the catalogue", "unknown_item"}}));
  if (!SubmitsAtOnce(**item))
    return done(Status::Conflict("this item's materials are gathered before submission"));
  const ServiceItem& it = **item;
  if (in.enterprise_id.empty()) {
    if (!it.AllowsApplicant(Applicant::kCitizen))
      return done(Status::Invalid(
          "this item is for enterprises",
          {{"$.enterprise_id", "is required: apply for your enterprise", "enterprise_required"}}));
  } else {
    if (!it.AllowsApplicant(Applicant::kEnterprise))
      return done(Status::Invalid("this item is for citizens",
                                  {{"$.enterprise_id", "must be left out", "citizen_item"}}));
    if (auto can = enterprises_.CanActFor(p.person_id, in.enterprise_id); !can.ok())
      return done(can.status());
  }
  if (Status st = CheckAnswers(it, in.answers, /*complete=*/true, p.person_id, in.enterprise_id);
      !st.ok())
    return done(std::move(st));
  auto s = std::make_shared<Submission>();
  s->principal = p;
  s->item = *item;
  s->id = crypto::NewId();
  s->enterprise_id = in.enterprise_id;
  s->answers = json::serialize(in.answers);
  s->request_key = in.request_key;
  s->now = clock_.NowMillis();
  auto work = [this, s](store::Tx& tx) { return WriteSubmission(tx, *s); };
  auto finish = [this, s, done = std::move(done)](Status st) {
    if (!st.ok()) return done(std::move(st));
    auto v = ViewOf(s->written, s->principal, /*with_history=*/false);
    if (v.ok()) {
      v->history.push_back({s->now, "create", "", "draft", "applicant", ""});
      v->history.push_back({s->now, std::string(CaseActionName(CaseAction::kSubmit)), "draft",
                            std::string(CaseStateName(CaseState::kSubmitted)), "applicant", ""});
    }
    done(std::move(v));
  };
  if (commits_)
    commits_->Submit(std::move(work), std::move(finish));
  else
    finish(db_.Transact(work));
}

Status CaseService::WriteSubmission(store::Tx& tx, Submission& s) {
  const ServiceItem& it = *s.item;
  const std::string& person = s.principal.person_id;
  Row& r = s.written;
  r = Row{};
  OW_ASSIGN_OR_RETURN(std::string number, NextCaseNumber(tx, it, ShanghaiDate(s.now)));
  r.id = s.id;
  r.case_number = number;
  r.item_code = it.code;
  r.item_version = it.version;
  r.department = it.department_code;
  r.applicant = person;
  if (!s.enterprise_id.empty()) r.enterprise_id = s.enterprise_id;
  r.state = CaseState::kSubmitted;
  r.version = 2;  // as created (1), then submitted
  r.answers = s.answers;
  r.created_at_ms = r.updated_at_ms = s.now;
  r.submitted_at_ms = s.now;
  OW_RETURN_IF_ERROR(
      tx.Exec("INSERT INTO hall_cases (id, item_code, item_version, department, applicant, "
              "enterprise_id, state, version, answers, created_at_ms, updated_at_ms, case_number, "
              "submitted_at_ms, queue_key, request_key) VALUES (?, ?, ?, ?, ?, ?, ?, 2, ?, ?, ?, "
              "?, ?, ?, ?)",
              {r.id, it.code, int64_t{it.version}, it.department_code, person,
               OrNull(s.enterprise_id), std::string(CaseStateName(r.state)), r.answers, s.now,
               s.now, number, s.now, std::string(kNoDeadline), OrNull(s.request_key)})
          .status());
  OW_RETURN_IF_ERROR(
      tx.Exec("INSERT INTO hall_case_history (case_id, seq, at_ms, action, from_state, to_state, "
              "actor, officer, note) VALUES (?, 1, ?, 'create', '', 'draft', ?, 0, ''), (?, 2, ?, "
              "?, 'draft', ?, ?, 0, '')",
              {r.id, s.now, person, r.id, s.now, std::string(CaseActionName(CaseAction::kSubmit)),
               std::string(CaseStateName(r.state)), person})
          .status());
  if (on_transition_.empty()) return Status::Ok();
  CaseEvent event{person, number, it.code, it.name, CaseAction::kSubmit, r.state, ""};
  event.case_id = r.id;
  event.item_version = it.version;
  event.department = it.department_code;
  event.enterprise_id = s.enterprise_id;
  event.from = CaseState::kDraft;
  event.actor = person;
  event.at_ms = s.now;
  return RunHooks(tx, event);
}

Result<CaseView> CaseService::SaveAnswers(const Principal& p, const std::string& ref,
                                          const json::object& answers,
                                          std::optional<int64_t> expected_version) {
  // Who the caller is to the case does not change; it is settled before the transaction (an
  // enterprise's members are read without holding it).
  OW_ASSIGN_OR_RETURN(Row before, Peek(ref));
  if (!IsApplicant(p, before)) return Status::NotFound("no application " + ref);
  std::string id;
  OW_RETURN_IF_ERROR(db_.Transact([&](store::Tx& tx) -> Status {
    OW_ASSIGN_OR_RETURN(Row r, Load(tx, ref));
    if (r.state != CaseState::kDraft && r.state != CaseState::kCorrection)
      return Status::Conflict("answers can be changed only in a draft or during correction");
    if (expected_version && *expected_version != r.version)
      return Status::Conflict(VersionConflict(r.version));
    OW_ASSIGN_OR_RETURN(auto item, items_.GetVersion(r.item_code, r.item_version));
    OW_RETURN_IF_ERROR(CheckAnswers(*item, answers, /*complete=*/false, r.applicant,
                                    r.enterprise_id.value_or(""), r.id));
    const int64_t now = clock_.NowMillis();
    OW_ASSIGN_OR_RETURN(int64_t n, tx.Exec("UPDATE hall_cases SET answers = ?, version = version "
                                           "+ 1, updated_at_ms = ? WHERE id = ? AND version = ?",
                                           {json::serialize(answers), now, r.id, r.version}));
    if (n == 0) return Status::Aborted("case changed while saving");
    id = r.id;
    return Status::Ok();
  }));
  return Get(p, id);
}

Result<CaseView> CaseService::Act(const Principal& p, const std::string& ref, CaseAction action,
                                  const std::string& note,
                                  std::optional<int64_t> expected_version) {
  if (note.size() > kMaxAnswerBytes ||
      http::FindDisallowedChar(note, http::TextKind::kLines) != std::string::npos)
    return Status::Invalid("the note is invalid",
                           {{"$.note", "must be at most 2000 bytes of text", "bad_text"}});
  OW_ASSIGN_OR_RETURN(Row before, Peek(ref));
  const bool applicant = IsApplicant(p, before);
  const bool officer = !applicant && IsOfficer(p, before.department);
  if (!applicant && !officer) return Status::NotFound("no application " + ref);
  std::string id;
  OW_RETURN_IF_ERROR(db_.Transact([&](store::Tx& tx) -> Status {
    OW_ASSIGN_OR_RETURN(Row r, Load(tx, ref));
    // A stale If-Match is answered first: the caller acted on a case that has changed since.
    if (expected_version && *expected_version != r.version)
      return Status::Conflict(VersionConflict(r.version));
    const CaseActor by = applicant ? CaseActor::kApplicant : CaseActor::kOfficer;
    OW_ASSIGN_OR_RETURN(Transition t, FindTransition(r.state, action, by));
    if (t.note_required && note.empty())
      return Status::Invalid("a reason is required",
                             {{"$.note", "give the reason for this decision", "required"}});
    if (officer && r.assignee && *r.assignee != p.person_id)
      return Status::Conflict("another officer has claimed this case");
    OW_ASSIGN_OR_RETURN(auto item, items_.GetVersion(r.item_code, r.item_version));
    const int64_t now = clock_.NowMillis();
    const Date today = ShanghaiDate(now);
    std::optional<std::string> case_number = r.case_number;
    std::optional<int64_t> submitted_at = r.submitted_at_ms;
    std::optional<Date> accepted_on = r.accepted_on, due = r.due_on, legal_due = r.legal_due_on,
                        paused = r.paused_on;
    if (action == CaseAction::kSubmit || action == CaseAction::kResubmit) {
      OW_ASSIGN_OR_RETURN(json::object answers, ParseAnswers(r.answers));
      OW_RETURN_IF_ERROR(CheckAnswers(*item, answers, /*complete=*/true, r.applicant,
                                      r.enterprise_id.value_or(""), r.id));
    }
    if (action == CaseAction::kSubmit) {
      OW_ASSIGN_OR_RETURN(case_number, NextCaseNumber(tx, *item, today));
      submitted_at = now;
    } else if (action == CaseAction::kAccept) {
      accepted_on = today;
      due = calendar_.AddWorkdays(today, item->promised_days);
      legal_due = calendar_.AddWorkdays(today, item->legal_days);
    } else if (action == CaseAction::kRequestCorrection) {
      paused = today;
    } else if (action == CaseAction::kResubmit && paused && due && legal_due) {
      // The clock stood still from the request to the answer: the limits move by the working
      // days in between.
      const int stopped = calendar_.WorkdaysBetween(*paused, today);
      due = calendar_.AddWorkdays(*due, stopped);
      legal_due = calendar_.AddWorkdays(*legal_due, stopped);
      paused.reset();
    }
    const std::optional<std::string> assignee =
        officer ? std::optional<std::string>(p.person_id) : r.assignee;
    OW_ASSIGN_OR_RETURN(
        int64_t n,
        tx.Exec("UPDATE hall_cases SET state = ?, version = version + 1, updated_at_ms = ?, "
                "case_number = ?, submitted_at_ms = ?, accepted_on = ?, due_on = ?, "
                "legal_due_on = ?, paused_on = ?, assignee = ?, queue_key = ? WHERE id = ? AND "
                "version = ?",
                {std::string(CaseStateName(t.to)), now,
                 case_number ? store::Value(*case_number) : store::Value(nullptr),
                 submitted_at ? store::Value(*submitted_at) : store::Value(nullptr),
                 DateValue(accepted_on), DateValue(due), DateValue(legal_due), DateValue(paused),
                 assignee ? store::Value(*assignee) : store::Value(nullptr),
                 due ? FormatDate(*due) : std::string(kNoDeadline), r.id, r.version}));
    if (n == 0) return Status::Aborted("case changed while acting");
    OW_RETURN_IF_ERROR(
        tx.Exec(
              "INSERT INTO hall_case_history (case_id, seq, at_ms, action, from_state, "
              "to_state, actor, officer, note) SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ?, "
              "?, ?, ?, ? FROM hall_case_history WHERE case_id = ?",
              {r.id, now, std::string(CaseActionName(action)), std::string(CaseStateName(r.state)),
               std::string(CaseStateName(t.to)), p.person_id, int64_t{officer ? 1 : 0}, note, r.id})
            .status());
    if (!on_transition_.empty()) {
      CaseEvent event{r.applicant, case_number.value_or(""), r.item_code, item->name, action, t.to,
                      note};
      event.case_id = r.id;
      event.item_version = r.item_version;
      event.department = r.department;
      event.enterprise_id = r.enterprise_id.value_or("");
      event.from = r.state;
      event.actor = p.person_id;
      event.at_ms = now;
      OW_RETURN_IF_ERROR(RunHooks(tx, event));
    }
    id = r.id;
    return Status::Ok();
  }));
  return Get(p, id);
}

Result<CaseView> CaseService::Claim(const Principal& p, const std::string& ref, bool release,
                                    std::optional<int64_t> expected_version) {
  std::string id;
  OW_RETURN_IF_ERROR(db_.Transact([&](store::Tx& tx) -> Status {
    OW_ASSIGN_OR_RETURN(Row r, Load(tx, ref));
    if (!IsOfficer(p, r.department)) return Status::NotFound("no application " + ref);
    if (IsFinal(r.state) || r.state == CaseState::kDraft)
      return Status::Conflict("only open cases are claimed");
    if (expected_version && *expected_version != r.version)
      return Status::Conflict(VersionConflict(r.version));
    if (release ? (!r.assignee || *r.assignee != p.person_id) : r.assignee.has_value())
      return Status::Conflict(release ? "you have not claimed this case"
                                      : "this case is already claimed");
    const int64_t now = clock_.NowMillis();
    OW_ASSIGN_OR_RETURN(
        int64_t n,
        tx.Exec(
            "UPDATE hall_cases SET assignee = ?, version = version + 1, updated_at_ms = ? "
            "WHERE id = ? AND version = ?",
            {release ? store::Value(nullptr) : store::Value(p.person_id), now, r.id, r.version}));
    if (n == 0) return Status::Aborted("case changed while claiming");
    const std::string state(CaseStateName(r.state));
    OW_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO hall_case_history (case_id, seq, at_ms, action, from_state, "
                "to_state, actor, officer, note) SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ?, "
                "?, ?, 1, '' FROM hall_case_history WHERE case_id = ?",
                {r.id, now, std::string(release ? "release" : "claim"), state, state, p.person_id,
                 r.id})
            .status());
    id = r.id;
    return Status::Ok();
  }));
  return Get(p, id);
}

Result<CaseView> CaseService::Get(const Principal& p, const std::string& ref) {
  OW_ASSIGN_OR_RETURN(Row r, Peek(ref));
  const bool applicant = IsApplicant(p, r);
  if (!applicant) {
    if (!IsOfficer(p, r.department) || r.state == CaseState::kDraft)
      return Status::NotFound("no application " + ref);
    OW_RETURN_IF_ERROR(audit_.Append({p.person_id, "hall.case.read", r.applicant, "answers",
                                      "case " + r.case_number.value_or(r.id), ""}));
  }
  return ViewOf(r, p, /*with_history=*/true);
}

Result<std::vector<CaseView>> CaseService::Mine(const Principal& p, int limit) {
  OW_ASSIGN_OR_RETURN(store::Rows rows,
                      db_.Query(std::string("SELECT ") + kColumns +
                                    " FROM hall_cases WHERE applicant = ? ORDER BY "
                                    "created_at_ms DESC LIMIT ?",
                                {p.person_id, int64_t{std::clamp(limit, 1, kMaxPerPage)}}));
  std::vector<CaseView> out;
  for (const store::Row& row : rows) {
    OW_ASSIGN_OR_RETURN(CaseView v, ViewOf(Row::From(row), p, /*with_history=*/false));
    out.push_back(std::move(v));
  }
  return out;
}

Result<std::vector<CaseView>> CaseService::Queue(const Principal& p, const QueueFilter& f) {
  std::string department = f.department;
  if (department.empty()) {
    for (const std::string& scope : p.Scopes(Role::kServiceOfficer))
      if (scope.starts_with(kDepartmentScopePrefix)) {
        department = scope.substr(std::string_view(kDepartmentScopePrefix).size());
        break;
      }
  }
  if (department.empty() || !IsOfficer(p, department))
    return Status::Forbidden("you are not an officer of department " + department);
  std::string sql = std::string("SELECT ") + kColumns +
                    " FROM hall_cases WHERE department = ? AND state IN (" + kOpenStates + ")";
  std::vector<store::Value> params = {department};
  if (!f.state.empty()) {
    auto s = ParseCaseState(f.state);
    if (!s || *s == CaseState::kDraft || IsFinal(*s))
      return Status::Invalid("unknown state",
                             {{"$.state", "is not an open case state", "unknown_state"}});
    sql += " AND state = ?";
    params.emplace_back(f.state);
  }
  if (f.mine) {
    sql += " AND assignee = ?";
    params.emplace_back(p.person_id);
  }
  if (f.overdue) {
    sql += " AND queue_key < ? AND state IN ('accepted','review')";
    params.emplace_back(FormatDate(ShanghaiDate(clock_.NowMillis())));
  }
  const int per_page = std::clamp(f.per_page, 1, kMaxPerPage);
  const int page = std::max(f.page, 1);
  sql += " ORDER BY queue_key, submitted_at_ms, id LIMIT ? OFFSET ?";
  params.emplace_back(int64_t{per_page});
  params.emplace_back(int64_t{per_page} * (page - 1));
  OW_ASSIGN_OR_RETURN(store::Rows rows, db_.Query(sql, params));
  std::vector<CaseView> out;
  for (const store::Row& row : rows) {
    OW_ASSIGN_OR_RETURN(CaseView v, ViewOf(Row::From(row), p, /*with_history=*/false));
    out.push_back(std::move(v));
  }
  return out;
}

std::vector<store::Migration> CaseService::Migrations() {
  return {{.module = "hall", .version = 2, .name = "applications", .sql = R"SQL(
CREATE TABLE hall_cases (
  id TEXT PRIMARY KEY,
  case_number TEXT UNIQUE,
  item_code TEXT NOT NULL,
  item_version INTEGER NOT NULL,
  department TEXT NOT NULL,
  applicant TEXT NOT NULL,
  enterprise_id TEXT,
  state TEXT NOT NULL,
  version BIGINT NOT NULL,
  answers TEXT NOT NULL,
  assignee TEXT,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  submitted_at_ms BIGINT,
  accepted_on TEXT,
  due_on TEXT,
  legal_due_on TEXT,
  paused_on TEXT,
  queue_key TEXT NOT NULL
);
-- The officers' queue: open cases of a department by deadline (queue_key is due_on, or
-- '9999-12-31' before acceptance), read in index order and cut at one page.
CREATE INDEX hall_cases_open_queue ON hall_cases (department, queue_key, submitted_at_ms, id)
  WHERE state IN ('submitted','accepted','correction','review','approved','rejected');
CREATE INDEX hall_cases_applicant ON hall_cases (applicant, created_at_ms);
CREATE TABLE hall_case_history (
  case_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  at_ms BIGINT NOT NULL,
  action TEXT NOT NULL,
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  actor TEXT NOT NULL,
  officer INTEGER NOT NULL,
  note TEXT NOT NULL,
  PRIMARY KEY (case_id, seq)
);
CREATE TABLE hall_case_numbers (
  prefix TEXT PRIMARY KEY,
  next_seq BIGINT NOT NULL
);
)SQL"},
          // The client's Idempotency-Key of the request that created the case: one case per
          // (applicant, key), whichever node the retry reaches.
          {.module = "hall", .version = 3, .name = "application request keys", .sql = R"SQL(
ALTER TABLE hall_cases ADD COLUMN request_key TEXT;
CREATE UNIQUE INDEX hall_cases_request_key ON hall_cases (applicant, request_key)
  WHERE request_key IS NOT NULL;
)SQL"}};
}

}  // namespace ow::hall
