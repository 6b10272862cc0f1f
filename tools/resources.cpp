#include "tools/resources.h"

#include "app/workspace_ref.h"
#include "common/user_error.h"
#include "render/markdown_render.h"
#include "store/change_log.h"
#include "store/entity_ref.h"
#include "store/knowledge_repository.h"
#include "store/plan_repository.h"
#include "store/research_repository.h"
#include "store/resource_rows.h"
#include "store/scheduler.h"
#include "store/shapes.h"
#include "store/short_codes.h"
#include "store/track_repository.h"
#include "tools/task_args.h"
#include "tools/tool_args.h"

namespace pm::tools {

namespace {

using mcp::Resource;
using mcp::ResourceContents;
using mcp::UriVariables;

const std::string kScheme = "project-memory://";
const std::string kMarkdown = "text/markdown";
// The overview shows this many plans, activity rows, and counts ready steps up to it.
constexpr int kOverviewPlans = 50;
constexpr int kOverviewActivity = 10;
constexpr int kReadyCap = 100;

bool AllDigits(const std::string& text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
}

// A decimal id from a URI, or a UserError naming what was expected.
int64_t IdFrom(const std::string& text, const char* what) {
  if (!AllDigits(text) || text.size() > 18) {
    throw UserError(std::string(what) + " must be a numeric id, not \"" + text + "\"");
  }
  return std::stoll(text);
}

ResourceContents Markdown(std::string text) { return {kMarkdown, std::move(text)}; }

class ResourceProvider {
 public:
  explicit ResourceProvider(ToolEnv& env) : env_(env) {}

  ResourceContents Workspace(const UriVariables& vars) {
    store::Workspace ws = Resolve(vars.at("workspace"));
    store::PlanListFilter filter;
    filter.limit = kOverviewPlans;
    store::PlanPage plans = store::PlanRepository(env_.db).List(ws.id, filter);
    store::TaskFilter ready_filter;
    ready_filter.workspace_id = ws.id;
    const auto ready = store::Scheduler(env_.db).Ready(ready_filter, kReadyCap + 1);
    json overview = {{"workspace", ws.ToJson()},
                     {"plans", RowsJson(plans.plans)},
                     {"more_plans", plans.next_offset.has_value()},
                     {"tracks", RowsJson(store::TrackRepository(env_.db).List(ws.id))},
                     {"ready", std::min<size_t>(ready.size(), kReadyCap)},
                     {"ready_more", ready.size() > kReadyCap},
                     {"activity", store::ReadUpdateLog(env_.db, ws.id, {}, kOverviewActivity, 0)}};
    return Markdown(render::WorkspaceMarkdown(overview));
  }

  ResourceContents Plan(const UriVariables& vars) {
    const std::string& ref = vars.at("plan");
    int64_t id = 0;
    if (AllDigits(ref)) {
      id = IdFrom(ref, "plan");
    } else {
      // A code names a plan of the workspace registered for the server's directory.
      store::Workspace ws = WorkspaceFor(env_, json::object());
      id = RequirePlan(env_, ws, ref).id;
    }
    auto view = store::PlanRepository(env_.db).View(id);
    if (!view) throw UserError("no plan " + ref);
    return Markdown(render::PlanMarkdown(*view));
  }

  ResourceContents Knowledge(const UriVariables& vars) {
    store::Workspace ws = Resolve(vars.at("workspace"));
    auto entry = store::KnowledgeRepository(env_.db).Get(ws.id, vars.at("slug"));
    if (!entry) throw UserError("no knowledge " + vars.at("slug") + " in workspace " + ws.code);
    return Markdown(render::KnowledgeMarkdown(*entry));
  }

  ResourceContents Research(const UriVariables& vars) {
    store::Workspace ws = Resolve(vars.at("workspace"));
    const int64_t id = IdFrom(vars.at("id"), "research id");
    auto document = store::ResearchRepository(env_.db).GetById(ws.id, id);
    if (!document) {
      throw UserError("no research document " + std::to_string(id) + " in workspace " + ws.code);
    }
    (*document)["plan_code"] = nullptr;
    if ((*document)["plan_id"].is_number()) {
      if (auto plan = store::FindPlan(env_.db, ws.id, (*document)["plan_id"])) {
        (*document)["plan_code"] = plan->code;
      }
    }
    return Markdown(render::ResearchMarkdown(*document));
  }

  std::vector<Resource> List(size_t offset, size_t limit) {
    std::vector<Resource> resources;
    for (const auto& row :
         store::ResourceRows(env_.db, static_cast<int64_t>(offset), static_cast<int>(limit))) {
      resources.push_back(ToResource(row));
    }
    return resources;
  }

 private:
  // By id, code or (percent-encoded) path; UserError when none matches.
  store::Workspace Resolve(const std::string& ref) {
    store::WorkspaceRepository workspaces(env_.db);
    return app::ResolveWorkspace(workspaces, ref, env_.cwd);
  }

  // Codes and slugs are URI-safe ([a-z0-9._-]), so they go into URIs as they are.
  static Resource ToResource(const json& row) {
    const std::string kind = row["kind"];
    const std::string ws = row["workspace_code"];
    const std::string key = row["key"];
    const std::string title = row["title"].is_string() ? row["title"].get<std::string>() : key;
    const std::string detail = row["detail"].is_string() ? row["detail"].get<std::string>() : "";
    const std::string id = row["id"].dump();
    if (kind == "workspace") {
      return {kScheme + "workspace/" + ws, ws, title,
              "Workspace overview: plans, tracks, ready work, recent activity" +
                  (detail.empty() ? std::string() : ". " + Summarize(detail, 100)),
              kMarkdown};
    }
    if (kind == "plan") {
      return {kScheme + "plan/" + id, ws + "/" + key, key + " " + title,
              "Plan " + key + " of " + ws + " [" + detail + "]: criteria, phases and steps",
              kMarkdown};
    }
    if (kind == "knowledge") {
      return {kScheme + "knowledge/" + ws + "/" + key, ws + "/knowledge/" + key, title,
              "Knowledge of " + ws + (detail.empty() ? "" : " (" + detail + ")"), kMarkdown};
    }
    return {kScheme + "research/" + ws + "/" + id, ws + "/research/" + id, title,
            "Research of " + (detail.empty() ? ws : "plan " + detail + " in " + ws), kMarkdown};
  }

  ToolEnv& env_;
};

}  // namespace

void BindResources(mcp::ResourceRegistry& registry, ToolEnv& env) {
  auto p = std::make_shared<ResourceProvider>(env);
  registry.AddTemplate({kScheme + "workspace/{workspace}", "workspace", "Workspace overview",
                        "Plans with progress, tracks, ready count, recent activity. {workspace}: "
                        "id or code.",
                        kMarkdown},
                       [p](const UriVariables& v) { return p->Workspace(v); });
  registry.AddTemplate({kScheme + "plan/{plan}", "plan", "Plan",
                        "Status, goal, acceptance criteria and steps as checklists, progress. "
                        "{plan}: id, or code (P3) in the server directory's workspace.",
                        kMarkdown},
                       [p](const UriVariables& v) { return p->Plan(v); });
  registry.AddTemplate({kScheme + "knowledge/{workspace}/{slug}", "knowledge", "Knowledge entry",
                        "A workspace's knowledge by slug.", kMarkdown},
                       [p](const UriVariables& v) { return p->Knowledge(v); });
  registry.AddTemplate({kScheme + "research/{workspace}/{id}", "research", "Research document",
                        "A plan's or workspace's research document by id.", kMarkdown},
                       [p](const UriVariables& v) { return p->Research(v); });
  registry.SetLister([p](size_t offset, size_t limit) { return p->List(offset, limit); });
}

}  // namespace pm::tools
