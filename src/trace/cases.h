// CaseService: infectious-disease case reports (传染病直报) and contact tracing (密切接触者).
// A hospital system or a health official reports a case; the person's code turns red at once
// (through the colour engine, with the reason). Tracing then finds, over the pass records,
// everyone who shared a place with the case in its infectious window (close contacts: red)
// and, at depth 2, the contacts of those (secondary contacts: yellow); each gets an inbox
// message and a community task that never name the case. Officials of the case's region
// confirm or exclude it; an exclusion withdraws every signal of the case, so each person gets
// back the colour the rules give them. Everything is audited.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "checkpoint/places.h"
#include "community/inbox.h"
#include "community/tasks.h"
#include "core/clock.h"
#include "core/principal.h"
#include "healthcode/health_service.h"
#include "healthcode/signal_applier.h"
#include "identity/identity_service.h"
#include "store/database.h"
#include "store/migrations.h"
#include "trace/impact.h"
#include "trace/live_index.h"

namespace ow::trace {

struct TraceConfig {
  int days_before_onset = 2;            // infectious window starts this many days before onset
  int64_t entry_window_ms = 3'600'000;  // entry-only passes count as present this long
  int depth = 2;                        // 1: close contacts only; 2: also secondary contacts
};

struct NewCase {
  std::string person_id;
  std::string status;  // suspected | confirmed | asymptomatic | excluded
  Date onset;          // onset or sampling date
  std::string reporting_unit;
  std::string note;
};

struct Case {
  std::string id;
  std::string person_id;
  std::string masked_name;
  std::string region;
  std::string status;
  std::string onset_date;
  std::string reporting_unit;
  std::string note;
  std::string reported_by;
  int64_t reported_at_ms = 0;  // also the isolation time: the window ends here
  int64_t updated_at_ms = 0;
  std::optional<int64_t> traced_at_ms;
  int64_t close_contacts = 0;
  int64_t secondary_contacts = 0;
};

struct CaseContact {
  std::string person_id;
  std::string masked_name;
  std::string level;  // close | secondary
  int64_t first_contact_ms = 0;
  std::string via_masked_name;  // secondary: the close contact they met
  std::vector<PlaceEvidence> evidence;
};

class CaseService {
 public:
  // `signals` applies the case's and the contacts' colour signals inside the transactions
  // that record them.
  CaseService(store::Database& db, const Clock& clock, identity::IdentityService& identity,
              healthcode::HealthCodeService& colours, healthcode::SignalApplier& signals,
              LiveIndex& index, community::TaskService& tasks, community::Inbox& inbox,
              audit::AuditLog& audit, TraceConfig config);

  // What reporting this case would do now, without doing it: the person's colour and the
  // close and secondary contacts tracing would find (same validation and region checks as
  // Report, nothing stored). Nobody is named; only counts and colours.
  Result<Impact> Preview(const Principal& reporter, const NewCase& in);

  static bool ValidStatus(std::string_view s);

  // Reports a case (department_system or health_official, for residents of their regions), turns
  // the person red and traces the contacts.
  Result<Case> Report(const Principal& reporter, const NewCase& in);
  // Confirms, reclassifies or excludes a case (health_official of its region).
  Result<Case> SetStatus(const Principal& official, const std::string& case_id,
                         const std::string& status, const std::string& note);
  // Traces again (late offline uploads); returns the case with the new counts.
  Result<Case> Retrace(const Principal& official, const std::string& case_id);
  Result<Case> Get(const Principal& viewer, const std::string& case_id);
  Result<std::vector<Case>> List(const Principal& viewer, int limit);
  // The contacts with evidence; audited as a read of personal data.
  Result<std::vector<CaseContact>> Contacts(const Principal& viewer, const std::string& case_id,
                                            const std::string& ip);

  static std::vector<store::Migration> Migrations();

 private:
  Result<Case> Load(const std::string& case_id);
  Status CheckRegion(const Principal& p, const Case& c) const;
  // A contact tracing found: its level, first overlap, the close contact met (secondary) and
  // the places.
  struct Found {
    std::string level;
    int64_t first = 0;
    std::string via;
    std::vector<PlaceEvidence> evidence;
  };
  // The case as Report would store it (validated, region checked), not stored.
  Result<Case> NewCaseFor(const Principal& reporter, const NewCase& in);
  // The contacts of a case over the pass records (close, and at depth 2 secondary).
  Result<std::map<std::string, Found>> FindContacts(const Case& c);
  // Finds the contacts and applies the colour signals, tasks and inbox messages.
  Status Trace(const Case& c);
  Status ApplyCaseSignal(store::Tx& tx, const Case& c, const std::string& actor);

  store::Database& db_;
  const Clock& clock_;
  identity::IdentityService& identity_;
  healthcode::HealthCodeService& colours_;
  healthcode::SignalApplier& signals_;
  LiveIndex& index_;
  community::TaskService& tasks_;
  community::Inbox& inbox_;
  audit::AuditLog& audit_;
  TraceConfig config_;
};

}  // namespace ow::trace
