// Follow-up consultations of the internet hospital (see consultations.h).
#include "hospital/consultations.h"

#include "core/time.h"
#include "http/json.h"

namespace ow::hospital {

namespace {

using scheduling::BookingStatus;

Status Refuse(Code code, const std::string& path, std::string message, const char* machine) {
  std::string field = message;
  return Status(code, std::move(message), {{path, std::move(field), machine}});
}

constexpr char kColumns[] =
    "id, booking_id, person_id, hospital_id, department_id, doctor_id, start_ms, end_ms, "
    "status, notes, guardian_person, prescription_id, created_at_ms, closed_at_ms, version";
constexpr int kMaxList = 200;
constexpr size_t kMaxNotes = 4000;
constexpr char kOnlinePrefix[] = "online:";

Consultation ConsultationOf(const store::Row& r) {
  Consultation c;
  c.id = r.Text(0);
  c.booking_id = r.Text(1);
  c.person_id = r.Text(2);
  c.hospital_id = r.Text(3);
  c.department_id = r.Text(4);
  c.doctor_id = r.Text(5);
  c.start_ms = r.Int(6);
  c.end_ms = r.Int(7);
  c.closed = r.Text(8) == "closed";
  c.notes = r.Text(9);
  c.guardian_person = r.Text(10);
  c.prescription_id = r.Text(11);
  c.created_at_ms = r.Int(12);
  c.closed_at_ms = r.Int(13);
  c.version = r.Int(14);
  return c;
}

std::string ImageAad(const std::string& id) { return "hosp_consult_images:" + id; }

std::string BareType(const std::string& content_type) {
  std::string t = content_type.substr(0, content_type.find(';'));
  while (!t.empty() && t.back() == ' ') t.pop_back();
  for (char& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return t;
}

}  // namespace

std::string OnlineOwner(const Department& d, const std::string& doctor_id) {
  return kOnlinePrefix + DoctorOwner(d, doctor_id);
}

std::string SniffImageType(std::string_view b) {
  if (b.starts_with(std::string_view("\xFF\xD8\xFF", 3))) return "image/jpeg";
  if (b.starts_with(std::string_view("\x89PNG\r\n\x1a\n", 8))) return "image/png";
  if (b.size() >= 12 && b.substr(0, 4) == "RIFF" && b.substr(8, 4) == "WEBP") return "image/webp";
  return "";
}

ConsultationService::ConsultationService(store::Database& db, const Clock& clock,
                                         const crypto::KeyRing& keys, HospitalDirectory& directory,
                                         scheduling::ScheduleService& schedules,
                                         scheduling::BookingService& bookings,
                                         identity::IdentityService& identity,
                                         audit::AuditLog& audit, PatientRules& patients,
                                         PrescriptionService& prescriptions,
                                         const InternetOptions& options)
    : db_(db),
      clock_(clock),
      keys_(keys),
      directory_(directory),
      schedules_(schedules),
      bookings_(bookings),
      identity_(identity),
      audit_(audit),
      patients_(patients),
      prescriptions_(prescriptions),
      options_(options) {}

Result<scheduling::Schedule> ConsultationService::CreateOnlineSchedule(
    const Principal& p, const std::string& hospital_id, const NewSchedule& in) {
  OW_RETURN_IF_ERROR(directory_.Hospital(hospital_id).status());
  if (!HospitalDirectory::CanManage(p, hospital_id))
    return Status::Forbidden("only this hospital's administrators manage its schedules");
  auto d = directory_.GetDepartment(in.department_id);
  if (!d.ok() || d->hospital_id != hospital_id)
    return Refuse(Code::kInvalid, "$.department_id", "is not a department of this hospital",
                  "unknown_department");
  if (in.doctor_id.empty())
    return Refuse(Code::kInvalid, "$.doctor_id", "an online schedule is a doctor's", "required");
  auto doc = directory_.GetDoctor(in.doctor_id);
  if (!doc.ok() || doc->department_id != d->id)
    return Refuse(Code::kInvalid, "$.doctor_id", "is not a doctor of this department",
                  "unknown_doctor");
  scheduling::ScheduleSpec spec;
  spec.owner = OnlineOwner(*d, doc->id);
  spec.realm = kOnlineRealm;
  spec.name = d->name_zh + " " + doc->name + " 互联网复诊";
  spec.slot_minutes = in.slot_minutes;
  spec.capacity = in.capacity;
  spec.weekly = in.weekly;
  spec.window_days = in.window_days;
  return schedules_.Create(spec);
}

Result<std::vector<scheduling::Schedule>> ConsultationService::OnlineSchedules(
    const Principal& p, const std::string& hospital_id) {
  OW_RETURN_IF_ERROR(directory_.Hospital(hospital_id).status());
  if (!HospitalDirectory::CanManage(p, hospital_id))
    return Status::Forbidden("only this hospital's administrators see its schedules");
  return schedules_.ByOwner(kOnlinePrefix + HospitalOwner(hospital_id));
}

Result<std::pair<std::string, std::optional<Prescription>>> ConsultationService::RecordVisit(
    const Principal& p, const std::string& hospital_id, const std::string& person_id,
    const std::string& doctor_id, int64_t visited_at_ms,
    const std::optional<NewPrescription>& prescription) {
  OW_RETURN_IF_ERROR(directory_.Hospital(hospital_id).status());
  if (!HospitalDirectory::CanManage(p, hospital_id))
    return Status::Forbidden("only this hospital's administrators record visits");
  auto doc = directory_.GetDoctor(doctor_id);
  if (!doc.ok() || doc->hospital_id != hospital_id)
    return Refuse(Code::kInvalid, "$.doctor_id", "is not a doctor of this hospital",
                  "unknown_doctor");
  if (visited_at_ms > clock_.NowMillis())
    return Refuse(Code::kInvalid, "$.visited_at", "must not be in the future", "out_of_range");
  if (prescription)
    OW_RETURN_IF_ERROR(
        prescriptions_.CheckItems(prescription->items, /*online=*/false, "$.prescription.items"));
  const std::string id = crypto::NewId();
  std::optional<Prescription> issued;
  OW_RETURN_IF_ERROR(db_.Transact([&](store::Tx& tx) -> Status {
    OW_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO hosp_visits (id, person_id, hospital_id, department_id, doctor_id, "
                "visited_at_ms, recorded_by, created_at_ms) VALUES (?,?,?,?,?,?,?,?)",
                {id, person_id, hospital_id, doc->department_id, doc->id, visited_at_ms,
                 p.person_id, clock_.NowMillis()})
            .status());
    if (prescription) {
      OW_ASSIGN_OR_RETURN(Prescription rx, prescriptions_.IssueInTx(tx, person_id, *doc, "visit",
                                                                    id, *prescription));
      issued = std::move(rx);
    }
    return Status::Ok();
  }));
  return std::make_pair(id, issued);
}

Result<std::vector<scheduling::Slot>> ConsultationService::OnlineSlots(
    const std::string& department_id, const std::string& day) {
  if (!ParseDate(day))
    return Refuse(Code::kInvalid, "$.day", "must be a date YYYY-MM-DD", "bad_date");
  OW_ASSIGN_OR_RETURN(Department d, directory_.GetDepartment(department_id));
  OW_RETURN_IF_ERROR(schedules_.Release().status());
  OW_ASSIGN_OR_RETURN(auto schedules, schedules_.ByOwner(kOnlinePrefix + DepartmentOwner(d)));
  std::vector<std::string> ids;
  for (const auto& s : schedules)
    if (s.spec.realm == kOnlineRealm && s.active) ids.push_back(s.id);
  OW_ASSIGN_OR_RETURN(auto slots, schedules_.Slots(ids, day));
  std::vector<scheduling::Slot> out;
  for (auto& s : slots)
    if (s.Free() > 0) out.push_back(std::move(s));
  return out;
}

Status ConsultationService::RequireEarlierVisit(const std::string& person_id,
                                                const std::string& department_id) {
  OW_ASSIGN_OR_RETURN(
      store::Rows visits,
      db_.Query("SELECT 1 FROM hosp_visits WHERE person_id = ? AND "
                "department_id = ? AND visited_at_ms <= ? UNION ALL SELECT 1 "
                "FROM hosp_consultations WHERE person_id = ? AND "
                "department_id = ? AND status = 'closed'",
                {person_id, department_id, clock_.NowMillis(), person_id, department_id}));
  if (!visits.empty()) return Status::Ok();
  OW_ASSIGN_OR_RETURN(auto bookings, bookings_.ForPerson(person_id, kRealm));
  for (const auto& b : bookings) {
    if (b.status != BookingStatus::kArrived && b.status != BookingStatus::kFulfilled) continue;
    auto parts = ParseOwner(b.owner);
    if (parts && parts->department_id == department_id) return Status::Ok();
  }
  return Refuse(Code::kForbidden, "$.slot_id",
                "互联网医院仅提供复诊：请先在该科室线下就诊 / the internet hospital offers "
                "follow-up consultations only: visit this department in person first",
                kFirstVisitRequired);
}

Result<Consultation> ConsultationService::Book(const Principal& p, const std::string& slot_id,
                                               const std::string& hold_id,
                                               const std::optional<DeclaredGuardian>& guardian) {
  auto slot = schedules_.GetSlot(slot_id);
  if (!slot.ok()) {
    if (slot.status().code() == Code::kNotFound)
      return Refuse(Code::kNotFound, "$.slot_id", "no slot " + slot_id, "unknown_slot");
    return slot.status();
  }
  OW_ASSIGN_OR_RETURN(scheduling::Schedule schedule, schedules_.Get(slot->schedule_id));
  std::optional<OwnerParts> parts;
  if (schedule.spec.realm == kOnlineRealm && slot->owner.starts_with(kOnlinePrefix))
    parts = ParseOwner(slot->owner.substr(sizeof(kOnlinePrefix) - 1));
  if (!parts || parts->doctor_id.empty())
    return Refuse(Code::kInvalid, "$.slot_id", "is not an online consultation slot",
                  kNotOnlineSlot);
  OW_RETURN_IF_ERROR(RequireEarlierVisit(p.person_id, parts->department_id));
  OW_ASSIGN_OR_RETURN(std::string guardian_person,
                      patients_.CheckGuardian(p.person_id, guardian, "$.guardian"));
  scheduling::BookRequest req{slot_id, p.person_id, hold_id,
                              "online:dept:" + parts->department_id + "/" + slot->day};
  // The booking and its thread row in one transaction: no booking without its thread.
  Consultation c;
  auto thread_row = [&](store::Tx& tx, const scheduling::Booking& b) -> Status {
    c = Consultation{};
    c.id = crypto::NewId();
    c.booking_id = b.id;
    c.person_id = p.person_id;
    c.hospital_id = parts->hospital_id;
    c.department_id = parts->department_id;
    c.doctor_id = parts->doctor_id;
    c.start_ms = b.start_ms;
    c.end_ms = b.end_ms;
    c.guardian_person = guardian_person;
    c.created_at_ms = clock_.NowMillis();
    c.version = 1;
    return tx
        .Exec(std::string("INSERT INTO hosp_consultations (") + kColumns +
                  ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
              {c.id, c.booking_id, c.person_id, c.hospital_id, c.department_id, c.doctor_id,
               c.start_ms, c.end_ms, std::string("open"), std::string(), c.guardian_person,
               std::string(), c.created_at_ms, int64_t{0}, c.version})
        .status();
  };
  OW_RETURN_IF_ERROR(bookings_.Book(req, {}, thread_row).status());
  return c;
}

Result<std::vector<Consultation>> ConsultationService::Mine(const Principal& p) {
  OW_ASSIGN_OR_RETURN(store::Rows rows,
                      db_.Query(std::string("SELECT ") + kColumns +
                                    " FROM hosp_consultations WHERE person_id = ? ORDER BY "
                                    "start_ms DESC, id LIMIT ?",
                                {p.person_id, int64_t{kMaxList}}));
  std::vector<Consultation> out;
  for (const auto& r : rows) out.push_back(ConsultationOf(r));
  return out;
}

Result<std::vector<Consultation>> ConsultationService::DoctorInbox(const Principal& p,
                                                                   bool closed) {
  std::vector<Consultation> out;
  for (const std::string& doctor : DoctorIdsOf(p)) {
    OW_ASSIGN_OR_RETURN(
        store::Rows rows,
        db_.Query(std::string("SELECT ") + kColumns +
                      " FROM hosp_consultations WHERE doctor_id = ? AND "
                      "status = ? ORDER BY start_ms, id LIMIT ?",
                  {doctor, std::string(closed ? "closed" : "open"), int64_t{kMaxList}}));
    for (const auto& r : rows) out.push_back(ConsultationOf(r));
  }
  for (Consultation& c : out) {
    OW_RETURN_IF_ERROR(AuditRead(audit_, p, c.person_id, "consultation",
                                 "互联网医院接诊列表 / consultation inbox " + c.id));
    if (auto s = identity_.GetSummary(c.person_id); s.ok()) c.masked_patient = s->masked_name;
  }
  return out;
}

Result<Consultation> ConsultationService::Load(const std::string& id) {
  OW_ASSIGN_OR_RETURN(
      store::Rows rows,
      db_.Query(std::string("SELECT ") + kColumns + " FROM hosp_consultations WHERE id = ?", {id}));
  if (rows.empty()) return Status::NotFound("no consultation " + id);
  return ConsultationOf(rows[0]);
}

Result<std::string> ConsultationService::RoleIn(const Principal& p, const Consultation& c) {
  if (c.person_id == p.person_id) return std::string("patient");
  if (IsDoctor(p, c.doctor_id)) return std::string("doctor");
  return Status::NotFound("no consultation " + c.id);
}

Result<Consultation> ConsultationService::Get(const Principal& p, const std::string& id) {
  OW_ASSIGN_OR_RETURN(Consultation c, Load(id));
  OW_ASSIGN_OR_RETURN(std::string role, RoleIn(p, c));
  if (role == "doctor") {
    OW_RETURN_IF_ERROR(AuditRead(audit_, p, c.person_id, "consultation,messages",
                                 "互联网医院复诊 / online consultation " + c.id));
    if (auto s = identity_.GetSummary(c.person_id); s.ok()) c.masked_patient = s->masked_name;
  }
  OW_ASSIGN_OR_RETURN(store::Rows rows,
                      db_.Query("SELECT id, seq, sender_role, kind, body, image_id, "
                                "created_at_ms FROM hosp_consult_messages WHERE "
                                "consultation_id = ? ORDER BY seq",
                                {id}));
  for (const auto& r : rows)
    c.messages.push_back(
        {r.Text(0), r.Int(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.Int(6)});
  return c;
}

Result<ConsultMessage> ConsultationService::Append(
    const Principal& p, const Consultation& c, const std::string& role, const std::string& kind,
    const std::string& text, const std::string& image_id,
    const std::function<Status(store::Tx&)>& before) {
  ConsultMessage m{crypto::NewId(), 0, role, kind, text, image_id, clock_.NowMillis()};
  OW_RETURN_IF_ERROR(db_.Transact([&](store::Tx& tx) -> Status {
    // Serializable: a close committing meanwhile makes this transaction run again and refuse.
    OW_ASSIGN_OR_RETURN(store::Rows st, tx.Query("SELECT status FROM hosp_consultations WHERE "
                                                 "id = ?",
                                                 {c.id}));
    if (st.empty() || st[0].Text(0) != "open")
      return Refuse(Code::kConflict, "$", "问诊已结束，不能再发送消息 / the consultation is closed",
                    kConsultationClosed);
    if (before) OW_RETURN_IF_ERROR(before(tx));
    OW_ASSIGN_OR_RETURN(store::Rows seq, tx.Query("SELECT COALESCE(MAX(seq), 0) + 1 FROM "
                                                  "hosp_consult_messages WHERE "
                                                  "consultation_id = ?",
                                                  {c.id}));
    m.seq = seq[0].Int(0);
    return tx
        .Exec(
            "INSERT INTO hosp_consult_messages (id, consultation_id, seq, sender, sender_role, "
            "kind, body, image_id, created_at_ms) VALUES (?,?,?,?,?,?,?,?,?)",
            {m.id, c.id, m.seq, p.person_id, role, kind, text, image_id, m.created_at_ms})
        .status();
  }));
  return m;
}

Result<ConsultMessage> ConsultationService::PostText(const Principal& p, const std::string& id,
                                                     const std::string& text) {
  OW_ASSIGN_OR_RETURN(Consultation c, Load(id));
  OW_ASSIGN_OR_RETURN(std::string role, RoleIn(p, c));
  if (text.empty()) return Refuse(Code::kInvalid, "$.text", "must not be empty", "required");
  if (text.size() > static_cast<size_t>(options_.max_message_bytes))
    return Refuse(Code::kInvalid, "$.text",
                  "must be at most " + std::to_string(options_.max_message_bytes) + " bytes",
                  "too_long");
  if (http::FindDisallowedChar(text, http::TextKind::kLines) != std::string::npos)
    return Refuse(Code::kInvalid, "$.text", "contains a control character", "control_character");
  if (c.closed)
    return Refuse(Code::kConflict, "$", "问诊已结束，不能再发送消息 / the consultation is closed",
                  kConsultationClosed);
  return Append(p, c, role, "text", text, "", {});
}

Result<ConsultMessage> ConsultationService::PostImage(const Principal& p, const std::string& id,
                                                      const std::string& content_type,
                                                      const std::string& bytes) {
  OW_ASSIGN_OR_RETURN(Consultation c, Load(id));
  OW_ASSIGN_OR_RETURN(std::string role, RoleIn(p, c));
  const std::string type = BareType(content_type);
  if (type != "image/jpeg" && type != "image/png" && type != "image/webp")
    return Status::UnsupportedMediaType("an image must be image/jpeg, image/png or image/webp");
  if (bytes.empty()) return Refuse(Code::kInvalid, "$", "the image is empty", "empty");
  if (static_cast<int64_t>(bytes.size()) > options_.max_image_bytes)
    return Refuse(Code::kInvalid, "$",
                  "must be at most " + std::to_string(options_.max_image_bytes) + " bytes",
                  "too_large");
  if (SniffImageType(bytes) != type)
    return Refuse(Code::kInvalid, "$", "the content is not " + type, "content_mismatch");
  if (c.closed)
    return Refuse(Code::kConflict, "$", "问诊已结束，不能再发送消息 / the consultation is closed",
                  kConsultationClosed);
  const std::string image_id = crypto::NewId();
  return Append(p, c, role, "image", "", image_id, [&](store::Tx& tx) -> Status {
    return tx
        .Exec(
            "INSERT INTO hosp_consult_images (id, consultation_id, uploader, media_type, "
            "size_bytes, data_sealed, created_at_ms) VALUES (?,?,?,?,?,?,?)",
            {image_id, c.id, p.person_id, type, static_cast<int64_t>(bytes.size()),
             store::Blob{crypto::Seal(keys_.data_key(), bytes, ImageAad(image_id))},
             clock_.NowMillis()})
        .status();
  });
}

Result<ConsultImage> ConsultationService::Image(const Principal& p, const std::string& id,
                                                const std::string& image_id) {
  OW_ASSIGN_OR_RETURN(Consultation c, Load(id));
  OW_ASSIGN_OR_RETURN(std::string role, RoleIn(p, c));
  OW_ASSIGN_OR_RETURN(store::Rows rows,
                      db_.Query("SELECT media_type, data_sealed FROM hosp_consult_images WHERE "
                                "id = ? AND consultation_id = ?",
                                {image_id, id}));
  if (rows.empty()) return Status::NotFound("no image " + image_id);
  OW_ASSIGN_OR_RETURN(std::string bytes,
                      crypto::Open(keys_.data_key(), rows[0].Bytes(1), ImageAad(image_id)));
  if (role == "doctor")
    OW_RETURN_IF_ERROR(AuditRead(audit_, p, c.person_id, "consultation_image",
                                 "互联网医院复诊 / online consultation " + c.id));
  return ConsultImage{image_id, rows[0].Text(0), std::move(bytes)};
}

Result<Consultation> ConsultationService::Close(const Principal& p, const std::string& id,
                                                const std::string& notes,
                                                const std::optional<NewPrescription>& prescription,
                                                int64_t expected_version) {
  OW_ASSIGN_OR_RETURN(Consultation c, Load(id));
  OW_ASSIGN_OR_RETURN(std::string role, RoleIn(p, c));
  if (role != "doctor") return Status::Forbidden("only the doctor closes a consultation");
  if (notes.empty()) return Refuse(Code::kInvalid, "$.notes", "must not be empty", "required");
  if (notes.size() > kMaxNotes)
    return Refuse(Code::kInvalid, "$.notes", "must be at most 4000 bytes", "too_long");
  if (prescription)
    OW_RETURN_IF_ERROR(
        prescriptions_.CheckItems(prescription->items, /*online=*/true, "$.prescription.items"));
  if (c.closed)
    return Refuse(Code::kConflict, "$", "the consultation is already closed", kConsultationClosed);
  OW_ASSIGN_OR_RETURN(Doctor doctor, directory_.GetDoctor(c.doctor_id));
  const int64_t now = clock_.NowMillis();
  OW_RETURN_IF_ERROR(db_.Transact([&](store::Tx& tx) -> Status {
    std::string rx_id;
    if (prescription) {
      OW_ASSIGN_OR_RETURN(
          Prescription rx,
          prescriptions_.IssueInTx(tx, c.person_id, doctor, "consultation", c.id, *prescription));
      rx_id = rx.id;
    }
    OW_ASSIGN_OR_RETURN(
        int64_t n,
        tx.Exec("UPDATE hosp_consultations SET status = 'closed', notes = ?, closed_at_ms = ?, "
                "prescription_id = ?, version = version + 1 WHERE id = ? AND status = 'open' "
                "AND version = ?",
                {notes, now, rx_id, id, expected_version > 0 ? expected_version : c.version}));
    if (n == 0)
      return Refuse(Code::kConflict, "$", "the consultation has changed or is closed",
                    kConsultationClosed);
    return Status::Ok();
  }));
  // The appointment is fulfilled: a visit in the department from now on.
  (void)bookings_.SetStatus(c.booking_id, BookingStatus::kFulfilled);
  return Get(p, id);
}

}  // namespace ow::hospital
