// The internet hospital's common parts (see records.h).
#include "hospital/records.h"

#include "core/time.h"

namespace ow::hospital {

namespace {

Status Refuse(Code code, const std::string& path, std::string message, const char* machine) {
  std::string field = message;
  return Status(code, std::move(message), {{path, std::move(field), machine}});
}

int YearsBetween(const Date& birth, const Date& today) {
  int years = today.year - birth.year;
  if (today.month < birth.month || (today.month == birth.month && today.day < birth.day)) --years;
  return years;
}

constexpr int kAdultAge = 18;

}  // namespace

bool IsDoctor(const Principal& p, const std::string& doctor_id) {
  for (const std::string& s : p.Scopes(Role::kDoctor))
    if (s == "doctor:" + doctor_id) return true;
  return false;
}

std::vector<std::string> DoctorIdsOf(const Principal& p) {
  std::vector<std::string> out;
  for (const std::string& s : p.Scopes(Role::kDoctor))
    if (s.starts_with("doctor:")) out.push_back(s.substr(7));
  return out;
}

bool IsPharmacist(const Principal& p, const std::string& hospital_id) {
  for (const std::string& s : p.Scopes(Role::kPharmacist))
    if (s == "place:" + hospital_id) return true;
  return false;
}

Result<int> PatientRules::AgeOf(const std::string& person_id) {
  OW_ASSIGN_OR_RETURN(identity::Profile profile, identity_.GetOwnProfile(person_id));
  auto birth = ParseDate(profile.birth_date);
  if (!birth) return Status::Internal("no birth date on record");
  return YearsBetween(*birth, ShanghaiDate(clock_.NowMillis()));
}

Result<std::string> PatientRules::CheckGuardian(const std::string& patient_id,
                                                const std::optional<DeclaredGuardian>& guardian,
                                                const std::string& path) {
  OW_ASSIGN_OR_RETURN(int age, AgeOf(patient_id));
  if (age >= options_.guardian_below_age) return std::string();
  if (!guardian)
    return Refuse(Code::kForbidden, path,
                  "未满6周岁的患者须由监护人陪同并登记监护人 / a child under 6 needs a guardian "
                  "present: name the guardian",
                  kGuardianRequired);
  if (guardian->relation != "parent" && guardian->relation != "guardian")
    return Refuse(Code::kInvalid, path + ".relation", "must be parent or guardian", "bad_relation");
  auto person = identity_.FindByIdNumber(guardian->id_number);
  if (!person.ok()) {
    if (person.status().code() != Code::kNotFound) return person.status();
    return Refuse(Code::kInvalid, path + ".id_number",
                  "监护人须为已实名登记的人员 / the guardian must be a registered person",
                  kUnknownGuardian);
  }
  if (*person == patient_id)
    return Refuse(Code::kInvalid, path + ".id_number", "the guardian cannot be the patient",
                  kGuardianMismatch);
  OW_ASSIGN_OR_RETURN(identity::Profile g, identity_.GetOwnProfile(*person));
  if (g.name != guardian->name)
    return Refuse(Code::kInvalid, path + ".name",
                  "姓名与身份证号不符 / the name does not match the resident ID",
                  kGuardianMismatch);
  auto birth = ParseDate(g.birth_date);
  if (!birth || YearsBetween(*birth, ShanghaiDate(clock_.NowMillis())) < kAdultAge)
    return Refuse(Code::kInvalid, path + ".id_number", "the guardian must be an adult",
                  "guardian_not_adult");
  return *person;
}

Status AuditRead(audit::AuditLog& audit, const Principal& reader, const std::string& patient,
                 const std::string& fields, const std::string& reason) {
  if (reader.person_id == patient) return Status::Ok();
  return audit.Append({reader.person_id, "pii.read", patient, fields, reason, ""});
}

std::vector<store::Migration> InternetMigrations() {
  return {{.module = "hospital",
           .version = 2,
           .name = "internet hospital: visits, consultations, prescriptions, renewals",
           .sql = R"SQL(
CREATE TABLE hosp_visits (
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL,
  hospital_id TEXT NOT NULL,
  department_id TEXT NOT NULL,
  doctor_id TEXT NOT NULL,
  visited_at_ms {bigint} NOT NULL,
  recorded_by TEXT NOT NULL,
  created_at_ms {bigint} NOT NULL
);
CREATE INDEX hosp_visits_person ON hosp_visits (person_id, department_id);
CREATE TABLE hosp_consultations (
  id TEXT PRIMARY KEY,
  booking_id TEXT NOT NULL UNIQUE,
  person_id TEXT NOT NULL,
  hospital_id TEXT NOT NULL,
  department_id TEXT NOT NULL,
  doctor_id TEXT NOT NULL,
  start_ms {bigint} NOT NULL,
  end_ms {bigint} NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  notes TEXT NOT NULL,
  guardian_person TEXT NOT NULL,
  prescription_id TEXT NOT NULL,
  created_at_ms {bigint} NOT NULL,
  closed_at_ms {bigint} NOT NULL,
  version {bigint} NOT NULL
);
CREATE INDEX hosp_consultations_person ON hosp_consultations (person_id);
CREATE INDEX hosp_consultations_doctor ON hosp_consultations (doctor_id, status);
CREATE TABLE hosp_consult_messages (
  id TEXT PRIMARY KEY,
  consultation_id TEXT NOT NULL,
  seq {bigint} NOT NULL,
  sender TEXT NOT NULL,
  sender_role TEXT NOT NULL,
  kind TEXT NOT NULL,
  body TEXT NOT NULL,
  image_id TEXT NOT NULL,
  created_at_ms {bigint} NOT NULL,
  UNIQUE (consultation_id, seq)
);
CREATE TABLE hosp_consult_images (
  id TEXT PRIMARY KEY,
  consultation_id TEXT NOT NULL,
  uploader TEXT NOT NULL,
  media_type TEXT NOT NULL,
  size_bytes {bigint} NOT NULL,
  data_sealed {blob} NOT NULL,
  created_at_ms {bigint} NOT NULL
);
CREATE INDEX hosp_consult_images_consultation ON hosp_consult_images (consultation_id);
CREATE TABLE hosp_prescriptions (
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL,
  hospital_id TEXT NOT NULL,
  department_id TEXT NOT NULL,
  doctor_id TEXT NOT NULL,
  source TEXT NOT NULL,
  source_id TEXT NOT NULL,
  diagnosis TEXT NOT NULL,
  items TEXT NOT NULL,
  created_at_ms {bigint} NOT NULL
);
CREATE INDEX hosp_prescriptions_person ON hosp_prescriptions (person_id);
CREATE TABLE hosp_renewals (
  id TEXT PRIMARY KEY,
  prescription_id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  hospital_id TEXT NOT NULL,
  department_id TEXT NOT NULL,
  doctor_id TEXT NOT NULL,
  status TEXT NOT NULL
    CHECK (status IN ('requested', 'signed', 'active', 'rejected', 'dispensed')),
  content TEXT NOT NULL,
  signature TEXT NOT NULL,
  signer_key TEXT NOT NULL,
  signed_at_ms {bigint} NOT NULL,
  pharmacist TEXT NOT NULL,
  reviewed_at_ms {bigint} NOT NULL,
  reason TEXT NOT NULL,
  dispense_method TEXT NOT NULL,
  address_sealed {blob},
  address_masked TEXT NOT NULL,
  dispensed_at_ms {bigint} NOT NULL,
  guardian_person TEXT NOT NULL,
  created_at_ms {bigint} NOT NULL,
  updated_at_ms {bigint} NOT NULL,
  version {bigint} NOT NULL
);
CREATE UNIQUE INDEX hosp_renewals_live ON hosp_renewals (prescription_id)
  WHERE status IN ('requested', 'signed', 'active');
CREATE INDEX hosp_renewals_person ON hosp_renewals (person_id);
CREATE INDEX hosp_renewals_doctor ON hosp_renewals (doctor_id, status);
CREATE INDEX hosp_renewals_hospital ON hosp_renewals (hospital_id, status);
CREATE TABLE hosp_doctor_keys (
  doctor_id TEXT PRIMARY KEY,
  public_key TEXT NOT NULL,
  secret_sealed {blob} NOT NULL,
  created_at_ms {bigint} NOT NULL
)
)SQL"}};
}

Result<int64_t> PurgeExpiredRecords(store::Database& db, const Clock& clock, int retention_days) {
  const int64_t cutoff = clock.NowMillis() - int64_t{retention_days} * kMillisPerDay;
  int64_t deleted = 0;
  OW_RETURN_IF_ERROR(db.Transact([&](store::Tx& tx) -> Status {
    deleted = 0;
    const char* kStatements[] = {
        "DELETE FROM hosp_consult_messages WHERE consultation_id IN (SELECT id FROM "
        "hosp_consultations WHERE status = 'closed' AND closed_at_ms < ?)",
        "DELETE FROM hosp_consult_images WHERE consultation_id IN (SELECT id FROM "
        "hosp_consultations WHERE status = 'closed' AND closed_at_ms < ?)",
        "DELETE FROM hosp_consultations WHERE status = 'closed' AND closed_at_ms < ?",
        "DELETE FROM hosp_renewals WHERE updated_at_ms < ?",
        "DELETE FROM hosp_prescriptions WHERE created_at_ms < ? AND NOT EXISTS (SELECT 1 FROM "
        "hosp_renewals r WHERE r.prescription_id = hosp_prescriptions.id)",
        "DELETE FROM hosp_visits WHERE visited_at_ms < ?",
    };
    for (const char* sql : kStatements) {
      OW_ASSIGN_OR_RETURN(int64_t n, tx.Exec(sql, {cutoff}));
      deleted += n;
    }
    return Status::Ok();
  }));
  return deleted;
}

}  // namespace ow::hospital
