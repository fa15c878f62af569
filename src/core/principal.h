// Principal: who is making a request, with their roles and the scopes of those roles.
// Roles are granted per scope: an administrative region (GB/T 2260 code, where a prefix
// covers sub-regions: "33" province, "3301" city, "330104" district) or a place id.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ow {

enum class Role {
  kCitizen,
  kCheckpointStaff,
  kCommunityWorker,
  kHealthOfficial,
  kServiceOfficer,
  kDepartmentSystem,
  kAdmin,
  kHospitalAdmin,  // manages a hospital's departments, doctors and schedules (scope place:<id>)
  kDoctor,         // a hospital doctor in the internet hospital (scope doctor:<doctor id>)
  kPharmacist,     // reviews prescriptions of a hospital (scope place:<id>)
};

const char* RoleName(Role r);
std::optional<Role> ParseRole(std::string_view s);
const std::vector<Role>& AllRoles();

struct RoleGrant {
  Role role;
  std::string scope;  // "" = unscoped (citizen, admin); region code or "place:<id>"
};

struct Principal {
  std::string person_id;
  std::string session_id;  // hash id of the session used (empty for other auth)
  std::vector<RoleGrant> grants;
  bool via_cookie = false;  // authenticated by cookie (CSRF checks apply to writes)
  std::string csrf;         // the session's CSRF token: cookie writes must send it in a header

  bool Has(Role r) const;
  // True if the principal holds role r with a scope covering `region` (a region code): an
  // unscoped grant, or a region prefix of it ("3301" covers "330104").
  bool HasInRegion(Role r, std::string_view region) const;
  // True if the principal holds role r for the given place id ("place:<id>" scope), or
  // for the region the place is in.
  bool HasForPlace(Role r, std::string_view place_id, std::string_view place_region) const;
  // All scopes of role r.
  std::vector<std::string> Scopes(Role r) const;
};

}  // namespace ow
