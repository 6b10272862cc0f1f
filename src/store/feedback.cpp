#include "store/feedback.h"

#include "store/row_json.h"

namespace pm::store {

namespace {

constexpr int kFeedbackSummaryColumnCount = 11;

}  // namespace

const char* const kFeedbackSummaryColumns =
    "id, code, kind, title, severity, status, plan_id, duplicate_of, reported_by, created_at, "
    "updated_at";
const char* const kFeedbackColumns =
    "id, code, kind, title, severity, status, plan_id, duplicate_of, reported_by, created_at, "
    "updated_at, workspace_id, body, resolution, resolved_at, created_session_id";

FeedbackSummary ReadFeedbackSummary(Statement& row, int first) {
  int c = first;
  FeedbackSummary f;
  f.id = row.Int64(c++);
  f.code = row.Text(c++);
  f.kind = row.Text(c++);
  f.title = row.Text(c++);
  f.severity = row.OptText(c++);
  f.status = row.Text(c++);
  f.plan_id = row.OptInt64(c++);
  f.duplicate_of = row.OptInt64(c++);
  f.reported_by = row.OptText(c++);
  f.created_at = row.Text(c++);
  f.updated_at = row.Text(c++);
  return f;
}

Feedback ReadFeedback(Statement& row, int first) {
  Feedback f;
  static_cast<FeedbackSummary&>(f) = ReadFeedbackSummary(row, first);
  int c = first + kFeedbackSummaryColumnCount;
  f.workspace_id = row.Int64(c++);
  f.body = row.OptText(c++);
  f.resolution = row.OptText(c++);
  f.resolved_at = row.OptText(c++);
  f.created_session_id = row.OptInt64(c++);
  return f;
}

nlohmann::json ToJson(const FeedbackSummary& f) {
  return {{"id", f.id},
          {"code", f.code},
          {"kind", f.kind},
          {"title", f.title},
          {"severity", OrNull(f.severity)},
          {"status", f.status},
          {"plan_id", OrNull(f.plan_id)},
          {"duplicate_of", OrNull(f.duplicate_of)},
          {"reported_by", OrNull(f.reported_by)},
          {"created_at", f.created_at},
          {"updated_at", f.updated_at}};
}

nlohmann::json ToJson(const Feedback& f) {
  nlohmann::json out = ToJson(static_cast<const FeedbackSummary&>(f));
  out["workspace_id"] = f.workspace_id;
  out["body"] = OrNull(f.body);
  out["resolution"] = OrNull(f.resolution);
  out["resolved_at"] = OrNull(f.resolved_at);
  out["created_session_id"] = OrNull(f.created_session_id);
  return out;
}

}  // namespace pm::store
