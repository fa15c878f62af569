#include "core/principal.h"

#include <array>

namespace ow {

namespace {
constexpr std::array<std::pair<Role, const char*>, 10> kNames = {{
    {Role::kCitizen, "citizen"},
    {Role::kCheckpointStaff, "checkpoint_staff"},
    {Role::kCommunityWorker, "community_worker"},
    {Role::kHealthOfficial, "health_official"},
    {Role::kServiceOfficer, "service_officer"},
    {Role::kDepartmentSystem, "department_system"},
    {Role::kAdmin, "admin"},
    {Role::kHospitalAdmin, "hospital_admin"},
    {Role::kDoctor, "doctor"},
    {Role::kPharmacist, "pharmacist"},
}};

bool RegionCovers(std::string_view scope, std::string_view region) {
  if (scope.empty()) return true;
  if (scope.starts_with("place:")) return false;
  return region.starts_with(scope);
}
}  // namespace

const char* RoleName(Role r) {
  for (const auto& [role, name] : kNames)
    if (role == r) return name;
  return "unknown";
}

std::optional<Role> ParseRole(std::string_view s) {
  for (const auto& [role, name] : kNames)
    if (s == name) return role;
  return std::nullopt;
}

const std::vector<Role>& AllRoles() {
  static const std::vector<Role> kAll = [] {
    std::vector<Role> v;
    for (const auto& [role, name] : kNames) v.push_back(role);
    return v;
  }();
  return kAll;
}

bool Principal::Has(Role r) const {
  for (const auto& g : grants)
    if (g.role == r) return true;
  return false;
}

bool Principal::HasInRegion(Role r, std::string_view region) const {
  for (const auto& g : grants)
    if (g.role == r && RegionCovers(g.scope, region)) return true;
  return false;
}

bool Principal::HasForPlace(Role r, std::string_view place_id,
                            std::string_view place_region) const {
  for (const auto& g : grants) {
    if (g.role != r) continue;
    if (g.scope.starts_with("place:") && std::string_view(g.scope).substr(6) == place_id)
      return true;
    if (RegionCovers(g.scope, place_region)) return true;
  }
  return false;
}

std::vector<std::string> Principal::Scopes(Role r) const {
  std::vector<std::string> out;
  for (const auto& g : grants)
    if (g.role == r) out.push_back(g.scope);
  return out;
}

}  // namespace ow
