// The hall's deadline, escalation and rating-reminder timers (see timers.h).
#include "hall/timers.h"

#include <spdlog/spdlog.h>

#include <map>

#include "core/time.h"
#include "hall/cases.h"
#include "hall/ratings.h"

namespace ow::hall {

TimerService::TimerService(store::Database& db, const Clock& clock, ItemCatalogue& items,
                           identity::IdentityService& identity, community::Inbox& inbox,
                           TimerOptions options, const calendar::WorkCalendar& calendar)
    : db_(db),
      clock_(clock),
      items_(items),
      identity_(identity),
      inbox_(inbox),
      opts_(options),
      calendar_(calendar) {}

Result<bool> TimerService::SendOnce(const std::string& case_id, const std::string& kind,
                                    const std::vector<std::string>& recipients,
                                    const community::NewMessage& message) {
  bool sent = false;
  const int64_t now = clock_.NowMillis();
  OW_RETURN_IF_ERROR(db_.Transact([&](store::Tx& tx) -> Status {
    OW_ASSIGN_OR_RETURN(int64_t n,
                        tx.Exec("INSERT INTO hall_timer_notices (case_id, kind, sent_at_ms, "
                                "recipients) VALUES (?, ?, ?, ?) ON CONFLICT (case_id, kind) DO "
                                "NOTHING",
                                {case_id, kind, now, int64_t(recipients.size())}));
    sent = n == 1;
    if (!sent) return Status::Ok();
    for (const std::string& person : recipients)
      OW_RETURN_IF_ERROR(inbox_.Post(tx, person, message));
    return Status::Ok();
  }));
  return sent;
}

Result<TimerRun> TimerService::RunOnce() {
  TimerRun run;
  const int64_t now = clock_.NowMillis();
  const Date today = ShanghaiDate(now);
  // Open cases whose clock runs and whose due date is near: queue_key is the due date.
  const Date horizon = calendar_.AddWorkdays(today, opts_.warning_workdays);
  OW_ASSIGN_OR_RETURN(
      store::Rows rows,
      db_.Query("SELECT c.id, c.case_number, c.item_code, c.department, c.assignee, c.due_on "
                "FROM hall_cases c WHERE c.state IN ('accepted','review') AND c.queue_key <= ? "
                "AND NOT EXISTS (SELECT 1 FROM hall_timer_notices n WHERE n.case_id = c.id AND "
                "n.kind = 'escalation') ORDER BY c.queue_key, c.id LIMIT ?",
                {FormatDate(horizon), int64_t{opts_.batch}}));
  std::map<std::string, std::vector<std::string>> officers, supervisors;  // per department
  for (const store::Row& r : rows) {
    const std::string id = r.Text(0), number = r.Text(1), item_code = r.Text(2), dept = r.Text(3);
    const std::optional<std::string> assignee = r.OptText(4);
    const std::optional<Date> due = ParseDate(r.Text(5));
    if (!due) continue;
    auto item = items_.Get(item_code);
    const Text name = item.ok() ? (*item)->name : Text{item_code, item_code};
    if (!officers.contains(dept)) {
      OW_ASSIGN_OR_RETURN(officers[dept],
                          DepartmentHolders(identity_, kDepartmentScopePrefix, dept));
      OW_ASSIGN_OR_RETURN(supervisors[dept],
                          DepartmentHolders(identity_, kSupervisorScopePrefix, dept));
    }
    const std::vector<std::string> handlers =
        assignee ? std::vector<std::string>{*assignee} : officers[dept];
    const std::string link = "/hall/cases/" + number;
    const std::string due_text = FormatDate(*due);
    if (today <= *due) {
      OW_ASSIGN_OR_RETURN(
          bool sent,
          SendOnce(id, "warning", handlers,
                   {"hall_deadline", "办件" + number + "即将到期",
                    "Application " + number + " is due soon",
                    name.zh + "的承诺时限为" + due_text + "，请及时办理。",
                    name.en + " is due on " + due_text + "; please decide in time.", link}));
      run.warnings += sent;
      continue;
    }
    OW_ASSIGN_OR_RETURN(bool sent,
                        SendOnce(id, "overdue", handlers,
                                 {"hall_deadline", "办件" + number + "已超期",
                                  "Application " + number + " is overdue",
                                  name.zh + "已超过承诺时限" + due_text + "。",
                                  name.en + " has passed its due date " + due_text + ".", link}));
    run.overdue += sent;
    if (calendar_.WorkdaysBetween(*due, today) >= opts_.escalate_after_workdays) {
      OW_ASSIGN_OR_RETURN(bool escalated,
                          SendOnce(id, "escalation", supervisors[dept],
                                   {"hall_deadline", "督办：办件" + number + "超期未办结",
                                    "Escalation: application " + number + " is overdue",
                                    name.zh + "超过承诺时限" + due_text + "仍未办结，请督办。",
                                    name.en + " is still open after its due date " + due_text +
                                        "; please follow it up.",
                                    link}));
      run.escalations += escalated;
      if (escalated && supervisors[dept].empty())
        spdlog::warn("{{\"event\":\"hall_escalation_without_supervisor\",\"department\":\"{}\"}}",
                     dept);
    }
  }

  // Rating reminders: closed three days ago, not rated, not reminded.
  OW_ASSIGN_OR_RETURN(
      store::Rows closed,
      db_.Query("SELECT o.case_id, o.case_number, o.item_code, c.applicant FROM "
                "hall_case_outcomes o JOIN hall_cases c ON c.id = o.case_id WHERE "
                "o.closed_at_ms IS NOT NULL AND o.closed_at_ms <= ? AND NOT EXISTS (SELECT 1 "
                "FROM hall_ratings r WHERE r.case_id = o.case_id) AND NOT EXISTS (SELECT 1 FROM "
                "hall_timer_notices n WHERE n.case_id = o.case_id AND n.kind = "
                "'rating_reminder') ORDER BY o.closed_at_ms LIMIT ?",
                {now - kRatingReminderMs, int64_t{opts_.batch}}));
  for (const store::Row& r : closed) {
    const std::string number = r.Text(1);
    auto item = items_.Get(r.Text(2));
    const Text name = item.ok() ? (*item)->name : Text{r.Text(2), r.Text(2)};
    OW_ASSIGN_OR_RETURN(bool sent,
                        SendOnce(r.Text(0), "rating_reminder", {r.Text(3)},
                                 {"hall_rating", "还没有评价办件" + number,
                                  "You have not rated application " + number,
                                  name.zh + "已办结三天，欢迎您评价服务。",
                                  name.en + " was closed three days ago; please rate the service.",
                                  "/hall/rating?case=" + number}));
    run.rating_reminders += sent;
  }
  return run;
}

std::vector<store::Migration> TimerService::Migrations() {
  return {{.module = "hall_timers", .version = 1, .name = "notices", .sql = R"SQL(
-- Every timer notice sent, once per case and kind (warning, overdue, escalation,
-- rating_reminder), with the number of recipients it went to.
CREATE TABLE hall_timer_notices (
  case_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  sent_at_ms BIGINT NOT NULL,
  recipients INTEGER NOT NULL,
  PRIMARY KEY (case_id, kind)
);
)SQL"}};
}

}  // namespace ow::hall
