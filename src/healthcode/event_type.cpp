#include "healthcode/events.h"

namespace ow::healthcode {

const char* EventTypeName(EventType t) {
  switch (t) {
    case EventType::kDeclaration:
      return "declaration";
    case EventType::kCheckIn:
      return "checkin";
    case EventType::kSignal:
      return "signal";
    case EventType::kDecision:
      return "decision";
    case EventType::kWithdrawal:
      return "withdrawal";
  }
  return "unknown";
}

std::optional<EventType> ParseEventType(std::string_view s) {
  for (EventType t : {EventType::kDeclaration, EventType::kCheckIn, EventType::kSignal,
                      EventType::kDecision, EventType::kWithdrawal})
    if (s == EventTypeName(t)) return t;
  return std::nullopt;
}

}  // namespace ow::healthcode
