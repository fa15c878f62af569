// The colour engine: a pure function (no I/O, no clock) from a person's events and "now" to
// their ColourState.
//
// Every declaration fact, abnormal check-in, department signal and official override is a
// trigger with the colour, quarantine days and required check-ins of its rule. A trigger at
// instant t on Shanghai date d0 with D quarantine days and N required check-ins is active
// until the first instant x at which both
//   - x >= 00:00 Asia/Shanghai of d0 + D (the trigger day is day 1 of the quarantine), and
//   - the current streak counted at x is >= N: the run of consecutive Shanghai calendar days,
//     ending today (if already checked in) or yesterday, each with one normal check-in made
//     after t. A day without a check-in (once it is over) or with an abnormal check-in
//     (temperature >= threshold or any symptom) ends the run; an abnormal check-in is also a
//     yellow trigger of its own.
// An official's override ends every trigger known before it; an override to yellow or red is
// itself a trigger. Withdrawn signals (WithdrawSignals, or a lifting signal such as
// case_excluded / risk_area_lifted for the same ref) and superseded (corrected) declarations
// are ignored. The colour is that of the worst active trigger, green when none is active.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "healthcode/colour_state.h"
#include "healthcode/events.h"
#include "healthcode/rules.h"

namespace ow::healthcode {

inline constexpr int64_t kNever = std::numeric_limits<int64_t>::max();

// One trigger as the engine sees it (exposed for tests and officials' views).
struct TriggerState {
  std::string code;
  Colour colour = Colour::kYellow;
  int64_t at_ms = 0;             // effective start (quarantine and check-ins count from here)
  int64_t known_ms = 0;          // when it became known (the colour applies from here)
  int64_t resolved_ms = kNever;  // when it stopped applying (kNever = still active)
  int64_t quarantine_until_ms = 0;
  int checkins_required = 0;
  int streak = 0;      // at "now"
  Date green_from;     // projected, assuming a normal check-in every day from now
  std::string reason;  // an official's reason (overrides)
};

// The engine's answer.
struct Evaluation {
  ColourState state;                   // version is left 0: the service numbers colour changes
  std::vector<TriggerState> triggers;  // every trigger, active or not, in time order
  // The next instant at which the answer can change without new events (kNever if none).
  int64_t next_change_ms = kNever;
};

// Evaluates a person's events at now_ms. Events need not be sorted.
Evaluation Evaluate(const Rules& rules, const std::vector<Event>& events, int64_t now_ms);

// Why a new declaration is uncertain and must be reviewed, or "" when it is not: travel
// through a watch-list region ("travel_watch_region"), or denying contact with a case /
// having symptoms while a contradicting department signal was recorded within the rule's
// window ("contradicts_signal:<kind>"). `prior` are the person's earlier events.
std::string UncertainReason(const Rules& rules, const Declaration& d, int64_t at_ms,
                            const std::vector<Event>& prior);

}  // namespace ow::healthcode
