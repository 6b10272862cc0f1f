#include "cli/tree_view.h"
#include "cli/json_fields.h"

#include <algorithm>

namespace pm::cli {

namespace {

long Count(const json& progress, const char* key) { return progress.value(key, 0L); }

// "✓ completed" coloured by status.
std::string Badge(const ViewStyle& style, const std::string& status) {
  return PaintStatus(style, status, std::string(StatusSymbol(status)));
}

std::string StepLine(const json& step, const ViewStyle& style) {
  const std::string status = Str(step, "status");
  std::string line = Badge(style, status) + " " + Dim(style, Str(step, "code")) + " " +
                     PaintStatus(style, status == "cancelled" ? status : "", Str(step, "task"));
  if (const std::string who = Str(step, "assignee"); !who.empty()) {
    line += " " + Dim(style, "@" + who);
  }
  if (const std::string why = Str(step, "blocked_reason"); status == "blocked" && !why.empty()) {
    line += PaintStatus(style, status, " — " + why);
  }
  return line;
}

}  // namespace

std::string PhaseStatus(const json& progress) {
  const long total = Count(progress, "total");
  const long completed = Count(progress, "completed");
  const long cancelled = Count(progress, "cancelled");
  if (total == 0) return "pending";
  if (cancelled == total) return "cancelled";
  if (completed + cancelled == total) return "completed";
  if (Count(progress, "in_progress") > 0 || completed > 0) return "in_progress";
  if (Count(progress, "blocked") > 0 && Count(progress, "pending") == 0) return "blocked";
  return "pending";
}

std::string ProgressBarOf(const ViewStyle& style, const json& progress) {
  return ProgressBarText(style, Count(progress, "completed"),
                         Count(progress, "total") - Count(progress, "cancelled"));
}

std::string RenderPlanTree(const json& plan_view, const ViewStyle& style, bool expand) {
  const json& plan = Member(plan_view, "plan");
  const std::string status = Str(plan, "status");
  std::string out = Badge(style, status) + " " +
                    Bold(style, Str(plan, "code") + " " + Str(plan, "title")) + "  " +
                    PaintStatus(style, status, status) + "  " +
                    ProgressBarOf(style, plan.value("progress", json::object())) + "\n";
  if (!expand) return out;

  const json phases = plan_view.value("phases", json::array());
  // Bars of one plan's phases line up: pad names to the longest.
  size_t name_width = 0;
  for (const auto& phase : phases)
    name_width = std::max(name_width, DisplayWidth(Str(phase, "name")));
  for (size_t i = 0; i < phases.size(); ++i) {
    const json& phase = phases[i];
    const bool last_phase = i + 1 == phases.size();
    const json progress = phase.value("progress", json::object());
    const std::string phase_status = PhaseStatus(progress);
    out += (last_phase ? "└─ " : "├─ ") + Badge(style, phase_status) + " " +
           PadRight(Str(phase, "name"), name_width) + "  " + ProgressBarOf(style, progress) + "\n";
    const json steps = phase.value("steps", json::array());
    const std::string indent = last_phase ? "   " : "│  ";
    for (size_t j = 0; j < steps.size(); ++j) {
      out += indent + (j + 1 == steps.size() ? "└─ " : "├─ ") + StepLine(steps[j], style) + "\n";
    }
  }
  return out;
}

std::string RenderNextTask(const json& next, const ViewStyle& style) {
  const json& task = Member(next, "task");
  if (!task.is_object()) {
    std::string why;
    if (next.contains("nothing_ready") && Member(next, "nothing_ready").is_object()) {
      why = Str(Member(next, "nothing_ready"), "message");
    }
    return Bold(style, "Next:") + " " + (why.empty() ? "nothing ready" : why) + "\n";
  }
  std::string where;
  if (Member(next, "plan").is_object()) where = Str(Member(next, "plan"), "code");
  if (Member(next, "phase").is_object()) where += " › " + Str(Member(next, "phase"), "name");
  return Bold(style, "Next:") + " " + Str(task, "code") + " " + Str(task, "task") +
         (where.empty() ? "" : " " + Dim(style, "(" + where + ")")) + "\n";
}

std::string RenderStatus(const json& workspace, const json& plan_views, const json& next,
                         const ViewStyle& style, bool all) {
  std::string out =
      Bold(style, "Workspace " + Str(workspace, "code")) + " " +
      Dim(style, Str(workspace, "name") == Str(workspace, "code") ? Str(workspace, "path")
                                                                  : Str(workspace, "name")) +
      "\n";
  if (plan_views.empty()) out += "\nNo plans yet.\n";
  for (const auto& view : plan_views) {
    const std::string status = Str(Member(view, "plan"), "status");
    const bool finished = status == "completed" || status == "cancelled";
    out += "\n" + RenderPlanTree(view, style, all || !finished);
  }
  out += "\n" + RenderNextTask(next, style);
  return out;
}

}  // namespace pm::cli
