// memory_steps: add, insert, get, update, batch_update, move, reorder, delete and
// list the steps of plans, plus describe. See catalog/memory_steps.json.
//
// The objects inside `steps` (add) and `updates` (batch_update) are checked
// against the catalog entry of add / update, as if each were passed alone, so
// they get the same type, enum and "did you mean" checks as top-level fields.
#include <algorithm>

#include "catalog/validator.h"
#include "common/cursor.h"
#include "common/text.h"
#include "common/user_error.h"
#include "store/scheduler.h"
#include "store/shapes.h"
#include "store/short_codes.h"
#include "store/step_placement.h"
#include "store/step_repository.h"
#include "tools/all_tools.h"
#include "tools/task_args.h"
#include "tools/tool_args.h"

namespace pm::tools {

namespace {

using mcp::ActionCall;
using mcp::ToolResult;
using nlohmann::json;

// The step fields among `args`.
json StepFields(const json& args) {
  json fields = json::object();
  for (const auto& name : store::StepFieldNames()) {
    if (auto it = args.find(name); it != args.end()) fields[name] = *it;
  }
  return fields;
}

ToolResult Reply(std::string text, json structured) {
  ToolResult result;
  result.text = std::move(text);
  result.structured = std::move(structured);
  return result;
}

std::string Codes(const std::vector<store::StepInPlan>& rows) {
  std::vector<std::string> codes;
  for (const auto& row : rows) codes.push_back(row.step.code);
  return JoinChoices(codes, ", ");
}

std::string Where(const store::StepInPlan& s) {
  return store::PhaseLabel(s.plan_code, s.phase_name);
}

// "T12 [pending] Write the parser (P3 phase 'Build' #0)"
std::string Line(const std::string& code, const std::string& status, const std::string& task,
                 const std::string& where, int64_t order_index) {
  return code + " [" + status + "] " + Summarize(task) + " (" + where + " #" +
         std::to_string(order_index) + ")";
}

std::string Line(const store::StepInPlan& s) {
  return Line(s.step.code, s.step.status, s.step.task, Where(s), s.step.order_index);
}

// Checks one object of an array parameter against `action`'s own parameters.
// Throws UserError prefixed with `label` ("steps[1]: ...").
json CheckItem(const ActionCall& call, const char* action, const json& item,
               const std::string& label) {
  try {
    std::vector<std::string> allowed = store::StepFieldNames();
    if (std::string(action) == "update") allowed.insert(allowed.begin(), {"step", "force"});
    for (const auto& [key, value] : item.items()) {
      if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
      std::string message = "\"" + key + "\" is not a step field.";
      std::string guess = ClosestMatch(key, allowed);
      if (!guess.empty()) message += " Did you mean \"" + guess + "\"?";
      throw UserError(message + " Fields: " + JoinChoices(allowed, ", ") + ".");
    }
    json args = item;
    args["action"] = action;
    auto checked = catalog::ValidateCall(call.tool, args);
    if (auto* error = std::get_if<catalog::ValidationError>(&checked)) {
      std::string message = error->message;
      const std::string at = "(at arguments.";
      if (auto pos = message.find(at); pos != std::string::npos) {
        message.insert(pos + at.size(), label + ".");
      }
      throw UserError(message);
    }
    json fields = std::get<catalog::ValidatedCall>(checked).args;
    if (fields.contains("task")) NonBlank(fields, "task");
    return fields;
  } catch (const UserError& e) {
    throw UserError(label + ": " + e.what());
  }
}

class StepsTool {
 public:
  explicit StepsTool(ToolEnv& env) : env_(env), repo_(env.db) {}

  ToolResult Add(const ActionCall& call) {
    const json& args = call.args;
    const store::Workspace ws = WorkspaceFor(env_, args);
    std::vector<json> steps;
    const json defaults = StepFields(args);
    if (args.contains("steps")) {
      if (args.contains("task")) throw UserError("give task (one step) or steps (many), not both");
      if (args["steps"].empty()) throw UserError("steps is empty: give at least one step");
      for (size_t i = 0; i < args["steps"].size(); ++i) {
        json fields = defaults;  // fields beside steps apply to every step
        fields.update(CheckItem(call, "add", args["steps"][i], "steps[" + std::to_string(i) + "]"));
        if (!fields.contains("task")) {
          throw UserError("steps[" + std::to_string(i) + "] needs a task");
        }
        steps.push_back(std::move(fields));
      }
    } else {
      if (!args.contains("task")) throw UserError("add needs task (one step) or steps (many)");
      NonBlank(args, "task");
      steps.push_back(defaults);
    }
    auto added = repo_.Add(ws.id, Target(ws, args), steps, std::nullopt, ActorFor(env_, args));
    std::string text = "Added " + Codes(added) + " to " + Where(added.front()) + ".";
    return Reply(std::move(text), {{"steps", RowsJson(added)}});
  }

  ToolResult Insert(const ActionCall& call) {
    const json& args = call.args;
    const store::Workspace ws = WorkspaceFor(env_, args);
    NonBlank(args, "task");
    const int64_t index = args["index"].get<int64_t>();
    const store::StepInPlan step =
        repo_.Add(ws.id, Target(ws, args), {StepFields(args)}, index, ActorFor(env_, args)).front();
    std::string text = "Inserted " + step.step.code + " at position " + std::to_string(index) +
                       " of " + Where(step) + ".";
    return Reply(std::move(text), {{"step", store::ToJson(step)}});
  }

  ToolResult Get(const ActionCall& call) {
    const store::Workspace ws = WorkspaceFor(env_, call.args);
    auto found = repo_.Find(ws.id, StepId(ws, call.args["step"]));
    if (!found) throw UserError("step " + call.args["step"].dump() + " was just deleted");
    const store::StepInPlan& step = *found;
    const store::Step& s = step.step;
    std::string text = Line(step) + "; type " + s.type + ", priority " + s.priority;
    if (s.assignee) text += ", assignee " + *s.assignee;
    if (s.blocked_reason) text += "; blocked: " + *s.blocked_reason;
    text += ". Plan: " + step.plan_title + ".";
    return Reply(std::move(text), {{"step", store::ToJson(step)}});
  }

  ToolResult Update(const ActionCall& call) {
    const json& args = call.args;
    const store::Workspace ws = WorkspaceFor(env_, args);
    if (args.contains("task")) NonBlank(args, "task");
    store::StepChange change{StepId(ws, args["step"]), StepFields(args), "", args["force"]};
    const store::StepInPlan step = repo_.Update(ws.id, {change}, ActorFor(env_, args)).front();
    std::vector<std::string> changed;
    for (const auto& [key, value] : change.fields.items()) changed.push_back(key);
    std::string text = "Updated " + step.step.code + " (" + JoinChoices(changed, ", ") + "); now " +
                       step.step.status + ".";
    return Reply(std::move(text), {{"step", store::ToJson(step)}});
  }

  ToolResult BatchUpdate(const ActionCall& call) {
    const json& args = call.args;
    const store::Workspace ws = WorkspaceFor(env_, args);
    const json& updates = args["updates"];
    if (updates.empty()) throw UserError("updates is empty: give at least one {step, ...fields}");
    std::vector<store::StepChange> changes;
    for (size_t i = 0; i < updates.size(); ++i) {
      const std::string label = "updates[" + std::to_string(i) + "]";
      json fields = CheckItem(call, "update", updates[i], label);
      int64_t id = 0;
      try {
        id = StepId(ws, fields["step"]);
      } catch (const UserError& e) {
        throw UserError(label + ": " + e.what() + "; nothing was changed");
      }
      changes.push_back({id, StepFields(fields), label, fields.value("force", false)});
    }
    auto updated = repo_.Update(ws.id, changes, ActorFor(env_, args));
    std::vector<std::string> shown;
    for (const auto& step : updated) shown.push_back(step.step.code + " " + step.step.status);
    std::string text = "Updated " + std::to_string(updated.size()) + " step" +
                       (updated.size() == 1 ? "" : "s") + ": " + JoinChoices(shown, ", ") + ".";
    return Reply(std::move(text), {{"steps", RowsJson(updated)}});
  }

  ToolResult Move(const ActionCall& call) {
    const json& args = call.args;
    const store::Workspace ws = WorkspaceFor(env_, args);
    std::optional<int64_t> index;
    if (args.contains("index")) index = args["index"].get<int64_t>();
    const store::StepInPlan step =
        repo_.Move(ws.id, StepId(ws, args["step"]), args.value("phase", json(nullptr)), index,
                   ActorFor(env_, args));
    std::string text = "Moved " + step.step.code + " to position " +
                       std::to_string(step.step.order_index) + " of " + Where(step) + ".";
    return Reply(std::move(text), {{"step", store::ToJson(step)}});
  }

  ToolResult Reorder(const ActionCall& call) {
    const json& args = call.args;
    const store::Workspace ws = WorkspaceFor(env_, args);
    std::vector<int64_t> order;
    for (size_t i = 0; i < args["order"].size(); ++i) {
      try {
        order.push_back(StepId(ws, args["order"][i]));
      } catch (const UserError& e) {
        throw UserError("order[" + std::to_string(i) + "]: " + e.what());
      }
    }
    auto steps = repo_.Reorder(ws.id, order, ActorFor(env_, args));
    std::string text = "Reordered " + Where(steps.front()) + ": " + Codes(steps) + ".";
    return Reply(std::move(text), {{"steps", RowsJson(steps)}});
  }

  ToolResult Delete(const ActionCall& call) {
    const store::Workspace ws = WorkspaceFor(env_, call.args);
    const store::StepInPlan step =
        repo_.Delete(ws.id, StepId(ws, call.args["step"]), ActorFor(env_, call.args));
    std::string text = "Deleted " + step.step.code + " (" + Summarize(step.step.task, 60) +
                       ") from " + Where(step) + ".";
    return Reply(std::move(text), {{"deleted", true}, {"step", store::ToJson(step)}});
  }

  ToolResult List(const ActionCall& call) {
    const json& args = call.args;
    const store::Workspace ws = WorkspaceFor(env_, args);
    store::StepFilter filter;
    if (args.contains("plan")) filter.plan_id = PlanId(ws, args["plan"]);
    filter.phase = args.value("phase", json(nullptr));
    for (auto [key, field] : {std::pair{"status", &filter.status},
                              {"assignee", &filter.assignee},
                              {"type", &filter.type}}) {
      if (args.contains(key)) *field = args[key].get<std::string>();
    }
    filter.created_session_id = CreatedSessionFilter(env_, ws, args);
    std::optional<int64_t> after;
    if (args.contains("cursor")) {
      after = DecodeCursor(args["cursor"].get<std::string>());
      if (!after) {
        throw UserError(
            "cursor is not one this server gave out; omit it to start from the "
            "first page");
      }
    }
    auto page = repo_.List(ws.id, filter, args["limit"].get<int>(), after);
    std::string text;
    for (auto& step : page.items) {
      step.task = Summarize(step.task);
      text += "- " +
              Line(step.code, step.status, step.task,
                   store::PhaseLabel(step.plan_code, step.phase_name), step.order_index) +
              "\n";
    }
    if (page.items.empty()) text = "No steps match.";
    const json next =
        page.next_after_step ? json(EncodeCursor(*page.next_after_step)) : json(nullptr);
    if (!next.is_null()) text += "More: pass cursor " + next.get<std::string>() + ".";
    return Reply(std::move(text), {{"steps", RowsJson(page.items)}, {"next_cursor", next}});
  }

 private:
  int64_t StepId(const store::Workspace& ws, const json& ref) {
    return RequireRefId(env_, store::shapes::kStep, ws, ref, store::code_prefix::kStep, "step");
  }

  int64_t PlanId(const store::Workspace& ws, const json& ref) {
    return RequirePlan(env_, ws, ref).id;
  }

  store::StepTarget Target(const store::Workspace& ws, const json& args) {
    store::StepTarget target;
    if (args.contains("plan")) target.plan_id = PlanId(ws, args["plan"]);
    target.phase = args.value("phase", json(nullptr));
    return target;
  }

  ToolEnv& env_;
  store::StepRepository repo_;
};

// next, claim, release and heartbeat: the scheduler's claim operations on one step
// (seed 004's markCurrentDoneAndGetNext among them), each one transaction.
class ClaimActions {
 public:
  explicit ClaimActions(ToolEnv& env) : env_(env) {}

  mcp::ToolResult Next(const mcp::ActionCall& call) {
    const json& a = call.args;
    store::Workspace ws = WorkspaceFor(env_, a);
    const int64_t plan_id = RequirePlan(env_, ws, a["plan"]).id;
    std::optional<int64_t> current;
    if (a.contains("current")) current = StepIdFor(env_, ws, a["current"]);
    const store::DoneAndNext r = store::Scheduler(env_.db).Next(
        plan_id, current, a.value("completion_notes", ""), a["lease_seconds"], ActorFor(env_, a));
    mcp::ToolResult result;
    result.structured = store::ToJson(r);
    std::string text;
    if (r.completed) text = "Completed " + r.completed->code + ". ";
    if (!r.task) {
      text += r.nothing_ready ? r.nothing_ready->message : std::string("Nothing ready.");
    } else {
      text += "Next: " + TaskText(*r.task);
    }
    result.text = text;
    return result;
  }

  mcp::ToolResult Claim(const mcp::ActionCall& call) {
    store::Workspace ws = WorkspaceFor(env_, call.args);
    const store::ClaimResult r =
        store::Scheduler(env_.db).Claim(StepIdFor(env_, ws, call.args["step"]),
                                        call.args["lease_seconds"], ActorFor(env_, call.args));
    mcp::ToolResult result;
    result.structured = store::ToJson(r);
    result.text = "Claimed: " + TaskText(r.task);
    return result;
  }

  mcp::ToolResult Release(const mcp::ActionCall& call) {
    store::Workspace ws = WorkspaceFor(env_, call.args);
    const store::StatusUpdate r = store::Scheduler(env_.db).Release(
        StepIdFor(env_, ws, call.args["step"]), call.args["force"], ActorFor(env_, call.args));
    return Short(r.task, "Released ");
  }

  mcp::ToolResult Heartbeat(const mcp::ActionCall& call) {
    store::Workspace ws = WorkspaceFor(env_, call.args);
    const store::TaskView view =
        store::Scheduler(env_.db).Heartbeat(StepIdFor(env_, ws, call.args["step"]),
                                            call.args["lease_seconds"], ActorFor(env_, call.args));
    return Short(view, "Lease extended: ");
  }

 private:
  static mcp::ToolResult Short(const store::TaskView& view, const std::string& verb) {
    mcp::ToolResult result;
    result.structured = store::ToJson(view);
    const store::Step& step = view.task;
    result.text = verb + step.code + " [" + step.status + "]" +
                  (step.claim.lease_expires_at ? " lease until " + *step.claim.lease_expires_at
                                               : std::string()) +
                  ".";
    return result;
  }

  ToolEnv& env_;
};

}  // namespace

void BindMemorySteps(mcp::ToolRegistry& registry, ToolEnv& env) {
  auto tool = std::make_shared<StepsTool>(env);
  const std::string name = "memory_steps";
  auto claims = std::make_shared<ClaimActions>(env);
  registry.Bind(name, "claim", [claims](const ActionCall& c) { return claims->Claim(c); });
  registry.Bind(name, "heartbeat", [claims](const ActionCall& c) { return claims->Heartbeat(c); });
  registry.Bind(name, "next", [claims](const ActionCall& c) { return claims->Next(c); });
  registry.Bind(name, "release", [claims](const ActionCall& c) { return claims->Release(c); });
  registry.Bind(name, "add", [tool](const ActionCall& c) { return tool->Add(c); });
  registry.Bind(name, "batch_update", [tool](const ActionCall& c) { return tool->BatchUpdate(c); });
  registry.Bind(name, "delete", [tool](const ActionCall& c) { return tool->Delete(c); });
  registry.Bind(name, "get", [tool](const ActionCall& c) { return tool->Get(c); });
  registry.Bind(name, "insert", [tool](const ActionCall& c) { return tool->Insert(c); });
  registry.Bind(name, "list", [tool](const ActionCall& c) { return tool->List(c); });
  registry.Bind(name, "move", [tool](const ActionCall& c) { return tool->Move(c); });
  registry.Bind(name, "reorder", [tool](const ActionCall& c) { return tool->Reorder(c); });
  registry.Bind(name, "update", [tool](const ActionCall& c) { return tool->Update(c); });
  BindDescribe(registry, name);
}

}  // namespace pm::tools
