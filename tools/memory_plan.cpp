// memory_plan: plans with their phases, acceptance criteria, notes, git links,
// templates, archive and history, dependencies and what is ready. See
// catalog/memory_plan.json.
#include "app/plan_export.h"
#include "app/plan_templates.h"
#include "common/cursor.h"
#include "common/user_error.h"
#include "store/dependency_repository.h"
#include "store/entity_ref.h"
#include "store/git_link_repository.h"
#include "store/plan_archive.h"
#include "store/plan_repository.h"
#include "store/scheduler.h"
#include "store/shapes.h"
#include "store/short_codes.h"
#include "tools/all_tools.h"
#include "tools/task_args.h"
#include "tools/tool_args.h"

namespace pm::tools {

namespace {

using mcp::ActionCall;
using mcp::ToolResult;

constexpr std::initializer_list<const char*> kPlanFields = {
    "title",     "description",     "goal",           "category", "priority", "tags",
    "non_goals", "stop_conditions", "estimate_hours", "era"};

std::string PlanLine(const json& plan) {
  std::string line = plan["code"].get<std::string>() + " " + plan["title"].get<std::string>() +
                     " [" + plan["status"].get<std::string>() + "]";
  if (plan.contains("progress")) {
    line += " " + plan["progress"]["completed"].dump() + "/" + plan["progress"]["total"].dump() +
            " steps";
  }
  return line;
}

std::string ViewText(const json& view) {
  std::string text =
      PlanLine(view["plan"]) + (view["plan"].value("archived", false) ? " (archived)" : "");
  for (const auto& phase : view["phases"]) {
    text += "\n  " + phase["name"].get<std::string>();
    for (const auto& step : phase["steps"]) {
      const std::string status = step["status"];
      const char* mark = status == "completed"     ? "[x]"
                         : status == "in_progress" ? "[>]"
                         : status == "blocked"     ? "[!]"
                         : status == "cancelled"   ? "[-]"
                                                   : "[ ]";
      text += "\n    " + std::string(mark) + " " + step["code"].get<std::string>() + " " +
              Summarize(step["task"].get<std::string>(), 80);
    }
  }
  for (const auto& r : view["requirements"]) {
    text += "\n  " + std::string(r["met"].get<bool>() ? "[x] " : "[ ] ") +
            r["code"].get<std::string>() + " " + Summarize(r["text"].get<std::string>(), 80);
  }
  return text;
}

class PlanTool {
 public:
  explicit PlanTool(ToolEnv& env) : env_(env), plans_(env.db) {}

  ToolResult Create(const ActionCall& call) {
    const json& a = call.args;
    store::Workspace ws = WorkspaceFor(env_, a);
    json plan = Pick(a, kPlanFields);
    plan["title"] = NonBlank(a, "title");
    if (a.contains("status")) plan["status"] = InitialStatus(a["status"]);
    json phases = json::array();
    for (const auto& name : a.value("phases", json::array())) {
      if (name.get<std::string>().empty()) throw UserError("phase names must not be empty");
      phases.push_back({{"name", name}});
    }
    int64_t id = plans_.Create(ws.id, plan, phases, a.value("requirements", json::array()),
                               ActorFor(env_, a));
    return ViewResult(id, "Created ");
  }

  ToolResult CreateFromTemplate(const ActionCall& call) {
    const json& a = call.args;
    store::Workspace ws = WorkspaceFor(env_, a);
    const json* tpl = app::FindPlanTemplate(a["template"]);
    if (!tpl) throw UserError("no template " + a["template"].get<std::string>());
    json plan = Pick(a, {"goal", "description", "priority"});
    plan["title"] = NonBlank(a, "title");
    plan["category"] = (*tpl)["category"];
    if (!plan.contains("description")) plan["description"] = (*tpl)["description"];
    if (a.contains("status")) plan["status"] = InitialStatus(a["status"]);
    int64_t id =
        plans_.Create(ws.id, plan, (*tpl)["phases"], (*tpl)["requirements"], ActorFor(env_, a));
    return ViewResult(id, "Created from template " + a["template"].get<std::string>() + ": ");
  }

  ToolResult Templates(const ActionCall&) {
    ToolResult result;
    json list = json::array();
    for (const auto& t : app::PlanTemplates()) {
      json phases = json::array();
      for (const auto& p : t["phases"]) phases.push_back(p["name"]);
      list.push_back({{"name", t["name"]}, {"description", t["description"]}, {"phases", phases}});
      result.text +=
          "- " + t["name"].get<std::string>() + ": " + t["description"].get<std::string>() + "\n";
    }
    result.structured = {{"templates", list}};
    return result;
  }

  ToolResult Get(const ActionCall& call) {
    store::Workspace ws = WorkspaceFor(env_, call.args);
    return ViewResult(PlanId(ws, call.args["plan"], true), "");
  }

  ToolResult List(const ActionCall& call) {
    const json& a = call.args;
    store::Workspace ws = WorkspaceFor(env_, a);
    store::PlanListFilter f;
    if (a.contains("status")) f.status = a["status"];
    if (a.contains("category")) f.category = a["category"];
    if (a.contains("tag")) f.tag = a["tag"];
    if (a.contains("track")) f.track_id = a["track"];
    if (a.contains("program")) f.program_id = a["program"];
    f.created_session_id = CreatedSessionFilter(env_, ws, a);
    f.sort = a["sort"];
    f.limit = a["limit"];
    f.include_archived = a["include_archived"];
    if (a.contains("cursor")) f.offset = Cursor(a["cursor"]);
    store::PlanPage page = plans_.List(ws.id, f);
    ToolResult result;
    for (const auto& p : page.plans) {
      const store::PlanStepCounts steps = p.steps.value_or(store::PlanStepCounts{});
      result.text +=
          "- " + p.code + " " + p.title + " [" + p.status + "]" +
          (p.archived ? " archived"
                      : " " + std::to_string(steps.completed) + "/" + std::to_string(steps.total)) +
          "\n";
    }
    if (page.plans.empty()) result.text = "No plans match.";
    result.structured = {
        {"plans", RowsJson(page.plans)},
        {"next_cursor", page.next_offset ? json(EncodeCursor(*page.next_offset)) : json(nullptr)}};
    return result;
  }

  ToolResult Update(const ActionCall& call) {
    const json& a = call.args;
    store::Workspace ws = WorkspaceFor(env_, a);
    json patch = Pick(a, kPlanFields);
    if (a.contains("status")) patch["status"] = a["status"];
    if (patch.contains("title")) patch["title"] = NonBlank(a, "title");
    if (patch.empty()) throw UserError("nothing to update: pass a field such as title or status");
    int64_t id = PlanId(ws, a["plan"]);
    plans_.Update(id, patch, ActorFor(env_, a));
    return ViewResult(id, "Updated ");
  }

  ToolResult Delete(const ActionCall& call) {
    store::Workspace ws = WorkspaceFor(env_, call.args);
    const store::Plan plan = RequirePlan(env_, ws, call.args["plan"]);
    plans_.Delete(plan.id, call.args["confirm"], ActorFor(env_, call.args));
    ToolResult result;
    result.structured = {{"deleted", true}, {"plan", store::ToJson(plan)}};
    result.text = "Deleted plan " + plan.code + ".";
    return result;
  }

  ToolResult Archive(const ActionCall& call) {
    store::Workspace ws = WorkspaceFor(env_, call.args);
    json summary = store::PlanArchive(env_.db).Archive(PlanId(ws, call.args["plan"]),
                                                       ActorFor(env_, call.args));
    ToolResult result;
    result.structured = {{"archive", summary}};
    result.text = "Archived " + summary["plan"].get<std::string>() + " with " +
                  RowCounts(summary["rows"]) + ". Restore it with action restore.";
    return result;
  }

  ToolResult Restore(const ActionCall& call) {
    store::Workspace ws = WorkspaceFor(env_, call.args);
    int64_t id = PlanId(ws, call.args["plan"], true);
    json summary = store::PlanArchive(env_.db).Restore(id, ActorFor(env_, call.args));
    ToolResult result = ViewResult(id, "Restored ");
    result.structured["archive"] = summary;
    return result;
  }

  ToolResult Clone(const ActionCall& call) {
    store::Workspace ws = WorkspaceFor(env_, call.args);
    const store::Plan plan = RequirePlan(env_, ws, call.args["plan"]);
    std::string title =
        call.args.contains("title") ? NonBlank(call.args, "title") : plan.title + " (copy)";
    return ViewResult(plans_.Clone(plan.id, title, ActorFor(env_, call.args)), "Cloned into ");
  }

  ToolResult AddNote(const ActionCall& call) {
    store::Workspace ws = WorkspaceFor(env_, call.args);
    json note = plans_.AddNote(PlanId(ws, call.args["plan"]), call.args["kind"],
                               NonBlank(call.args, "text"), ActorFor(env_, call.args));
    return Single("note", note, "Added " + note["kind"].get<std::string>() + " note.");
  }

  ToolResult AddRequirement(const ActionCall& call) {
    store::Workspace ws = WorkspaceFor(env_, call.args);
    store::Requirement r = plans_.AddRequirement(
        PlanId(ws, call.args["plan"]), NonBlank(call.args, "text"), ActorFor(env_, call.args));
    return Single("requirement", store::ToJson(r), "Added " + r.code + ".");
  }

  ToolResult UpdateRequirement(const ActionCall& call) {
    store::Workspace ws = WorkspaceFor(env_, call.args);
    const int64_t id = RequirementId(ws, call.args["requirement"]);
    json patch = Pick(call.args, {"text", "met", "verification"});
    if (patch.contains("text")) patch["text"] = NonBlank(call.args, "text");
    if (patch.empty()) throw UserError("nothing to update: pass text, met or verification");
    store::Requirement after = plans_.UpdateRequirement(id, patch, ActorFor(env_, call.args));
    return Single("requirement", store::ToJson(after),
                  after.code + (after.met ? " is met." : " is not met."));
  }

  ToolResult DeleteRequirement(const ActionCall& call) {
    store::Workspace ws = WorkspaceFor(env_, call.args);
    store::Requirement r = plans_.DeleteRequirement(RequirementId(ws, call.args["requirement"]),
                                                    ActorFor(env_, call.args));
    ToolResult result = Single("requirement", store::ToJson(r), "Deleted " + r.code + ".");
    result.structured["deleted"] = true;
    return result;
  }

  ToolResult AddPhase(const ActionCall& call) {
    store::Workspace ws = WorkspaceFor(env_, call.args);
    std::optional<int> index;
    if (call.args.contains("index")) index = call.args["index"].get<int>();
    store::Phase phase = plans_.AddPhase(PlanId(ws, call.args["plan"]), NonBlank(call.args, "name"),
                                         index, ActorFor(env_, call.args));
    return Single("phase", store::ToJson(phase),
                  "Added phase " + phase.name + " (id " + std::to_string(phase.id) + ").");
  }

  ToolResult RenamePhase(const ActionCall& call) {
    store::Workspace ws = WorkspaceFor(env_, call.args);
    const store::Phase phase = Phase(ws, call.args["phase"]);
    store::Phase after =
        plans_.RenamePhase(phase.id, NonBlank(call.args, "name"), ActorFor(env_, call.args));
    return Single("phase", store::ToJson(after),
                  "Renamed phase " + std::to_string(phase.id) + " to " + after.name + ".");
  }

  ToolResult ReorderPhases(const ActionCall& call) {
    store::Workspace ws = WorkspaceFor(env_, call.args);
    int64_t id = PlanId(ws, call.args["plan"]);
    plans_.ReorderPhases(id, call.args["order"].get<std::vector<int64_t>>(),
                         ActorFor(env_, call.args));
    return ViewResult(id, "Reordered phases of ");
  }

  ToolResult DeletePhase(const ActionCall& call) {
    store::Workspace ws = WorkspaceFor(env_, call.args);
    const store::Phase phase = Phase(ws, call.args["phase"]);
    std::optional<int64_t> move_to;
    if (call.args.contains("move_to")) move_to = call.args["move_to"].get<int64_t>();
    const store::DeletedPhase r =
        plans_.DeletePhase(phase.id, move_to, call.args["confirm"], ActorFor(env_, call.args));
    ToolResult result;
    result.structured = {{"deleted", true}, {"phase", store::ToJson(r)}};
    result.text = "Deleted phase " + phase.name + "; " + std::to_string(r.steps_moved) +
                  " steps moved, " + std::to_string(r.steps_deleted) + " deleted.";
    return result;
  }

  ToolResult LinkGit(const ActionCall& call) {
    const json& a = call.args;
    store::Workspace ws = WorkspaceFor(env_, a);
    store::GitLinkSpec spec;
    spec.workspace_id = ws.id;
    if (a.contains("step")) {
      json step =
          RequireRef(env_, store::shapes::kStep, ws, a["step"], store::code_prefix::kStep, "step");
      spec.step_id = step["id"].get<int64_t>();
      spec.plan_id = step["plan_id"];
      if (a.contains("plan") && PlanId(ws, a["plan"]) != spec.plan_id) {
        throw UserError("step " + step["code"].get<std::string>() + " is not in plan " +
                        (a["plan"].is_string() ? a["plan"].get<std::string>() : a["plan"].dump()));
      }
    } else if (a.contains("plan")) {
      spec.plan_id = PlanId(ws, a["plan"]);
    } else {
      throw UserError("link_git needs plan or step");
    }
    spec.kind = a["kind"];
    spec.ref = NonBlank(a, "ref");
    if (a.contains("message")) spec.message = a["message"].get<std::string>();
    if (a.contains("committed_at")) spec.committed_at = a["committed_at"].get<std::string>();
    json link = store::GitLinkRepository(env_.db).Link(spec, ActorFor(env_, a));
    ToolResult result;
    result.structured = {{"git_links", json::array({link})}};
    result.text = "Linked " + spec.kind + " " + spec.ref + ".";
    return result;
  }

  ToolResult Find(const ActionCall& call) {
    store::Workspace ws = WorkspaceFor(env_, call.args);
    auto matches = store::GitLinkRepository(env_.db).Find(ws.id, NonBlank(call.args, "ref"));
    ToolResult result;
    for (const auto& m : matches) {
      result.text += "- " + m["kind"].get<std::string>() + " " + m["code"].get<std::string>() +
                     " " + Summarize(m["title"].get<std::string>(), 80) + " (" +
                     m["via"].get<std::string>() + ")\n";
    }
    if (matches.empty())
      result.text = "Nothing matches " + call.args["ref"].get<std::string>() + ".";
    result.structured = {{"matches", matches}};
    return result;
  }

  ToolResult History(const ActionCall& call) {
    const json& a = call.args;
    store::Workspace ws = WorkspaceFor(env_, a);
    std::string kind = "plan";
    int64_t id;
    if (a.contains("step")) {
      kind = "step";
      id = RequireRefId(env_, store::shapes::kStep, ws, a["step"], store::code_prefix::kStep,
                        "step");
    } else if (a.contains("plan")) {
      id = PlanId(ws, a["plan"], true);
    } else {
      throw UserError("history needs plan or step");
    }
    const int limit = a["limit"];
    auto rows =
        plans_.History(ws.id, kind, id, limit, a.contains("cursor") ? Cursor(a["cursor"]) : 0);
    ToolResult result;
    for (const auto& r : rows) {
      result.text += r["created_at"].get<std::string>() + " " +
                     r["entity_kind"].get<std::string>() + " " + r["entity_id"].dump() + " " +
                     r["action"].get<std::string>() +
                     (r["agent"].is_string() ? " by " + r["agent"].get<std::string>() : "") + "\n";
    }
    if (rows.empty()) result.text = "No changes recorded.";
    const bool more = static_cast<int>(rows.size()) == limit;
    result.structured = {
        {"history", rows},
        {"next_cursor", more ? json(EncodeCursor(rows.back()["id"])) : json(nullptr)}};
    return result;
  }

  ToolResult Markdown(const ActionCall& call) {
    store::Workspace ws = WorkspaceFor(env_, call.args);
    std::optional<int64_t> plan_id;
    if (call.args.contains("plan")) plan_id = PlanId(ws, call.args["plan"], true);
    ToolResult result;
    result.text = app::ExportPlansMarkdown(env_.db, ws, plan_id, call.args["pending"]);
    result.structured = {{"markdown", result.text}};
    return result;
  }

  ToolResult Ready(const ActionCall& call) {
    const json& a = call.args;
    store::Workspace ws = WorkspaceFor(env_, a);
    store::Scheduler scheduler(env_.db);
    store::TaskFilter filter = TaskFilterFor(env_, ws, a);
    auto ready = scheduler.Ready(filter, a["limit"]);
    ToolResult result;
    result.structured = {{"ready", RowsJson(ready)}};
    result.text = ready.empty() ? "Nothing is ready.\n" : "Ready, best first:\n" + StepLines(ready);
    if (a["why"].get<bool>()) {
      auto waiting = scheduler.Waiting(filter, a["limit"]);
      result.structured["waiting"] = RowsJson(waiting);
      if (!waiting.empty()) result.text += "Waiting:\n";
      for (const auto& w : waiting) {
        result.text += "- " + w.step + " " + Summarize(w.task, 60) + ": " + w.reason + "\n";
      }
    }
    return result;
  }

  ToolResult AddDependency(const ActionCall& call) {
    const json& a = call.args;
    store::Workspace ws = WorkspaceFor(env_, a);
    const store::AddedDependency r = store::DependencyRepository(env_.db).Add(
        ws.id, WorkItemFor(env_, ws, a["item"]), WorkItemFor(env_, ws, a["depends_on"]), a["kind"],
        ActorFor(env_, a));
    ToolResult result;
    result.structured = store::ToJson(r);
    result.text = EdgeLine(r.dependency) + (r.created ? " added." : " (already there).");
    return result;
  }

  ToolResult RemoveDependency(const ActionCall& call) {
    const json& a = call.args;
    store::Workspace ws = WorkspaceFor(env_, a);
    const store::DependencyEdge edge = store::DependencyRepository(env_.db).Remove(
        ws.id, WorkItemFor(env_, ws, a["item"]), WorkItemFor(env_, ws, a["depends_on"]),
        ActorFor(env_, a));
    ToolResult result;
    result.structured = {{"removed", store::ToJson(edge)}};
    result.text = EdgeLine(edge) + " removed.";
    return result;
  }

  ToolResult Dependencies(const ActionCall& call) {
    store::Workspace ws = WorkspaceFor(env_, call.args);
    store::WorkItem item = WorkItemFor(env_, ws, call.args["item"]);
    store::DependencyRepository deps(env_.db);
    const std::string label = store::WorkItemLabel(env_.db, item);
    auto on = deps.DependenciesOf(item);
    auto by = deps.DependentsOf(item);
    ToolResult result;
    result.structured = {
        {"item", store::ToJson(store::DependencyEnd{item, label, deps.StatusOf(item)})},
        {"depends_on", RowsJson(on)},
        {"dependents", RowsJson(by)}};
    result.text =
        label + " depends on " + (on.empty() ? "nothing" : std::to_string(on.size()) + ":") + "\n";
    for (const auto& e : on) result.text += "- " + EdgeLine(e) + "\n";
    result.text += "Depending on " + label + ": " +
                   (by.empty() ? "nothing" : std::to_string(by.size())) + "\n";
    for (const auto& e : by) result.text += "- " + EdgeLine(e) + "\n";
    return result;
  }

 private:
  static std::string EdgeLine(const store::DependencyEdge& edge) {
    return edge.source.label + " " + (edge.row.kind == "blocks" ? "waits for" : "is informed by") +
           " " + edge.target.label + " (" + edge.target.status + ")";
  }

  static std::string InitialStatus(const json& status) {
    const std::string s = status;
    if (s != "draft" && s != "planned" && s != "active") {
      throw UserError("a new plan starts as draft, planned or active, not " + s);
    }
    return s;
  }

  static int64_t Cursor(const json& cursor) {
    auto decoded = DecodeCursor(cursor.get<std::string>());
    if (!decoded) throw UserError("cursor is not one this server gave out; omit it to start over");
    return *decoded;
  }

  static std::string RowCounts(const json& rows) {
    std::string text;
    for (const auto& [table, n] : rows.items())
      text += (text.empty() ? "" : ", ") + n.dump() + " " + table;
    return text;
  }

  // A live plan's id; with `archived_ok`, also an archived plan's (by id or code).
  int64_t PlanId(const store::Workspace& ws, const json& ref, bool archived_ok = false) {
    if (archived_ok && !store::FindPlan(env_.db, ws.id, ref)) {
      if (auto archived = store::FindIdByRef(env_.db, store::shapes::kArchivedPlanRef, ws.id, ref,
                                             store::code_prefix::kPlan)) {
        return *archived;
      }
    }
    return RequirePlan(env_, ws, ref).id;
  }

  int64_t RequirementId(const store::Workspace& ws, const json& ref) {
    return RequireRefId(env_, store::shapes::kRequirement, ws, ref,
                        store::code_prefix::kRequirement, "requirement");
  }

  store::Phase Phase(const store::Workspace& ws, const json& id) {
    auto phase = plans_.FindPhase(id.get<int64_t>());
    // A phase belongs to the workspace of its plan.
    if (!phase || !store::LoadPlan(env_.db, ws.id, phase->plan_id)) {
      throw UserError("no phase " + id.dump() + " in workspace " + ws.code);
    }
    return *phase;
  }

  ToolResult ViewResult(int64_t plan_id, const std::string& verb) {
    auto view = plans_.View(plan_id);
    if (!view) throw UserError("plan " + std::to_string(plan_id) + " no longer exists");
    ToolResult result;
    result.text = verb + ViewText(*view);
    result.structured = std::move(*view);
    return result;
  }

  static ToolResult Single(const char* key, const json& row, const std::string& text) {
    ToolResult result;
    result.structured = {{key, row}};
    result.text = text;
    return result;
  }

  ToolEnv& env_;
  store::PlanRepository plans_;
};

}  // namespace

void BindMemoryPlan(mcp::ToolRegistry& registry, ToolEnv& env) {
  auto t = std::make_shared<PlanTool>(env);
  const std::string n = "memory_plan";
  registry.Bind(n, "add_dependency", [t](const ActionCall& c) { return t->AddDependency(c); });
  registry.Bind(n, "add_note", [t](const ActionCall& c) { return t->AddNote(c); });
  registry.Bind(n, "add_phase", [t](const ActionCall& c) { return t->AddPhase(c); });
  registry.Bind(n, "add_requirement", [t](const ActionCall& c) { return t->AddRequirement(c); });
  registry.Bind(n, "archive", [t](const ActionCall& c) { return t->Archive(c); });
  registry.Bind(n, "clone", [t](const ActionCall& c) { return t->Clone(c); });
  registry.Bind(n, "create", [t](const ActionCall& c) { return t->Create(c); });
  registry.Bind(n, "create_from_template",
                [t](const ActionCall& c) { return t->CreateFromTemplate(c); });
  registry.Bind(n, "delete", [t](const ActionCall& c) { return t->Delete(c); });
  registry.Bind(n, "delete_phase", [t](const ActionCall& c) { return t->DeletePhase(c); });
  registry.Bind(n, "delete_requirement",
                [t](const ActionCall& c) { return t->DeleteRequirement(c); });
  registry.Bind(n, "dependencies", [t](const ActionCall& c) { return t->Dependencies(c); });
  registry.Bind(n, "find", [t](const ActionCall& c) { return t->Find(c); });
  registry.Bind(n, "get", [t](const ActionCall& c) { return t->Get(c); });
  registry.Bind(n, "history", [t](const ActionCall& c) { return t->History(c); });
  registry.Bind(n, "link_git", [t](const ActionCall& c) { return t->LinkGit(c); });
  registry.Bind(n, "list", [t](const ActionCall& c) { return t->List(c); });
  registry.Bind(n, "markdown", [t](const ActionCall& c) { return t->Markdown(c); });
  registry.Bind(n, "ready", [t](const ActionCall& c) { return t->Ready(c); });
  registry.Bind(n, "remove_dependency",
                [t](const ActionCall& c) { return t->RemoveDependency(c); });
  registry.Bind(n, "rename_phase", [t](const ActionCall& c) { return t->RenamePhase(c); });
  registry.Bind(n, "reorder_phases", [t](const ActionCall& c) { return t->ReorderPhases(c); });
  registry.Bind(n, "restore", [t](const ActionCall& c) { return t->Restore(c); });
  registry.Bind(n, "templates", [t](const ActionCall& c) { return t->Templates(c); });
  registry.Bind(n, "update", [t](const ActionCall& c) { return t->Update(c); });
  registry.Bind(n, "update_requirement",
                [t](const ActionCall& c) { return t->UpdateRequirement(c); });
  BindDescribe(registry, n);
}

}  // namespace pm::tools
