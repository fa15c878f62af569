// Demo data of the internet hospital (see demo_ihospital.h).
#include "cli/demo_ihospital.h"

#include <spdlog/spdlog.h>

#include "core/time.h"

namespace ow::cli {

namespace {

constexpr char kHospitalName[] = "杭州市第一人民医院 互联网医院";
constexpr char kCitizenId[] = "330104199003071233";  // 张三, the demo citizen

Result<std::string> Account(app::Application& app, const char* name, const char* id_number,
                            const char* password) {
  auto existing = app.identity().FindByIdNumber(id_number);
  if (existing.ok()) return *existing;
  identity::RegisterInput in{name, id_number, password, std::nullopt, std::nullopt};
  return app.identity().Register(in);
}

}  // namespace

Status LoadDemoInternetHospital(app::Application& app) {
  OW_ASSIGN_OR_RETURN(auto hospitals, app.hospitals().Hospitals());
  for (const auto& h : hospitals)
    if (h.name == kHospitalName) return Status::Ok();  // loaded before
  Principal system;
  system.person_id = "system";
  system.grants = {{Role::kAdmin, ""}};
  checkpoint::NewPlace in{kHospitalName, "hospital", "330102", "杭州市上城区浣纱路 261 号", "",
                          std::nullopt};
  OW_ASSIGN_OR_RETURN(checkpoint::Place place, app.places().Create(in, "system"));
  OW_ASSIGN_OR_RETURN(hospital::Department dep,
                      app.hospitals().AddDepartment(place.id, "内分泌科", "Endocrinology",
                                                    hospital::DepartmentKind::kOrdinary));
  OW_ASSIGN_OR_RETURN(hospital::Doctor doc,
                      app.hospitals().AddDoctor(dep.id, "周明远", "主任医师"));
  hospital::NewSchedule online;
  online.department_id = dep.id;
  online.doctor_id = doc.id;
  online.slot_minutes = 30;
  online.capacity = 2;
  for (int d = 1; d <= 7; ++d) online.weekly.push_back({d, 8 * 60, 22 * 60});
  OW_RETURN_IF_ERROR(app.consultations().CreateOnlineSchedule(system, place.id, online).status());
  OW_ASSIGN_OR_RETURN(std::string doctor,
                      Account(app, "周明远", "330102197507080035", "demo-doctor"));
  OW_RETURN_IF_ERROR(app.identity().Grant(doctor, Role::kDoctor, "doctor:" + doc.id, "system"));
  OW_ASSIGN_OR_RETURN(std::string pharmacist,
                      Account(app, "吴佳琪", "330102198203150043", "demo-pharmacist"));
  OW_RETURN_IF_ERROR(
      app.identity().Grant(pharmacist, Role::kPharmacist, "place:" + place.id, "system"));
  OW_ASSIGN_OR_RETURN(std::string citizen, app.identity().FindByIdNumber(kCitizenId));
  const int64_t month_ago = app.clock().NowMillis() - 30 * kMillisPerDay;
  hospital::NewPrescription chronic{"2型糖尿病", {{"metformin-500", 60, "每日两次，每次一片"}}};
  OW_RETURN_IF_ERROR(app.consultations()
                         .RecordVisit(system, place.id, citizen, doc.id, month_ago, chronic)
                         .status());
  hospital::NewPrescription sleep{"失眠", {{"alprazolam-04", 14, "睡前一片"}}};
  OW_RETURN_IF_ERROR(app.consultations()
                         .RecordVisit(system, place.id, citizen, doc.id, month_ago, sleep)
                         .status());
  spdlog::info("{{\"event\":\"demo_internet_hospital\",\"place_id\":\"{}\"}}", place.id);
  return Status::Ok();
}

}  // namespace ow::cli
