// The events the colour engine replays for one person: health declarations (健康信息申报,
// with travel: 行程申报), daily check-ins (健康打卡), department signals, officials' decisions
// (review approvals and colour overrides, also as appeal outcomes) and signal withdrawals.
// Events are append-only; a correction (健康信息更正) is a new declaration that supersedes
// an earlier one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time.h"
#include "healthcode/colour_state.h"

namespace ow::healthcode {

// One stay in a region, by Shanghai calendar dates (inclusive).
struct Travel {
  std::string region;
  Date from;
  Date to;
};

// A health declaration as submitted (validated by the routes).
struct Declaration {
  std::string residence_region;
  double temperature = 36.5;
  std::vector<std::string> symptoms;
  std::vector<Travel> travel;
  bool contact_with_case = false;
  std::string supersedes;  // id of the declaration this one corrects ("" if none)
  bool uncertain = false;  // decided at submission by the review rules
  std::string uncertain_reason;
};

// A daily check-in.
struct CheckIn {
  double temperature = 36.5;
  std::vector<std::string> symptoms;
};

// An official's decision: approve (accept the computed colour) or override with a colour.
struct Decision {
  bool override_colour = false;
  Colour colour = Colour::kGreen;
  std::string reason;
  std::string target;  // declaration or appeal id the decision is about
  std::string official;
};

enum class EventType { kDeclaration, kCheckIn, kSignal, kDecision, kWithdrawal };
const char* EventTypeName(EventType t);
std::optional<EventType> ParseEventType(std::string_view s);

// One event; only the member matching `type` is meaningful.
struct Event {
  std::string id;
  EventType type = EventType::kCheckIn;
  int64_t at_ms = 0;        // when it happened (signals: occurred_at; others: when recorded)
  int64_t recorded_ms = 0;  // when it was recorded (0 = at_ms); the colour applies from then
  Declaration declaration;
  CheckIn checkin;
  Signal signal;
  Decision decision;
  std::string withdrawn_ref;  // kWithdrawal: every signal with this ref is void
};

}  // namespace ow::healthcode
