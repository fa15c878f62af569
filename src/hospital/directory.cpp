// Departments and doctors of hospitals (see directory.h).
#include "hospital/directory.h"

#include "crypto/crypto.h"

namespace ow::hospital {

namespace {

Department DepartmentOf(const store::Row& r) {
  return {r.Text(0), r.Text(1), r.Text(2), r.Text(3),
          r.Text(4) == "fever" ? DepartmentKind::kFever : DepartmentKind::kOrdinary};
}

Doctor DoctorOf(const store::Row& r) {
  return {r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4)};
}

Status NameCheck(const std::string& v, const char* path, std::vector<FieldError>& errors) {
  if (v.empty() || v.size() > 100)
    errors.push_back({path, "must be 1 to 100 bytes", "out_of_range"});
  return Status::Ok();
}

}  // namespace

std::string HospitalOwner(const std::string& hospital_id) {
  return "hospital:" + hospital_id + "/";
}
std::string DepartmentOwner(const Department& d) {
  return HospitalOwner(d.hospital_id) + "dept:" + d.id + "/";
}
std::string DoctorOwner(const Department& d, const std::string& doctor_id) {
  return DepartmentOwner(d) + "doctor:" + doctor_id;
}

HospitalDirectory::HospitalDirectory(store::Database& db, const Clock& clock,
                                     checkpoint::PlaceService& places)
    : db_(db), clock_(clock), places_(places) {}

Result<std::vector<checkpoint::Place>> HospitalDirectory::Hospitals() {
  OW_ASSIGN_OR_RETURN(auto all, places_.List({""}));
  std::vector<checkpoint::Place> out;
  for (auto& p : all)
    if (p.kind == "hospital") out.push_back(std::move(p));
  return out;
}

Result<checkpoint::Place> HospitalDirectory::Hospital(const std::string& hospital_id) {
  auto p = places_.Get(hospital_id);
  if (!p.ok() || p->kind != "hospital") return Status::NotFound("no hospital " + hospital_id);
  return *p;
}

bool HospitalDirectory::CanManage(const Principal& p, const std::string& hospital_id) {
  if (p.Has(Role::kAdmin)) return true;
  for (const std::string& s : p.Scopes(Role::kHospitalAdmin))
    if (s == "place:" + hospital_id) return true;
  return false;
}

Result<Department> HospitalDirectory::AddDepartment(const std::string& hospital_id,
                                                    const std::string& name_zh,
                                                    const std::string& name_en,
                                                    DepartmentKind kind) {
  std::vector<FieldError> errors;
  (void)NameCheck(name_zh, "$.name_zh", errors);
  if (name_en.size() > 100)
    errors.push_back({"$.name_en", "must be at most 100 bytes", "too_long"});
  if (!errors.empty()) return Status::Invalid("the department is invalid", std::move(errors));
  OW_RETURN_IF_ERROR(Hospital(hospital_id).status());
  Department d{crypto::NewId(), hospital_id, name_zh, name_en, kind};
  OW_RETURN_IF_ERROR(db_.Exec("INSERT INTO hosp_departments (id, hospital_id, name_zh, name_en, "
                              "kind, created_at_ms) VALUES (?,?,?,?,?,?)",
                              {d.id, hospital_id, name_zh, name_en,
                               std::string(kind == DepartmentKind::kFever ? "fever" : "ordinary"),
                               clock_.NowMillis()})
                         .status());
  return d;
}

Result<std::vector<Department>> HospitalDirectory::Departments(const std::string& hospital_id) {
  OW_ASSIGN_OR_RETURN(store::Rows rows,
                      db_.Query("SELECT id, hospital_id, name_zh, name_en, kind FROM "
                                "hosp_departments WHERE hospital_id = ? ORDER BY created_at_ms, id",
                                {hospital_id}));
  std::vector<Department> out;
  for (const auto& r : rows) out.push_back(DepartmentOf(r));
  return out;
}

Result<Department> HospitalDirectory::GetDepartment(const std::string& department_id) {
  OW_ASSIGN_OR_RETURN(store::Rows rows,
                      db_.Query("SELECT id, hospital_id, name_zh, name_en, kind FROM "
                                "hosp_departments WHERE id = ?",
                                {department_id}));
  if (rows.empty()) return Status::NotFound("no department " + department_id);
  return DepartmentOf(rows[0]);
}

Result<Doctor> HospitalDirectory::AddDoctor(const std::string& department_id,
                                            const std::string& name, const std::string& title) {
  std::vector<FieldError> errors;
  (void)NameCheck(name, "$.name", errors);
  if (title.size() > 100) errors.push_back({"$.title", "must be at most 100 bytes", "too_long"});
  if (!errors.empty()) return Status::Invalid("the doctor is invalid", std::move(errors));
  OW_ASSIGN_OR_RETURN(Department d, GetDepartment(department_id));
  Doctor doc{crypto::NewId(), d.hospital_id, d.id, name, title};
  OW_RETURN_IF_ERROR(
      db_.Exec("INSERT INTO hosp_doctors (id, hospital_id, department_id, name, "
               "title, created_at_ms) VALUES (?,?,?,?,?,?)",
               {doc.id, doc.hospital_id, doc.department_id, name, title, clock_.NowMillis()})
          .status());
  return doc;
}

Result<std::vector<Doctor>> HospitalDirectory::Doctors(const std::string& hospital_id) {
  OW_ASSIGN_OR_RETURN(store::Rows rows,
                      db_.Query("SELECT id, hospital_id, department_id, name, title FROM "
                                "hosp_doctors WHERE hospital_id = ? ORDER BY created_at_ms, id",
                                {hospital_id}));
  std::vector<Doctor> out;
  for (const auto& r : rows) out.push_back(DoctorOf(r));
  return out;
}

Result<Doctor> HospitalDirectory::GetDoctor(const std::string& doctor_id) {
  OW_ASSIGN_OR_RETURN(store::Rows rows,
                      db_.Query("SELECT id, hospital_id, department_id, name, title FROM "
                                "hosp_doctors WHERE id = ?",
                                {doctor_id}));
  if (rows.empty()) return Status::NotFound("no doctor " + doctor_id);
  return DoctorOf(rows[0]);
}

std::vector<store::Migration> HospitalDirectory::Migrations() {
  return {{.module = "hospital", .version = 1, .name = "departments and doctors", .sql = R"SQL(
CREATE TABLE hosp_departments (
  id TEXT PRIMARY KEY,
  hospital_id TEXT NOT NULL,
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL,
  kind TEXT NOT NULL,
  created_at_ms {bigint} NOT NULL
);
CREATE INDEX hosp_departments_hospital ON hosp_departments (hospital_id);
CREATE TABLE hosp_doctors (
  id TEXT PRIMARY KEY,
  hospital_id TEXT NOT NULL,
  department_id TEXT NOT NULL,
  name TEXT NOT NULL,
  title TEXT NOT NULL,
  created_at_ms {bigint} NOT NULL
);
CREATE INDEX hosp_doctors_hospital ON hosp_doctors (hospital_id)
)SQL"}};
}

}  // namespace ow::hospital
