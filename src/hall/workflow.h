// The workflow of an application (办件): its states, the actions that move it, and who may take
// each. docs/hall.md draws it. Pure: the case service checks a requested action here before it
// writes anything.
//
//   draft --submit--> submitted --accept--> accepted --start_review--> review
//                         |                    |                        |  ^
//                       refuse          request_correction     request_correction |
//                         v                    v                        v  | resubmit
//                      refused             correction  <------------------ (applicant)
//   review --approve--> approved --close--> closed      review --reject--> rejected --close-->
//   closed withdraw (applicant): draft, submitted, accepted, review, correction -> withdrawn
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace ow::hall {

enum class CaseState {
  kDraft,       // saved, not submitted
  kSubmitted,   // 申请
  kAccepted,    // 受理
  kRefused,     // 不予受理 (final)
  kCorrection,  // 补正: waiting for the applicant; the deadline clock stops
  kReview,      // 审查
  kApproved,    // 决定: approved
  kRejected,    // 决定: rejected
  kClosed,      // 办结 (final)
  kWithdrawn,   // 撤回 (final)
};

enum class CaseAction {
  kSubmit,
  kAccept,
  kRefuse,
  kRequestCorrection,
  kResubmit,
  kStartReview,
  kApprove,
  kReject,
  kClose,
  kWithdraw,
};

enum class CaseActor { kApplicant, kOfficer };

struct Transition {
  CaseState from;
  CaseAction action;
  CaseActor by;
  CaseState to;
  bool note_required = false;  // refusals, corrections and decisions give their reasons
};

std::string_view CaseStateName(CaseState s);
std::optional<CaseState> ParseCaseState(std::string_view s);
std::string_view CaseActionName(CaseAction a);
std::optional<CaseAction> ParseCaseAction(std::string_view s);

// Every allowed transition.
const std::vector<Transition>& Transitions();

// The transition `by` may take with `action` from `from`: Forbidden when only the other party
// may take it, Conflict when the case's state does not allow it.
Result<Transition> FindTransition(CaseState from, CaseAction action, CaseActor by);

// Final states: nothing moves a case out of them.
bool IsFinal(CaseState s);
// States in which the deadline clock runs (accepted, review).
bool ClockRuns(CaseState s);

}  // namespace ow::hall
