// The simulated departments and OneWindow's members (see departments.h).
#include "deptsim/departments.h"

#include <cstdlib>

namespace ow::deptsim {

const std::vector<Department>& Departments() {
  static const std::vector<Department> kDepartments = {
      {kTax, "浙江省税务局 电子税务局", "Zhejiang Tax Service e-tax", {"tax-standing"}},
      {kFeverClinic,
       "浙江省卫生健康委 发热门诊",
       "Zhejiang Health Commission fever clinics",
       {"fever-clinic-visits"}},
      {kBusinessRegistry,
       "浙江省市场监督管理局 企业登记",
       "Zhejiang AMR business registry",
       {"business-licence"}},
      {kSocialInsurance,
       "浙江省人力资源和社会保障厅 社会保险",
       "Zhejiang HRSS social insurance",
       {"insured-employees", "contributions"}},
      {kRail, "铁路客票系统", "Railway ticketing", {"rail-trips"}},
      {kPharmacy,
       "浙江省医疗保障局 定点药店",
       "Zhejiang NHSA pharmacies",
       {"fever-drug-purchases"}},
  };
  return kDepartments;
}

const std::vector<Department>& OneWindowMembers() {
  static const std::vector<Department> kMembers = {
      {kHall, "一网通办 服务大厅", "OneWindow service hall", {}},
      {kHealthcode, "一网通办 健康码", "OneWindow health code", {"events"}},
  };
  return kMembers;
}

exchange::SubsystemId Member(const std::string& id) {
  auto parsed = exchange::ParseSubsystemId(id);
  if (!parsed.ok()) std::abort();  // the constants are valid
  return *parsed;
}

}  // namespace ow::deptsim
