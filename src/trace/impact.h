// Impact: what an action that changes people's codes would do, before it is done — how many
// people, what colours they have now, what they would turn, and how many would get worse —
// so an official confirms knowing the effect (a risk-area publication, a case report).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/status.h"
#include "healthcode/health_service.h"

namespace ow::trace {

// One group of people the action reaches in the same way (e.g. close contacts).
struct ImpactGroup {
  std::string group;    // case | close | secondary | visitors
  std::string becomes;  // the colour the action gives them: red | yellow
  int64_t people = 0;
  std::map<std::string, int64_t> now;  // green/yellow/red -> people with that colour now
  int64_t worse = 0;                   // people whose colour the action would make worse
};

struct Impact {
  std::vector<ImpactGroup> groups;
  int64_t people = 0;                       // everyone reached, once
  std::vector<std::string> notice_regions;  // regions whose residents get a notice
};

// Counts one group's present colours (each person's current colour from the engine).
Result<ImpactGroup> CountImpact(healthcode::HealthCodeService& colours, std::string group,
                                codes::Colour becomes, const std::vector<std::string>& people);

}  // namespace ow::trace
