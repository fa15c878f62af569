// ColourState and ColourService: the contract between the colour engine (declarations,
// check-ins, department signals, reviews, appeals -> a person's current colour and why) and
// its users (code issuance, checkpoints, tracing, the web app).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "codes/code_claims.h"
#include "core/status.h"

namespace ow::healthcode {

using codes::Colour;

// One reason for a colour, in zh-CN and en, e.g.
// zh "因2月10日发热门诊就诊，需居家观察7天，已连续打卡3/7天".
struct Reason {
  std::string code;  // stable machine code, e.g. "fever_clinic", "close_contact"
  std::string zh;
  std::string en;
};

// What a person with a colour is asked to do, in zh-CN and en ("请按要求居家观察，每日健康打卡").
// The one wording for the code page, the inbox and the gate (GET /api/v1/texts).
struct ColourHint {
  std::string zh;
  std::string en;
};

// The current colour of a person and everything needed to explain it.
struct ColourState {
  Colour colour = Colour::kGreen;
  std::vector<Reason> reasons;                 // empty when green with nothing on record
  std::optional<int64_t> quarantine_until_ms;  // end of the quarantine period, if any
  int streak = 0;                              // consecutive normal daily check-ins so far
  int streak_required = 0;                     // needed to turn green (0 when green)
  std::optional<std::string> green_from_date;  // earliest Shanghai date it can turn green
  int64_t changed_at_ms = 0;                   // when the colour last changed
  int64_t version = 0;                         // increases on every colour change
  std::string rules_version;
  bool under_review = false;      // a declaration awaits an official's review
  bool checked_in_today = false;  // today's (Asia/Shanghai) check-in is done, normal or not
  ColourHint hint;                // what the colour asks of the person (from the rules)
};

// Colour events that other modules (tracing, risk areas, case reports, department feeds)
// feed into the engine.
enum class SignalKind {
  kFeverClinicVisit,
  kFeverDrugPurchase,
  kTestPositive,
  kTestNegative,
  kStayHighRiskArea,
  kStayMediumRiskArea,
  kCloseContact,
  kSecondaryContact,
  kSuspectedCase,
  kConfirmedCase,
  kAsymptomaticCase,  // 无症状感染者
  kCaseExcluded,
  kRiskAreaLifted,
};
const char* SignalKindName(SignalKind k);
std::optional<SignalKind> ParseSignalKind(std::string_view s);

struct Signal {
  std::string person_id;
  SignalKind kind;
  std::string source;  // e.g. "hospital:330104-01", "trace:case:<id>", "risk_area:<id>"
  int64_t occurred_at_ms = 0;
  std::string detail;  // free text shown to officials, never to other citizens
  std::string ref;     // id of the originating object (case, risk area), for lifting
};

// Read and update access to colours, implemented by the healthcode engine service.
class ColourService {
 public:
  virtual ~ColourService() = default;
  // The live colour (re-evaluated against the clock: quarantine ends, missed days).
  virtual Result<ColourState> Current(const std::string& person_id) = 0;
  // Applies a signal atomically (no lost update under concurrency) and returns the new state.
  virtual Result<ColourState> ApplySignal(const Signal& signal) = 0;
  // Withdraws every signal with this ref (a lifted risk area, an excluded case) and returns
  // the re-evaluated state of each affected person.
  virtual Status WithdrawSignals(const std::string& ref) = 0;
};

}  // namespace ow::healthcode
