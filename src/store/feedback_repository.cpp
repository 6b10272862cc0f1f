#include "store/feedback_repository.h"
#include "store/clock.h"

#include "common/user_error.h"
#include "store/change_log.h"
#include "store/created_session.h"
#include "store/entity_ref.h"
#include "store/shapes.h"
#include "store/short_codes.h"
#include "store/transitions.h"
#include "store/typed_query.h"

namespace pm::store {

namespace {

bool IsClosed(const std::string& status) { return status == "resolved" || status == "wont_fix"; }

std::string Name(const Feedback& item) { return "feedback " + item.code; }

}  // namespace

std::optional<Feedback> FeedbackRepository::FindWhere(const std::string& where,
                                                      const std::vector<SqlValue>& params) {
  return ReadFirst(db_, std::string("SELECT ") + kFeedbackColumns + " FROM feedback WHERE " + where,
                   params, ReadFeedback);
}

Feedback FeedbackRepository::Require(int64_t workspace_id, int64_t id) {
  auto row = FindWhere("id = ? AND workspace_id = ?", {id, workspace_id});
  if (!row) throw UserError("feedback " + std::to_string(id) + " no longer exists");
  return *row;
}

Feedback FeedbackRepository::Report(int64_t workspace_id, const NewFeedback& item,
                                    const Actor& actor) {
  return db_.Write([&] {
    json values = {{"workspace_id", workspace_id},
                   {"code", AllocateCode(db_, workspace_id, code_prefix::kFeedback)},
                   {"kind", item.kind},
                   {"title", item.title},
                   {"body", OrNull(item.body)},
                   {"severity", OrNull(item.severity)},
                   {"reported_by", OrNull(item.reported_by)},
                   {"plan_id", OrNull(item.plan_id)},
                   {"created_session_id", OrNull(CreatedSessionId(db_, workspace_id, actor))}};
    const int64_t id = InsertRow(db_, "feedback", values);
    Feedback created = Require(workspace_id, id);
    RecordChange(db_, {workspace_id, "feedback", id, "create", nullptr, ToJson(created)}, actor);
    return created;
  });
}

std::optional<Feedback> FeedbackRepository::Find(int64_t workspace_id, const json& ref) {
  if (auto id = RefAsId(ref)) return FindWhere("id = ? AND workspace_id = ?", {*id, workspace_id});
  if (!ref.is_string()) return std::nullopt;
  auto code = NormalizeCode(ref.get<std::string>(), code_prefix::kFeedback);
  if (!code) return std::nullopt;
  // Uses the UNIQUE (workspace_id, code) index.
  return FindWhere("workspace_id = ? AND code = ?", {workspace_id, *code});
}

FeedbackPage FeedbackRepository::List(int64_t workspace_id, const FeedbackFilter& filter, int limit,
                                      int64_t after_id) {
  std::string where = "workspace_id = ? AND id > ?";
  std::vector<SqlValue> params = {workspace_id, after_id};
  auto add = [&](const char* column, SqlValue value) {
    where += std::string(" AND ") + column + " = ?";
    params.push_back(std::move(value));
  };
  if (filter.kind) add("kind", *filter.kind);
  if (filter.status) add("status", *filter.status);
  if (filter.severity) add("severity", *filter.severity);
  if (filter.plan_id) add("plan_id", *filter.plan_id);
  if (filter.created_session_id) add("created_session_id", *filter.created_session_id);
  params.push_back(static_cast<int64_t>(limit) + 1);
  // Keyset paging on the primary key; idx_feedback_workspace_status serves the
  // status filter, idx_feedback_plan the plan filter.
  FeedbackPage page;
  page.items = ReadAll(db_,
                       std::string("SELECT ") + kFeedbackSummaryColumns + " FROM feedback WHERE " +
                           where + " ORDER BY id LIMIT ?",
                       params, ReadFeedbackSummary);
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.pop_back();
    page.next_after_id = page.items.back().id;
  }
  return page;
}

json FeedbackRepository::StatusPatch(const Feedback& row, const std::string& to,
                                     std::optional<int64_t> duplicate_of) {
  const std::string& from = row.status;
  CheckTransition(StatusModel::kFeedback, Name(row), from, to);
  json patch = {{"status", to}};
  if (to == "duplicate") {
    if (!duplicate_of) {
      throw UserError(Name(row) +
                      ": mark a duplicate with action triage and duplicate_of (the "
                      "item it repeats)");
    }
    // Follow the chain from the original so no item ends up a duplicate of itself.
    std::optional<int64_t> cursor = duplicate_of;
    while (cursor) {
      if (*cursor == row.id) {
        throw UserError(Name(row) + " cannot be a duplicate of itself or of its own duplicates");
      }
      cursor = Require(row.workspace_id, *cursor).duplicate_of;
    }
    patch["duplicate_of"] = *duplicate_of;
  } else if (row.duplicate_of) {
    patch["duplicate_of"] = nullptr;
  }
  if (IsClosed(to) && !IsClosed(from)) patch["resolved_at"] = NowTimestamp();
  if (!IsClosed(to) && row.resolved_at) patch["resolved_at"] = nullptr;
  return patch;
}

Feedback FeedbackRepository::Change(const Feedback& before, const json& patch, const Actor& actor) {
  UpdateRow(db_, "feedback", before.id, patch);
  Feedback after = Require(before.workspace_id, before.id);
  RecordChange(
      db_, {before.workspace_id, "feedback", before.id, "update", ToJson(before), ToJson(after)},
      actor);
  return after;
}

Feedback FeedbackRepository::Triage(int64_t workspace_id, int64_t id,
                                    const std::optional<std::string>& severity,
                                    std::optional<int64_t> duplicate_of, const Actor& actor) {
  return db_.Write([&] {
    Feedback row = Require(workspace_id, id);
    json patch = StatusPatch(row, duplicate_of ? "duplicate" : "triaged", duplicate_of);
    if (severity) patch["severity"] = *severity;
    return Change(row, patch, actor);
  });
}

Feedback FeedbackRepository::Update(int64_t workspace_id, int64_t id, const json& patch,
                                    const Actor& actor) {
  return db_.Write([&] {
    Feedback row = Require(workspace_id, id);
    json full = patch;
    if (patch.contains("status")) {
      full.erase("status");
      if (patch["status"] != row.status) {
        full.update(StatusPatch(row, patch["status"], std::nullopt));
      }
    }
    return Change(row, full, actor);
  });
}

Feedback FeedbackRepository::LinkPlan(int64_t workspace_id, int64_t id,
                                      std::optional<int64_t> plan_id, const Actor& actor) {
  return db_.Write([&] {
    Feedback row = Require(workspace_id, id);
    return Change(row, {{"plan_id", OrNull(plan_id)}}, actor);
  });
}

}  // namespace pm::store
