// RatingService: citizens' ratings of finished cases (好差评, GB/T 39734-2020), the
// rectification of bad ones (核实 → 整改 → 反馈) and the public statistics per item and per
// department. A transition hook (OnTransition) records each case's outcome — decision date,
// working days used, closing date and whether it was on time — and invites the applicant to
// rate at closing; the hall timers invite once more if no rating came within three days.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "calendar/work_calendar.h"
#include "community/inbox.h"
#include "core/clock.h"
#include "core/principal.h"
#include "hall/cases.h"
#include "hall/item_catalogue.h"
#include "identity/enterprise_service.h"
#include "identity/identity_service.h"
#include "store/database.h"
#include "store/migrations.h"

namespace ow::hall {

// The five levels of GB/T 39734, best first.
enum class RatingLevel {
  kVerySatisfied = 5,       // 非常满意
  kSatisfied = 4,           // 满意
  kBasicallySatisfied = 3,  // 基本满意
  kDissatisfied = 2,        // 不满意
  kVeryDissatisfied = 1,    // 非常不满意
};
std::string_view RatingLevelName(RatingLevel l);  // very_satisfied, ..., very_dissatisfied
std::optional<RatingLevel> ParseRatingLevel(std::string_view s);
// The levels, best first.
const std::vector<RatingLevel>& RatingLevels();

// The online dimensions rated: overall (required), efficiency, guide_accuracy, convenience,
// usability (the platform's).
const std::vector<std::string>& RatingDimensions();

inline constexpr size_t kMaxRatingCommentChars = 500;
inline constexpr int kRectificationWorkdays = 5;  // deadline of a rectification task
inline constexpr int64_t kRatingReminderMs = 3LL * 24 * 3600 * 1000;  // after closing

struct NewRating {
  std::map<std::string, std::string> levels;  // dimension -> level name
  std::string comment;
};

struct RectificationStep {
  int64_t at_ms = 0;
  std::string action;  // verify | rectify | respond
  std::string from_state, to_state;
  std::string actor;  // masked name of the officer
  std::string note;
};

// States: verify (核实) -> rectify (整改) -> feedback (反馈) -> done.
struct RectificationView {
  std::string id;
  std::string case_id, case_number, item_code, department;
  std::string state;
  std::string due;  // YYYY-MM-DD (end of day, Asia/Shanghai)
  bool overdue = false;
  std::map<std::string, std::string> levels;
  std::string comment;
  std::string response;  // the answer to the applicant (after "respond")
  std::optional<int64_t> responded_at_ms;
  int64_t created_at_ms = 0;
  int64_t version = 0;
  std::vector<RectificationStep> steps;  // officers only
};

struct RatingView {
  std::string case_id, case_number, item_code, department;
  std::map<std::string, std::string> levels;
  std::string comment;
  int64_t rated_at_ms = 0;
  bool bad = false;
  std::optional<RectificationView> rectification;  // for a bad rating (steps left out)
};

// Statistics of one item or one department.
struct RatingStats {
  std::string item_code;                  // "" for a department's row
  std::string department;                 //
  std::map<std::string, int64_t> counts;  // overall level name -> ratings
  int64_t rated = 0;
  std::optional<double> satisfaction_rate;  // (very) satisfied + basically satisfied / rated
  int64_t closed = 0, on_time = 0;
  std::optional<double> on_time_rate;  // closed by the promised due date / closed
  int64_t decided = 0;
  std::optional<double> avg_workdays;  // acceptance to decision, correction time left out
};

struct StatsFilter {
  std::string item;
  std::string department;
};

class RatingService {
 public:
  RatingService(store::Database& db, const Clock& clock, ItemCatalogue& items,
                identity::IdentityService& identity, identity::EnterpriseService& enterprises,
                community::Inbox& inbox, audit::AuditLog& audit,
                const calendar::WorkCalendar& calendar = calendar::WorkCalendar::China());

  // The case transition hook (CaseService::AddTransitionHook): records outcomes and invites
  // the applicant to rate at closing.
  Status OnTransition(store::Tx& tx, const CaseEvent& e);

  // The applicant rates a decided or closed case, once. NotFound for anyone but the applicant
  // (or the enterprise's members), Conflict for an open case or a second rating, Invalid with
  // paths under $.levels / $.comment.
  Result<RatingView> Rate(const Principal& p, const std::string& ref, const NewRating& in);
  // The rating of a case (NotFound if not rated yet), for the applicant and the department's
  // officers.
  Result<RatingView> Get(const Principal& p, const std::string& ref);

  // Rectification tasks of one of the officer's departments ("" = the first), open first.
  Result<std::vector<RectificationView>> Rectifications(const Principal& p,
                                                        const std::string& department,
                                                        const std::string& state);
  // Moves a task on: verify (verify -> rectify), rectify (rectify -> feedback), respond
  // (feedback -> done; the note is the answer the applicant sees and is told of).
  Result<RectificationView> Act(const Principal& p, const std::string& id,
                                const std::string& action, const std::string& note,
                                std::optional<int64_t> expected_version);

  // Public statistics: one row per item and one per department.
  Result<std::pair<std::vector<RatingStats>, std::vector<RatingStats>>> Stats(const StatsFilter& f);

  // Module "hall_ratings": outcomes, ratings, rectification tasks and their steps.
  static std::vector<store::Migration> Migrations();

 private:
  struct CaseRow;
  Result<CaseRow> LoadCase(const std::string& ref);
  bool IsApplicant(const Principal& p, const CaseRow& c);
  bool IsOfficer(const Principal& p, const std::string& department) const;
  Result<RectificationView> LoadRectification(const std::string& id, bool with_steps);
  Result<std::vector<std::string>> Officers(const std::string& department);

  store::Database& db_;
  const Clock& clock_;
  ItemCatalogue& items_;
  identity::IdentityService& identity_;
  identity::EnterpriseService& enterprises_;
  community::Inbox& inbox_;
  audit::AuditLog& audit_;
  const calendar::WorkCalendar& calendar_;
};

// A hall department's supervisor: a service_officer grant with scope
// dept-supervisor:<department code> (escalations of overdue cases go there).
inline constexpr char kSupervisorScopePrefix[] = "dept-supervisor:";

// The persons holding a service_officer grant with scope `prefix` + department (prefix
// kDepartmentScopePrefix for the officers, kSupervisorScopePrefix for the supervisors).
Result<std::vector<std::string>> DepartmentHolders(identity::IdentityService& identity,
                                                   const std::string& prefix,
                                                   const std::string& department);

}  // namespace ow::hall
