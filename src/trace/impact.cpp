#include "trace/impact.h"

namespace ow::trace {

Result<ImpactGroup> CountImpact(healthcode::HealthCodeService& colours, std::string group,
                                codes::Colour becomes, const std::vector<std::string>& people) {
  ImpactGroup g;
  g.group = std::move(group);
  g.becomes = codes::ColourName(becomes);
  g.people = static_cast<int64_t>(people.size());
  for (const char* c : {"green", "yellow", "red"}) g.now[c] = 0;
  for (const auto& person : people) {
    OW_ASSIGN_OR_RETURN(healthcode::ColourState s, colours.Current(person));
    ++g.now[codes::ColourName(s.colour)];
    if (static_cast<int>(s.colour) < static_cast<int>(becomes)) ++g.worse;
  }
  return g;
}

}  // namespace ow::trace
