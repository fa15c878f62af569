#include "cli/demo_data.h"

#include <spdlog/spdlog.h>

#include "cli/demo_ihospital.h"
#include "deptsim/dataset.h"
#include "http/json.h"
#include "jobs/postings.h"

namespace ow::cli {

namespace {

constexpr char kDemoHospitalAdminId[] = "350102197806180056";

// The demo's places (issue 24): a community gate, a venue and a hospital in Fuzhou (350102),
// where the demo checkpoint account (demo-community) works; each is assigned to it, so a gate
// worker picks one and scans on the first visit. Kept by name: loading twice adds nothing.
Status LoadDemoPlaces(app::Application& app) {
  struct DemoPlace {
    const char* name;
    const char* kind;
    const char* address;
    const char* community;
  };
  static const DemoPlace kPlaces[] = {
      {"三坊七巷社区东门", "community_gate", "福州市鼓楼区南后街 1 号", "三坊七巷社区"},
      {"福州市体育中心", "venue", "福州市鼓楼区杨桥中路 85 号", ""},
      {"福建省立医院", "hospital", "福州市鼓楼区东街 134 号", ""},
  };
  const std::string region = "350102";
  OW_ASSIGN_OR_RETURN(auto person_id, app.identity().FindByIdNumber("350102198001010038"));
  OW_ASSIGN_OR_RETURN(std::vector<checkpoint::Place> existing, app.places().List({region}));
  for (const auto& d : kPlaces) {
    std::string place_id;
    for (const auto& p : existing)
      if (p.name == d.name) place_id = p.id;
    if (place_id.empty()) {
      checkpoint::NewPlace in{d.name, d.kind, region, d.address, d.community, std::nullopt};
      OW_ASSIGN_OR_RETURN(checkpoint::Place p, app.places().Create(in, "system"));
      place_id = p.id;
      spdlog::info("{{\"event\":\"demo_place\",\"kind\":\"{}\",\"place_id\":\"{}\"}}", d.kind,
                   place_id);
    }
    OW_RETURN_IF_ERROR(app.places().AssignStaff(place_id, person_id, "system"));
  }
  return Status::Ok();
}

// The demo hospital's clinics (issue 22): 福建省立医院 gets ordinary departments with doctors, a
// fever clinic (发热门诊) and weekly schedules, so booking works on every day of the window;
// the demo hospital administrator (demo-hospital) manages it. Kept by name: loading twice adds
// nothing.
Status LoadDemoHospital(app::Application& app) {
  OW_ASSIGN_OR_RETURN(std::vector<checkpoint::Place> places, app.places().List({"350102"}));
  std::string hospital_id;
  for (const auto& p : places)
    if (p.name == "福建省立医院" && p.kind == "hospital") hospital_id = p.id;
  if (hospital_id.empty()) return Status::Ok();
  OW_ASSIGN_OR_RETURN(auto admin, app.identity().FindByIdNumber(kDemoHospitalAdminId));
  OW_RETURN_IF_ERROR(
      app.identity().Grant(admin, Role::kHospitalAdmin, "place:" + hospital_id, "system"));
  auto& directory = app.hospitals();
  OW_ASSIGN_OR_RETURN(auto existing, directory.Departments(hospital_id));
  if (!existing.empty()) return Status::Ok();

  using hospital::DepartmentKind;
  using scheduling::WeeklyWindow;
  auto days = [](int from, int to, int start, int end) {
    std::vector<WeeklyWindow> w;
    for (int d = from; d <= to; ++d) w.push_back({d, start, end});
    return w;
  };
  auto join = [](std::vector<WeeklyWindow> a, const std::vector<WeeklyWindow>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
  };
  Principal system;
  system.person_id = "system";
  system.grants = {{Role::kAdmin, ""}};
  OW_ASSIGN_OR_RETURN(
      auto internal,
      directory.AddDepartment(hospital_id, "内科", "Internal medicine", DepartmentKind::kOrdinary));
  OW_ASSIGN_OR_RETURN(auto paediatrics, directory.AddDepartment(hospital_id, "儿科", "Paediatrics",
                                                                DepartmentKind::kOrdinary));
  OW_ASSIGN_OR_RETURN(auto fever, directory.AddDepartment(hospital_id, "发热门诊", "Fever clinic",
                                                          DepartmentKind::kFever));
  OW_ASSIGN_OR_RETURN(auto chen, directory.AddDoctor(internal.id, "陈明", "主任医师"));
  OW_ASSIGN_OR_RETURN(auto huang, directory.AddDoctor(internal.id, "黄丽", "副主任医师"));
  OW_ASSIGN_OR_RETURN(auto wu, directory.AddDoctor(paediatrics.id, "吴芳", "主治医师"));
  const std::vector<hospital::NewSchedule> schedules = {
      // 陈明: weekday mornings and afternoons, 15-minute slots of 2 places.
      {internal.id, chen.id, 15, 2,
       join(days(1, 5, 8 * 60, 11 * 60 + 30), days(1, 5, 14 * 60, 17 * 60)), 14},
      // 黄丽: every morning, 20-minute slots of one place.
      {internal.id, huang.id, 20, 1, days(1, 7, 8 * 60, 12 * 60), 14},
      // 吴芳 (paediatrics): Monday to Saturday mornings and every afternoon.
      {paediatrics.id, wu.id, 20, 1,
       join(days(1, 6, 8 * 60 + 30, 11 * 60 + 30), days(1, 7, 14 * 60, 17 * 60)), 14},
      // The fever clinic is open day and night: half-hour slots of 10 places.
      {fever.id, "", 30, 10, days(1, 7, 0, 24 * 60), 14},
  };
  for (const auto& in : schedules)
    OW_RETURN_IF_ERROR(app.appointments().CreateSchedule(system, hospital_id, in).status());
  spdlog::info("{{\"event\":\"demo_hospital\",\"place_id\":\"{}\",\"departments\":3}}",
               hospital_id);
  return Status::Ok();
}

// Two notices of the demo health official (Hangzhou, 3301), so that the public portal of
// 330104 shows some: a city-wide ordinary one and an urgent one for 上城区 (330104). Kept once
// published: loading twice adds nothing.
Status LoadDemoNotices(app::Application& app, const std::string& official_id) {
  OW_ASSIGN_OR_RETURN(auto existing, app.notices().ListWithin("3301", 1));
  if (!existing.empty()) return Status::Ok();
  Principal official;
  official.person_id = official_id;
  official.grants = {{Role::kHealthOfficial, "3301"}};
  const int64_t now = app.clock().NowMillis();
  constexpr int64_t kDayMs = 86'400'000;
  notices::NoticeContent city{
      "关于做好近期疫情防控工作的通告",
      "Notice on epidemic prevention and control in the coming weeks",
      "请市民朋友坚持戴口罩、勤洗手、常通风；出现发热等症状请及时到发热门诊就诊，就诊途中全程"
      "佩戴口罩，避免乘坐公共交通工具。",
      "Please keep wearing masks, wash your hands often and air your rooms. With a fever or other "
      "symptoms, go to a fever clinic at once, wearing a mask all the way and avoiding public "
      "transport.",
      "ordinary",
      {"0571-12345", "12320"},
      now - kDayMs,
      now + 30 * kDayMs};
  OW_RETURN_IF_ERROR(app.notices().Publish(official, "3301", city).status());
  notices::NoticeContent district{
      "上城区湖滨街道全员核酸检测紧急通告",
      "Urgent: citywide testing in Hubin subdistrict, Shangcheng",
      "湖滨街道全体居民请于今明两天到社区指定采样点完成核酸检测，请携带身份证并出示健康码。",
      "All residents of Hubin subdistrict, please take a PCR test at your community's testing "
      "site today or tomorrow, with your ID card and health code.",
      "urgent",
      {"0571-87001234"},
      now - 3'600'000,
      now + 2 * kDayMs};
  OW_RETURN_IF_ERROR(app.notices().Publish(official, "330104", district).status());
  spdlog::info("{\"event\":\"demo_notices\",\"count\":2}");
  return Status::Ok();
}

}  // namespace

const std::vector<DemoAccount>& DemoAccounts() {
  static const std::vector<DemoAccount> kAccounts = {
      {"张三", "330104199003071233", "demo-citizen-1", {}, "citizen"},
      {"李小红", "330106198505120021", "demo-citizen-2", {}, "citizen"},
      {"王建国",
       "330102199208150047",
       "demo-official",
       {{Role::kHealthOfficial, "3301"}},
       "health official for Hangzhou (3301)"},
      {"陈晓晖",
       "350102198001010038",
       "demo-community",
       {{Role::kCommunityWorker, "350102"},
        {Role::kCheckpointStaff, "350102"},
        {Role::kCommunityWorker, "3301"}},
       "community worker (Fuzhou 350102 and Hangzhou 3301), checkpoint staff (350102)"},
      {"赵管理", "330104197002200057", "demo-admin", {{Role::kAdmin, ""}}, "administrator"},
      {"孙办事",
       "330104198803150058",
       "demo-officer",
       {{Role::kServiceOfficer, "dept:330000-HRSS"}, {Role::kServiceOfficer, "dept:330000-TAX"}},
       "service-hall officer (human resources and social security; tax)"},
      // hospital_admin of 福建省立医院 (scope place:<id>, granted once the place exists).
      {"林静", kDemoHospitalAdminId, "demo-hospital", {}, "hospital administrator (福建省立医院)"},
  };
  return kAccounts;
}

Status LoadDemoData(app::Application& app) {
  auto& identity = app.identity();
  for (const auto& a : DemoAccounts()) {
    std::string person_id;
    auto existing = identity.FindByIdNumber(a.id_number);
    if (existing.ok()) {
      person_id = *existing;
    } else {
      identity::RegisterInput in{a.name, a.id_number, a.password, std::nullopt, std::nullopt};
      OW_ASSIGN_OR_RETURN(person_id, identity.Register(in));
      spdlog::info("{{\"event\":\"demo_account\",\"label\":\"{}\"}}", a.label);
    }
    for (const auto& [role, scope] : a.grants)
      OW_RETURN_IF_ERROR(identity.Grant(person_id, role, scope, "system"));
  }
  // The exchange catalogue (exchange/catalogue.json, compiled in): departments, services and
  // access rights; their keys come from dept-sim.
  OW_ASSIGN_OR_RETURN(auto catalogue, http::ParseJsonStrict(exchange::DefaultCatalogue()));
  OW_ASSIGN_OR_RETURN(auto counts, app.registry().Import(catalogue, "system"));
  if (counts.members + counts.services + counts.rights > 0)
    spdlog::info(
        "{{\"event\":\"demo_exchange_catalogue\",\"members\":{},\"services\":{},"
        "\"rights\":{}}}",
        counts.members, counts.services, counts.rights);
  OW_RETURN_IF_ERROR(LoadDemoPlaces(app));
  OW_RETURN_IF_ERROR(LoadDemoHospital(app));
  OW_RETURN_IF_ERROR(LoadDemoInternetHospital(app));
  if (auto official = identity.FindByIdNumber(DemoAccounts()[2].id_number); official.ok())
    OW_RETURN_IF_ERROR(LoadDemoNotices(app, *official));
  // An enterprise of the demo citizen (张三, its legal representative): the first enterprise of
  // dept-sim's default data set that the 免申即享 rule admits, so that prefill and offers work
  // against `onewindow dept-sim` with its defaults (scripts/run.sh starts one).
  auto citizen = identity.FindByIdNumber(DemoAccounts()[0].id_number);
  if (citizen.ok()) {
    OW_ASSIGN_OR_RETURN(auto memberships, app.enterprises().ForPerson(*citizen));
    if (memberships.empty()) {
      const deptsim::Dataset data(kDemoSimSeed, kDemoSimSize);
      for (const deptsim::Enterprise& e : data.enterprises()) {
        if (e.status != "active" || e.standing != "good" || e.insured_employees < 1) continue;
        auto id = app.enterprises().Register(*citizen, e.uscc, e.name, "legal_representative");
        if (!id.ok() && id.status().code() != Code::kConflict) return id.status();
        spdlog::info("{{\"event\":\"demo_enterprise\",\"credit_code\":\"{}\"}}", e.uscc);
        break;
      }
    }
  }
  // A job posting of that enterprise (recruitment, docs/jobs.md), valid for 60 days.
  if (citizen.ok()) {
    OW_ASSIGN_OR_RETURN(auto memberships, app.enterprises().ForPerson(*citizen));
    if (!memberships.empty()) {
      const identity::Enterprise& ent = memberships.front().enterprise;
      OW_ASSIGN_OR_RETURN(
          auto existing,
          app.db().Query("SELECT 1 FROM jobs_postings WHERE enterprise_id = ?", {ent.id}));
      if (existing.empty()) {
        jobs::Posting p;
        p.in.enterprise_id = ent.id;
        p.enterprise_name = ent.name;
        p.credit_code = ent.credit_code;
        p.in.title = "客服专员 Customer Service Representative";
        p.in.description =
            "负责企业客户的电话与在线咨询，记录并跟进问题。\n"
            "Answer customers' calls and online questions and follow them up.";
        p.in.region = "330106";
        p.in.locality = "杭州市西湖区";
        p.in.street_address = "文三路 90 号";
        p.in.postal_code = "310012";
        p.in.employment_type = "FULL_TIME";
        p.in.salary_min = 6000;
        p.in.salary_max = 9000;
        p.in.openings = 3;
        const int64_t now = app.clock().NowMillis();
        const Date through = CivilFromDays(DaysFromCivil(ShanghaiDate(now)) + 60);
        p.in.valid_through = FormatDate(through);
        p.valid_through_ms = jobs::EndOfShanghaiDay(through);
        p.status = "open";
        p.registry_status = "demo";
        p.created_by = *citizen;
        p.created_at_ms = now;
        OW_RETURN_IF_ERROR(app.db().Transact(
            [&](store::Tx& tx) { return jobs::PostingService::InsertRaw(tx, p); }));
        spdlog::info("{{\"event\":\"demo_job_posting\",\"id\":\"{}\"}}", p.id);
      }
    }
  }
  return Status::Ok();
}

}  // namespace ow::cli
