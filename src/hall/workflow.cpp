// States, actions and transitions of an application (see workflow.h).
#include "hall/workflow.h"

#include <array>
#include <string>

namespace ow::hall {

namespace {

constexpr std::array<std::string_view, 10> kStateNames = {
    "draft",  "submitted", "accepted", "refused", "correction",
    "review", "approved",  "rejected", "closed",  "withdrawn"};
constexpr std::array<std::string_view, 10> kActionNames = {
    "submit", "accept", "refuse",  "request_correction", "resubmit", "start_review", "approve",
    "reject", "close",  "withdraw"};

}  // namespace

std::string_view CaseStateName(CaseState s) { return kStateNames[static_cast<size_t>(s)]; }

std::optional<CaseState> ParseCaseState(std::string_view s) {
  for (size_t i = 0; i < kStateNames.size(); ++i)
    if (kStateNames[i] == s) return static_cast<CaseState>(i);
  return std::nullopt;
}

std::string_view CaseActionName(CaseAction a) { return kActionNames[static_cast<size_t>(a)]; }

std::optional<CaseAction> ParseCaseAction(std::string_view s) {
  for (size_t i = 0; i < kActionNames.size(); ++i)
    if (kActionNames[i] == s) return static_cast<CaseAction>(i);
  return std::nullopt;
}

const std::vector<Transition>& Transitions() {
  using S = CaseState;
  using A = CaseAction;
  constexpr CaseActor kApp = CaseActor::kApplicant;
  constexpr CaseActor kOff = CaseActor::kOfficer;
  static const std::vector<Transition> all = {
      {S::kDraft, A::kSubmit, kApp, S::kSubmitted},
      {S::kSubmitted, A::kAccept, kOff, S::kAccepted},
      {S::kSubmitted, A::kRefuse, kOff, S::kRefused, true},
      {S::kAccepted, A::kStartReview, kOff, S::kReview},
      {S::kAccepted, A::kRequestCorrection, kOff, S::kCorrection, true},
      {S::kReview, A::kRequestCorrection, kOff, S::kCorrection, true},
      {S::kCorrection, A::kResubmit, kApp, S::kReview},
      {S::kReview, A::kApprove, kOff, S::kApproved, true},
      {S::kReview, A::kReject, kOff, S::kRejected, true},
      {S::kApproved, A::kClose, kOff, S::kClosed},
      {S::kRejected, A::kClose, kOff, S::kClosed},
      {S::kDraft, A::kWithdraw, kApp, S::kWithdrawn},
      {S::kSubmitted, A::kWithdraw, kApp, S::kWithdrawn},
      {S::kAccepted, A::kWithdraw, kApp, S::kWithdrawn},
      {S::kReview, A::kWithdraw, kApp, S::kWithdrawn},
      {S::kCorrection, A::kWithdraw, kApp, S::kWithdrawn},
  };
  return all;
}

Result<Transition> FindTransition(CaseState from, CaseAction action, CaseActor by) {
  bool other_party = false;
  for (const Transition& t : Transitions()) {
    if (t.from != from || t.action != action) continue;
    if (t.by == by) return t;
    other_party = true;
  }
  const std::string what = std::string(CaseActionName(action));
  if (other_party)
    return Status::Forbidden(what + " is for the " +
                             (by == CaseActor::kApplicant ? "officer" : "applicant"));
  return Status::Conflict("a case that is " + std::string(CaseStateName(from)) + " cannot " + what);
}

bool IsFinal(CaseState s) {
  return s == CaseState::kRefused || s == CaseState::kClosed || s == CaseState::kWithdrawn;
}

bool ClockRuns(CaseState s) { return s == CaseState::kAccepted || s == CaseState::kReview; }

}  // namespace ow::hall
