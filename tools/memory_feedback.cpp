// memory_feedback: report, get, list, triage, update and link feedback items
// (bugs, ideas, questions with FB-codes), plus describe. See
// catalog/memory_feedback.json; the rules live in store::FeedbackRepository.
#include "common/user_error.h"
#include "store/feedback_repository.h"
#include "store/shapes.h"
#include "store/short_codes.h"
#include "tools/all_tools.h"
#include "tools/list_cursor.h"
#include "tools/tool_args.h"

namespace pm::tools {

namespace {

using mcp::ActionCall;
using mcp::ToolResult;

// "FB3 [bug, high, new] Login fails"
std::string Line(const store::FeedbackSummary& item) {
  std::string text = item.code + " [" + item.kind;
  if (item.severity) text += ", " + *item.severity;
  text += ", " + item.status + "] " + Summarize(item.title);
  if (item.plan_id) text += " (plan #" + std::to_string(*item.plan_id) + ")";
  if (item.duplicate_of) text += " (duplicate of #" + std::to_string(*item.duplicate_of) + ")";
  return text;
}

ToolResult One(const std::string& verb, const store::Feedback& item) {
  ToolResult result;
  result.text = verb + Line(item) + ".";
  result.structured = {{"feedback", store::ToJson(item)}};
  return result;
}

class FeedbackTool {
 public:
  explicit FeedbackTool(ToolEnv& env) : env_(env), repo_(env.db) {}

  ToolResult Report(const ActionCall& call) {
    const json& args = call.args;
    store::Workspace ws = WorkspaceFor(env_, args);
    store::NewFeedback item;
    item.kind = args["kind"];
    item.title = NonBlank(args, "title");
    item.body = OptString(args, "body");
    item.severity = OptString(args, "severity");
    store::Actor actor = ActorFor(env_, args);
    if (!actor.agent.empty()) item.reported_by = actor.agent;
    if (args.contains("plan")) item.plan_id = PlanId(ws, args["plan"]);
    return One("Reported ", repo_.Report(ws.id, item, actor));
  }

  ToolResult Get(const ActionCall& call) {
    store::Workspace ws = WorkspaceFor(env_, call.args);
    const store::Feedback item = Require(ws, call.args["feedback"]);
    ToolResult result = One("", item);
    if (item.body) result.text += "\n" + *item.body;
    if (item.resolution) result.text += "\nResolution: " + *item.resolution;
    return result;
  }

  ToolResult List(const ActionCall& call) {
    const json& args = call.args;
    store::Workspace ws = WorkspaceFor(env_, args);
    store::FeedbackFilter filter;
    filter.kind = OptString(args, "kind");
    filter.status = OptString(args, "status");
    filter.severity = OptString(args, "severity");
    if (args.contains("plan")) filter.plan_id = PlanId(ws, args["plan"]);
    filter.created_session_id = CreatedSessionFilter(env_, ws, args);
    store::FeedbackPage page =
        repo_.List(ws.id, filter, args["limit"].get<int>(), CursorAfter(args));
    std::string text;
    json items = json::array();
    for (auto& item : page.items) {
      item.title = Summarize(item.title);
      text += "- " + Line(item) + "\n";
      items.push_back(store::ToJson(item));
    }
    if (page.items.empty()) text = "No feedback matches in workspace " + ws.code + ".";
    json next = NextCursor(page.next_after_id);
    if (!next.is_null()) text += "More: pass cursor " + next.get<std::string>() + ".";
    ToolResult result;
    result.structured = {{"items", std::move(items)}, {"next_cursor", std::move(next)}};
    result.text = std::move(text);
    return result;
  }

  ToolResult Triage(const ActionCall& call) {
    const json& args = call.args;
    store::Workspace ws = WorkspaceFor(env_, args);
    const int64_t id = Require(ws, args["feedback"]).id;
    std::optional<int64_t> original;
    if (args.contains("duplicate_of")) original = Require(ws, args["duplicate_of"]).id;
    return One("Triaged ", repo_.Triage(ws.id, id, OptString(args, "severity"), original,
                                        ActorFor(env_, args)));
  }

  ToolResult Update(const ActionCall& call) {
    const json& args = call.args;
    store::Workspace ws = WorkspaceFor(env_, args);
    const int64_t id = Require(ws, args["feedback"]).id;
    json patch = Pick(args, {"title", "body", "severity", "status", "resolution"});
    if (patch.empty()) {
      throw UserError("nothing to update: pass title, body, severity, status or resolution");
    }
    if (patch.contains("title")) patch["title"] = NonBlank(args, "title");
    return One("Updated ", repo_.Update(ws.id, id, patch, ActorFor(env_, args)));
  }

  ToolResult LinkPlan(const ActionCall& call) {
    const json& args = call.args;
    store::Workspace ws = WorkspaceFor(env_, args);
    const int64_t id = Require(ws, args["feedback"]).id;
    std::optional<int64_t> plan;
    if (args.contains("plan")) plan = PlanId(ws, args["plan"]);
    return One(plan ? "Linked " : "Unlinked ",
               repo_.LinkPlan(ws.id, id, plan, ActorFor(env_, args)));
  }

 private:
  store::Feedback Require(const store::Workspace& ws, const json& ref) {
    if (auto item = repo_.Find(ws.id, ref)) return *item;
    ThrowNoSuchRef(ws, ref, store::code_prefix::kFeedback, "feedback");
  }

  int64_t PlanId(const store::Workspace& ws, const json& ref) {
    return RequirePlan(env_, ws, ref).id;
  }

  ToolEnv& env_;
  store::FeedbackRepository repo_;
};

}  // namespace

void BindMemoryFeedback(mcp::ToolRegistry& registry, ToolEnv& env) {
  auto tool = std::make_shared<FeedbackTool>(env);
  const std::string name = "memory_feedback";
  registry.Bind(name, "get", [tool](const ActionCall& c) { return tool->Get(c); });
  registry.Bind(name, "link_plan", [tool](const ActionCall& c) { return tool->LinkPlan(c); });
  registry.Bind(name, "list", [tool](const ActionCall& c) { return tool->List(c); });
  registry.Bind(name, "report", [tool](const ActionCall& c) { return tool->Report(c); });
  registry.Bind(name, "triage", [tool](const ActionCall& c) { return tool->Triage(c); });
  registry.Bind(name, "update", [tool](const ActionCall& c) { return tool->Update(c); });
  BindDescribe(registry, name);
}

}  // namespace pm::tools
