// memory_agent: agent sessions, handoffs and lineage, plan briefings; the
// agent / instruction / skill library and its import from files; build
// scripts; the event log and update-log paging. See catalog/memory_agent.json;
// the rules live in the store's repositories.
#include <filesystem>

#include "app/library_import.h"
#include "common/user_error.h"
#include "render/briefing_text.h"
#include "store/build_script_repository.h"
#include "store/change_log.h"
#include "store/event_log_repository.h"
#include "store/library_repository.h"
#include "store/lineage_repository.h"
#include "store/plan_briefing.h"
#include "store/session_repository.h"
#include "store/shapes.h"
#include "store/short_codes.h"
#include "tools/all_tools.h"
#include "tools/list_cursor.h"
#include "tools/page_result.h"
#include "tools/tool_args.h"

namespace pm::tools {

namespace {

using mcp::ActionCall;
using mcp::ToolResult;
using store::LibraryKind;

std::vector<std::string> Strings(const json& args, const char* key) {
  return args.contains(key) ? args[key].get<std::vector<std::string>>()
                            : std::vector<std::string>{};
}

ToolResult One(const std::string& key, json row, std::string text) {
  ToolResult result;
  result.text = std::move(text);
  result.structured = {{key, std::move(row)}};
  return result;
}

// "S4 executor on plan #3 [active] since 2026-…"
std::string SessionLine(const json& s) {
  std::string line = s["code"].get<std::string>() + " " + s["agent"].get<std::string>();
  if (s["plan_id"].is_number()) line += " on plan #" + s["plan_id"].dump();
  line += " [" + s["status"].get<std::string>() + "] started " + s["started_at"].get<std::string>();
  if (s["summary"].is_string()) line += ": " + Summarize(s["summary"].get<std::string>(), 100);
  return line;
}

std::string LibraryLine(const json& row) {
  std::string line = row["name"].get<std::string>();
  if (row.contains("applies_to")) line += " (" + row["applies_to"].get<std::string>() + ")";
  if (row.contains("category") && row["category"].is_string()) {
    line += " [" + row["category"].get<std::string>() + "]";
  }
  if (row["description"].is_string())
    line += ": " + Summarize(row["description"].get<std::string>(), 100);
  return line;
}

std::string ScriptLine(const json& s) {
  std::string line = s["name"].get<std::string>() + ": " + s["command"].get<std::string>();
  if (s["directory"].is_string()) line += " (in " + s["directory"].get<std::string>() + ")";
  if (s["plan_id"].is_number()) line += " [plan #" + s["plan_id"].dump() + "]";
  return line;
}

std::string EventLine(const json& e) {
  return e["created_at"].get<std::string>() + " " + e["event_type"].get<std::string>() +
         (e["agent"].is_string() ? " by " + e["agent"].get<std::string>() : "") + " " +
         Summarize(e["data"].dump(), 120);
}

class AgentTool {
 public:
  explicit AgentTool(ToolEnv& env)
      : env_(env),
        sessions_(env.db),
        lineage_(env.db),
        library_(env.db),
        scripts_(env.db),
        events_(env.db) {}

  ToolResult SessionStart(const ActionCall& call) {
    const json& a = call.args;
    store::Workspace ws = WorkspaceFor(env_, a);
    const std::string agent = NonBlank(a, "agent");
    json session = sessions_.Start(ws.id, agent, OptionalPlan(ws, a),
                                   a.value("context", json::object()), ActorFor(env_, a));
    // This server process works for that agent now: its later changes carry
    // the session in the update log.
    env_.actor.session_id = session["code"];
    env_.actor.agent = agent;
    return One("session", session, "Started " + SessionLine(session) + ".");
  }

  ToolResult SessionComplete(const ActionCall& call) {
    const json& a = call.args;
    store::Workspace ws = WorkspaceFor(env_, a);
    json session = RequireSession(ws, a["session"]);
    json done = sessions_.Complete(ws.id, session["id"], OptString(a, "summary"),
                                   a.value("artifacts", json::array()), ActorFor(env_, a));
    if (env_.actor.session_id == done["code"]) env_.actor.session_id.clear();
    return One("session", done, "Completed " + SessionLine(done) + ".");
  }

  ToolResult SessionGet(const ActionCall& call) {
    store::Workspace ws = WorkspaceFor(env_, call.args);
    json session = RequireSession(ws, call.args["session"]);
    return One("session", session, SessionLine(session));
  }

  ToolResult SessionList(const ActionCall& call) {
    const json& a = call.args;
    store::Workspace ws = WorkspaceFor(env_, a);
    store::SessionFilter filter;
    filter.plan_id = OptionalPlan(ws, a);
    filter.agent = OptString(a, "agent");
    filter.status = OptString(a, "status");
    return PageResult("sessions", sessions_.List(ws.id, filter, a["limit"], CursorAfter(a)),
                      SessionLine, "No sessions match in workspace " + ws.code + ".");
  }

  ToolResult Handoff(const ActionCall& call) {
    const json& a = call.args;
    store::Workspace ws = WorkspaceFor(env_, a);
    const store::Plan plan = RequirePlan(env_, ws, a["plan"]);
    store::Handoff handoff{NonBlank(a, "from"), NonBlank(a, "to"), OptString(a, "reason"),
                           a.value("data", json::object())};
    json recorded = lineage_.Record(ws.id, plan.id, handoff, ActorFor(env_, a));
    ToolResult result;
    result.text = "Handed " + plan.code + " over: " + render::LineageLine(recorded["lineage"]) +
                  ". The data is kept as context item #" + recorded["context"]["id"].dump() +
                  " on the plan.";
    result.structured = std::move(recorded);
    return result;
  }

  ToolResult Lineage(const ActionCall& call) {
    const json& a = call.args;
    store::Workspace ws = WorkspaceFor(env_, a);
    const store::Plan plan = RequirePlan(env_, ws, a["plan"]);
    return PageResult("lineage", lineage_.List(plan.id, a["limit"], CursorAfter(a)),
                      render::LineageLine, "No handoffs on " + plan.code + " yet.");
  }

  ToolResult Briefing(const ActionCall& call) {
    store::Workspace ws = WorkspaceFor(env_, call.args);
    json briefing = store::PlanBriefing(env_.db, RequirePlan(env_, ws, call.args["plan"]).id);
    ToolResult result;
    result.text = render::BriefingText(briefing);
    result.structured = {{"briefing", std::move(briefing)}};
    return result;
  }

  ToolResult LibraryStore(LibraryKind kind, const ActionCall& call) {
    const json& a = call.args;
    store::Workspace ws = WorkspaceFor(env_, a);
    json values = Pick(a, {"description", "content", "applies_to", "category", "tags"});
    if (a.contains("languages")) values["language_targets"] = a["languages"];
    if (a.contains("frameworks")) values["framework_targets"] = a["frameworks"];
    json stored = library_.Store(ws.id, kind, NonBlank(a, "name"), values, ActorFor(env_, a));
    const std::string outcome = stored["outcome"];
    return One(store::LibraryKindName(kind), stored["item"],
               std::string(store::LibraryKindName(kind)) + " " +
                   stored["item"]["name"].get<std::string>() + ": " + outcome + ".");
  }

  ToolResult LibraryGet(LibraryKind kind, const ActionCall& call) {
    store::Workspace ws = WorkspaceFor(env_, call.args);
    json row = RequireLibrary(ws, kind, call.args["name"]);
    return One(store::LibraryKindName(kind), row,
               LibraryLine(row) + "\n\n" + row["content"].get<std::string>());
  }

  ToolResult LibraryList(LibraryKind kind, const ActionCall& call) {
    const json& a = call.args;
    store::Workspace ws = WorkspaceFor(env_, a);
    store::LibraryFilter filter;
    filter.category = OptString(a, "category");
    filter.tags = Strings(a, "tags");
    return PageResult(
        "items", library_.List(ws.id, kind, filter, a["limit"], CursorAfter(a)), LibraryLine,
        std::string("No ") + store::LibraryKindName(kind) + "s in workspace " + ws.code + ".");
  }

  ToolResult LibraryDelete(LibraryKind kind, const ActionCall& call) {
    store::Workspace ws = WorkspaceFor(env_, call.args);
    auto row = library_.Delete(ws.id, kind, call.args["name"], ActorFor(env_, call.args));
    if (!row) throw UserError(NoLibrary(ws, kind, call.args["name"]));
    return One(store::LibraryKindName(kind), *row, "Deleted " + LibraryLine(*row) + ".");
  }

  ToolResult InstructionsFor(const ActionCall& call) {
    store::Workspace ws = WorkspaceFor(env_, call.args);
    std::string path = call.args["path"];
    // An absolute path inside the workspace counts from the workspace's root.
    if (ws.path && path.rfind(*ws.path + "/", 0) == 0) path = path.substr(ws.path->size() + 1);
    std::vector<json> matched = library_.InstructionsFor(ws.id, path);
    ToolResult result;
    for (const auto& row : matched) {
      result.text += "## " + row["name"].get<std::string>() + " (" +
                     row["applies_to"].get<std::string>() + ")\n" +
                     row["content"].get<std::string>() + "\n\n";
    }
    if (matched.empty()) result.text = "No instruction file applies to " + path + ".";
    result.structured = {{"path", path}, {"instructions", std::move(matched)}};
    return result;
  }

  ToolResult SkillMatch(const ActionCall& call) {
    const json& a = call.args;
    store::Workspace ws = WorkspaceFor(env_, a);
    store::SkillQuery q;
    q.text = OptString(a, "query");
    q.tags = Strings(a, "tags");
    q.languages = Strings(a, "languages");
    q.frameworks = Strings(a, "frameworks");
    q.limit = a["limit"];
    if (!q.text && q.tags.empty() && q.languages.empty() && q.frameworks.empty()) {
      throw UserError("give a query, tags, languages or frameworks to match skills by");
    }
    std::vector<json> skills = library_.MatchSkills(ws.id, q);
    ToolResult result;
    for (const auto& s : skills)
      result.text += "- " + LibraryLine(s) + " (score " + s["score"].dump() + ")\n";
    if (skills.empty()) result.text = "No skill matches.";
    result.structured = {{"skills", std::move(skills)}};
    return result;
  }

  ToolResult Import(const ActionCall& call) {
    const json& a = call.args;
    store::Workspace ws = WorkspaceFor(env_, a);
    std::filesystem::path root;
    if (a.contains("path")) {
      root = a["path"].get<std::string>();
      if (root.is_relative()) root = std::filesystem::path(ws.path.value_or(env_.cwd)) / root;
    } else if (ws.path) {
      root = *ws.path;
    } else {
      throw UserError("workspace " + ws.code +
                      " has no path: give path, the directory to import from");
    }
    root = AllowedPath(env_, ws.id, root.string(),
                       "run project-memory import-library DIR where the files are");
    json report = app::ImportLibrary(library_, ws.id, root, ActorFor(env_, a));
    ToolResult result;
    result.text = "Imported from " + root.string() + ": " + std::to_string(report["added"].size()) +
                  " added, " + std::to_string(report["updated"].size()) + " updated, " +
                  std::to_string(report["unchanged"].size()) + " unchanged.";
    for (const char* outcome : {"added", "updated", "refused"}) {
      for (const auto& name : report[outcome]) {
        result.text += "\n- " + std::string(outcome) + " " + name.get<std::string>();
      }
    }
    result.structured = std::move(report);
    return result;
  }

  ToolResult ScriptAdd(const ActionCall& call) {
    const json& a = call.args;
    store::Workspace ws = WorkspaceFor(env_, a);
    json values = Pick(a, {"description", "directory"});
    values["command"] = NonBlank(a, "command");
    json script =
        scripts_.Add(ws.id, OptionalPlan(ws, a), NonBlank(a, "name"), values, ActorFor(env_, a));
    return One("script", script,
               std::string(script["created"].get<bool>() ? "Added " : "Replaced ") +
                   ScriptLine(script) + " (stored, never run by the server).");
  }

  ToolResult ScriptList(const ActionCall& call) {
    const json& a = call.args;
    store::Workspace ws = WorkspaceFor(env_, a);
    return PageResult("scripts",
                      scripts_.List(ws.id, OptionalPlan(ws, a), a["limit"], CursorAfter(a)),
                      ScriptLine, "No build scripts in workspace " + ws.code + ".");
  }

  ToolResult ScriptGet(const ActionCall& call) {
    store::Workspace ws = WorkspaceFor(env_, call.args);
    json script = RequireScript(ws, call.args);
    return One("script", script, ScriptLine(script));
  }

  ToolResult ScriptDelete(const ActionCall& call) {
    store::Workspace ws = WorkspaceFor(env_, call.args);
    json script = RequireScript(ws, call.args);
    scripts_.Delete(ws.id, script, ActorFor(env_, call.args));
    return One("script", script, "Deleted " + ScriptLine(script) + ".");
  }

  ToolResult EventAdd(const ActionCall& call) {
    const json& a = call.args;
    store::Actor actor = ActorFor(env_, a);
    json event =
        events_.Add(EventWorkspace(a), NonBlank(a, "type"), a.value("data", json::object()),
                    actor.agent.empty() ? std::nullopt : std::optional(actor.agent));
    return One("event", event, "Logged " + EventLine(event));
  }

  ToolResult EventRecent(const ActionCall& call) {
    const json& a = call.args;
    store::EventQuery q{EventWorkspace(a), OptString(a, "type"), a["limit"]};
    return Events(events_.Recent(q));
  }

  ToolResult EventSince(const ActionCall& call) {
    const json& a = call.args;
    store::EventQuery q{EventWorkspace(a), OptString(a, "type"), a["limit"]};
    return Events(events_.Since(q, a["since"]));
  }

  ToolResult EventCleanup(const ActionCall& call) {
    const json& a = call.args;
    const int64_t removed = events_.Cleanup(EventWorkspace(a), a["days"].get<double>());
    ToolResult result;
    result.text =
        "Deleted " + std::to_string(removed) + " events older than " + a["days"].dump() + " days.";
    result.structured = {{"deleted", removed}};
    return result;
  }

  ToolResult UpdateLog(const ActionCall& call) {
    const json& a = call.args;
    store::Workspace ws = WorkspaceFor(env_, a);
    store::UpdateLogFilter filter;
    filter.entity_kind = OptString(a, "entity");
    if (a.contains("session")) filter.session_id = RequireSession(ws, a["session"])["code"];
    const int limit = a["limit"];
    std::vector<json> rows =
        store::ReadUpdateLog(env_.db, ws.id, filter, limit + 1, CursorAfter(a));
    std::optional<int64_t> next;
    if (static_cast<int>(rows.size()) > limit) {
      rows.pop_back();
      next = rows.back()["id"].get<int64_t>();  // the next page holds ids below it
    }
    ToolResult result = PageResult(
        "entries", store::RowPage{std::move(rows), next},
        [](const json& e) {
          return e["created_at"].get<std::string>() + " " + e["action"].get<std::string>() + " " +
                 e["entity_kind"].get<std::string>() + " #" + e["entity_id"].dump() +
                 (e["agent"].is_string() ? " by " + e["agent"].get<std::string>() : "") +
                 (e["session_id"].is_string() ? " (" + e["session_id"].get<std::string>() + ")"
                                              : "");
        },
        "No changes logged in workspace " + ws.code + ".");
    return result;
  }

 private:
  std::optional<int64_t> OptionalPlan(const store::Workspace& ws, const json& args) {
    if (!args.contains("plan")) return std::nullopt;
    return RequirePlan(env_, ws, args["plan"]).id;
  }

  json RequireSession(const store::Workspace& ws, const json& ref) {
    if (auto session = sessions_.Find(ws.id, ref)) return *session;
    throw UserError("no session " + (ref.is_string() ? ref.get<std::string>() : ref.dump()) +
                    " in workspace " + ws.code + " (give its id or S-code, e.g. S1)");
  }

  json RequireLibrary(const store::Workspace& ws, LibraryKind kind, const json& name) {
    if (auto row = library_.Get(ws.id, kind, name)) return *row;
    throw UserError(NoLibrary(ws, kind, name));
  }

  static std::string NoLibrary(const store::Workspace& ws, LibraryKind kind, const json& name) {
    const std::string k = store::LibraryKindName(kind);
    return "no " + k + " " + name.get<std::string>() + " in workspace " + ws.code + "; " + k +
           "_list shows the names";
  }

  json RequireScript(const store::Workspace& ws, const json& args) {
    if (auto script = scripts_.Find(ws.id, OptionalPlan(ws, args), args["name"])) return *script;
    throw UserError("no build script " + args["name"].get<std::string>() + " in workspace " +
                    ws.code + "; script_list shows them");
  }

  // Events belong to the workspace given or registered here, else to none.
  std::optional<int64_t> EventWorkspace(const json& args) {
    if (args.contains("workspace")) return WorkspaceFor(env_, args).id;
    try {
      return WorkspaceFor(env_, args).id;
    } catch (const UserError&) {
      return std::nullopt;
    }
  }

  static ToolResult Events(std::vector<json> events) {
    ToolResult result;
    for (const auto& e : events) result.text += "- " + EventLine(e) + "\n";
    if (events.empty()) result.text = "No events.";
    result.structured = {{"events", std::move(events)}};
    return result;
  }

  ToolEnv& env_;
  store::SessionRepository sessions_;
  store::LineageRepository lineage_;
  store::LibraryRepository library_;
  store::BuildScriptRepository scripts_;
  store::EventLogRepository events_;
};

}  // namespace

void BindMemoryAgent(mcp::ToolRegistry& registry, ToolEnv& env) {
  auto t = std::make_shared<AgentTool>(env);
  const std::string n = "memory_agent";
  // The library's three kinds share their store/get/list/delete handlers.
  const std::pair<const char*, LibraryKind> kinds[] = {{"agent", LibraryKind::kAgent},
                                                       {"instruction", LibraryKind::kInstruction},
                                                       {"skill", LibraryKind::kSkill}};
  for (const auto& [prefix, kind] : kinds) {
    const std::string p = prefix;
    const LibraryKind k = kind;
    registry.Bind(n, p + "_delete", [t, k](const ActionCall& c) { return t->LibraryDelete(k, c); });
    registry.Bind(n, p + "_get", [t, k](const ActionCall& c) { return t->LibraryGet(k, c); });
    registry.Bind(n, p + "_list", [t, k](const ActionCall& c) { return t->LibraryList(k, c); });
    registry.Bind(n, p + "_store", [t, k](const ActionCall& c) { return t->LibraryStore(k, c); });
  }
  registry.Bind(n, "briefing", [t](const ActionCall& c) { return t->Briefing(c); });
  registry.Bind(n, "event_add", [t](const ActionCall& c) { return t->EventAdd(c); });
  registry.Bind(n, "event_cleanup", [t](const ActionCall& c) { return t->EventCleanup(c); });
  registry.Bind(n, "event_recent", [t](const ActionCall& c) { return t->EventRecent(c); });
  registry.Bind(n, "event_since", [t](const ActionCall& c) { return t->EventSince(c); });
  registry.Bind(n, "handoff", [t](const ActionCall& c) { return t->Handoff(c); });
  registry.Bind(n, "import", [t](const ActionCall& c) { return t->Import(c); });
  registry.Bind(n, "instructions_for", [t](const ActionCall& c) { return t->InstructionsFor(c); });
  registry.Bind(n, "lineage", [t](const ActionCall& c) { return t->Lineage(c); });
  registry.Bind(n, "script_add", [t](const ActionCall& c) { return t->ScriptAdd(c); });
  registry.Bind(n, "script_delete", [t](const ActionCall& c) { return t->ScriptDelete(c); });
  registry.Bind(n, "script_get", [t](const ActionCall& c) { return t->ScriptGet(c); });
  registry.Bind(n, "script_list", [t](const ActionCall& c) { return t->ScriptList(c); });
  registry.Bind(n, "session_complete", [t](const ActionCall& c) { return t->SessionComplete(c); });
  registry.Bind(n, "session_get", [t](const ActionCall& c) { return t->SessionGet(c); });
  registry.Bind(n, "session_list", [t](const ActionCall& c) { return t->SessionList(c); });
  registry.Bind(n, "session_start", [t](const ActionCall& c) { return t->SessionStart(c); });
  registry.Bind(n, "skill_match", [t](const ActionCall& c) { return t->SkillMatch(c); });
  registry.Bind(n, "update_log", [t](const ActionCall& c) { return t->UpdateLog(c); });
  BindDescribe(registry, n);
}

}  // namespace pm::tools
