// The dependency graph of plans drawn as Mermaid or Graphviz DOT text: each
// plan a subgraph (cluster) holding its phases as subgraphs holding their steps,
// nodes coloured by status (Mermaid classDef, DOT fillcolor), and an arrow from
// each prerequisite to what waits for it. Pure functions of their input.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace pm::cli {

using nlohmann::json;

// One plan, phase or step. `id` is the work-item reference "kind:id" the
// dependency edges use; `label` is what is shown ("T4 Write the form").
struct GraphNode {
  std::string id;
  std::string label;
  std::string status;
};

struct GraphPhase {
  GraphNode node;
  std::vector<GraphNode> steps;
};

struct GraphPlan {
  GraphNode node;
  std::vector<GraphPhase> phases;
};

// `waiter` depends on `prerequisite`; kind "blocks" or "informs" (dashed).
struct GraphEdge {
  std::string prerequisite;
  std::string waiter;
  std::string kind = "blocks";
};

struct DependencyGraph {
  std::vector<GraphPlan> plans;
  // Endpoints of edges that lie outside `plans` (another plan's items), drawn
  // as free-standing nodes.
  std::vector<GraphNode> outside;
  std::vector<GraphEdge> edges;
};

// Builds the graph from plan views (memory_plan "get" results) and dependency
// edges as memory_plan "dependencies" lists them ({"source_kind", "source_id",
// "target_kind", "target_id", "kind", ...} or the {"item", "depends_on"} pairs
// collected by the caller, see AddDependencyEdges). Edges are deduplicated.
DependencyGraph GraphFromPlanViews(const json& plan_views);

// Adds the edges of one memory_plan "dependencies" result: its "depends_on"
// (the item waits for each) and "dependents" (each waits for the item). An
// endpoint no plan of the graph holds becomes an `outside` node. Keeps edges
// and outside nodes unique.
void AddDependencyEdges(DependencyGraph& graph, const json& dependencies);

// "flowchart TD" with subgraphs, :::status classes and one classDef per status.
std::string RenderMermaid(const DependencyGraph& graph);

// "digraph" with clusters, filled nodes (fillcolor by status) and edges; an
// edge to a plan or phase points at its cluster (compound=true).
std::string RenderDot(const DependencyGraph& graph);

}  // namespace pm::cli
