#include "store/transitions.h"

#include <algorithm>
#include <map>

#include "common/text.h"
#include "common/user_error.h"

namespace pm::store {

namespace {

using Table = std::map<std::string, std::vector<std::string>>;

struct Model {
  std::vector<std::string> states;  // lifecycle order
  Table next;                       // legal moves
};

const Model& ModelOf(StatusModel model) {
  // step: pending -> in_progress -> completed; open states may block or cancel;
  // blocked returns to pending; completed and cancelled reopen to pending.
  static const Model kStep = {{"pending", "in_progress", "blocked", "completed", "cancelled"},
                              {{"pending", {"in_progress", "blocked", "cancelled"}},
                               {"in_progress", {"completed", "pending", "blocked", "cancelled"}},
                               {"blocked", {"pending", "cancelled"}},
                               {"completed", {"pending"}},
                               {"cancelled", {"pending"}}}};
  static const Model kPlan = {
      {"draft", "planned", "active", "paused", "blocked", "completed", "cancelled"},
      {{"draft", {"planned", "active", "cancelled"}},
       {"planned", {"draft", "active", "paused", "blocked", "cancelled"}},
       {"active", {"paused", "blocked", "completed", "cancelled"}},
       {"paused", {"planned", "active", "cancelled"}},
       {"blocked", {"planned", "active", "cancelled"}},
       {"completed", {"active"}},
       {"cancelled", {"draft", "planned"}}}};
  static const Model kFeedback = {
      {"new", "triaged", "in_progress", "resolved", "wont_fix", "duplicate"},
      {{"new", {"triaged", "in_progress", "resolved", "wont_fix", "duplicate"}},
       {"triaged", {"in_progress", "resolved", "wont_fix", "duplicate"}},
       {"in_progress", {"triaged", "resolved", "wont_fix"}},
       {"resolved", {"new"}},
       {"wont_fix", {"new"}},
       {"duplicate", {"new"}}}};
  switch (model) {
    case StatusModel::kPlan:
      return kPlan;
    case StatusModel::kFeedback:
      return kFeedback;
    case StatusModel::kStep:
      break;
  }
  return kStep;
}

}  // namespace

const std::vector<std::string>& States(StatusModel model) { return ModelOf(model).states; }

std::vector<std::string> NextStates(StatusModel model, const std::string& from) {
  const Table& table = ModelOf(model).next;
  auto it = table.find(from);
  return it == table.end() ? std::vector<std::string>{} : it->second;
}

bool IsTransitionAllowed(StatusModel model, const std::string& from, const std::string& to) {
  if (from == to) return true;
  auto next = NextStates(model, from);
  return std::find(next.begin(), next.end(), to) != next.end();
}

void CheckTransition(StatusModel model, const std::string& what, const std::string& from,
                     const std::string& to) {
  if (IsTransitionAllowed(model, from, to)) return;
  auto next = NextStates(model, from);
  throw UserError(what + " cannot go from " + from + " to " + to + "; allowed from " + from + ": " +
                  (next.empty() ? std::string("nothing") : JoinChoices(next, ", ")));
}

}  // namespace pm::store
