#include "cli/plan_views.h"

#include <algorithm>

#include "cli/json_fields.h"

namespace pm::cli {

json WorkspacePlanViews(ToolClient& client, const json& args) {
  json views = json::array();
  json list_args = args;
  list_args["limit"] = 500;
  while (true) {
    json page = client.Call("memory_plan", "list", list_args);
    for (const auto& plan : page["plans"]) {
      json get_args = args;
      get_args["plan"] = plan["id"];
      views.push_back(client.Call("memory_plan", "get", get_args));
    }
    if (!page["next_cursor"].is_string()) break;
    list_args["cursor"] = page["next_cursor"];
  }
  return views;
}

void AddStepDetails(ToolClient& client, const json& args, json& plan_views,
                    const std::vector<std::string>& statuses, size_t limit) {
  std::map<std::string, size_t> done;
  for (auto& view : plan_views) {
    for (auto& phase : view["phases"]) {
      for (auto& step : phase["steps"]) {
        const std::string status = step.value("status", "");
        if (std::find(statuses.begin(), statuses.end(), status) == statuses.end()) continue;
        if (done[status]++ >= limit) continue;
        json get_args = args;
        get_args["step"] = step["id"];
        const json full = client.Call("memory_steps", "get", get_args)["step"];
        for (const char* key : {"blocked_reason", "holder_agent", "lease_expires_at"}) {
          step[key] = full.value(key, json(nullptr));
        }
      }
    }
  }
}

DependencyGraph GraphOfPlans(ToolClient& client, const json& args, const json& plan_views) {
  DependencyGraph graph = GraphFromPlanViews(plan_views);
  auto add = [&](const std::string& kind, const json& row) {
    json dep_args = args;
    dep_args["item"] = kind + ":" + std::to_string(row["id"].get<int64_t>());
    AddDependencyEdges(graph, client.Call("memory_plan", "dependencies", dep_args));
  };
  for (const auto& view : plan_views) {
    // An archived plan took its edges into the archive; it has none to look up.
    if (view["plan"].value("archived", false)) continue;
    add("plan", view["plan"]);
    for (const auto& phase : view["phases"]) {
      add("phase", phase);
      for (const auto& step : phase["steps"]) add("step", step);
    }
  }
  // Dependencies label their ends by code alone; items of other plans get
  // their title or task too, as the plan's own nodes have.
  for (auto& node : graph.outside) {
    const auto colon = node.id.find(':');
    const std::string kind = node.id.substr(0, colon);
    const int64_t id = std::stoll(node.id.substr(colon + 1));
    json get_args = args;
    try {
      if (kind == "plan") {
        get_args["plan"] = id;
        node.label += " " + Str(client.Call("memory_plan", "get", get_args)["plan"], "title");
      } else if (kind == "step") {
        get_args["step"] = id;
        node.label += " " + Str(client.Call("memory_steps", "get", get_args)["step"], "task");
      }
    } catch (const ToolError&) {
      // Gone since the edge was read: the code alone still names it.
    }
  }
  return graph;
}

}  // namespace pm::cli
