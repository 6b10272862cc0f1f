// The feedback aggregate as typed rows (seed 001): a bug, idea or question
// reported in a workspace, with an FB-code, a status that moves by the feedback
// transition table, an optional duplicate_of and an optional plan that
// addresses it. FeedbackSummary is what listings show (no body, resolution or
// bookkeeping); Feedback is the whole item.
//
// The column lists and readers go together: each reader takes its columns in
// that order, and kFeedbackColumns starts with kFeedbackSummaryColumns.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "store/database.h"

namespace pm::store {

struct FeedbackSummary {
  int64_t id = 0;
  std::string code;  // FB3, unique in the workspace
  std::string kind;  // bug | idea | question
  std::string title;
  std::optional<std::string> severity;  // low | medium | high | critical
  std::string status;                   // new | triaged | in_progress | resolved | ...
  std::optional<int64_t> plan_id, duplicate_of;
  std::optional<std::string> reported_by;
  std::string created_at, updated_at;
};

struct Feedback : FeedbackSummary {
  int64_t workspace_id = 0;
  std::optional<std::string> body, resolution, resolved_at;
  std::optional<int64_t> created_session_id;  // the session that reported it
};

extern const char* const kFeedbackSummaryColumns;
extern const char* const kFeedbackColumns;
// Read their columns from the current row, starting at column `first`.
FeedbackSummary ReadFeedbackSummary(Statement& row, int first = 0);
Feedback ReadFeedback(Statement& row, int first = 0);

// {id, code, kind, title, severity, status, plan_id, duplicate_of,
// reported_by, created_at, updated_at}, absent values as null.
nlohmann::json ToJson(const FeedbackSummary& item);
// Every column, absent values as null: what structuredContent and update_log show.
nlohmann::json ToJson(const Feedback& item);

}  // namespace pm::store
