// ConsultationService: follow-up consultations (复诊) of the internet hospital. Online slots are
// scheduling slots of schedules in realm kOnlineRealm, owned by "online:" + the doctor's owner
// key (so the in-person lists never show them and the same BookingService guarantees their
// capacity). Only a patient with an earlier visit in the department (an arrived or fulfilled
// appointment, a recorded visit, or a closed consultation) books one; children under 6 name a
// guardian. A booking opens a thread in which the patient and the doctor exchange text and
// images (size-limited, content sniffed, sealed at rest, served only to the two of them); the
// doctor closes it with notes (and may issue a prescription); a closed thread is read-only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/principal.h"
#include "crypto/crypto.h"
#include "hospital/appointments.h"
#include "hospital/directory.h"
#include "hospital/prescriptions.h"
#include "hospital/records.h"
#include "identity/identity_service.h"
#include "scheduling/bookings.h"
#include "scheduling/schedules.h"

namespace ow::hospital {

struct ConsultMessage {
  std::string id;
  int64_t seq = 0;
  std::string sender_role;  // patient | doctor
  std::string kind;         // text | image
  std::string text;
  std::string image_id;
  int64_t created_at_ms = 0;
};

struct Consultation {
  std::string id, booking_id, person_id, hospital_id, department_id, doctor_id;
  int64_t start_ms = 0, end_ms = 0;
  bool closed = false;
  std::string notes;
  std::string guardian_person;
  std::string prescription_id;
  int64_t created_at_ms = 0, closed_at_ms = 0;
  int64_t version = 0;
  std::string masked_patient;            // staff views
  std::vector<ConsultMessage> messages;  // Get only
};

struct ConsultImage {
  std::string id, media_type;
  std::string bytes;
};

// The owner key of a doctor's online schedule: "online:hospital:<h>/dept:<d>/doctor:<x>".
std::string OnlineOwner(const Department& d, const std::string& doctor_id);
// The image type `bytes` look like ("image/jpeg", "image/png", "image/webp"), or "".
std::string SniffImageType(std::string_view bytes);

class ConsultationService {
 public:
  ConsultationService(store::Database& db, const Clock& clock, const crypto::KeyRing& keys,
                      HospitalDirectory& directory, scheduling::ScheduleService& schedules,
                      scheduling::BookingService& bookings, identity::IdentityService& identity,
                      audit::AuditLog& audit, PatientRules& patients,
                      PrescriptionService& prescriptions, const InternetOptions& options);

  // Administrators: a doctor's online schedule (doctor_id required).
  Result<scheduling::Schedule> CreateOnlineSchedule(const Principal& p,
                                                    const std::string& hospital_id,
                                                    const NewSchedule& in);
  Result<std::vector<scheduling::Schedule>> OnlineSchedules(const Principal& p,
                                                            const std::string& hospital_id);
  // Administrators: an earlier in-person visit, optionally with its prescription (in person,
  // controlled drugs are allowed; they are never renewed online).
  Result<std::pair<std::string, std::optional<Prescription>>> RecordVisit(
      const Principal& p, const std::string& hospital_id, const std::string& person_id,
      const std::string& doctor_id, int64_t visited_at_ms,
      const std::optional<NewPrescription>& prescription);

  Result<std::vector<scheduling::Slot>> OnlineSlots(const std::string& department_id,
                                                    const std::string& day);
  // 403 first_visit_required without an earlier visit in the department.
  Status RequireEarlierVisit(const std::string& person_id, const std::string& department_id);
  Result<Consultation> Book(const Principal& p, const std::string& slot_id,
                            const std::string& hold_id,
                            const std::optional<DeclaredGuardian>& guardian);
  Result<std::vector<Consultation>> Mine(const Principal& p);
  Result<std::vector<Consultation>> DoctorInbox(const Principal& p, bool closed);
  // The patient or the doctor (the doctor's read is audited), with the messages.
  Result<Consultation> Get(const Principal& p, const std::string& id);
  Result<ConsultMessage> PostText(const Principal& p, const std::string& id,
                                  const std::string& text);
  Result<ConsultMessage> PostImage(const Principal& p, const std::string& id,
                                   const std::string& content_type, const std::string& bytes);
  Result<ConsultImage> Image(const Principal& p, const std::string& id,
                             const std::string& image_id);
  Result<Consultation> Close(const Principal& p, const std::string& id, const std::string& notes,
                             const std::optional<NewPrescription>& prescription,
                             int64_t expected_version);

 private:
  Result<Consultation> Load(const std::string& id);
  // "patient" or "doctor" for a participant; NotFound for anyone else.
  Result<std::string> RoleIn(const Principal& p, const Consultation& c);
  Result<ConsultMessage> Append(const Principal& p, const Consultation& c, const std::string& role,
                                const std::string& kind, const std::string& text,
                                const std::string& image_id,
                                const std::function<Status(store::Tx&)>& before);

  store::Database& db_;
  const Clock& clock_;
  const crypto::KeyRing& keys_;
  HospitalDirectory& directory_;
  scheduling::ScheduleService& schedules_;
  scheduling::BookingService& bookings_;
  identity::IdentityService& identity_;
  audit::AuditLog& audit_;
  PatientRules& patients_;
  PrescriptionService& prescriptions_;
  const InternetOptions& options_;
};

}  // namespace ow::hospital
