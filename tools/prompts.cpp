#include "tools/prompts.h"

#include <algorithm>
#include <stdexcept>

#include "catalog/catalog.h"
#include "common/user_error.h"
#include "render/briefing_text.h"
#include "store/plan_briefing.h"
#include "store/scheduler.h"
#include "store/short_codes.h"
#include "store/step_repository.h"
#include "tools/task_args.h"
#include "tools/tool_args.h"

namespace pm::tools {

namespace {

using mcp::PromptArgs;
using mcp::PromptResult;

// How a prompt names a call: `memory_plan` action "create" (title, goal). The
// catalog must have the tool, the action and every parameter: a prompt never
// tells an agent to call what does not exist.
std::string Call(const std::string& tool, const std::string& action,
                 std::initializer_list<const char*> params = {}) {
  const catalog::Tool* t = catalog::Catalog::Embedded().FindTool(tool);
  const catalog::Action* a = t ? t->FindAction(action) : nullptr;
  if (!a) throw std::logic_error("prompt names " + tool + "." + action + ", not in the catalog");
  std::string text = "`" + tool + "`";
  if (t->default_action != action) text += " action \"" + action + "\"";
  std::string names;
  for (const char* p : params) {
    if (!a->FindParam(p)) {
      throw std::logic_error("prompt names " + tool + "." + action + " param " + p +
                             ", not in the catalog");
    }
    names += (names.empty() ? "" : ", ") + std::string(p);
  }
  return names.empty() ? text : text + " (" + names + ")";
}

PromptResult UserMessage(std::string description, std::string text) {
  return {std::move(description), {{"user", std::move(text)}}};
}

class PromptProvider {
 public:
  explicit PromptProvider(ToolEnv& env) : env_(env) {}

  PromptResult StartWork(const PromptArgs& args) {
    store::Workspace ws = Workspace(args);
    store::TaskFilter filter;
    filter.workspace_id = ws.id;
    std::string text = "You are starting work in workspace " + ws.code + " (" + ws.name +
                       "), with project-memory keeping the plans and tasks.\n";
    std::string plan_code;
    if (args.contains("plan")) {
      const store::Plan plan = RequirePlan(env_, ws, args.at("plan"));
      plan_code = plan.code;
      filter.plan_id = plan.id;
      text += "\n## Briefing\n\n" +
              render::BriefingText(store::PlanBriefing(env_.db, *filter.plan_id)) + "\n";
    }
    // claim=false reads: nothing is claimed until the agent asks.
    const store::NextTask next =
        store::Scheduler(env_.db).GetNextTask(filter, false, 0, env_.actor);
    if (!next.task) {
      text += "\n## Next task\n\nNothing is ready: " + next.nothing_ready->message +
              "\n\nSee what waits with " + Call("memory_plan", "ready", {"plan", "why"}) + ".\n";
      return UserMessage("Nothing ready in " + (plan_code.empty() ? ws.code : plan_code), text);
    }
    const store::TaskView& task = *next.task;
    const std::string code = task.task.code;
    if (plan_code.empty() && task.plan) {
      // The task's plan is the one to be briefed on.
      text += "\n## Briefing\n\n" +
              render::BriefingText(store::PlanBriefing(env_.db, task.plan->id)) + "\n";
    }
    text += "\n## Next ready task (not claimed yet)\n\n" + TaskText(task) + "\n";
    json claim = {{"agent", "<your name>"}};
    if (args.contains("workspace")) claim["workspace"] = ws.code;
    if (!plan_code.empty()) claim["plan"] = plan_code;
    text += "\n## How to proceed\n\n1. Claim it with " +
            Call("get_next_task", "get", {"workspace", "plan", "agent"}) + " " + claim.dump() +
            ": claiming is atomic, so if another agent took " + code +
            " first you get the next best task instead. Work only on what you claimed.\n"
            "2. When it is done, call " +
            Call("update_task_status", "set", {"task", "status", "completion_notes"}) +
            " with status \"completed\", or " + Call("memory_steps", "next", {"plan"}) +
            " to complete it and claim the plan's next task in one call.\n"
            "3. If you stop before it is done, give it back with " +
            Call("memory_steps", "release", {"step"}) + ".\n";
    return UserMessage("Start on " + code + " in " + ws.code, text);
  }

  PromptResult PlanFeature(const PromptArgs& args) {
    store::Workspace ws = Workspace(args);
    const std::string category = args.contains("category") ? args.at("category") : "feature";
    CheckCategory(category);
    std::string text =
        "Plan this " + category + " in project-memory (workspace " + ws.code + "):\n\n" +
        args.at("idea") +
        "\n\nDo not write code yet; make the plan.\n\n"
        "1. Look for related work first: " +
        Call("memory_plan", "list", {"status"}) + " and " +
        Call("memory_context", "search", {"query"}) +
        ". Extend an existing plan rather than duplicating it.\n"
        "2. Create the plan with " +
        Call("memory_plan", "create",
             {"title", "goal", "description", "category", "priority", "phases", "requirements"}) +
        ": category \"" + category +
        "\"; goal: the outcome in one sentence; phases: ordered names (e.g. Design, Build, "
        "Verify); requirements: acceptance criteria, each one checkable. Keep the P-code it "
        "returns. (" +
        Call("memory_plan", "create_from_template", {"template", "title"}) +
        " starts from a standard shape.)\n"
        "3. Add the steps of each phase with " +
        Call("memory_steps", "add", {"plan", "phase", "steps"}) +
        ": steps is an array of {task, description, expected_outputs}; each step small "
        "enough to finish in one sitting.\n"
        "4. Where a step needs another beyond the phase order, add " +
        Call("memory_plan", "add_dependency", {"item", "depends_on"}) + ".\n" +
        "5. Mark it ready for work with " + Call("memory_plan", "update", {"plan", "status"}) +
        " status \"planned\", then review it as a checklist with " +
        Call("memory_plan", "markdown", {"plan"}) + ".\n";
    return UserMessage("Plan a " + category + " in " + ws.code, text);
  }

  PromptResult HandOff(const PromptArgs& args) {
    store::Workspace ws = Workspace(args);
    const store::Plan plan = RequirePlan(env_, ws, args.at("plan"));
    const std::string code = plan.code;
    const std::string to = args.contains("to_agent") ? args.at("to_agent") : "";
    std::string text = "Hand plan " + code + " over to " + (to.empty() ? "the next agent" : to) +
                       ".\n\n## State\n\n" +
                       render::BriefingText(store::PlanBriefing(env_.db, plan.id)) +
                       "\n\n## In progress\n\n";
    store::StepFilter filter;
    filter.plan_id = plan.id;
    filter.status = "in_progress";
    auto page = store::StepRepository(env_.db).List(ws.id, filter, 100, std::nullopt);
    store::Scheduler scheduler(env_.db);
    for (const auto& s : page.items) {
      text += "- " + s.code + " " + Summarize(s.task);
      // The claim tells who holds it, and until when.
      auto view = scheduler.View(s.id);
      if (view && view->task.claim.holder_agent)
        text += " — held by " + *view->task.claim.holder_agent;
      text += "\n";
    }
    if (page.items.empty()) text += "Nothing is in progress.\n";
    text += "\n## How to hand off\n\n1. Record it with " +
            Call("memory_agent", "handoff", {"plan", "from", "to", "reason", "data"}) +
            ": plan \"" + code + "\", from: your agent name, to: \"" +
            (to.empty() ? "<the agent taking over>" : to) +
            "\", data: what the next agent needs (what is done, what is next, open questions, "
            "files touched).\n"
            "2. Give back the steps you hold and will not finish with " +
            Call("memory_steps", "release", {"step"}) + ", or finish them first with " +
            Call("update_task_status", "set", {"task", "status"}) + ".\n" +
            "3. If you run a session, close it with " +
            Call("memory_agent", "session_complete", {"session", "summary"}) + ".\n\n" +
            "The next agent starts from " + Call("memory_agent", "briefing", {"plan"}) + ".\n";
    return UserMessage("Hand " + code + " over", text);
  }

 private:
  // The categories memory_plan create accepts, so the prompt never suggests another.
  static void CheckCategory(const std::string& category) {
    const json& allowed = catalog::Catalog::Embedded()
                              .FindTool("memory_plan")
                              ->FindAction("create")
                              ->FindParam("category")
                              ->enum_values;
    if (allowed.is_array() &&
        std::find(allowed.begin(), allowed.end(), category) == allowed.end()) {
      std::string names;
      for (const auto& v : allowed) names += (names.empty() ? "" : ", ") + v.get<std::string>();
      throw UserError("category must be one of " + names + ", not \"" + category + "\"");
    }
  }

  store::Workspace Workspace(const PromptArgs& args) {
    json ref = args.contains("workspace") ? json(args.at("workspace")) : json(nullptr);
    return WorkspaceFor(env_, {{"workspace", ref}});
  }

  ToolEnv& env_;
};

const mcp::PromptArgument kWorkspace{"workspace", "Workspace",
                                     "Workspace id, code or path; default: the server's directory.",
                                     false};

}  // namespace

void BindPrompts(mcp::PromptRegistry& registry, ToolEnv& env) {
  auto p = std::make_shared<PromptProvider>(env);
  registry.Add({"start_work",
                "Start work",
                "Briefing and the next ready task of a plan or workspace, and how to claim it.",
                {{"plan", "Plan", "Plan id or code (P3); default: the whole workspace.", false},
                 kWorkspace}},
               [p](const PromptArgs& a) { return p->StartWork(a); });
  registry.Add({"plan_feature",
                "Plan a feature",
                "Turn an idea into a plan with phases, steps and acceptance criteria.",
                {{"idea", "Idea", "What to build, in a sentence or more.", true},
                 {"category", "Category", "feature (default), bugfix, refactor, ...", false},
                 kWorkspace}},
               [p](const PromptArgs& a) { return p->PlanFeature(a); });
  registry.Add({"hand_off",
                "Hand off",
                "A plan's state and steps in progress, and how to hand it to another agent.",
                {{"plan", "Plan", "Plan id or code (P3).", true},
                 {"to_agent", "To agent", "The agent taking over.", false},
                 kWorkspace}},
               [p](const PromptArgs& a) { return p->HandOff(a); });
}

}  // namespace pm::tools
