#include "store/transitions.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "common/user_error.h"

namespace pm::store {

TEST_CASE("status transition tables") {
  struct Case {
    StatusModel model;
    const char* from;
    const char* to;
    bool allowed;
  };
  const Case cases[] = {
      {StatusModel::kStep, "pending", "in_progress", true},
      {StatusModel::kStep, "pending", "completed", false},  // must be started first
      {StatusModel::kStep, "in_progress", "completed", true},
      {StatusModel::kStep, "blocked", "in_progress", false},
      {StatusModel::kStep, "blocked", "pending", true},
      {StatusModel::kStep, "completed", "pending", true},  // explicit reopen
      {StatusModel::kStep, "completed", "in_progress", false},
      {StatusModel::kStep, "cancelled", "cancelled", true},  // no-op
      {StatusModel::kPlan, "draft", "completed", false},
      {StatusModel::kPlan, "active", "completed", true},
      {StatusModel::kPlan, "completed", "active", true},
      {StatusModel::kFeedback, "new", "duplicate", true},
      {StatusModel::kFeedback, "resolved", "in_progress", false},
      {StatusModel::kFeedback, "wont_fix", "new", true},
      {StatusModel::kStep, "unknown", "pending", false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.from);
    CAPTURE(c.to);
    CHECK(IsTransitionAllowed(c.model, c.from, c.to) == c.allowed);
  }
  // Every target of every table is a state of its model.
  for (StatusModel m : {StatusModel::kStep, StatusModel::kPlan, StatusModel::kFeedback}) {
    const auto& states = States(m);
    for (const auto& from : states) {
      for (const auto& to : NextStates(m, from)) {
        CHECK(std::find(states.begin(), states.end(), to) != states.end());
      }
    }
  }
}

TEST_CASE("an illegal move names the allowed next states") {
  CHECK_THROWS_WITH_AS(CheckTransition(StatusModel::kStep, "step T4", "blocked", "completed"),
                       "step T4 cannot go from blocked to completed; allowed from blocked: "
                       "pending, cancelled",
                       UserError);
}

}  // namespace pm::store
