// HospitalDirectory: the hospitals' departments (ordinary clinics and the fever clinic, 发热门诊)
// and doctors. A hospital is a place of the checkpoint module's kind "hospital"; its
// administrators hold hospital_admin with scope place:<id>.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "checkpoint/places.h"
#include "core/clock.h"
#include "core/principal.h"
#include "core/status.h"
#include "store/database.h"
#include "store/migrations.h"

namespace ow::hospital {

inline constexpr char kRealm[] = "hospital";  // the scheduling realm of hospital schedules

enum class DepartmentKind { kOrdinary, kFever };

struct Department {
  std::string id;
  std::string hospital_id;  // place id
  std::string name_zh, name_en;
  DepartmentKind kind = DepartmentKind::kOrdinary;
};

struct Doctor {
  std::string id;
  std::string hospital_id;
  std::string department_id;
  std::string name;
  std::string title;  // 主任医师, ...
};

class HospitalDirectory {
 public:
  HospitalDirectory(store::Database& db, const Clock& clock, checkpoint::PlaceService& places);

  // Places of kind "hospital".
  Result<std::vector<checkpoint::Place>> Hospitals();
  // The hospital place (NotFound unless a place of kind hospital).
  Result<checkpoint::Place> Hospital(const std::string& hospital_id);
  // Whether p may manage the hospital: hospital_admin for place:<id>, or admin.
  static bool CanManage(const Principal& p, const std::string& hospital_id);

  Result<Department> AddDepartment(const std::string& hospital_id, const std::string& name_zh,
                                   const std::string& name_en, DepartmentKind kind);
  Result<std::vector<Department>> Departments(const std::string& hospital_id);
  Result<Department> GetDepartment(const std::string& department_id);
  Result<Doctor> AddDoctor(const std::string& department_id, const std::string& name,
                           const std::string& title);
  Result<std::vector<Doctor>> Doctors(const std::string& hospital_id);
  Result<Doctor> GetDoctor(const std::string& doctor_id);

  // Module "hospital", version 1: hosp_departments, hosp_doctors.
  static std::vector<store::Migration> Migrations();

 private:
  store::Database& db_;
  const Clock& clock_;
  checkpoint::PlaceService& places_;
};

// Owner keys of hospital schedules in the scheduling module.
std::string HospitalOwner(const std::string& hospital_id);  // "hospital:<id>/"
std::string DepartmentOwner(const Department& d);           // "hospital:<id>/dept:<id>/"
std::string DoctorOwner(const Department& d, const std::string& doctor_id);

}  // namespace ow::hospital
