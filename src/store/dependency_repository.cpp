#include "store/dependency_repository.h"

#include <deque>
#include <unordered_map>

#include "common/user_error.h"
#include "store/change_log.h"
#include "store/typed_query.h"

namespace pm::store {

namespace {

// A node of the "needs" graph searched for cycles. Each item has two: its gate
// (it may start: its blockers, and its container's, are complete) and its done
// (it is complete). Encoded in one integer for the visited map.
struct Node {
  WorkItem item;
  bool done = false;

  int64_t Key() const { return item.id * 8 + static_cast<int64_t>(item.kind) * 2 + (done ? 1 : 0); }
  static Node FromKey(int64_t key) {
    return {{static_cast<WorkKind>((key % 8) / 2), key / 8}, key % 2 == 1};
  }
};

// The prepared statements one cycle search reuses for every node it expands.
// Each query is an index lookup: dependencies' UNIQUE (source_kind, source_id,
// ...), steps by id / phase_id / plan_id, phases by id / (plan_id, order_index).
class NeedsGraph {
 public:
  explicit NeedsGraph(Database& db)
      : targets_(db.Prepare("SELECT target_kind, target_id FROM dependencies "
                            "WHERE source_kind = ? AND source_id = ?")),
        step_phase_(db.Prepare("SELECT phase_id FROM steps WHERE id = ?")),
        phase_plan_(db.Prepare("SELECT plan_id, order_index FROM phases WHERE id = ?")),
        earlier_phases_(db.Prepare("SELECT id FROM phases WHERE plan_id = ? AND order_index < ?")),
        phase_steps_(db.Prepare("SELECT id FROM steps WHERE phase_id = ?")),
        plan_steps_(db.Prepare("SELECT id FROM steps WHERE plan_id = ?")) {}

  // What `node` needs before it can happen.
  template <typename Visit>
  void ForEachNeed(const Node& node, Visit&& visit) {
    const WorkItem& item = node.item;
    if (node.done) {
      visit(Node{item, false});  // nothing is done before it could start
      if (item.kind == WorkKind::kPhase)
        EachId(phase_steps_, item.id, WorkKind::kStep, true, visit);
      if (item.kind == WorkKind::kPlan) EachId(plan_steps_, item.id, WorkKind::kStep, true, visit);
      return;
    }
    targets_.Bind(1, KindName(item.kind));
    targets_.Bind(2, item.id);
    while (targets_.Step()) {
      visit(Node{{*ParseKind(targets_.Text(0)), targets_.Int64(1)}, true});
    }
    targets_.Reset();
    if (item.kind == WorkKind::kStep) {
      // A step inherits its phase's gate (which inherits its plan's).
      step_phase_.Bind(1, item.id);
      if (step_phase_.Step()) visit(Node{{WorkKind::kPhase, step_phase_.Int64(0)}, false});
      step_phase_.Reset();
    } else if (item.kind == WorkKind::kPhase) {
      phase_plan_.Bind(1, item.id);
      if (phase_plan_.Step()) {
        const int64_t plan_id = phase_plan_.Int64(0);
        const int64_t order = phase_plan_.Int64(1);
        phase_plan_.Reset();
        visit(Node{{WorkKind::kPlan, plan_id}, false});
        // Every earlier phase of the plan must be done first.
        earlier_phases_.Bind(1, plan_id);
        earlier_phases_.Bind(2, order);
        while (earlier_phases_.Step()) {
          visit(Node{{WorkKind::kPhase, earlier_phases_.Int64(0)}, true});
        }
        earlier_phases_.Reset();
      } else {
        phase_plan_.Reset();
      }
    }
  }

 private:
  template <typename Visit>
  void EachId(Statement& q, int64_t id, WorkKind kind, bool done, Visit&& visit) {
    q.Bind(1, id);
    std::vector<int64_t> ids;
    while (q.Step()) ids.push_back(q.Int64(0));
    q.Reset();
    for (int64_t child : ids) visit(Node{{kind, child}, done});
  }

  Statement targets_, step_phase_, phase_plan_, earlier_phases_, phase_steps_, plan_steps_;
};

}  // namespace

std::string CycleText(const std::vector<std::string>& labels) {
  // A long cycle shows its start and its end; the middle is counted.
  constexpr size_t kHead = 8, kTail = 3;
  std::string text;
  for (size_t i = 0; i < labels.size(); ++i) {
    if (labels.size() > kHead + kTail + 1 && i == kHead) {
      text += " → … (" + std::to_string(labels.size() - kHead - kTail) + " more)";
      i = labels.size() - kTail - 1;
      continue;
    }
    text += (text.empty() ? "" : " → ") + labels[i];
  }
  return text;
}

std::vector<std::string> DependencyRepository::CycleThrough(const WorkItem& source,
                                                            const WorkItem& target) {
  NeedsGraph graph(db_);
  const int64_t goal = Node{source, false}.Key();
  const int64_t start = Node{target, true}.Key();
  std::unordered_map<int64_t, int64_t> parent = {{start, start}};
  std::deque<int64_t> queue = {start};
  bool found = start == goal;
  while (!queue.empty() && !found) {
    const int64_t key = queue.front();
    queue.pop_front();
    graph.ForEachNeed(Node::FromKey(key), [&](const Node& next) {
      if (found) return;
      const int64_t k = next.Key();
      if (!parent.emplace(k, key).second) return;
      if (k == goal) {
        found = true;
        return;
      }
      queue.push_back(k);
    });
  }
  if (!found) return {};
  // Walk back from the goal to the start, then name each item once per visit.
  std::vector<WorkItem> path;
  for (int64_t k = goal;; k = parent[k]) {
    path.push_back(Node::FromKey(k).item);
    if (k == start) break;
  }
  std::vector<std::string> labels = {WorkItemLabel(db_, source)};
  WorkItem last = source;
  for (auto it = path.rbegin(); it != path.rend(); ++it) {
    if (*it == last) continue;
    labels.push_back(WorkItemLabel(db_, *it));
    last = *it;
  }
  if (!(last == source)) labels.push_back(labels.front());
  return labels;
}

std::string DependencyRepository::StatusOf(const WorkItem& item) {
  switch (item.kind) {
    case WorkKind::kPlan:
    case WorkKind::kStep: {
      auto q = db_.Prepare(item.kind == WorkKind::kPlan ? "SELECT status FROM plans WHERE id = ?"
                                                        : "SELECT status FROM steps WHERE id = ?");
      q.Bind(1, item.id);
      return q.Step() ? q.Text(0) : "missing";
    }
    case WorkKind::kPhase: {
      // idx_steps_phase_status
      auto q = db_.Prepare(
          "SELECT EXISTS (SELECT 1 FROM steps WHERE phase_id = ? "
          "AND status IN ('pending', 'in_progress', 'blocked'))");
      q.Bind(1, item.id);
      q.Step();
      return q.Int(0) ? "open" : "completed";
    }
  }
  return "missing";
}

DependencyEdge DependencyRepository::Edge(Dependency row) {
  DependencyEnd source{row.source, WorkItemLabel(db_, row.source), StatusOf(row.source)};
  DependencyEnd target{row.target, WorkItemLabel(db_, row.target), StatusOf(row.target)};
  const bool satisfied = target.status == "completed";
  return {std::move(row), std::move(source), std::move(target), satisfied};
}

std::optional<Dependency> DependencyRepository::FindEdge(const WorkItem& source,
                                                         const WorkItem& target) {
  // The UNIQUE (source_kind, source_id, target_kind, target_id) index.
  return ReadFirst(db_,
                   std::string("SELECT ") + kDependencyColumns +
                       " FROM dependencies WHERE source_kind = ? AND source_id = ? AND "
                       "target_kind = ? AND target_id = ?",
                   {KindName(source.kind), source.id, KindName(target.kind), target.id},
                   ReadDependency);
}

void DependencyRepository::RequireInWorkspace(int64_t workspace_id, const WorkItem& item) {
  auto ws = WorkItemWorkspace(db_, item);
  if (!ws)
    throw UserError(std::string(KindName(item.kind)) + " " + std::to_string(item.id) +
                    " does not exist");
  if (*ws != workspace_id) {
    throw UserError(WorkItemLabel(db_, item) +
                    " belongs to another workspace; dependencies stay "
                    "inside one workspace");
  }
}

AddedDependency DependencyRepository::Add(int64_t workspace_id, const WorkItem& source,
                                          const WorkItem& target, const std::string& kind,
                                          const Actor& actor) {
  return db_.Write([&] {
    RequireInWorkspace(workspace_id, source);
    RequireInWorkspace(workspace_id, target);
    const std::string source_label = WorkItemLabel(db_, source);
    if (source == target) throw UserError(source_label + " cannot depend on itself");
    if (auto existing = FindEdge(source, target)) {
      if (existing->kind != kind) {
        UpdateRow(db_, "dependencies", existing->id, {{"kind", kind}}, false);
        Dependency after = *FindEdge(source, target);
        RecordChange(
            db_, {workspace_id, "dependency", after.id, "update", ToJson(*existing), ToJson(after)},
            actor);
        return AddedDependency{Edge(std::move(after)), false};
      }
      return AddedDependency{Edge(std::move(*existing)), false};
    }
    auto cycle = CycleThrough(source, target);
    if (!cycle.empty()) {
      throw UserError(source_label + " cannot depend on " + WorkItemLabel(db_, target) +
                      ": that would close the cycle " + CycleText(cycle) +
                      ". Remove an edge of the cycle first, or reverse this one.");
    }
    json values = {{"workspace_id", workspace_id}, {"source_kind", KindName(source.kind)},
                   {"source_id", source.id},       {"target_kind", KindName(target.kind)},
                   {"target_id", target.id},       {"kind", kind}};
    if (!actor.agent.empty()) values["created_by"] = actor.agent;
    const int64_t id = InsertRow(db_, "dependencies", values);
    Dependency row = *FindEdge(source, target);
    RecordChange(db_, {workspace_id, "dependency", id, "create", nullptr, ToJson(row)}, actor);
    return AddedDependency{Edge(std::move(row)), true};
  });
}

DependencyEdge DependencyRepository::Remove(int64_t workspace_id, const WorkItem& source,
                                            const WorkItem& target, const Actor& actor) {
  return db_.Write([&] {
    auto row = FindEdge(source, target);
    if (!row || row->workspace_id != workspace_id) {
      throw UserError(WorkItemLabel(db_, source) + " does not depend on " +
                      WorkItemLabel(db_, target));
    }
    DependencyEdge edge = Edge(*row);
    auto remove = db_.Prepare("DELETE FROM dependencies WHERE id = ?");
    remove.Bind(1, row->id);
    remove.Exec();
    RecordChange(db_, {workspace_id, "dependency", row->id, "delete", ToJson(*row), nullptr},
                 actor);
    return edge;
  });
}

std::vector<DependencyEdge> DependencyRepository::EdgesAt(const char* end, const WorkItem& item) {
  // source: the UNIQUE index; target: idx_dependencies_target.
  const std::string e = end;
  std::vector<Dependency> rows =
      ReadAll(db_,
              std::string("SELECT ") + kDependencyColumns + " FROM dependencies WHERE " + e +
                  "_kind = ? AND " + e + "_id = ? ORDER BY id",
              {KindName(item.kind), item.id}, ReadDependency);
  std::vector<DependencyEdge> edges;
  for (auto& row : rows) edges.push_back(Edge(std::move(row)));
  return edges;
}

std::vector<DependencyEdge> DependencyRepository::DependenciesOf(const WorkItem& item) {
  return EdgesAt("source", item);
}

std::vector<DependencyEdge> DependencyRepository::DependentsOf(const WorkItem& item) {
  return EdgesAt("target", item);
}

std::vector<DependencyEnd> DependencyRepository::UnmetBlockers(const WorkItem& item) {
  std::vector<DependencyEnd> blockers;
  auto q =
      db_.Prepare(std::string("SELECT d.target_kind, d.target_id FROM dependencies AS d "
                              "WHERE d.source_kind = ? AND d.source_id = ? AND d.kind = 'blocks' "
                              "AND NOT ") +
                  kTargetCompleteSql + " ORDER BY d.id");
  q.Bind(1, KindName(item.kind));
  q.Bind(2, item.id);
  while (q.Step()) {
    WorkItem target{*ParseKind(q.Text(0)), q.Int64(1)};
    blockers.push_back({target, WorkItemLabel(db_, target), StatusOf(target)});
  }
  return blockers;
}

}  // namespace pm::store
