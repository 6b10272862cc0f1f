// `project-memory graph`: a plan's (or a workspace's) dependency graph as
// Mermaid or Graphviz DOT text, to paste into Markdown or pipe into `dot`.
#include "cli/graph_render.h"
#include "cli/plan_views.h"
#include "cli/tool_client.h"
#include "cli/view_commands.h"
#include "cli/view_options.h"

namespace pm::cli {

namespace {

struct GraphOptions {
  ViewOptions view;
  std::string plan;  // empty: every plan of the workspace
  std::string format = "mermaid";
};

json NodeJson(const GraphNode& node) {
  return {{"id", node.id}, {"label", node.label}, {"status", node.status}};
}

// The graph as data, for --json: plans holding phases holding steps, outside
// nodes, and edges from prerequisite to waiter.
json GraphJson(const DependencyGraph& graph) {
  json plans = json::array();
  for (const auto& plan : graph.plans) {
    json p = NodeJson(plan.node);
    p["phases"] = json::array();
    for (const auto& phase : plan.phases) {
      json ph = NodeJson(phase.node);
      ph["steps"] = json::array();
      for (const auto& step : phase.steps) ph["steps"].push_back(NodeJson(step));
      p["phases"].push_back(std::move(ph));
    }
    plans.push_back(std::move(p));
  }
  json outside = json::array();
  for (const auto& node : graph.outside) outside.push_back(NodeJson(node));
  json edges = json::array();
  for (const auto& e : graph.edges) {
    edges.push_back({{"from", e.prerequisite}, {"to", e.waiter}, {"kind", e.kind}});
  }
  return {{"plans", plans}, {"outside", outside}, {"edges", edges}};
}

int Graph(const GlobalOptions& global, const GraphOptions& options) {
  ToolClient client(global);
  const json args = WorkspaceArgs(options.view.workspace);
  json views = json::array();
  if (options.plan.empty()) {
    views = WorkspacePlanViews(client, args);
  } else {
    json get_args = args;
    get_args["plan"] = options.plan;
    views.push_back(client.Call("memory_plan", "get", get_args));
  }
  const DependencyGraph graph = GraphOfPlans(client, args, views);
  if (options.view.json) {
    PrintJson(GraphJson(graph));
  } else {
    PrintText(options.format == "dot" ? RenderDot(graph) : RenderMermaid(graph));
  }
  return 0;
}

}  // namespace

void AddGraphCommand(CLI::App& app, GlobalOptions& global, CommandRunner* run) {
  auto options = std::make_shared<GraphOptions>();
  CLI::App* cmd = app.add_subcommand(
      "graph", "A plan's or a workspace's dependency graph as Mermaid or Graphviz DOT");
  cmd->add_option("plan", options->plan, "Plan id or code (P3); default: every plan");
  AddWorkspaceOption(cmd, options->view);
  cmd->add_option("--format", options->format, "mermaid (default) or dot")
      ->check(CLI::IsMember({"mermaid", "dot"}));
  cmd->add_flag("--json", options->view.json, "Print the graph's nodes and edges as JSON");
  cmd->footer(
      "Plans and phases are subgraphs (clusters) holding their steps; an arrow runs from\n"
      "what must finish first to what waits for it (dashed: informs). Colour shows status.\n"
      "\n"
      "Examples:\n"
      "  project-memory graph P3                       # Mermaid, paste into Markdown\n"
      "  project-memory graph --workspace shop --format dot | dot -Tsvg > plans.svg");
  cmd->callback(
      [&global, options, run] { *run = [&global, options] { return Graph(global, *options); }; });
}

}  // namespace pm::cli
