// TimerService: the hall's background timers. Each run looks at the open cases whose clock
// runs and sends, once per case, a deadline warning (≤ 2 working days left) and an overdue
// notice to the assignee (or, for an unclaimed case, to the department's officers), and
// escalates a case still open `escalate_after_workdays` working days past its due date to the
// department's supervisors (service_officer grants with scope dept-supervisor:<department>). It
// also invites an applicant once more to rate a case closed three days ago and not rated. Every
// notice is recorded (hall_timer_notices, primary key case + kind) in the transaction that posts
// it, so a notice is sent once even if two nodes ran at the same time; in a cluster the run itself
// is once-per-cluster through store::JobLease (app wires it).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "calendar/work_calendar.h"
#include "community/inbox.h"
#include "core/clock.h"
#include "hall/item_catalogue.h"
#include "identity/identity_service.h"
#include "store/database.h"
#include "store/migrations.h"

namespace ow::hall {

struct TimerOptions {
  int warning_workdays = 2;         // a warning when this many working days or fewer are left
  int escalate_after_workdays = 2;  // escalation when still open this long past the due date
  int batch = 500;                  // cases looked at per kind and run
};

// Notices sent by one run.
struct TimerRun {
  int warnings = 0;
  int overdue = 0;
  int escalations = 0;
  int rating_reminders = 0;
};

class TimerService {
 public:
  TimerService(store::Database& db, const Clock& clock, ItemCatalogue& items,
               identity::IdentityService& identity, community::Inbox& inbox,
               TimerOptions options = {},
               const calendar::WorkCalendar& calendar = calendar::WorkCalendar::China());

  // One run: every notice due now and not sent yet.
  Result<TimerRun> RunOnce();

  // Module "hall_timers": the record of notices sent.
  static std::vector<store::Migration> Migrations();

 private:
  // Records (case, kind) and posts `message` to `recipients` in one transaction; false if the
  // notice had been sent already.
  Result<bool> SendOnce(const std::string& case_id, const std::string& kind,
                        const std::vector<std::string>& recipients,
                        const community::NewMessage& message);

  store::Database& db_;
  const Clock& clock_;
  ItemCatalogue& items_;
  identity::IdentityService& identity_;
  community::Inbox& inbox_;
  TimerOptions opts_;
  const calendar::WorkCalendar& calendar_;
};

}  // namespace ow::hall
