#include "cli/graph_render.h"
#include "cli/json_fields.h"

#include <algorithm>
#include <map>
#include <set>

#include "cli/tree_view.h"
#include "cli/view_style.h"

namespace pm::cli {

namespace {

struct StatusColors {
  const char* status;
  const char* fill;
  const char* stroke;
};

// Order is the order classDefs are written in.
constexpr StatusColors kColors[] = {
    {"completed", "#d4edda", "#28a745"}, {"in_progress", "#fff3cd", "#d39e00"},
    {"active", "#fff3cd", "#d39e00"},    {"blocked", "#f8d7da", "#dc3545"},
    {"pending", "#f8f9fa", "#6c757d"},   {"planned", "#f8f9fa", "#6c757d"},
    {"open", "#f8f9fa", "#6c757d"},      {"draft", "#ffffff", "#adb5bd"},
    {"paused", "#e2e3e5", "#6c757d"},    {"cancelled", "#e2e3e5", "#adb5bd"},
};

const StatusColors* ColorsOf(const std::string& status) {
  for (const auto& c : kColors) {
    if (status == c.status) return &c;
  }
  return nullptr;
}

// "step:12" -> "step_12": an identifier both Mermaid and DOT take unquoted.
std::string RenderId(const std::string& ref) {
  std::string id = ref;
  std::replace(id.begin(), id.end(), ':', '_');
  return id;
}

std::string Caption(const GraphNode& node) {
  return std::string(StatusSymbol(node.status)) + " " + Shorten(node.label, 60);
}

std::string MermaidText(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '"') {
      out += "#quot;";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string DotText(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += (c == '\n' || c == '\r') ? ' ' : c;
  }
  return out;
}

GraphNode NodeOf(const json& end) {
  const std::string kind = end.value("kind", "");
  return {kind + ":" + std::to_string(end.value("id", int64_t{0})), end.value("label", ""),
          end.value("status", "")};
}

std::string Ref(const char* kind, const json& row) {
  return std::string(kind) + ":" + std::to_string(row.value("id", int64_t{0}));
}

// Every node of the graph's plans by ref.
std::set<std::string> Members(const DependencyGraph& graph) {
  std::set<std::string> ids;
  for (const auto& plan : graph.plans) {
    ids.insert(plan.node.id);
    for (const auto& phase : plan.phases) {
      ids.insert(phase.node.id);
      for (const auto& step : phase.steps) ids.insert(step.id);
    }
  }
  return ids;
}

// The statuses drawn, in kColors order: one classDef each.
std::vector<const StatusColors*> UsedColors(const DependencyGraph& graph) {
  std::set<std::string> used;
  for (const auto& plan : graph.plans) {
    used.insert(plan.node.status);
    for (const auto& phase : plan.phases) {
      used.insert(phase.node.status);
      for (const auto& step : phase.steps) used.insert(step.status);
    }
  }
  for (const auto& node : graph.outside) used.insert(node.status);
  std::vector<const StatusColors*> colors;
  for (const auto& c : kColors) {
    if (used.count(c.status)) colors.push_back(&c);
  }
  return colors;
}

}  // namespace

DependencyGraph GraphFromPlanViews(const json& plan_views) {
  DependencyGraph graph;
  for (const auto& view : plan_views) {
    const json& plan = Member(view, "plan");
    GraphPlan p{
        {Ref("plan", plan), Str(plan, "code") + " " + Str(plan, "title"), Str(plan, "status")}, {}};
    for (const auto& phase : view.value("phases", json::array())) {
      GraphPhase ph{{Ref("phase", phase), Str(phase, "name"),
                     PhaseStatus(phase.value("progress", json::object()))},
                    {}};
      for (const auto& step : phase.value("steps", json::array())) {
        ph.steps.push_back(
            {Ref("step", step), Str(step, "code") + " " + Str(step, "task"), Str(step, "status")});
      }
      p.phases.push_back(std::move(ph));
    }
    graph.plans.push_back(std::move(p));
  }
  return graph;
}

void AddDependencyEdges(DependencyGraph& graph, const json& dependencies) {
  const std::set<std::string> members = Members(graph);
  auto add = [&](const json& edge) {
    GraphNode waiter = NodeOf(Member(edge, "source"));
    GraphNode prerequisite = NodeOf(Member(edge, "target"));
    for (const GraphNode* end : {&waiter, &prerequisite}) {
      if (members.count(end->id)) continue;
      const bool known = std::any_of(graph.outside.begin(), graph.outside.end(),
                                     [&](const GraphNode& n) { return n.id == end->id; });
      if (!known) graph.outside.push_back(*end);
    }
    GraphEdge e{prerequisite.id, waiter.id, edge.value("kind", "blocks")};
    const bool seen = std::any_of(graph.edges.begin(), graph.edges.end(), [&](const GraphEdge& x) {
      return x.prerequisite == e.prerequisite && x.waiter == e.waiter;
    });
    if (!seen) graph.edges.push_back(std::move(e));
  };
  for (const auto& edge : dependencies.value("depends_on", json::array())) add(edge);
  for (const auto& edge : dependencies.value("dependents", json::array())) add(edge);
}

std::string RenderMermaid(const DependencyGraph& graph) {
  std::string out = "flowchart TD\n";
  std::vector<std::pair<std::string, std::string>> subgraph_classes;  // id, status
  auto node_line = [](const GraphNode& node, const std::string& indent) {
    std::string line = indent + RenderId(node.id) + "[\"" + MermaidText(Caption(node)) + "\"]";
    if (ColorsOf(node.status)) line += ":::" + node.status;
    return line + "\n";
  };
  for (const auto& plan : graph.plans) {
    out +=
        "  subgraph " + RenderId(plan.node.id) + "[\"" + MermaidText(Caption(plan.node)) + "\"]\n";
    subgraph_classes.emplace_back(RenderId(plan.node.id), plan.node.status);
    for (const auto& phase : plan.phases) {
      out += "    subgraph " + RenderId(phase.node.id) + "[\"" + MermaidText(Caption(phase.node)) +
             "\"]\n";
      subgraph_classes.emplace_back(RenderId(phase.node.id), phase.node.status);
      for (const auto& step : phase.steps) out += node_line(step, "      ");
      out += "    end\n";
    }
    out += "  end\n";
  }
  for (const auto& node : graph.outside) out += node_line(node, "  ");
  for (const auto& edge : graph.edges) {
    out += "  " + RenderId(edge.prerequisite) + (edge.kind == "informs" ? " -.-> " : " --> ") +
           RenderId(edge.waiter) + "\n";
  }
  for (const StatusColors* c : UsedColors(graph)) {
    out +=
        std::string("  classDef ") + c->status + " fill:" + c->fill + ",stroke:" + c->stroke + "\n";
  }
  for (const auto& [id, status] : subgraph_classes) {
    if (ColorsOf(status)) out += "  class " + id + " " + status + "\n";
  }
  return out;
}

std::string RenderDot(const DependencyGraph& graph) {
  // An edge can only join nodes; an edge to a plan or phase joins a node inside
  // its cluster (the first step, or an invisible anchor when it has none) and
  // names the cluster in lhead/ltail so it is drawn to the cluster's border.
  std::set<std::string> endpoints;
  for (const auto& e : graph.edges) {
    endpoints.insert(e.prerequisite);
    endpoints.insert(e.waiter);
  }
  std::map<std::string, std::string> anchor_of;  // cluster ref -> node id inside it
  std::set<std::string> clusters;
  std::vector<std::string> anchors_needed;
  for (const auto& plan : graph.plans) {
    clusters.insert(plan.node.id);
    for (const auto& phase : plan.phases) {
      clusters.insert(phase.node.id);
      if (!phase.steps.empty()) {
        anchor_of[phase.node.id] = RenderId(phase.steps.front().id);
        anchor_of.emplace(plan.node.id, RenderId(phase.steps.front().id));
      }
    }
  }
  for (const auto& ref : clusters) {
    if (!anchor_of.count(ref) && endpoints.count(ref)) anchor_of[ref] = RenderId(ref);
  }

  auto fill = [](const std::string& status) {
    const StatusColors* c = ColorsOf(status);
    return c ? std::string(", fillcolor=\"") + c->fill + "\", color=\"" + c->stroke + "\""
             : std::string();
  };
  auto node_line = [&](const GraphNode& node, const std::string& indent) {
    return indent + RenderId(node.id) + " [label=\"" + DotText(Caption(node)) + "\"" +
           fill(node.status) + "];\n";
  };
  auto cluster_style = [](const std::string& status, const std::string& indent) {
    const StatusColors* c = ColorsOf(status);
    return c ? indent + "color=\"" + c->stroke + "\";\n" : std::string();
  };
  auto anchor_line = [&](const std::string& ref, const std::string& indent) {
    // Only clusters without steps are their own anchor.
    auto it = anchor_of.find(ref);
    if (it == anchor_of.end() || it->second != RenderId(ref)) return std::string();
    return indent + RenderId(ref) + " [shape=point, style=invis, label=\"\"];\n";
  };

  std::string out =
      "digraph plans {\n"
      "  compound=true;\n"
      "  rankdir=TB;\n"
      "  graph [fontname=\"Helvetica\"];\n"
      "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\"];\n";
  for (const auto& plan : graph.plans) {
    out += "  subgraph cluster_" + RenderId(plan.node.id) + " {\n";
    out += "    label=\"" + DotText(Caption(plan.node)) + "\";\n    style=rounded;\n";
    out += cluster_style(plan.node.status, "    ");
    out += anchor_line(plan.node.id, "    ");
    for (const auto& phase : plan.phases) {
      out += "    subgraph cluster_" + RenderId(phase.node.id) + " {\n";
      out += "      label=\"" + DotText(Caption(phase.node)) + "\";\n      style=rounded;\n";
      out += cluster_style(phase.node.status, "      ");
      out += anchor_line(phase.node.id, "      ");
      for (const auto& step : phase.steps) out += node_line(step, "      ");
      out += "    }\n";
    }
    out += "  }\n";
  }
  for (const auto& node : graph.outside) out += node_line(node, "  ");
  for (const auto& edge : graph.edges) {
    auto end = [&](const std::string& ref) {
      auto it = anchor_of.find(ref);
      return it == anchor_of.end() ? RenderId(ref) : it->second;
    };
    std::vector<std::string> attrs;
    if (clusters.count(edge.prerequisite))
      attrs.push_back("ltail=cluster_" + RenderId(edge.prerequisite));
    if (clusters.count(edge.waiter)) attrs.push_back("lhead=cluster_" + RenderId(edge.waiter));
    if (edge.kind == "informs") attrs.push_back("style=dashed");
    out += "  " + end(edge.prerequisite) + " -> " + end(edge.waiter);
    if (!attrs.empty()) {
      out += " [";
      for (size_t i = 0; i < attrs.size(); ++i) out += (i ? ", " : "") + attrs[i];
      out += "]";
    }
    out += ";\n";
  }
  out += "}\n";
  return out;
}

}  // namespace pm::cli
