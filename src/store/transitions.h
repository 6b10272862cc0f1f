// The status models of steps, plans and feedback as transition tables. The
// database's CHECK constraints fix the set of states; these tables fix which
// moves between them are legal. An illegal move is a UserError naming the
// allowed next states.
#pragma once

#include <string>
#include <vector>

namespace pm::store {

enum class StatusModel { kStep, kPlan, kFeedback };

// Every state of the model, in lifecycle order.
const std::vector<std::string>& States(StatusModel model);

// States reachable from `from` in one move (empty for an unknown state).
std::vector<std::string> NextStates(StatusModel model, const std::string& from);

bool IsTransitionAllowed(StatusModel model, const std::string& from, const std::string& to);

// Throws UserError: "<what> cannot go from X to Y; allowed from X: a, b".
// Moving to the current state is allowed (a no-op).
void CheckTransition(StatusModel model, const std::string& what, const std::string& from,
                     const std::string& to);

}  // namespace pm::store
