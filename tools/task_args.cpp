#include "tools/task_args.h"

#include "common/user_error.h"
#include "store/shapes.h"
#include "store/short_codes.h"
#include "tools/tool_args.h"

namespace pm::tools {

namespace {

std::string Shown(const json& ref) { return ref.is_string() ? ref.get<std::string>() : ref.dump(); }

std::string Items(const json& list) {
  std::string text;
  for (const auto& item : list)
    text += (text.empty() ? "" : ", ") + (item.is_string() ? item.get<std::string>() : item.dump());
  return text;
}

}  // namespace

store::Actor HolderFor(const ToolEnv& env, const json& args) {
  store::Actor actor = ActorFor(env, args);
  if (auto it = args.find("session_id"); it != args.end() && it->is_string()) {
    actor.session_id = it->get<std::string>();
  }
  return actor;
}

store::WorkItem WorkItemFor(ToolEnv& env, const store::Workspace& ws, const json& ref) {
  if (ref.is_number_integer()) return {store::WorkKind::kStep, StepIdFor(env, ws, ref)};
  if (auto item = store::FindWorkItem(env.db, ws.id, Shown(ref))) return *item;
  throw UserError("no plan, phase or step " + Shown(ref) + " in workspace " + ws.code +
                  " (give P12, T51, P12/Phase name or phase:7)");
}

int64_t StepIdFor(ToolEnv& env, const store::Workspace& ws, const json& ref) {
  return RequireRef(env, store::shapes::kStep, ws, ref, store::code_prefix::kStep, "task")["id"];
}

store::TaskFilter TaskFilterFor(ToolEnv& env, const store::Workspace& ws, const json& args) {
  store::TaskFilter filter;
  filter.workspace_id = ws.id;
  if (args.contains("plan")) {
    filter.plan_id = RequireRef(env, store::shapes::kPlan, ws, args["plan"],
                                store::code_prefix::kPlan, "plan")["id"]
                         .get<int64_t>();
  }
  if (args.contains("track")) {
    filter.track_id = store::FindTrackId(env.db, ws.id, args["track"]);
    if (!filter.track_id)
      throw UserError("no track " + Shown(args["track"]) + " in workspace " + ws.code);
  }
  if (args.contains("phase")) {
    const json& ref = args["phase"];
    auto phase = ref.is_number_integer() ? store::FindWorkItem(env.db, ws.id, "phase:" + ref.dump())
                                         : store::FindWorkItem(env.db, ws.id, Shown(ref));
    if (!phase || phase->kind != store::WorkKind::kPhase) {
      throw UserError("no phase " + Shown(ref) + " in workspace " + ws.code +
                      " (give its id or P12/Phase name)");
    }
    filter.phase_id = phase->id;
  }
  if (args.contains("type")) filter.type = args["type"].get<std::string>();
  return filter;
}

json TaskJson(const json& view) {
  json task = json::object();
  for (const auto& [key, value] : view["task"].items()) {
    const bool empty = value.is_null() || (value.is_array() && value.empty()) ||
                       (value.is_string() && value == "");
    if (!empty && key != "workspace_id" && key != "updated_at") task[key] = value;
  }
  json out = {{"task", task}, {"plan", view["plan"]}, {"phase", view["phase"]}};
  if (!view["requirements"].empty()) out["requirements"] = view["requirements"];
  if (!view["notes"].empty()) out["notes"] = view["notes"];
  return out;
}

std::string TaskText(const json& view) {
  const json& t = view["task"];
  std::string text = t["code"].get<std::string>() + " " + t["task"].get<std::string>() + " [" +
                     t["status"].get<std::string>() + "]";
  if (t["holder_agent"].is_string()) {
    text += " — held by " + t["holder_agent"].get<std::string>();
    if (t["lease_expires_at"].is_string())
      text += " until " + t["lease_expires_at"].get<std::string>();
  }
  if (view["plan"].is_object()) {
    text += "\nPlan " + view["plan"]["code"].get<std::string>() + " " +
            view["plan"]["title"].get<std::string>();
    if (view["phase"].is_object()) text += " › " + view["phase"]["name"].get<std::string>();
  }
  if (t["description"].is_string()) text += "\n" + t["description"].get<std::string>();
  if (!t["inputs"].empty()) text += "\nInputs: " + Items(t["inputs"]);
  if (!t["expected_outputs"].empty()) text += "\nExpected outputs: " + Items(t["expected_outputs"]);
  if (t["context_notes"].is_string()) text += "\nContext: " + t["context_notes"].get<std::string>();
  for (const auto& r : view["requirements"]) {
    text += "\nOpen criterion " + r["code"].get<std::string>() + ": " +
            Summarize(r["text"].get<std::string>(), 100);
  }
  for (const auto& n : view["notes"]) {
    text +=
        "\n" + n["kind"].get<std::string>() + ": " + Summarize(n["text"].get<std::string>(), 100);
  }
  return text;
}

std::string StepLines(const json& summaries) {
  std::string text;
  for (const auto& s : summaries) {
    text += "- " + s["code"].get<std::string>() + " " +
            Summarize(s["task"].get<std::string>(), 80) + " (" + s["plan_code"].get<std::string>() +
            " › " + s["phase_name"].get<std::string>() + ")\n";
  }
  return text;
}

}  // namespace pm::tools
