// ApplicationService: scan to apply (扫码填写简历), résumés, the employer's pipeline and
// interviews (docs/jobs.md).
//
// - Scan tokens: a posting's poster carries "<posting>.<expiry>.<mac>" signed with the jobs
//   purpose key (derived from the KeyRing's token key); an application may carry one, and a
//   bad or expired one is refused.
// - Résumés are JSON Resume objects (basics, education[], work[]); a person's own is kept
//   (sealed with the data key) for reuse, and prefilled from the real-name profile when none is
//   stored. Each application keeps a sealed snapshot made with explicit consent to share it
//   with that enterprise.
// - The employer sees an application's résumé with the masked name and ID only until the
//   application reaches "interview" (then the name and phone); every read is audited with the
//   applicant as subject (their data-use record). A withdrawn application's résumé is erased at
//   once and the employer gets 404.
// - Pipeline: received -> shortlisted -> interview -> offer, and rejected from any of the
//   first three; each move is a conditional update on the application's version, and the
//   applicant gets an inbox message in the same transaction.
// - Interviews use the scheduling module (realm "jobs", one explicit-slot schedule per
//   posting): the same slots, holds and database-guaranteed capacity as the hospital. The
//   invitation is an RFC 5545 event whose UID is stable per application and whose SEQUENCE
//   grows with every reschedule.
// - Retention: applications and stored résumés untouched for retention_days are purged
//   (Purge, run once per cluster by the application).
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "community/inbox.h"
#include "core/clock.h"
#include "core/principal.h"
#include "core/status.h"
#include "crypto/crypto.h"
#include "identity/identity_service.h"
#include "jobs/postings.h"
#include "scheduling/bookings.h"
#include "scheduling/schedules.h"
#include "store/database.h"
#include "store/migrations.h"

namespace ow::jobs {

struct JobsOptions {
  int64_t scan_token_ttl_seconds = 24 * 3600;  // a poster's token lives this long
  int retention_days = 180;                    // applications and résumés are purged after
  int purge_interval_seconds = 3600;
  size_t max_attachment_bytes = 5 * 1024 * 1024;  // PDF attachments
};

inline constexpr char kJobsRealm[] = "jobs";

// Machine codes.
inline constexpr char kTokenInvalid[] = "token_invalid";
inline constexpr char kTokenExpired[] = "token_expired";
inline constexpr char kConsentRequired[] = "consent_required";
inline constexpr char kStaleVersion[] = "stale_version";
inline constexpr char kBadTransition[] = "bad_transition";
inline constexpr char kAlreadyApplied[] = "already_applied";
inline constexpr char kNotInInterview[] = "not_in_interview";

// Application states.
inline constexpr char kReceived[] = "received";
inline constexpr char kShortlisted[] = "shortlisted";
inline constexpr char kInterview[] = "interview";
inline constexpr char kOffer[] = "offer";
inline constexpr char kRejected[] = "rejected";
inline constexpr char kWithdrawn[] = "withdrawn";
// Whether the pipeline allows from -> to.
bool AllowedMove(const std::string& from, const std::string& to);

struct JobApplication {
  std::string id;
  std::string posting_id;
  std::string posting_title;
  std::string enterprise_id;
  std::string person_id;
  std::string status;
  int64_t version = 1;
  boost::json::object resume;  // the snapshot ({} once withdrawn)
  bool has_attachment = false;
  std::string source;  // "scan" | "web"
  std::string meeting_link;
  std::string booking_id;  // the interview's booking ("" none)
  int64_t interview_sequence = 0;
  int64_t interview_start_ms = 0, interview_end_ms = 0;
  int64_t consent_at_ms = 0;
  int64_t created_at_ms = 0, updated_at_ms = 0;
};

struct ApplyInput {
  std::string token;  // the poster's scan token ("" = applied from the web page)
  bool consent = false;
  std::optional<boost::json::object> resume;  // validated; none = the person's stored one
};

// Validates a JSON Resume subset (basics, education[], work[]); Invalid with paths like
// "$.education[0].startDate".
Result<boost::json::object> ReadResume(const boost::json::object& in, const std::string& base);

class ApplicationService {
 public:
  ApplicationService(store::Database& db, const Clock& clock, const crypto::KeyRing& keys,
                     PostingService& postings, identity::IdentityService& identity,
                     audit::AuditLog& audit, community::Inbox& inbox,
                     scheduling::ScheduleService& schedules, scheduling::BookingService& bookings,
                     JobsOptions options);

  const JobsOptions& options() const { return options_; }

  // The scan token of a posting, valid for scan_token_ttl_seconds from now.
  std::string ScanToken(const std::string& posting_id) const;
  // Ok, or Invalid at $.token (kTokenInvalid for a token not signed for this posting,
  // kTokenExpired).
  Status CheckScanToken(const std::string& posting_id, const std::string& token) const;

  // The person's stored résumé, or one prefilled from the real-name profile (`stored` false).
  Result<boost::json::object> Resume(const std::string& person_id, bool* stored = nullptr);
  Status SaveResume(const std::string& person_id, const boost::json::object& resume);

  Result<JobApplication> Apply(const Principal& p, const std::string& posting_id,
                               const ApplyInput& in);
  Result<JobApplication> Withdraw(const Principal& p, const std::string& id);
  Result<std::vector<JobApplication>> Mine(const Principal& p);
  // The applicant's own application (NotFound for anyone else).
  Result<JobApplication> Own(const Principal& p, const std::string& id);
  Status AttachPdf(const Principal& p, const std::string& id, const std::string& bytes);
  // The PDF for the applicant or the employer (audited); NotFound when none.
  Result<std::string> Attachment(const Principal& p, const std::string& id);

  // Employer side: the applications of a posting (not withdrawn), each read audited, with the
  // résumé as the employer may see it (EmployerView).
  Result<std::vector<boost::json::object>> ForPosting(const Principal& p,
                                                      const std::string& posting_id);
  Result<boost::json::object> ForEmployer(const Principal& p, const std::string& id);
  // Moves an application (Conflict kStaleVersion / kBadTransition); the applicant is told.
  Result<boost::json::object> Move(const Principal& p, const std::string& id, const std::string& to,
                                   int64_t version, const std::string& meeting_link);

  // Interviews.
  Result<scheduling::Slot> AddInterviewSlot(const Principal& p, const std::string& posting_id,
                                            int64_t start_ms, int64_t end_ms, int capacity);
  // Upcoming slots of the posting's interview schedule (the employer, or an applicant whose
  // application is in "interview").
  Result<std::vector<scheduling::Slot>> InterviewSlots(const Principal& p,
                                                       const std::string& posting_id);
  // The applicant books (or moves to) a slot; SEQUENCE grows on every move.
  Result<JobApplication> BookInterview(const Principal& p, const std::string& id,
                                       const std::string& slot_id);
  // The RFC 5545 invitation (applicant or employer).
  Result<std::string> InterviewCalendar(const Principal& p, const std::string& id);

  // Deletes applications and stored résumés not updated for retention_days; returns how many.
  Result<int64_t> Purge();

  // Module "jobs", version 2: jobs_resumes, jobs_applications.
  static std::vector<store::Migration> Migrations();

 private:
  Result<JobApplication> Load(const std::string& id);
  Result<JobApplication> LoadForEmployer(const Principal& p, const std::string& id);
  boost::json::object EmployerView(const JobApplication& a);
  Status AuditRead(const Principal& p, const JobApplication& a, const std::string& what);
  std::string ScheduleOwner(const std::string& posting_id) const {
    return "jobs:posting:" + posting_id;
  }
  Result<std::string> InterviewSchedule(const std::string& posting_id, bool create);

  store::Database& db_;
  const Clock& clock_;
  const crypto::KeyRing& keys_;
  std::string token_key_;
  PostingService& postings_;
  identity::IdentityService& identity_;
  audit::AuditLog& audit_;
  community::Inbox& inbox_;
  scheduling::ScheduleService& schedules_;
  scheduling::BookingService& bookings_;
  JobsOptions options_;
};

// JSON of an application for its applicant.
boost::json::object ApplicationJson(const JobApplication& a);

// The text of an RFC 5545 calendar with one VEVENT (CRLF lines folded at 75 octets).
struct InterviewEvent {
  std::string uid;
  int64_t sequence = 0;
  int64_t stamp_ms = 0, start_ms = 0, end_ms = 0;
  std::string summary, description, location, url;
  bool cancelled = false;
};
std::string InterviewIcs(const InterviewEvent& e);

}  // namespace ow::jobs
