// CaseService: applications (办件) to service items — drafts saved and resumed, submission with
// a case number unique across nodes, the officer's queue with claims, every transition of
// workflow.h recorded with actor, time and note, and deadlines counted in working days
// (stopped during 补正). Concurrency is the database's: a case row carries a version, every
// write is a conditional update on it, so two officers acting at once get one success and one
// 409 with the current version, never a lost update.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "calendar/work_calendar.h"
#include "core/clock.h"
#include "core/principal.h"
#include "hall/item_catalogue.h"
#include "hall/workflow.h"
#include "identity/enterprise_service.h"
#include "identity/identity_service.h"
#include "store/database.h"
#include "store/group_commit.h"
#include "store/migrations.h"

namespace ow::hall {

// A service officer works for a department: a service_officer grant with scope
// "dept:<department code>" (e.g. dept:330000-TAX).
inline constexpr char kDepartmentScopePrefix[] = "dept:";

struct HistoryEntry {
  int64_t at_ms = 0;
  std::string action;  // an action name, or "create" / "save" / "claim" / "release"
  std::string from_state, to_state;
  std::string actor;  // "applicant", or the officer's masked name
  std::string note;
};

// The deadline of a case as shown: ends at the end of `due` (Asia/Shanghai).
struct Deadline {
  std::string due;           // YYYY-MM-DD, "" before acceptance
  std::string legal_due;     // the statutory limit
  std::string status;        // "none" | "running" | "warning" | "overdue" | "paused" | "done"
  int workdays_left = 0;     // while running
  bool provisional = false;  // counted over a year the holiday calendar does not cover yet
};

struct CaseView {
  std::string id;           // stable id (also of drafts)
  std::string case_number;  // 办件编号, "" for drafts
  std::string item_code;
  int item_version = 0;
  std::string department;
  std::string state;
  int64_t version = 0;
  std::string enterprise_id;
  boost::json::object answers;
  bool assigned_to_me = false;
  bool assigned = false;
  int64_t created_at_ms = 0, updated_at_ms = 0;
  std::optional<int64_t> submitted_at_ms;
  Deadline deadline;
  std::vector<HistoryEntry> history;  // oldest first (Get only)
};

// A transition as the applicant is told of it (every state change reaches their inbox).
struct CaseEvent {
  std::string applicant;  // person id
  std::string case_number;
  std::string item_code;
  Text item_name;
  CaseAction action = CaseAction::kSubmit;
  CaseState to = CaseState::kSubmitted;
  std::string note;
  // More of the case, for hooks beyond the inbox (licences, ratings, statistics).
  std::string case_id;
  int item_version = 0;
  std::string department;
  std::string enterprise_id;  // "" for a citizen's own case
  CaseState from = CaseState::kDraft;
  std::string actor;  // person id of whoever acted
  int64_t at_ms = 0;
};

// The message for a case event, in both languages: {title_zh, title_en, body_zh, body_en}.
struct CaseMessageText {
  std::string title_zh, title_en, body_zh, body_en;
};
CaseMessageText CaseMessage(const CaseEvent& e);

struct NewApplication {
  std::string item_code;
  std::string enterprise_id;  // required for enterprise items, refused for citizen items
  boost::json::object answers;
  // The client's Idempotency-Key ("" = none): stored with the case, unique per applicant (the
  // database's index), so a retried request cannot create a second case (FindByRequestKey).
  std::string request_key;
};

struct QueueFilter {
  std::string department;  // one of the officer's departments ("" = the first)
  std::string state;       // "" = every open state
  bool mine = false;       // only cases assigned to me
  bool overdue = false;
  int page = 1;
  int per_page = 50;
};

class CaseService {
 public:
  CaseService(store::Database& db, const Clock& clock, ItemCatalogue& items,
              identity::IdentityService& identity, identity::EnterpriseService& enterprises,
              audit::AuditLog& audit,
              const calendar::WorkCalendar& calendar = calendar::WorkCalendar::China());

  // Runs inside the transaction of every transition (after the case row and its history are
  // written): the place to notify the applicant so the message commits with the change.
  // Hooks run in the order they were added; an error from any aborts the transition.
  using TransitionHook = std::function<Status(store::Tx&, const CaseEvent&)>;
  void AddTransitionHook(TransitionHook hook) { on_transition_.push_back(std::move(hook)); }
  // Whether the applicant may answer an exchange material by hand in a case (its prefill
  // failed: hall/prefill.h). Unset: never (an answer to it is unknown_material).
  using HandAnswerCheck =
      std::function<Result<bool>(const std::string& case_id, const std::string& material)>;
  void SetHandAnswerCheck(HandAnswerCheck check) { hand_answer_ = std::move(check); }

  // Checks an answer to a `source: licence` material: Ok when licence `licence_id` is of
  // `kind` and held by the case's holder (the enterprise `enterprise_id`, or else the person
  // `person_id`). Without a check every licence answer is refused (licences.h sets it).
  using LicenceCheck =
      std::function<Status(const std::string& person_id, const std::string& enterprise_id,
                           const std::string& licence_id, const std::string& kind)>;
  void SetLicenceCheck(LicenceCheck check) { licence_check_ = std::move(check); }

  // A draft under the item's current version; answers are checked against the item's form
  // materials (Invalid with paths under $.answers).
  Result<CaseView> Create(const Principal& p, const NewApplication& in);
  // Replaces a draft's (or a case in correction's) answers; Conflict if `expected_version` is
  // given and stale.
  Result<CaseView> SaveAnswers(const Principal& p, const std::string& ref,
                               const boost::json::object& answers,
                               std::optional<int64_t> expected_version);
  // An immediate submission of a new application: created and submitted in one transaction
  // (history "create" then "submit"), with the checks of Create and of a submission. Only for
  // items SubmitsAtOnce serves (Conflict otherwise). `done` is called exactly once:
  // on the group committer's thread after the durable commit when EnableGroupCommit was
  // called, otherwise before SubmitNew returns.
  using SubmitDone = std::function<void(Result<CaseView>)>;
  void SubmitNew(const Principal& p, const NewApplication& in, SubmitDone done);
  // Whether SubmitNew serves `item`: none of its materials is fetched (shared data) or uploaded
  // for the case between its creation and its submission.
  static bool SubmitsAtOnce(const ServiceItem& item);
  // Lets concurrent SubmitNew calls share durable commits (store::GroupCommit): one fsync for
  // every submission that arrived while the previous commit was in flight.
  void EnableGroupCommit(size_t max_group = 256);
  store::GroupCommit::Stats CommitStats() const {
    return commits_ ? commits_->stats() : store::GroupCommit::Stats{};
  }

  // Takes `action` on the case (applicant or officer, by the caller's relation to it).
  Result<CaseView> Act(const Principal& p, const std::string& ref, CaseAction action,
                       const std::string& note, std::optional<int64_t> expected_version);
  // Claims an unassigned case for the calling officer, or releases it (only the assignee).
  Result<CaseView> Claim(const Principal& p, const std::string& ref, bool release,
                         std::optional<int64_t> expected_version);

  // The case with its history, for its applicant (or the enterprise's members) and the
  // department's officers; NotFound for anyone else. An officer's read is audited.
  Result<CaseView> Get(const Principal& p, const std::string& ref);
  // The case the caller created with this Idempotency-Key (NotFound if none), and the item it
  // was created for (a key reused for another item is the client's mistake).
  Result<std::pair<CaseView, std::string>> FindByRequestKey(const Principal& p,
                                                            const std::string& key);
  // The caller's own applications, newest first.
  Result<std::vector<CaseView>> Mine(const Principal& p, int limit = 100);
  // An officer's queue: open cases of one of their departments, deadline first.
  Result<std::vector<CaseView>> Queue(const Principal& p, const QueueFilter& filter);

  // Module "hall", version 2: cases, their history and case-number sequences.
  static std::vector<store::Migration> Migrations();

 private:
  struct Row;
  struct Submission;
  Status WriteSubmission(store::Tx& tx, Submission& s);
  // 办件编号 for a case of `item` submitted on `today`, from the per-(region, item, day) row.
  Result<std::string> NextCaseNumber(store::Tx& tx, const ServiceItem& item, Date today);
  Status RunHooks(store::Tx& tx, const CaseEvent& event);
  Result<Row> Peek(const std::string& ref);                 // outside a transaction
  Result<Row> Load(store::Tx& tx, const std::string& ref);  // inside one
  Result<CaseView> ViewOf(const Row& r, const Principal& p, bool with_history);
  bool IsApplicant(const Principal& p, const Row& r);
  bool IsOfficer(const Principal& p, const std::string& department) const;
  Deadline DeadlineOf(const Row& r) const;
  Status CheckAnswers(const ServiceItem& item, const boost::json::object& answers, bool complete,
                      const std::string& person_id, const std::string& enterprise_id,
                      const std::string& case_id = "") const;

  store::Database& db_;
  const Clock& clock_;
  ItemCatalogue& items_;
  identity::IdentityService& identity_;
  identity::EnterpriseService& enterprises_;
  audit::AuditLog& audit_;
  const calendar::WorkCalendar& calendar_;
  std::vector<TransitionHook> on_transition_;
  LicenceCheck licence_check_;
  HandAnswerCheck hand_answer_;
  std::unique_ptr<store::GroupCommit> commits_;  // last: its thread calls back into this
};

}  // namespace ow::hall
