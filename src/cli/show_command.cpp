// `project-memory show PLAN`: everything about one plan — its fields, phases
// and steps, acceptance criteria, dependencies, notes and recent handoffs.
#include "cli/json_fields.h"
#include "cli/plan_views.h"
#include "cli/tool_client.h"
#include "cli/tree_view.h"
#include "cli/view_commands.h"
#include "cli/view_options.h"

namespace pm::cli {

namespace {

struct ShowOptions {
  ViewOptions view;
  std::string plan;
  int lineage = 5;
};

std::string Section(const ViewStyle& style, const std::string& title) {
  return "\n" + Bold(style, title) + "\n";
}

std::string EdgeLine(const ViewStyle& style, const json& edge) {
  const json& source = Member(edge, "source");
  const json& target = Member(edge, "target");
  const std::string status = Str(target, "status");
  return "  " + Str(source, "label") + " waits for " +
         PaintStatus(style, status,
                     std::string(StatusSymbol(status)) + " " + Str(target, "label")) +
         (Str(edge, "kind") == "informs" ? Dim(style, " (informs)") : "") + "\n";
}

std::string RenderShow(const json& view, const json& dependencies, const json& lineage,
                       const ViewStyle& style) {
  const json& plan = Member(view, "plan");
  std::string out = RenderPlanTree(view, style, true);
  if (plan.value("archived", false)) {
    out += Dim(style, "Archived: restore it with memory_plan action \"restore\".") + "\n";
  }

  std::string facts;
  for (const char* key : {"category", "priority", "era"}) {
    if (auto v = Str(plan, key); !v.empty()) facts += (facts.empty() ? "" : " · ") + v;
  }
  if (plan.contains("tags") && Member(plan, "tags").is_array() && !Member(plan, "tags").empty()) {
    std::string tags;
    for (const auto& t : Member(plan, "tags"))
      tags += (tags.empty() ? "#" : " #") + t.get<std::string>();
    facts += (facts.empty() ? "" : " · ") + tags;
  }
  if (!facts.empty()) out += Dim(style, facts) + "\n";
  if (auto goal = Str(plan, "goal"); !goal.empty()) out += Bold(style, "Goal:") + " " + goal + "\n";
  if (auto d = Str(plan, "description"); !d.empty()) out += d + "\n";

  const json requirements = view.value("requirements", json::array());
  if (!requirements.empty()) {
    out += Section(style, "Acceptance criteria");
    for (const auto& r : requirements) {
      const bool met = r.value("met", false);
      out += "  " +
             PaintStatus(style, met ? "completed" : "pending",
                         std::string(StatusSymbol(met ? "completed" : "pending"))) +
             " " + Dim(style, Str(r, "code")) + " " + Str(r, "text") +
             (Str(r, "verification").empty() ? "" : Dim(style, " — " + Str(r, "verification"))) +
             "\n";
    }
  }

  std::string waits, waited;
  for (const auto& result : dependencies) {
    for (const auto& edge : Member(result, "depends_on")) waits += EdgeLine(style, edge);
    if (Member(result, "item").value("kind", "") == "plan") {
      for (const auto& edge : Member(result, "dependents")) waited += EdgeLine(style, edge);
    }
  }
  if (!waits.empty()) out += Section(style, "Dependencies") + waits;
  if (!waited.empty()) out += Section(style, "Waiting for this plan") + waited;

  const json notes = view.value("notes", json::array());
  if (!notes.empty()) {
    out += Section(style, "Notes");
    for (const auto& n : notes) {
      out += "  " + Dim(style, "[" + Str(n, "kind") + "]") + " " + Str(n, "text") + "\n";
    }
  }

  const json handoffs = lineage.value("lineage", json::array());
  if (!handoffs.empty()) {
    out += Section(style, "Recent handoffs");
    for (const auto& h : handoffs) {
      out += "  " + Dim(style, Str(h, "created_at")) + " " + Str(h, "from_agent") + " → " +
             Str(h, "to_agent") + (Str(h, "reason").empty() ? "" : ": " + Str(h, "reason")) + "\n";
    }
  }
  return out;
}

int Show(const GlobalOptions& global, const ShowOptions& options) {
  ToolClient client(global);
  json args = WorkspaceArgs(options.view.workspace);
  json get_args = args;
  get_args["plan"] = options.plan;
  json view = client.Call("memory_plan", "get", get_args);

  json dependencies = json::array();
  auto add = [&](const std::string& kind, const json& row) {
    json dep_args = args;
    dep_args["item"] = kind + ":" + std::to_string(Member(row, "id").get<int64_t>());
    dependencies.push_back(client.Call("memory_plan", "dependencies", dep_args));
  };
  // An archived plan took its edges and lineage into the archive, where the
  // tools do not look: show what the plan view holds.
  const bool archived = Member(view, "plan").value("archived", false);
  if (!archived) {
    add("plan", Member(view, "plan"));
    for (const auto& phase : Member(view, "phases")) {
      add("phase", phase);
      for (const auto& step : Member(phase, "steps")) add("step", step);
    }
  }

  // lineage lists oldest first: page to the end and keep the last few.
  json lineage_args = args;
  lineage_args["plan"] = Member(Member(view, "plan"), "id");
  lineage_args["limit"] = 500;
  json handoffs = json::array();
  while (!archived) {
    json page = client.Call("memory_agent", "lineage", lineage_args);
    for (auto& h : Member(page, "lineage")) handoffs.push_back(std::move(h));
    if (!Member(page, "next_cursor").is_string()) break;
    lineage_args["cursor"] = Member(page, "next_cursor");
  }
  const auto keep = static_cast<std::ptrdiff_t>(options.lineage);
  if (static_cast<std::ptrdiff_t>(handoffs.size()) > keep) {
    handoffs.erase(handoffs.begin(), handoffs.end() - keep);
  }
  json lineage = {{"lineage", handoffs}};

  if (options.view.json) {
    PrintJson({{"plan", view}, {"dependencies", dependencies}, {"lineage", handoffs}});
  } else {
    json views = json::array({view});
    AddBlockedReasons(client, args, views);
    PrintText(RenderShow(views[0], dependencies, lineage, StyleFor(options.view)));
  }
  return 0;
}

}  // namespace

void AddShowCommand(CLI::App& app, GlobalOptions& global, CommandRunner* run) {
  auto options = std::make_shared<ShowOptions>();
  CLI::App* cmd = app.add_subcommand(
      "show", "Everything about a plan: steps, criteria, dependencies, notes, handoffs");
  cmd->add_option("plan", options->plan, "Plan id or code (P3)")->required();
  AddReadOptions(cmd, options->view);
  cmd->add_option("--lineage", options->lineage, "How many recent handoffs to show (default 5)")
      ->check(CLI::Range(0, 500));
  cmd->footer(
      "Examples:\n"
      "  project-memory show P3\n"
      "  project-memory show 12 --workspace shop\n"
      "  project-memory show P3 --json | jq '.plan.requirements'");
  cmd->callback(
      [&global, options, run] { *run = [&global, options] { return Show(global, *options); }; });
}

}  // namespace pm::cli
