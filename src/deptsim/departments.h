// The simulated department systems of `onewindow dept-sim` (docs/exchange.md, "dept-sim"):
// their X-Road member subsystems, names and the services each provides, plus OneWindow's own
// member subsystems that call them.
#pragma once

#include <string>
#include <vector>

#include "exchange/xroad_id.h"

namespace ow::deptsim {

struct Department {
  std::string member;   // "CN-ZJ/GOV/330000-TAX/etax"
  std::string name_zh;  // "浙江省税务局 电子税务局"
  std::string name_en;
  std::vector<std::string> services;  // service codes it provides
};

// The six departments, in a fixed order.
const std::vector<Department>& Departments();
// OneWindow's own members that call departments and receive their pushes:
// CN-ZJ/GOV/330000-OW/hall and CN-ZJ/GOV/330000-OW/healthcode.
const std::vector<Department>& OneWindowMembers();

// Member ids used throughout the simulator.
inline constexpr char kTax[] = "CN-ZJ/GOV/330000-TAX/etax";
inline constexpr char kFeverClinic[] = "CN-ZJ/GOV/330000-HEALTH/fever-clinic";
inline constexpr char kBusinessRegistry[] = "CN-ZJ/GOV/330000-AMR/business-registry";
inline constexpr char kSocialInsurance[] = "CN-ZJ/GOV/330000-HRSS/social-insurance";
inline constexpr char kRail[] = "CN-ZJ/GOV/330000-RAIL/tickets";
inline constexpr char kPharmacy[] = "CN-ZJ/GOV/330000-NHSA/pharmacy";
inline constexpr char kHall[] = "CN-ZJ/GOV/330000-OW/hall";
inline constexpr char kHealthcode[] = "CN-ZJ/GOV/330000-OW/healthcode";

// Parses one of the constants above (they are valid by construction).
exchange::SubsystemId Member(const std::string& id);

}  // namespace ow::deptsim
