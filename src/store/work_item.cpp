#include "store/work_item.h"
#include "common/text.h"

#include <algorithm>
#include <cctype>

#include "store/entity_ref.h"
#include "store/plan.h"
#include "store/shapes.h"
#include "store/short_codes.h"

namespace pm::store {

namespace {

std::optional<int64_t> Digits(const std::string& text) {
  if (text.empty() || text.size() > 18 ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  return std::stoll(text);
}

}  // namespace

const char* KindName(WorkKind kind) {
  switch (kind) {
    case WorkKind::kPlan:
      return "plan";
    case WorkKind::kPhase:
      return "phase";
    case WorkKind::kStep:
      return "step";
  }
  return "step";
}

std::optional<WorkKind> ParseKind(const std::string& name) {
  const std::string lower = AsciiLower(name);
  if (lower == "plan") return WorkKind::kPlan;
  if (lower == "phase") return WorkKind::kPhase;
  if (lower == "step" || lower == "task") return WorkKind::kStep;
  return std::nullopt;
}

std::optional<int64_t> WorkItemWorkspace(Database& db, const WorkItem& item) {
  static constexpr const char* kSql[] = {
      "SELECT workspace_id FROM plans WHERE id = ?",
      ("SELECT p.workspace_id FROM phases AS ph JOIN plans AS p ON p.id = ph.plan_id "
       "WHERE ph.id = ?"),
      "SELECT workspace_id FROM steps WHERE id = ?",
  };
  auto q = db.Prepare(kSql[static_cast<int>(item.kind)]);
  q.Bind(1, item.id);
  if (!q.Step()) return std::nullopt;
  return q.Int64(0);
}

std::optional<WorkItem> FindWorkItem(Database& db, int64_t workspace_id, const std::string& ref) {
  // kind:id
  if (auto colon = ref.find(':'); colon != std::string::npos) {
    auto kind = ParseKind(ref.substr(0, colon));
    auto id = Digits(ref.substr(colon + 1));
    if (!kind || !id) return std::nullopt;
    WorkItem item{*kind, *id};
    if (WorkItemWorkspace(db, item) != workspace_id) return std::nullopt;
    return item;
  }
  // P12/Design: a phase by its plan's code and its name.
  if (auto slash = ref.find('/'); slash != std::string::npos) {
    auto plan = FindPlan(db, workspace_id, ref.substr(0, slash));
    if (!plan) return std::nullopt;
    // idx_phases_plan_order: a plan has few phases.
    auto q = db.Prepare(
        "SELECT id FROM phases WHERE plan_id = ? AND lower(name) = lower(?) "
        "ORDER BY order_index LIMIT 1");
    q.Bind(1, plan->id);
    q.Bind(2, ref.substr(slash + 1));
    if (!q.Step()) return std::nullopt;
    return WorkItem{WorkKind::kPhase, q.Int64(0)};
  }
  if (auto step = FindIdByRef(db, shapes::kStep, workspace_id, ref, code_prefix::kStep);
      step && NormalizeCode(ref, code_prefix::kStep)) {
    return WorkItem{WorkKind::kStep, *step};
  }
  if (auto plan = FindPlan(db, workspace_id, ref); plan && NormalizeCode(ref, code_prefix::kPlan)) {
    return WorkItem{WorkKind::kPlan, plan->id};
  }
  return std::nullopt;
}

std::string WorkItemLabel(Database& db, const WorkItem& item) {
  static constexpr const char* kSql[] = {
      "SELECT code FROM plans WHERE id = ?",
      ("SELECT p.code || '/' || ph.name FROM phases AS ph JOIN plans AS p ON p.id = ph.plan_id "
       "WHERE ph.id = ?"),
      "SELECT code FROM steps WHERE id = ?",
  };
  auto q = db.Prepare(kSql[static_cast<int>(item.kind)]);
  q.Bind(1, item.id);
  if (!q.Step()) return std::string(KindName(item.kind)) + ":" + std::to_string(item.id);
  return q.Text(0);
}

std::optional<int64_t> FindTrackId(Database& db, int64_t workspace_id, const json& ref) {
  std::optional<int64_t> id;
  if (ref.is_number_integer()) id = ref.get<int64_t>();
  if (ref.is_string()) id = Digits(ref.get<std::string>());
  auto q = db.Prepare(id ? "SELECT id FROM tracks WHERE workspace_id = ? AND id = ?"
                         : "SELECT id FROM tracks WHERE workspace_id = ? AND lower(name) = "
                           "lower(?)");
  q.Bind(1, workspace_id);
  if (id) {
    q.Bind(2, *id);
  } else if (ref.is_string()) {
    q.Bind(2, ref.get<std::string>());
  } else {
    return std::nullopt;
  }
  if (!q.Step()) return std::nullopt;
  return q.Int64(0);
}

}  // namespace pm::store
