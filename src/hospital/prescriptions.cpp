// Prescriptions and their renewal (see prescriptions.h).
#include "hospital/prescriptions.h"

#include <boost/json.hpp>

#include "core/time.h"

namespace ow::hospital {

namespace {

namespace json = boost::json;

Status Refuse(Code code, const std::string& path, std::string message, const char* machine) {
  std::string field = message;
  return Status(code, std::move(message), {{path, std::move(field), machine}});
}

constexpr char kRenewalColumns[] =
    "id, prescription_id, person_id, hospital_id, department_id, doctor_id, status, content, "
    "signature, signer_key, signed_at_ms, pharmacist, reviewed_at_ms, reason, dispense_method, "
    "address_masked, dispensed_at_ms, guardian_person, created_at_ms, updated_at_ms, version";

constexpr char kPrescriptionColumns[] =
    "id, person_id, hospital_id, department_id, doctor_id, source, source_id, diagnosis, items, "
    "created_at_ms";

constexpr int kMaxList = 200;
constexpr size_t kMaxAddress = 300;
constexpr size_t kMaxReason = 500;

std::optional<RenewalStatus> ParseStatus(const std::string& s) {
  for (RenewalStatus r : {RenewalStatus::kRequested, RenewalStatus::kSigned, RenewalStatus::kActive,
                          RenewalStatus::kRejected, RenewalStatus::kDispensed})
    if (s == RenewalStatusName(r)) return r;
  return std::nullopt;
}

Renewal RenewalOf(const store::Row& r) {
  Renewal x;
  x.id = r.Text(0);
  x.prescription_id = r.Text(1);
  x.person_id = r.Text(2);
  x.hospital_id = r.Text(3);
  x.department_id = r.Text(4);
  x.doctor_id = r.Text(5);
  x.status = ParseStatus(r.Text(6)).value_or(RenewalStatus::kRequested);
  x.content = r.Text(7);
  x.signature = r.Text(8);
  x.signer_key = r.Text(9);
  x.signed_at_ms = r.Int(10);
  x.pharmacist = r.Text(11);
  x.reviewed_at_ms = r.Int(12);
  x.reason = r.Text(13);
  x.dispense_method = r.Text(14);
  x.address_masked = r.Text(15);
  x.dispensed_at_ms = r.Int(16);
  x.guardian_person = r.Text(17);
  x.created_at_ms = r.Int(18);
  x.updated_at_ms = r.Int(19);
  x.version = r.Int(20);
  return x;
}

Prescription PrescriptionOf(const store::Row& r) {
  return {r.Text(0), r.Text(1), r.Text(2),
          r.Text(3), r.Text(4), r.Text(5),
          r.Text(6), r.Text(7), ParseItemsJson(r.Text(8)),
          r.Int(9)};
}

std::string KeyAad(const std::string& doctor_id) { return "hosp_doctor_keys:" + doctor_id; }
std::string AddressAad(const std::string& id) { return "hosp_renewals.address:" + id; }

}  // namespace

const char* RenewalStatusName(RenewalStatus s) {
  switch (s) {
    case RenewalStatus::kSigned:
      return "signed";
    case RenewalStatus::kActive:
      return "active";
    case RenewalStatus::kRejected:
      return "rejected";
    case RenewalStatus::kDispensed:
      return "dispensed";
    case RenewalStatus::kRequested:
      break;
  }
  return "requested";
}

std::string ItemsJson(const std::vector<PrescriptionItem>& items) {
  json::array a;
  for (const auto& i : items)
    a.push_back({{"drug_code", i.drug_code}, {"quantity", i.quantity}, {"dosage", i.dosage}});
  return json::serialize(a);
}

std::vector<PrescriptionItem> ParseItemsJson(const std::string& text) {
  std::vector<PrescriptionItem> out;
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& e : v.as_array()) {
    if (!e.is_object()) continue;
    const auto& o = e.as_object();
    PrescriptionItem i;
    if (auto* s = o.if_contains("drug_code"); s && s->is_string()) i.drug_code = s->as_string();
    if (auto* q = o.if_contains("quantity"); q && q->is_int64()) i.quantity = q->as_int64();
    if (auto* d = o.if_contains("dosage"); d && d->is_string()) i.dosage = d->as_string();
    out.push_back(std::move(i));
  }
  return out;
}

std::string MaskAddress(const std::string& address) {
  size_t cut = 0;
  int points = 0;
  for (size_t i = 0; i < address.size(); ++i) {
    if ((static_cast<unsigned char>(address[i]) & 0xC0) != 0x80) {
      if (points == 6) break;
      ++points;
    }
    cut = i + 1;
  }
  return address.substr(0, cut) + "****";
}

PrescriptionService::PrescriptionService(store::Database& db, const Clock& clock,
                                         const crypto::KeyRing& keys, HospitalDirectory& directory,
                                         identity::IdentityService& identity,
                                         audit::AuditLog& audit, PatientRules& patients)
    : db_(db),
      clock_(clock),
      keys_(keys),
      directory_(directory),
      identity_(identity),
      audit_(audit),
      patients_(patients) {}

Status PrescriptionService::CheckItems(const std::vector<PrescriptionItem>& items, bool online,
                                       const std::string& path) const {
  if (items.empty())
    return Refuse(Code::kInvalid, path, "at least one drug is required", "required");
  std::vector<FieldError> errors;
  for (size_t i = 0; i < items.size(); ++i) {
    const std::string p = path + "[" + std::to_string(i) + "]";
    const Drug* d = DrugCatalogue::Embedded().Find(items[i].drug_code);
    if (!d) {
      errors.push_back({p + ".drug_code", "is not in the drug catalogue", kUnknownDrug});
      continue;
    }
    if (online && d->Controlled())
      return Refuse(Code::kForbidden, p + ".drug_code",
                    "麻醉药品和精神药品不得在互联网医院开具或续方 / narcotic and psychotropic "
                    "drugs are never prescribed or renewed online (" +
                        std::string(DrugControlName(d->control)) + ")",
                    kControlledDrug);
    if (items[i].quantity <= 0 || items[i].quantity > 1000)
      errors.push_back({p + ".quantity", "must be 1 to 1000", "out_of_range"});
    if (items[i].dosage.size() > 200)
      errors.push_back({p + ".dosage", "must be at most 200 bytes", "too_long"});
  }
  if (!errors.empty()) return Status::Invalid("the prescription is invalid", std::move(errors));
  return Status::Ok();
}

Result<Prescription> PrescriptionService::IssueInTx(store::Tx& tx, const std::string& person_id,
                                                    const Doctor& doctor, const std::string& source,
                                                    const std::string& source_id,
                                                    const NewPrescription& in) {
  Prescription p{
      crypto::NewId(), person_id,    doctor.hospital_id, doctor.department_id, doctor.id, source,
      source_id,       in.diagnosis, in.items,           clock_.NowMillis()};
  OW_RETURN_IF_ERROR(
      tx.Exec(std::string("INSERT INTO hosp_prescriptions (") + kPrescriptionColumns +
                  ") VALUES (?,?,?,?,?,?,?,?,?,?)",
              {p.id, p.person_id, p.hospital_id, p.department_id, p.doctor_id, p.source,
               p.source_id, p.diagnosis, ItemsJson(p.items), p.created_at_ms})
          .status());
  return p;
}

Result<std::vector<Prescription>> PrescriptionService::Mine(const Principal& p) {
  OW_ASSIGN_OR_RETURN(store::Rows rows,
                      db_.Query(std::string("SELECT ") + kPrescriptionColumns +
                                    " FROM hosp_prescriptions WHERE person_id = ? ORDER BY "
                                    "created_at_ms DESC, id LIMIT ?",
                                {p.person_id, int64_t{kMaxList}}));
  std::vector<Prescription> out;
  for (const auto& r : rows) out.push_back(PrescriptionOf(r));
  return out;
}

Result<std::vector<Renewal>> PrescriptionService::MyRenewals(const Principal& p) {
  OW_ASSIGN_OR_RETURN(store::Rows rows,
                      db_.Query(std::string("SELECT ") + kRenewalColumns +
                                    " FROM hosp_renewals WHERE person_id = ? ORDER BY "
                                    "created_at_ms DESC, id LIMIT ?",
                                {p.person_id, int64_t{kMaxList}}));
  std::vector<Renewal> out;
  for (const auto& r : rows) out.push_back(RenewalOf(r));
  return out;
}

Result<Prescription> PrescriptionService::GetPrescription(const std::string& id) {
  OW_ASSIGN_OR_RETURN(store::Rows rows, db_.Query(std::string("SELECT ") + kPrescriptionColumns +
                                                      " FROM hosp_prescriptions WHERE id = ?",
                                                  {id}));
  if (rows.empty()) return Status::NotFound("no prescription " + id);
  return PrescriptionOf(rows[0]);
}

Result<Renewal> PrescriptionService::Load(const std::string& id) {
  OW_ASSIGN_OR_RETURN(store::Rows rows, db_.Query(std::string("SELECT ") + kRenewalColumns +
                                                      " FROM hosp_renewals WHERE id = ?",
                                                  {id}));
  if (rows.empty()) return Status::NotFound("no renewal " + id);
  return RenewalOf(rows[0]);
}

Result<Renewal> PrescriptionService::RequestRenewal(
    const Principal& p, const std::string& prescription_id,
    const std::optional<DeclaredGuardian>& guardian) {
  OW_ASSIGN_OR_RETURN(Prescription rx, GetPrescription(prescription_id));
  if (rx.person_id != p.person_id) return Status::NotFound("no prescription " + prescription_id);
  OW_RETURN_IF_ERROR(CheckItems(rx.items, /*online=*/true, "$.items"));
  OW_ASSIGN_OR_RETURN(std::string guardian_person,
                      patients_.CheckGuardian(p.person_id, guardian, "$.guardian"));
  const int64_t now = clock_.NowMillis();
  Renewal r;
  r.id = crypto::NewId();
  r.prescription_id = rx.id;
  r.person_id = rx.person_id;
  r.hospital_id = rx.hospital_id;
  r.department_id = rx.department_id;
  r.doctor_id = rx.doctor_id;
  r.guardian_person = guardian_person;
  r.created_at_ms = r.updated_at_ms = now;
  r.version = 1;
  json::array items;
  for (const auto& i : rx.items) {
    const Drug* d = DrugCatalogue::Embedded().Find(i.drug_code);
    items.push_back({{"drug_code", i.drug_code},
                     {"name", d ? d->name_zh : ""},
                     {"quantity", i.quantity},
                     {"dosage", i.dosage}});
  }
  // The content the doctor signs: what is renewed, for whom, by whom, when.
  r.content = json::serialize(json::object{{"renewal", r.id},
                                           {"prescription", rx.id},
                                           {"patient", rx.person_id},
                                           {"hospital", rx.hospital_id},
                                           {"doctor", rx.doctor_id},
                                           {"diagnosis", rx.diagnosis},
                                           {"items", std::move(items)},
                                           {"requested_at", FormatRfc3339(now)}});
  Status s = db_.Transact([&](store::Tx& tx) -> Status {
    OW_ASSIGN_OR_RETURN(store::Rows live,
                        tx.Query("SELECT 1 FROM hosp_renewals WHERE prescription_id = ? AND "
                                 "status IN ('requested', 'signed', 'active')",
                                 {rx.id}));
    if (!live.empty())
      return Refuse(Code::kConflict, "$.prescription_id",
                    "这张处方已有进行中的续方 / this prescription has a renewal in progress",
                    kRenewalPending);
    // The partial unique index hosp_renewals_live stands behind the check above.
    return tx
        .Exec(std::string("INSERT INTO hosp_renewals (") + kRenewalColumns +
                  ", address_sealed) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,NULL)",
              {r.id,
               r.prescription_id,
               r.person_id,
               r.hospital_id,
               r.department_id,
               r.doctor_id,
               std::string("requested"),
               r.content,
               std::string(),
               std::string(),
               int64_t{0},
               std::string(),
               int64_t{0},
               std::string(),
               std::string(),
               std::string(),
               int64_t{0},
               r.guardian_person,
               now,
               now,
               r.version})
        .status();
  });
  OW_RETURN_IF_ERROR(s);
  return r;
}

Result<Renewal> PrescriptionService::Get(const Principal& p, const std::string& id) {
  OW_ASSIGN_OR_RETURN(Renewal r, Load(id));
  if (r.person_id == p.person_id) return r;
  const bool doctor = IsDoctor(p, r.doctor_id);
  const bool pharmacist = IsPharmacist(p, r.hospital_id);
  if (!doctor && !pharmacist) return Status::NotFound("no renewal " + id);
  OW_RETURN_IF_ERROR(AuditRead(audit_, p, r.person_id, "prescription",
                               std::string(doctor ? "互联网医院续方签名 / renewal signing "
                                                  : "互联网医院处方审核 / prescription review ") +
                                   r.id));
  if (auto s = identity_.GetSummary(r.person_id); s.ok()) r.masked_patient = s->masked_name;
  return r;
}

Result<std::pair<std::string, std::string>> PrescriptionService::DoctorKey(
    const std::string& doctor_id) {
  auto read = [&]() -> Result<std::optional<std::pair<std::string, std::string>>> {
    OW_ASSIGN_OR_RETURN(store::Rows rows, db_.Query("SELECT public_key, secret_sealed FROM "
                                                    "hosp_doctor_keys WHERE doctor_id = ?",
                                                    {doctor_id}));
    if (rows.empty()) return std::optional<std::pair<std::string, std::string>>();
    OW_ASSIGN_OR_RETURN(std::string secret, crypto::Open(keys_.signing_wrap_key(), rows[0].Bytes(1),
                                                         KeyAad(doctor_id)));
    OW_ASSIGN_OR_RETURN(std::string pub, crypto::Base64UrlDecode(rows[0].Text(0)));
    return std::optional(std::make_pair(pub, secret));
  };
  OW_ASSIGN_OR_RETURN(auto existing, read());
  if (existing) return *existing;
  // The doctor's first signature: a key of their own, its secret sealed at rest. Two nodes
  // creating it at once keep the first.
  crypto::Ed25519KeyPair pair = crypto::NewEd25519KeyPair();
  OW_RETURN_IF_ERROR(db_.Exec("INSERT INTO hosp_doctor_keys (doctor_id, public_key, secret_sealed, "
                              "created_at_ms) VALUES (?,?,?,?) ON CONFLICT (doctor_id) DO NOTHING",
                              {doctor_id, crypto::Base64UrlEncode(pair.public_key),
                               store::Blob{crypto::Seal(keys_.signing_wrap_key(), pair.secret_key,
                                                        KeyAad(doctor_id))},
                               clock_.NowMillis()})
                         .status());
  OW_ASSIGN_OR_RETURN(auto made, read());
  if (!made) return Status::Internal("doctor key not stored");
  return *made;
}

bool PrescriptionService::SignatureValid(const Renewal& r) const {
  auto pub = crypto::Base64UrlDecode(r.signer_key);
  auto sig = crypto::Base64UrlDecode(r.signature);
  return pub.ok() && sig.ok() && crypto::Ed25519Verify(*pub, r.content, *sig);
}

Status PrescriptionService::Transition(const std::string& id, RenewalStatus from, int64_t version,
                                       const std::string& set_sql,
                                       std::vector<store::Value> set_params) {
  set_params.push_back(clock_.NowMillis());
  set_params.push_back(id);
  set_params.push_back(std::string(RenewalStatusName(from)));
  set_params.push_back(version);
  return db_.Transact([&](store::Tx& tx) -> Status {
    OW_ASSIGN_OR_RETURN(int64_t n,
                        tx.Exec("UPDATE hosp_renewals SET " + set_sql +
                                    ", updated_at_ms = ?, version = version + 1 WHERE id = ? "
                                    "AND status = ? AND version = ?",
                                set_params));
    if (n == 0)
      return Refuse(Code::kConflict, "$.status",
                    "续方状态已变化，请刷新 / the renewal has moved on; reload it", kBadTransition);
    return Status::Ok();
  });
}

Result<Renewal> PrescriptionService::Sign(const Principal& p, const std::string& id,
                                          int64_t expected_version) {
  OW_ASSIGN_OR_RETURN(Renewal r, Load(id));
  if (!IsDoctor(p, r.doctor_id)) {
    if (r.person_id == p.person_id || IsPharmacist(p, r.hospital_id))
      return Status::Forbidden("only the treating doctor signs a renewal");
    return Status::NotFound("no renewal " + id);
  }
  if (r.status != RenewalStatus::kRequested)
    return Refuse(Code::kConflict, "$.status", "the renewal is not waiting for a signature",
                  kBadTransition);
  // The content is checked again at signing: a drug may have been reclassified since.
  auto prescription = GetPrescription(r.prescription_id);
  if (prescription.ok())
    OW_RETURN_IF_ERROR(CheckItems(prescription->items, /*online=*/true, "$.items"));
  OW_ASSIGN_OR_RETURN(auto key, DoctorKey(r.doctor_id));
  const std::string signature = crypto::Ed25519Sign(key.second, r.content);
  OW_RETURN_IF_ERROR(
      Transition(id, RenewalStatus::kRequested, expected_version > 0 ? expected_version : r.version,
                 "status = 'signed', signature = ?, signer_key = ?, signed_at_ms = ?",
                 {crypto::Base64UrlEncode(signature), crypto::Base64UrlEncode(key.first),
                  clock_.NowMillis()}));
  OW_RETURN_IF_ERROR(audit_.Append(
      {p.person_id, "hospital.renewal.sign", r.person_id, "prescription", "renewal " + id, ""}));
  return Get(p, id);
}

Result<Renewal> PrescriptionService::Review(const Principal& p, const std::string& id, bool approve,
                                            const std::string& reason, int64_t expected_version) {
  OW_ASSIGN_OR_RETURN(Renewal r, Load(id));
  if (!IsPharmacist(p, r.hospital_id)) {
    if (r.person_id == p.person_id || IsDoctor(p, r.doctor_id))
      return Status::Forbidden("only a pharmacist of the hospital reviews a renewal");
    return Status::NotFound("no renewal " + id);
  }
  if (!approve && reason.empty())
    return Refuse(Code::kInvalid, "$.reason", "a rejection needs a reason", "required");
  if (reason.size() > kMaxReason)
    return Refuse(Code::kInvalid, "$.reason", "must be at most 500 bytes", "too_long");
  if (r.status != RenewalStatus::kSigned)
    return Refuse(Code::kConflict, "$.status", "the renewal is not waiting for review",
                  kBadTransition);
  if (approve && !SignatureValid(r))
    return Refuse(Code::kConflict, "$.signature",
                  "the doctor's signature does not verify against the renewal", kBadSignature);
  OW_RETURN_IF_ERROR(Transition(
      id, RenewalStatus::kSigned, expected_version > 0 ? expected_version : r.version,
      "status = ?, pharmacist = ?, reviewed_at_ms = ?, reason = ?",
      {std::string(approve ? "active" : "rejected"), p.person_id, clock_.NowMillis(), reason}));
  OW_RETURN_IF_ERROR(
      audit_.Append({p.person_id, approve ? "hospital.renewal.approve" : "hospital.renewal.reject",
                     r.person_id, "prescription", "renewal " + id, ""}));
  return Get(p, id);
}

Result<Renewal> PrescriptionService::Dispense(const Principal& p, const std::string& id,
                                              const std::string& method,
                                              const std::string& address) {
  OW_ASSIGN_OR_RETURN(Renewal r, Load(id));
  if (r.person_id != p.person_id) return Status::NotFound("no renewal " + id);
  if (method != "pickup" && method != "delivery")
    return Refuse(Code::kInvalid, "$.method", "must be pickup or delivery", "unknown_method");
  if (method == "delivery" && address.empty())
    return Refuse(Code::kInvalid, "$.address", "a delivery needs an address", "required");
  if (method == "pickup" && !address.empty())
    return Refuse(Code::kInvalid, "$.address", "a pickup takes no address", "not_allowed");
  if (address.size() > kMaxAddress)
    return Refuse(Code::kInvalid, "$.address", "must be at most 300 bytes", "too_long");
  if (r.status != RenewalStatus::kActive)
    return Refuse(Code::kConflict, "$.status", "only an approved renewal is dispensed",
                  kBadTransition);
  store::Value sealed = nullptr;
  if (!address.empty())
    sealed = store::Blob{crypto::Seal(keys_.data_key(), address, AddressAad(id))};
  OW_RETURN_IF_ERROR(Transition(
      id, RenewalStatus::kActive, r.version,
      "status = 'dispensed', dispense_method = ?, address_sealed = ?, "
      "address_masked = ?, dispensed_at_ms = ?",
      {method, sealed, address.empty() ? "" : MaskAddress(address), clock_.NowMillis()}));
  return Load(id);
}

Result<std::vector<Renewal>> PrescriptionService::DoctorQueue(const Principal& p) {
  std::vector<Renewal> out;
  for (const std::string& doctor : DoctorIdsOf(p)) {
    OW_ASSIGN_OR_RETURN(store::Rows rows,
                        db_.Query(std::string("SELECT ") + kRenewalColumns +
                                      " FROM hosp_renewals WHERE doctor_id = ? AND status = "
                                      "'requested' ORDER BY created_at_ms, id LIMIT ?",
                                  {doctor, int64_t{kMaxList}}));
    for (const auto& row : rows) out.push_back(RenewalOf(row));
  }
  for (Renewal& r : out) {
    OW_RETURN_IF_ERROR(AuditRead(audit_, p, r.person_id, "prescription",
                                 "互联网医院续方待签 / renewal inbox " + r.id));
    if (auto s = identity_.GetSummary(r.person_id); s.ok()) r.masked_patient = s->masked_name;
  }
  return out;
}

Result<std::vector<Renewal>> PrescriptionService::PharmacistQueue(const Principal& p) {
  std::vector<Renewal> out;
  for (const std::string& scope : p.Scopes(Role::kPharmacist)) {
    if (!scope.starts_with("place:")) continue;
    OW_ASSIGN_OR_RETURN(store::Rows rows,
                        db_.Query(std::string("SELECT ") + kRenewalColumns +
                                      " FROM hosp_renewals WHERE hospital_id = ? AND status = "
                                      "'signed' ORDER BY signed_at_ms, id LIMIT ?",
                                  {scope.substr(6), int64_t{kMaxList}}));
    for (const auto& row : rows) out.push_back(RenewalOf(row));
  }
  for (Renewal& r : out) {
    OW_RETURN_IF_ERROR(AuditRead(audit_, p, r.person_id, "prescription",
                                 "互联网医院处方审核 / review queue " + r.id));
    if (auto s = identity_.GetSummary(r.person_id); s.ok()) r.masked_patient = s->masked_name;
  }
  return out;
}

}  // namespace ow::hospital
