// Rules: the versioned colour policy (rules/default.json), parsed and validated. The engine
// reads nothing but these values, so the policy can change without a new binary.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "healthcode/colour_state.h"

namespace ow::healthcode {

// What one trigger (a signal kind, a declared fact, an abnormal check-in, an official's
// override) does to a colour, and the reason templates shown for it. Templates may use
// {date}, {days}, {streak}, {required}, {until}, {green_from} and {reason}.
struct TriggerRule {
  std::string code;
  Colour colour = Colour::kYellow;
  int quarantine_days = 0;    // Shanghai calendar days, the day of the trigger is day 1
  int checkins_required = 0;  // consecutive normal daily check-ins after the trigger
  std::string zh;
  std::string en;
};

// A signal that withdraws earlier signals of other kinds (same ref, or all when it has none).
struct LiftingRule {
  SignalKind signal;
  std::vector<SignalKind> withdraws;
};

// A declaration that denies something (contact with a case, symptoms) while one of these
// department signals was recorded within window_days before it is "uncertain".
struct ContradictionRule {
  std::string denies;  // "contact_with_case" or "symptoms"
  std::vector<SignalKind> signals;
  int window_days = 14;
};

// The whole policy.
struct Rules {
  std::string version;
  std::string description;
  double temperature_threshold = 37.3;          // a temperature >= this is abnormal
  std::vector<std::string> symptoms;            // the symptom names a person may report
  std::map<std::string, TriggerRule> triggers;  // by code
  std::map<Colour, ColourHint> hints;           // every colour has one (defaults if unset)
  std::vector<LiftingRule> lifting;
  std::vector<std::string> high_risk_regions;  // region code prefixes
  std::vector<std::string> medium_risk_regions;
  std::vector<std::string> watch_regions;
  bool review_watch_travel = true;
  std::vector<ContradictionRule> contradictions;
  std::string source_json;  // the file as loaded (served by GET /api/v1/rules)

  // The rule of a trigger code (every code in RequiredTriggerCodes() is present).
  const TriggerRule& Trigger(std::string_view code) const;
  // The hint for a colour (the rules file's, else the built-in default).
  ColourHint Hint(Colour c) const;
  bool IsSymptom(std::string_view name) const;
  // Which list a region falls in (prefix match).
  bool IsHighRisk(std::string_view region) const;
  bool IsMediumRisk(std::string_view region) const;
  bool IsWatched(std::string_view region) const;
};

// An optional trigger: when a rules file lacks it, it is derived from confirmed_case.
inline constexpr char kAsymptomaticCase[] = "asymptomatic_case";

// Trigger codes the engine emits; a rules file must define each of them.
const std::vector<std::string>& RequiredTriggerCodes();

// The built-in hint of a colour, used when a rules file gives none.
ColourHint DefaultHint(Colour c);

// Parses and validates a rules document. Invalid with JSON paths for every problem.
Result<Rules> ParseRules(std::string_view json_text);
// Reads and parses a rules file.
Result<Rules> LoadRulesFile(const std::string& path);
// The rules/default.json compiled into the binary.
std::string_view EmbeddedDefaultRules();

}  // namespace ow::healthcode
