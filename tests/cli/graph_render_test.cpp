#include "cli/graph_render.h"

#include <doctest/doctest.h>

namespace pm::cli {

namespace {

json Edge(const std::string& source_kind, int source_id, const std::string& target_kind,
          int target_id, const std::string& kind = "blocks") {
  return {{"kind", kind},
          {"source",
           {{"kind", source_kind}, {"id", source_id}, {"label", "src"}, {"status", "pending"}}},
          {"target",
           {{"kind", target_kind},
            {"id", target_id},
            {"label", "P9 Elsewhere"},
            {"status", "active"}}}};
}

// P1 "Shop" (active): phase 10 "Design" [T1 completed], phase 11 "Build"
// [T2 in progress, T3 blocked]; T3 waits for T1 and for plan 9 of another
// view, T2 is informed by T1.
DependencyGraph SampleGraph() {
  const json view = {
      {"plan", {{"id", 1}, {"code", "P1"}, {"title", "Shop \"v2\""}, {"status", "active"}}},
      {"phases",
       {{{"id", 10},
         {"name", "Design"},
         {"progress", {{"total", 1}, {"completed", 1}}},
         {"steps", {{{"id", 100}, {"code", "T1"}, {"task", "Sketch"}, {"status", "completed"}}}}},
        {{"id", 11},
         {"name", "Build"},
         {"progress", {{"total", 2}, {"in_progress", 1}, {"blocked", 1}}},
         {"steps",
          {{{"id", 101}, {"code", "T2"}, {"task", "Cart"}, {"status", "in_progress"}},
           {{"id", 102}, {"code", "T3"}, {"task", "Pay"}, {"status", "blocked"}}}}}}}};
  DependencyGraph graph = GraphFromPlanViews(json::array({view}));
  AddDependencyEdges(
      graph, {{"depends_on", {Edge("step", 102, "step", 100)}}, {"dependents", json::array()}});
  // The same edge again, seen from its other end: kept once.
  AddDependencyEdges(
      graph, {{"depends_on", json::array()}, {"dependents", {Edge("step", 102, "step", 100)}}});
  AddDependencyEdges(
      graph,
      {{"depends_on", {Edge("step", 102, "plan", 9), Edge("step", 101, "step", 100, "informs")}}});
  return graph;
}

bool Has(const std::string& text, const std::string& fragment) {
  CAPTURE(text);
  CAPTURE(fragment);
  return text.find(fragment) != std::string::npos;
}

}  // namespace

TEST_CASE("the graph keeps plans, phases and steps, and each edge once") {
  const DependencyGraph graph = SampleGraph();
  REQUIRE(graph.plans.size() == 1);
  REQUIRE(graph.plans[0].phases.size() == 2);
  CHECK(graph.plans[0].phases[0].node.status == "completed");
  CHECK(graph.plans[0].phases[1].node.status == "in_progress");
  CHECK(graph.plans[0].phases[1].steps[1].label == "T3 Pay");
  CHECK(graph.edges.size() == 3);
  REQUIRE(graph.outside.size() == 1);
  CHECK(graph.outside[0].id == "plan:9");
}

TEST_CASE("mermaid: nested subgraphs, status classes, dependency arrows") {
  const std::string m = RenderMermaid(SampleGraph());
  CHECK(m.rfind("flowchart TD\n", 0) == 0);
  CHECK(Has(m, "  subgraph plan_1[\"▶ P1 Shop #quot;v2#quot;\"]\n"));
  CHECK(Has(m, "    subgraph phase_10[\"✓ Design\"]\n"));
  CHECK(Has(m, "      step_100[\"✓ T1 Sketch\"]:::completed\n"));
  CHECK(Has(m, "      step_102[\"⊘ T3 Pay\"]:::blocked\n"));
  CHECK(Has(m, "  plan_9[\"▶ P9 Elsewhere\"]:::active\n"));
  CHECK(Has(m, "  step_100 --> step_102\n"));
  CHECK(Has(m, "  plan_9 --> step_102\n"));
  CHECK(Has(m, "  step_100 -.-> step_101\n"));
  CHECK(Has(m, "  classDef completed fill:#d4edda,stroke:#28a745\n"));
  CHECK(Has(m, "  classDef blocked fill:"));
  CHECK_FALSE(Has(m, "classDef cancelled"));  // only statuses drawn get a class
  CHECK(Has(m, "  class plan_1 active\n"));
  // Every subgraph is closed.
  size_t opened = 0, closed = 0;
  for (size_t at = m.find("subgraph"); at != std::string::npos; at = m.find("subgraph", at + 1))
    ++opened;
  for (size_t at = m.find(" end\n"); at != std::string::npos; at = m.find(" end\n", at + 1))
    ++closed;
  CHECK(opened == 3);
  CHECK(closed == 3);
}

TEST_CASE("dot: clusters, fillcolor by status, edges to clusters use lhead/ltail") {
  const std::string d = RenderDot(SampleGraph());
  CHECK(d.rfind("digraph plans {\n  compound=true;\n", 0) == 0);
  CHECK(Has(d, "  subgraph cluster_plan_1 {\n    label=\"▶ P1 Shop \\\"v2\\\"\";\n"));
  CHECK(Has(d, "    subgraph cluster_phase_11 {\n"));
  CHECK(Has(d, "step_100 [label=\"✓ T1 Sketch\", fillcolor=\"#d4edda\", color=\"#28a745\"];"));
  CHECK(Has(d, "step_102 [label=\"⊘ T3 Pay\", fillcolor=\"#f8d7da\""));
  CHECK(Has(d, "  step_100 -> step_102;\n"));
  CHECK(Has(d, "  plan_9 -> step_102;\n"));
  CHECK(Has(d, "  step_100 -> step_101 [style=dashed];\n"));
  CHECK(d.substr(d.size() - 2) == "}\n");
}

TEST_CASE("dot: an edge from a phase starts at its cluster's border") {
  DependencyGraph graph = SampleGraph();
  AddDependencyEdges(graph, {{"depends_on", {Edge("phase", 11, "phase", 10)}}});
  const std::string d = RenderDot(graph);
  CHECK(Has(d, "  step_100 -> step_101 [ltail=cluster_phase_10, lhead=cluster_phase_11];\n"));
  const std::string m = RenderMermaid(graph);
  CHECK(Has(m, "  phase_10 --> phase_11\n"));
}

TEST_CASE("an empty phase that is an endpoint gets an invisible anchor in dot") {
  const json view = {{"plan", {{"id", 2}, {"code", "P2"}, {"title", "Empty"}, {"status", "draft"}}},
                     {"phases", {{{"id", 20}, {"name", "Later"}, {"steps", json::array()}}}}};
  DependencyGraph graph = GraphFromPlanViews(json::array({view}));
  AddDependencyEdges(graph, {{"depends_on", {Edge("phase", 20, "plan", 9)}}});
  const std::string d = RenderDot(graph);
  CHECK(Has(d, "phase_20 [shape=point, style=invis, label=\"\"];"));
  CHECK(Has(d, "  plan_9 -> phase_20 [lhead=cluster_phase_20];\n"));
}

}  // namespace pm::cli
