// memory_workspace: register, get, list, update and delete workspaces (one per
// project); the workspace's tracks (track_*) and programs (program_*); export
// and import as JSONL (tools/workspace_transfer.cpp); plus describe. See
// catalog/memory_workspace.json. Each group is a class with one method per
// action; the rules live in the store's repositories.
#include "app/workspace_ref.h"
#include "common/user_error.h"
#include "store/program_repository.h"
#include "store/shapes.h"
#include "store/short_codes.h"
#include "store/track_repository.h"
#include "store/workspace_repository.h"
#include "tools/all_tools.h"
#include "tools/list_cursor.h"
#include "tools/memory_workspace_transfer.h"
#include "tools/page_result.h"
#include "tools/task_args.h"
#include "tools/tool_args.h"

namespace pm::tools {

namespace {

using mcp::ActionCall;
using mcp::ToolResult;
using nlohmann::json;

std::string Describe(const store::Workspace& w) {
  std::string text = w.name + " (#" + std::to_string(w.id) + ", code " + w.code + ")";
  if (w.path) text += " at " + *w.path;
  return text;
}

json ContentJson(const store::ContentCounts& counts) {
  json out = json::object();
  for (const auto& [table, n] : counts) out[table] = n;
  return out;
}

class WorkspaceTool {
 public:
  explicit WorkspaceTool(ToolEnv& env) : env_(env), repo_(env.db) {}

  ToolResult Register(const ActionCall& call) {
    const json& args = call.args;
    if (!args.contains("path") && !args.contains("name")) {
      throw UserError("memory_workspace.register needs path or name (or both)");
    }
    store::NewWorkspace spec;
    if (args.contains("path"))
      spec.path = app::NormalizePath(args["path"].get<std::string>(), env_.cwd);
    if (args.contains("name")) spec.name = NonBlank(args, "name");
    spec.description = OptString(args, "description");
    if (args.contains("metadata")) spec.metadata = args["metadata"];
    auto [workspace, created] = repo_.Register(spec, env_.actor);
    ToolResult result;
    result.structured = {{"workspace", workspace.ToJson()}, {"created", created}};
    result.text =
        (created ? "Registered workspace " : "Already registered: ") + Describe(workspace) + ".";
    return result;
  }

  ToolResult Get(const ActionCall& call) {
    store::Workspace w = Resolve(call);
    json workspace = w.ToJson();
    store::ContentCounts counts = repo_.CountContent(w.id);
    workspace["content"] = ContentJson(counts);
    std::string held;
    for (const auto& [table, n] : counts)
      held += (held.empty() ? "" : ", ") + std::to_string(n) + " " + table;
    ToolResult result;
    result.structured = {{"workspace", std::move(workspace)}};
    result.text = "Workspace " + Describe(w) + (w.description ? ": " + *w.description : "") +
                  ". Holds " + (held.empty() ? "nothing yet" : held) + ".";
    return result;
  }

  ToolResult List(const ActionCall& call) {
    auto page = repo_.List(call.args["limit"].get<int>(), CursorAfter(call.args));
    json items = json::array();
    std::string text;
    for (const auto& w : page.items) {
      items.push_back(w.ToJson());
      text += "- " + Describe(w) + "\n";
    }
    ToolResult result;
    result.structured = {{"workspaces", std::move(items)},
                         {"next_cursor", NextCursor(page.next_after_id)}};
    if (page.items.empty()) text = "No workspaces registered.";
    if (page.next_after_id) {
      text += "More: pass cursor " + result.structured["next_cursor"].get<std::string>() + ".";
    }
    result.text = text;
    return result;
  }

  ToolResult Update(const ActionCall& call) {
    const json& args = call.args;
    store::Workspace w = Resolve(call);
    store::WorkspacePatch patch;
    if (args.contains("name")) patch.name = NonBlank(args, "name");
    patch.description = OptString(args, "description");
    if (args.contains("path"))
      patch.path = app::NormalizePath(args["path"].get<std::string>(), env_.cwd);
    if (args.contains("metadata")) patch.metadata = args["metadata"];
    if (!patch.name && !patch.description && !patch.path && !patch.metadata) {
      throw UserError("nothing to update: pass name, description, path or metadata");
    }
    store::Workspace updated = repo_.Update(w.id, patch, env_.actor);
    ToolResult result;
    result.structured = {{"workspace", updated.ToJson()}};
    result.text = "Updated workspace " + Describe(updated) + ".";
    return result;
  }

  ToolResult Delete(const ActionCall& call) {
    store::Workspace w = Resolve(call);
    store::ContentCounts deleted = repo_.Delete(w.id, call.args["confirm"].get<bool>(), env_.actor);
    json workspace = w.ToJson();
    workspace["content"] = ContentJson(deleted);
    ToolResult result;
    result.structured = {{"deleted", true}, {"workspace", std::move(workspace)}};
    result.text = "Deleted workspace " + Describe(w) + ".";
    return result;
  }

 private:
  store::Workspace Resolve(const ActionCall& call) {
    return app::ResolveWorkspace(repo_, call.args.value("workspace", json(nullptr)), env_.cwd);
  }

  ToolEnv& env_;
  store::WorkspaceRepository repo_;
};

// "P3 [active] Checkout"
std::string PlanLine(const json& plan) {
  return plan["code"].get<std::string>() + " [" + plan["status"].get<std::string>() + "] " +
         Summarize(plan["title"]);
}

std::string PlanLines(const json& plans) {
  std::string text;
  for (const auto& plan : plans) text += "\n- " + PlanLine(plan);
  return text;
}

std::string Counts(const json& track) {
  return track["plan_count"].dump() + " plans, " + track["done_count"].dump() + " done, " +
         track["ready_count"].dump() + " ready";
}

// "Runner reliability (#2)"
std::string TrackName(const json& track) {
  return track["name"].get<std::string>() + " (#" + track["id"].dump() + ")";
}

// "PG1 Database migration" or "PG1 Database migration (linked from shop, #4)"
std::string ProgramName(const store::Program& program) {
  std::string text = program.code + " " + Summarize(program.title);
  if (program.linked) {
    text += " (linked from " + program.workspace_code + ", #" + std::to_string(program.id) + ")";
  }
  return text;
}

// The program as results show it, with the workspaces it is linked to.
json ProgramJson(const store::Program& program, const std::vector<store::ProgramLink>& links) {
  json out = store::ToJson(program);
  out["linked_workspaces"] = json::array();
  for (const auto& link : links) out["linked_workspaces"].push_back(store::ToJson(link));
  return out;
}

ToolResult Result(json structured, std::string text) {
  ToolResult result;
  result.structured = std::move(structured);
  result.text = std::move(text);
  return result;
}

// track_*: a workspace's tracks and the plans on them (seed 000).
class TrackActions {
 public:
  explicit TrackActions(ToolEnv& env) : env_(env), repo_(env.db) {}

  ToolResult Create(const ActionCall& call) {
    const json& args = call.args;
    store::Workspace ws = WorkspaceFor(env_, args);
    json values = Fields(args);
    values["name"] = NonBlank(args, "name");
    json track = store::ToJson(repo_.Create(ws.id, values, ActorFor(env_, args)));
    return Result({{"track", track}}, "Created track " + TrackName(track) + " in " + ws.code + ".");
  }

  ToolResult Get(const ActionCall& call) {
    store::Workspace ws = WorkspaceFor(env_, call.args);
    const store::Track counted = repo_.WithCounts(ws.id, Require(ws, call.args["track"]).id);
    json plans = RowsJson(repo_.Plans(counted.id));
    json track = store::ToJson(counted);
    std::string text = "Track " + TrackName(track) + ": " + Counts(track) + "." + PlanLines(plans);
    return Result({{"track", std::move(track)}, {"plans", std::move(plans)}}, text);
  }

  ToolResult Update(const ActionCall& call) {
    const json& args = call.args;
    store::Workspace ws = WorkspaceFor(env_, args);
    const store::Track track = Require(ws, args["track"]);
    json patch = Fields(args);
    if (patch.empty()) {
      throw UserError(
          "nothing to update: pass name, description, goal, color, icon or "
          "sort_order");
    }
    if (patch.contains("name")) patch["name"] = NonBlank(args, "name");
    json updated = store::ToJson(repo_.Update(ws.id, track.id, patch, ActorFor(env_, args)));
    return Result({{"track", updated}}, "Updated track " + TrackName(updated) + ".");
  }

  ToolResult Delete(const ActionCall& call) {
    const json& args = call.args;
    store::Workspace ws = WorkspaceFor(env_, args);
    json track =
        store::ToJson(repo_.Delete(ws.id, Require(ws, args["track"]).id, ActorFor(env_, args)));
    std::string text = "Deleted track " + TrackName(track) + "; " +
                       std::to_string(track["unassigned_plans"].size()) +
                       " plans are now on no track.";
    return Result({{"deleted", true}, {"track", std::move(track)}}, text);
  }

  ToolResult List(const ActionCall& call) {
    store::Workspace ws = WorkspaceFor(env_, call.args);
    std::vector<json> tracks;
    for (const auto& track : repo_.List(ws.id)) tracks.push_back(store::ToJson(track));
    return PageResult(
        "tracks", PageOfAll(std::move(tracks), call.args),
        [](const json& t) { return TrackName(t) + ": " + Counts(t); },
        "No tracks in workspace " + ws.code + ".");
  }

  ToolResult Assign(const ActionCall& call) {
    const json& args = call.args;
    store::Workspace ws = WorkspaceFor(env_, args);
    const int64_t plan_id = RequirePlan(env_, ws, args["plan"]).id;
    std::optional<int64_t> track;
    if (args.contains("track")) track = Require(ws, args["track"]).id;
    json assigned = store::ToJson(repo_.Assign(ws.id, plan_id, track, ActorFor(env_, args)));
    std::string text =
        assigned["track"].is_null()
            ? "Plan " + PlanLine(assigned) + " is on no track now."
            : "Plan " + PlanLine(assigned) + " is on track " + TrackName(assigned["track"]) + ".";
    return Result({{"plan", std::move(assigned)}}, text);
  }

 private:
  static json Fields(const json& args) {
    return Pick(args, {"name", "description", "goal", "color", "icon", "sort_order"});
  }

  store::Track Require(const store::Workspace& ws, const json& ref) {
    if (auto track = repo_.Find(ws.id, ref)) return *track;
    std::string known;
    for (const auto& t : repo_.List(ws.id)) known += (known.empty() ? "" : ", ") + t.name;
    throw UserError("no track " + (ref.is_string() ? ref.get<std::string>() : ref.dump()) +
                    " in workspace " + ws.code + " (give its id or name). " +
                    (known.empty() ? "It has no tracks yet." : "Tracks: " + known + "."));
  }

  ToolEnv& env_;
  store::TrackRepository repo_;
};

// program_*: programs of a workspace and programs linked to it (seed 004).
class ProgramActions {
 public:
  explicit ProgramActions(ToolEnv& env) : env_(env), repo_(env.db) {}

  ToolResult Create(const ActionCall& call) {
    const json& args = call.args;
    store::Workspace ws = WorkspaceFor(env_, args);
    store::Program program =
        repo_.Create(ws.id, NonBlank(args, "title"), OptString(args, "description"),
                     OptString(args, "goal"), ActorFor(env_, args));
    return Result({{"program", store::ToJson(program)}},
                  "Created program " + ProgramName(program) + ".");
  }

  ToolResult Get(const ActionCall& call) {
    store::Workspace ws = WorkspaceFor(env_, call.args);
    store::Program program = Require(ws, call.args["program"]);
    json plans = RowsJson(repo_.Plans(program.id));
    std::string text = "Program " + ProgramName(program) + ": " + std::to_string(plans.size()) +
                       " plans." + PlanLines(plans);
    return Result(
        {{"program", ProgramJson(program, repo_.Links(program.id))}, {"plans", std::move(plans)}},
        text);
  }

  ToolResult List(const ActionCall& call) {
    store::Workspace ws = WorkspaceFor(env_, call.args);
    store::ProgramPage page =
        repo_.List(ws.id, call.args["limit"].get<int>(), CursorAfter(call.args));
    std::string text;
    json programs = json::array();
    for (const auto& p : page.items) {
      text += "- " + ProgramName(p) + ": " + std::to_string(p.plan_count) + " plans\n";
      programs.push_back(store::ToJson(p));
    }
    if (page.items.empty()) text = "No programs in or linked to workspace " + ws.code + ".";
    json next = NextCursor(page.next_after_id);
    if (!next.is_null()) text += "More: pass cursor " + next.get<std::string>() + ".";
    return Result({{"programs", std::move(programs)}, {"next_cursor", std::move(next)}}, text);
  }

  ToolResult AddPlan(const ActionCall& call) { return Membership(call, true); }
  ToolResult RemovePlan(const ActionCall& call) { return Membership(call, false); }

  ToolResult Link(const ActionCall& call) {
    const json& args = call.args;
    store::Workspace ws = WorkspaceFor(env_, args);
    store::Program program = Require(ws, args["program"]);
    store::WorkspaceRepository workspaces(env_.db);
    store::Workspace target = app::ResolveWorkspace(workspaces, args["to"], env_.cwd);
    const bool link = !args["unlink"].get<bool>();
    auto links = repo_.Link(ws.id, program.id, target.id, link, ActorFor(env_, args));
    std::string text = "Program " + ProgramName(program) +
                       (link ? " is visible in " : " is no longer linked to ") + target.code + ".";
    return Result({{"program", ProgramJson(program, links)}}, text);
  }

  ToolResult Upgrade(const ActionCall& call) {
    const json& args = call.args;
    store::Workspace ws = WorkspaceFor(env_, args);
    const store::Plan plan = RequirePlan(env_, ws, args["plan"]);
    store::UpgradeResult up = repo_.Upgrade(ws.id, plan.id, ActorFor(env_, args));
    json child = store::ToJson(up.child_plan);
    json plans = {store::ToJson(up.original_plan), child};
    std::string text = "Plan " + plan.code + " is now program " + ProgramName(up.program) + "; " +
                       std::to_string(up.moved_phase_ids.size()) + " phases and " +
                       std::to_string(up.moved_step_ids.size()) + " steps moved to " +
                       PlanLine(child) + "." + PlanLines(plans);
    return Result({{"program", store::ToJson(up.program)},
                   {"plans", std::move(plans)},
                   {"moved", {{"phases", up.moved_phase_ids}, {"steps", up.moved_step_ids}}}},
                  text);
  }

 private:
  ToolResult Membership(const ActionCall& call, bool add) {
    const json& args = call.args;
    store::Workspace ws = WorkspaceFor(env_, args);
    store::Program program = Require(ws, args["program"]);
    const int64_t plan_id = RequirePlan(env_, ws, args["plan"]).id;
    store::Actor actor = ActorFor(env_, args);
    json changed = store::ToJson(add ? repo_.AddPlan(ws.id, program.id, plan_id, actor)
                                     : repo_.RemovePlan(ws.id, program.id, plan_id, actor));
    std::string text = "Plan " + PlanLine(changed) + (add ? " is in program " : " left program ") +
                       ProgramName(program) + ".";
    return Result({{"plan", std::move(changed)}, {"program", store::ToJson(program)}}, text);
  }

  store::Program Require(const store::Workspace& ws, const json& ref) {
    if (auto program = repo_.Find(ws.id, ref)) return *program;
    throw UserError("no program " + (ref.is_string() ? ref.get<std::string>() : ref.dump()) +
                    " in workspace " + ws.code +
                    " (give its id or PG-code; a linked program by id; program_list shows them)");
  }

  ToolEnv& env_;
  store::ProgramRepository repo_;
};

// Binds `action` of `tool` to a method of the shared handler object.
template <typename Actions>
void BindMethod(mcp::ToolRegistry& registry, const std::string& tool, const std::string& action,
                std::shared_ptr<Actions> actions,
                ToolResult (Actions::*method)(const ActionCall&)) {
  registry.Bind(tool, action,
                [actions, method](const ActionCall& c) { return ((*actions).*method)(c); });
}

}  // namespace

void BindMemoryWorkspace(mcp::ToolRegistry& registry, ToolEnv& env) {
  auto tool = std::make_shared<WorkspaceTool>(env);
  const std::string name = "memory_workspace";
  registry.Bind(name, "delete", [tool](const ActionCall& c) { return tool->Delete(c); });
  registry.Bind(name, "export", [&env](const ActionCall& c) { return ExportAction(env, c); });
  registry.Bind(name, "get", [tool](const ActionCall& c) { return tool->Get(c); });
  registry.Bind(name, "import", [&env](const ActionCall& c) { return ImportAction(env, c); });
  registry.Bind(name, "list", [tool](const ActionCall& c) { return tool->List(c); });
  registry.Bind(name, "register", [tool](const ActionCall& c) { return tool->Register(c); });
  registry.Bind(name, "update", [tool](const ActionCall& c) { return tool->Update(c); });

  auto tracks = std::make_shared<TrackActions>(env);
  BindMethod(registry, name, "track_assign", tracks, &TrackActions::Assign);
  BindMethod(registry, name, "track_create", tracks, &TrackActions::Create);
  BindMethod(registry, name, "track_delete", tracks, &TrackActions::Delete);
  BindMethod(registry, name, "track_get", tracks, &TrackActions::Get);
  BindMethod(registry, name, "track_list", tracks, &TrackActions::List);
  BindMethod(registry, name, "track_update", tracks, &TrackActions::Update);

  auto programs = std::make_shared<ProgramActions>(env);
  BindMethod(registry, name, "program_add_plan", programs, &ProgramActions::AddPlan);
  BindMethod(registry, name, "program_create", programs, &ProgramActions::Create);
  BindMethod(registry, name, "program_get", programs, &ProgramActions::Get);
  BindMethod(registry, name, "program_link", programs, &ProgramActions::Link);
  BindMethod(registry, name, "program_list", programs, &ProgramActions::List);
  BindMethod(registry, name, "program_remove_plan", programs, &ProgramActions::RemovePlan);
  BindMethod(registry, name, "program_upgrade", programs, &ProgramActions::Upgrade);
  BindDescribe(registry, name);
}

}  // namespace pm::tools
