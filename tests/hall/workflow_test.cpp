// The workflow table: names round-trip, who may take which action, final states.
#include "hall/workflow.h"

#include <gtest/gtest.h>

namespace ow::hall {
namespace {

TEST(WorkflowTest, NamesRoundTrip) {
  for (int i = 0; i <= static_cast<int>(CaseState::kWithdrawn); ++i) {
    auto s = static_cast<CaseState>(i);
    EXPECT_EQ(ParseCaseState(CaseStateName(s)), s);
  }
  for (int i = 0; i <= static_cast<int>(CaseAction::kWithdraw); ++i) {
    auto a = static_cast<CaseAction>(i);
    EXPECT_EQ(ParseCaseAction(CaseActionName(a)), a);
  }
  EXPECT_FALSE(ParseCaseState("pending").has_value());
}

TEST(WorkflowTest, EachPartyTakesOnlyItsOwnActions) {
  EXPECT_EQ(FindTransition(CaseState::kSubmitted, CaseAction::kAccept, CaseActor::kOfficer)->to,
            CaseState::kAccepted);
  EXPECT_EQ(FindTransition(CaseState::kSubmitted, CaseAction::kAccept, CaseActor::kApplicant)
                .status()
                .code(),
            Code::kForbidden);
  EXPECT_EQ(FindTransition(CaseState::kCorrection, CaseAction::kResubmit, CaseActor::kOfficer)
                .status()
                .code(),
            Code::kForbidden);
  EXPECT_EQ(
      FindTransition(CaseState::kDraft, CaseAction::kAccept, CaseActor::kOfficer).status().code(),
      Code::kConflict);
  EXPECT_TRUE(
      FindTransition(CaseState::kReview, CaseAction::kReject, CaseActor::kOfficer)->note_required);
}

TEST(WorkflowTest, NothingLeavesAFinalState) {
  for (const Transition& t : Transitions()) {
    EXPECT_FALSE(IsFinal(t.from)) << CaseStateName(t.from);
  }
  for (CaseState s : {CaseState::kRefused, CaseState::kClosed, CaseState::kWithdrawn})
    EXPECT_TRUE(IsFinal(s));
  EXPECT_TRUE(ClockRuns(CaseState::kReview));
  EXPECT_FALSE(ClockRuns(CaseState::kCorrection));
}

}  // namespace
}  // namespace ow::hall
