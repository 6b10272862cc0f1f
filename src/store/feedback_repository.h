// FeedbackRepository owns the feedback table: bugs, ideas and questions that
// agents and people report in a workspace (seed 001), each with an FB-code, a
// status that moves by the feedback transition table, an optional duplicate_of
// (another item of the same workspace) and an optional plan that addresses it.
//
// Every method takes the workspace the caller works in; rows of other
// workspaces are never found or changed. Every change runs in one write
// transaction together with its update_log entry (entity_kind "feedback").
// Refusals a caller can fix (an illegal status move, a missing item) throw
// pm::UserError. Items are typed rows (feedback.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/actor.h"
#include "store/feedback.h"
#include "store/row_json.h"

namespace pm::store {

struct NewFeedback {
  std::string kind;  // bug, idea, question
  std::string title;
  std::optional<std::string> body, severity, reported_by;
  std::optional<int64_t> plan_id;  // REQUIRES: a plan of the same workspace
};

struct FeedbackFilter {
  std::optional<std::string> kind, status, severity;
  std::optional<int64_t> plan_id;
  std::optional<int64_t> created_session_id;  // items reported in this session
};

struct FeedbackPage {
  std::vector<FeedbackSummary> items;
  std::optional<int64_t> next_after_id;  // set when more rows follow
};

class FeedbackRepository {
 public:
  explicit FeedbackRepository(Database& db) : db_(db) {}

  // Stores a new item with status "new" and the next FB-code of the workspace.
  Feedback Report(int64_t workspace_id, const NewFeedback& item, const Actor& actor);

  // By id, digits or FB-code.
  std::optional<Feedback> Find(int64_t workspace_id, const json& ref);

  // Items with id > after_id matching `filter`, oldest first.
  FeedbackPage List(int64_t workspace_id, const FeedbackFilter& filter, int limit,
                    int64_t after_id);

  // Moves item `id` to "triaged", or to "duplicate" of `duplicate_of` when given,
  // optionally setting its severity.
  Feedback Triage(int64_t workspace_id, int64_t id, const std::optional<std::string>& severity,
                  std::optional<int64_t> duplicate_of, const Actor& actor);

  // Applies `patch` (any of title, body, severity, status, resolution). A status
  // change must be a legal move; "duplicate" needs Triage (it needs duplicate_of).
  Feedback Update(int64_t workspace_id, int64_t id, const json& patch, const Actor& actor);

  // Links item `id` to a plan (REQUIRES: of the same workspace), or unlinks it.
  Feedback LinkPlan(int64_t workspace_id, int64_t id, std::optional<int64_t> plan_id,
                    const Actor& actor);

 private:
  // An item of the workspace matching `where`, bound from `params`.
  std::optional<Feedback> FindWhere(const std::string& where, const std::vector<SqlValue>& params);
  Feedback Require(int64_t workspace_id, int64_t id);
  // The status columns of a move from row's status to `to`: status, resolved_at
  // and duplicate_of kept consistent with the new state.
  json StatusPatch(const Feedback& row, const std::string& to, std::optional<int64_t> duplicate_of);
  // Applies `patch` (touching updated_at) to `before`'s row and logs the change.
  Feedback Change(const Feedback& before, const json& patch, const Actor& actor);

  Database& db_;
};

}  // namespace pm::store
