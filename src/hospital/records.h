// The internet hospital's common parts (互联网医院, docs/hospital.md "Internet hospital"): its
// options, refusal codes, who is a doctor or a pharmacist of what, the age and guardian rule
// (children under 6 need a guardian present), the tables (migration stream "hospital",
// versions 2+), and the retention purge of medical records.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/principal.h"
#include "core/status.h"
#include "identity/identity_service.h"
#include "store/database.h"
#include "store/migrations.h"

namespace ow::hospital {

// The scheduling realm of online (internet hospital) schedules: their bookings count apart
// from the hospital's in-person ones, with the same capacity guarantee.
inline constexpr char kOnlineRealm[] = "hospital_online";

struct InternetOptions {
  int64_t max_image_bytes = 1000 * 1000;  // one image in a consultation thread (< body limit)
  int max_message_bytes = 2000;           // one text message
  int record_retention_days = 15 * 365;   // medical records kept (门诊病历 15 years)
  int purge_interval_seconds = 3600;      // the purge job runs this often (once per cluster)
  int guardian_below_age = 6;             // children under this age need a guardian
};

// Refusal codes (FieldError::code).
inline constexpr char kFirstVisitRequired[] = "first_visit_required";
inline constexpr char kNotOnlineSlot[] = "not_online_slot";
inline constexpr char kGuardianRequired[] = "guardian_required";
inline constexpr char kUnknownGuardian[] = "unknown_guardian";
inline constexpr char kGuardianMismatch[] = "guardian_mismatch";
inline constexpr char kControlledDrug[] = "controlled_drug";
inline constexpr char kUnknownDrug[] = "unknown_drug";
inline constexpr char kConsultationClosed[] = "consultation_closed";
inline constexpr char kBadTransition[] = "bad_transition";
inline constexpr char kRenewalPending[] = "renewal_pending";
inline constexpr char kBadSignature[] = "bad_signature";

// A guardian as the request declares them: checked against identity (registered, the name on
// record, an adult, not the patient).
struct DeclaredGuardian {
  std::string id_number;
  std::string name;
  std::string relation;  // parent | guardian
};

// Whether p is the doctor `doctor_id` (role doctor, scope doctor:<id>).
bool IsDoctor(const Principal& p, const std::string& doctor_id);
// The doctor ids p acts as.
std::vector<std::string> DoctorIdsOf(const Principal& p);
// Whether p is a pharmacist of the hospital (role pharmacist, scope place:<id>).
bool IsPharmacist(const Principal& p, const std::string& hospital_id);

class PatientRules {
 public:
  PatientRules(identity::IdentityService& identity, const Clock& clock,
               const InternetOptions& options)
      : identity_(identity), clock_(clock), options_(options) {}

  // The person's age in whole years today (Asia/Shanghai), from the resident ID's birth date.
  Result<int> AgeOf(const std::string& person_id);
  // The guardian rule: a patient under options.guardian_below_age must name a guardian
  // (`path` names the field); returns the guardian's person id ("" when none is needed).
  Result<std::string> CheckGuardian(const std::string& patient_id,
                                    const std::optional<DeclaredGuardian>& guardian,
                                    const std::string& path);

 private:
  identity::IdentityService& identity_;
  const Clock& clock_;
  const InternetOptions& options_;
};

// Audits a staff member's read of a patient's record into the data-use record ("pii.read" with
// the patient as subject, so it shows in /api/v1/me/data-uses).
Status AuditRead(audit::AuditLog& audit, const Principal& reader, const std::string& patient,
                 const std::string& fields, const std::string& reason);

// Module "hospital", versions 2+: visits, online consultations, messages, images,
// prescriptions, renewals, doctors' signing keys.
std::vector<store::Migration> InternetMigrations();

// Deletes medical records whose retention has run out: closed consultations (with their
// messages and images), prescriptions and their renewals, and recorded visits, last touched
// more than `retention_days` before now. Returns the rows deleted. Idempotent; the
// application runs it once per cluster (a job lease).
Result<int64_t> PurgeExpiredRecords(store::Database& db, const Clock& clock, int retention_days);

}  // namespace ow::hospital
