// PrescriptionService: prescriptions of the internet hospital and chronic prescription renewal.
// A prescription belongs to a visit (issued in person, recorded by the hospital) or to an
// online consultation (issued by the doctor when closing it); controlled drugs (narcotic,
// psychotropic) are never prescribed or renewed online. A renewal goes
//   requested (the patient) → signed (the treating doctor, personally: an Ed25519 signature of
//   the doctor's own key over the renewal's content) → active (a pharmacist of the hospital
//   approves) or rejected (with a reason) → dispensed (pickup, or delivery to an address).
// Every transition is one conditional UPDATE on (status, version): of two concurrent reviews
// one wins and the other gets 409 bad_transition. Reads by staff are audited.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/principal.h"
#include "crypto/crypto.h"
#include "hospital/directory.h"
#include "hospital/drugs.h"
#include "hospital/records.h"
#include "identity/identity_service.h"
#include "store/database.h"

namespace ow::hospital {

struct PrescriptionItem {
  std::string drug_code;
  int64_t quantity = 0;  // in the drug's unit
  std::string dosage;    // 用法用量, free text
};

struct NewPrescription {
  std::string diagnosis;
  std::vector<PrescriptionItem> items;
};

struct Prescription {
  std::string id, person_id, hospital_id, department_id, doctor_id;
  std::string source;     // visit | consultation
  std::string source_id;  // the visit or consultation
  std::string diagnosis;
  std::vector<PrescriptionItem> items;
  int64_t created_at_ms = 0;
};

enum class RenewalStatus { kRequested, kSigned, kActive, kRejected, kDispensed };
const char* RenewalStatusName(RenewalStatus s);

struct Renewal {
  std::string id, prescription_id, person_id, hospital_id, department_id, doctor_id;
  RenewalStatus status = RenewalStatus::kRequested;
  std::string content;     // the canonical JSON the doctor signs
  std::string signature;   // base64url Ed25519 ("" until signed)
  std::string signer_key;  // base64url public key of the doctor
  int64_t signed_at_ms = 0;
  std::string pharmacist;  // person id of the reviewer
  int64_t reviewed_at_ms = 0;
  std::string reason;           // rejection reason
  std::string dispense_method;  // pickup | delivery
  std::string address_masked;
  int64_t dispensed_at_ms = 0;
  std::string guardian_person;
  int64_t created_at_ms = 0, updated_at_ms = 0;
  int64_t version = 0;
  std::string masked_patient;  // filled for staff views
};

class PrescriptionService {
 public:
  PrescriptionService(store::Database& db, const Clock& clock, const crypto::KeyRing& keys,
                      HospitalDirectory& directory, identity::IdentityService& identity,
                      audit::AuditLog& audit, PatientRules& patients);

  // Validates items against the catalogue (422 unknown_drug at $.items[i].drug_code; 403
  // controlled_drug when `online` and a drug is narcotic or psychotropic).
  Status CheckItems(const std::vector<PrescriptionItem>& items, bool online,
                    const std::string& path) const;
  // Issues inside the caller's transaction (a consultation's close, a recorded visit).
  Result<Prescription> IssueInTx(store::Tx& tx, const std::string& person_id, const Doctor& doctor,
                                 const std::string& source, const std::string& source_id,
                                 const NewPrescription& in);

  Result<std::vector<Prescription>> Mine(const Principal& p);
  Result<std::vector<Renewal>> MyRenewals(const Principal& p);
  Result<Prescription> GetPrescription(const std::string& id);

  Result<Renewal> RequestRenewal(const Principal& p, const std::string& prescription_id,
                                 const std::optional<DeclaredGuardian>& guardian);
  // The patient, the treating doctor, or a pharmacist of the hospital (staff reads audited).
  Result<Renewal> Get(const Principal& p, const std::string& id);
  // The treating doctor signs; `expected_version` (0 = the current one) guards the update.
  Result<Renewal> Sign(const Principal& p, const std::string& id, int64_t expected_version);
  Result<Renewal> Review(const Principal& p, const std::string& id, bool approve,
                         const std::string& reason, int64_t expected_version);
  Result<Renewal> Dispense(const Principal& p, const std::string& id, const std::string& method,
                           const std::string& address);
  // Inboxes: the doctor's renewals to sign; the pharmacist's renewals to review.
  Result<std::vector<Renewal>> DoctorQueue(const Principal& p);
  Result<std::vector<Renewal>> PharmacistQueue(const Principal& p);

  // Whether the renewal's signature verifies against its content and the doctor's key.
  bool SignatureValid(const Renewal& r) const;

 private:
  Result<Renewal> Load(const std::string& id);
  Result<std::pair<std::string, std::string>> DoctorKey(const std::string& doctor_id);
  // One conditional transition; 409 bad_transition when the row moved on.
  Status Transition(const std::string& id, RenewalStatus from, int64_t version,
                    const std::string& set_sql, std::vector<store::Value> set_params);

  store::Database& db_;
  const Clock& clock_;
  const crypto::KeyRing& keys_;
  HospitalDirectory& directory_;
  identity::IdentityService& identity_;
  audit::AuditLog& audit_;
  PatientRules& patients_;
};

std::string ItemsJson(const std::vector<PrescriptionItem>& items);
std::vector<PrescriptionItem> ParseItemsJson(const std::string& text);
// "浙江省杭州市****" — the first six characters (code points) of an address, then stars.
std::string MaskAddress(const std::string& address);

}  // namespace ow::hospital
