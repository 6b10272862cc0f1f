#include "store/feedback_repository.h"
#include "store/clock.h"

#include "common/user_error.h"
#include "store/change_log.h"
#include "store/entity_ref.h"
#include "store/shapes.h"
#include "store/short_codes.h"
#include "store/transitions.h"

namespace pm::store {

namespace {

bool IsClosed(const std::string& status) { return status == "resolved" || status == "wont_fix"; }

std::string Name(const json& row) { return "feedback " + row["code"].get<std::string>(); }

}  // namespace

json FeedbackRepository::Require(int64_t workspace_id, int64_t id) {
  auto row = SelectOne(db_, shapes::kFeedback, "id = ? AND workspace_id = ?", {id, workspace_id});
  if (!row) throw UserError("feedback " + std::to_string(id) + " no longer exists");
  return *row;
}

json FeedbackRepository::Report(int64_t workspace_id, const NewFeedback& item, const Actor& actor) {
  return db_.Write([&] {
    json values = {{"workspace_id", workspace_id},
                   {"code", AllocateCode(db_, workspace_id, code_prefix::kFeedback)},
                   {"kind", item.kind},
                   {"title", item.title},
                   {"body", OrNull(item.body)},
                   {"severity", OrNull(item.severity)},
                   {"reported_by", OrNull(item.reported_by)},
                   {"plan_id", item.plan_id ? json(*item.plan_id) : json(nullptr)}};
    return InsertLogged(db_, {shapes::kFeedback, "feedback", workspace_id}, values, actor);
  });
}

std::optional<json> FeedbackRepository::Find(int64_t workspace_id, const json& ref) {
  return FindByRef(db_, shapes::kFeedback, workspace_id, ref, code_prefix::kFeedback);
}

FeedbackPage FeedbackRepository::List(int64_t workspace_id, const FeedbackFilter& filter, int limit,
                                      int64_t after_id) {
  std::string where = "workspace_id = ? AND id > ?";
  std::vector<json> params = {workspace_id, after_id};
  auto add = [&](const char* column, const json& value) {
    where += std::string(" AND ") + column + " = ?";
    params.push_back(value);
  };
  if (filter.kind) add("kind", *filter.kind);
  if (filter.status) add("status", *filter.status);
  if (filter.severity) add("severity", *filter.severity);
  if (filter.plan_id) add("plan_id", *filter.plan_id);
  params.push_back(limit + 1);
  // Keyset paging on the primary key; idx_feedback_workspace_status serves the
  // status filter, idx_feedback_plan the plan filter.
  FeedbackPage page;
  page.items = Query(db_, shapes::kFeedback,
                     "SELECT id, code, kind, title, severity, status, plan_id, duplicate_of, "
                     "reported_by, created_at, updated_at FROM feedback WHERE " +
                         where + " ORDER BY id LIMIT ?",
                     params);
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.pop_back();
    page.next_after_id = page.items.back()["id"].get<int64_t>();
  }
  return page;
}

json FeedbackRepository::StatusPatch(const json& row, const std::string& to,
                                     std::optional<int64_t> duplicate_of) {
  const std::string from = row["status"];
  CheckTransition(StatusModel::kFeedback, Name(row), from, to);
  json patch = {{"status", to}};
  if (to == "duplicate") {
    if (!duplicate_of) {
      throw UserError(Name(row) +
                      ": mark a duplicate with action triage and duplicate_of (the "
                      "item it repeats)");
    }
    const int64_t id = row["id"];
    // Follow the chain from the original so no item ends up a duplicate of itself.
    std::optional<int64_t> cursor = duplicate_of;
    while (cursor) {
      if (*cursor == id) {
        throw UserError(Name(row) + " cannot be a duplicate of itself or of its own duplicates");
      }
      json original = Require(row["workspace_id"], *cursor);
      cursor = original["duplicate_of"].is_null()
                   ? std::nullopt
                   : std::optional<int64_t>(original["duplicate_of"].get<int64_t>());
    }
    patch["duplicate_of"] = *duplicate_of;
  } else if (!row["duplicate_of"].is_null()) {
    patch["duplicate_of"] = nullptr;
  }
  if (IsClosed(to) && !IsClosed(from)) patch["resolved_at"] = NowTimestamp();
  if (!IsClosed(to) && !row["resolved_at"].is_null()) patch["resolved_at"] = nullptr;
  return patch;
}

json FeedbackRepository::Change(int64_t workspace_id, int64_t id, const json& patch,
                                const Actor& actor) {
  return UpdateLogged(db_, {shapes::kFeedback, "feedback", workspace_id}, id, patch, actor);
}

json FeedbackRepository::Triage(int64_t workspace_id, int64_t id,
                                const std::optional<std::string>& severity,
                                std::optional<int64_t> duplicate_of, const Actor& actor) {
  return db_.Write([&] {
    json row = Require(workspace_id, id);
    json patch = StatusPatch(row, duplicate_of ? "duplicate" : "triaged", duplicate_of);
    if (severity) patch["severity"] = *severity;
    return Change(workspace_id, id, patch, actor);
  });
}

json FeedbackRepository::Update(int64_t workspace_id, int64_t id, const json& patch,
                                const Actor& actor) {
  return db_.Write([&] {
    json row = Require(workspace_id, id);
    json full = patch;
    if (patch.contains("status")) {
      full.erase("status");
      if (patch["status"] != row["status"]) {
        full.update(StatusPatch(row, patch["status"], std::nullopt));
      }
    }
    return Change(workspace_id, id, full, actor);
  });
}

json FeedbackRepository::LinkPlan(int64_t workspace_id, int64_t id, std::optional<int64_t> plan_id,
                                  const Actor& actor) {
  return db_.Write([&] {
    Require(workspace_id, id);
    return Change(workspace_id, id, {{"plan_id", plan_id ? json(*plan_id) : json(nullptr)}}, actor);
  });
}

}  // namespace pm::store
