#include "render/markdown_render.h"

#include <algorithm>

namespace pm::render {

namespace {

std::string Str(const json& row, const char* key) {
  auto it = row.find(key);
  return it != row.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int64_t Int(const json& row, const char* key) {
  auto it = row.find(key);
  return it != row.end() && it->is_number() ? it->get<int64_t>() : 0;
}

// One line of text: line breaks become spaces, surrounding blanks go.
std::string Inline(const std::string& text) {
  std::string line;
  for (char c : text) line += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  const size_t first = line.find_first_not_of(' ');
  if (first == std::string::npos) return "";
  return line.substr(first, line.find_last_not_of(' ') - first + 1);
}

std::string Heading(int level, const std::string& text) {
  return std::string(static_cast<size_t>(std::clamp(level, 1, 6)), '#') + " " + text + "\n\n";
}

// A paragraph of free text, kept as written (it is often Markdown already).
std::string Block(const std::string& text) {
  const size_t end = text.find_last_not_of(" \t\r\n");
  return end == std::string::npos ? "" : text.substr(0, end + 1) + "\n\n";
}

bool Unfinished(const json& step) {
  const std::string status = Str(step, "status");
  return status != "completed" && status != "cancelled";
}

std::string StepLine(const json& step) {
  const std::string status = Str(step, "status");
  std::string line = std::string(status == "completed" ? "- [x] " : "- [ ] ");
  const std::string task = Inline(Str(step, "task"));
  line += "**" + Str(step, "code") + "** " + (status == "cancelled" ? "~~" + task + "~~" : task);
  line += " — " + status;
  if (!Str(step, "assignee").empty()) line += ", " + Str(step, "assignee");
  return line + "\n";
}

std::string List(const json& items) {
  std::string text;
  for (const auto& item : items) {
    if (item.is_string()) text += "- " + Inline(item.get<std::string>()) + "\n";
  }
  return text.empty() ? text : text + "\n";
}

std::string PlanSummaryLine(const json& plan) {
  std::string line =
      "- **" + Str(plan, "code") + "** " + Inline(Str(plan, "title")) + " — " + Str(plan, "status");
  if (!Str(plan, "priority").empty()) line += ", " + Str(plan, "priority");
  if (plan.value("archived", false)) return line + " (archived)\n";
  const int64_t total = Int(plan, "steps_total");
  return line + " · " + std::to_string(Int(plan, "steps_completed")) + "/" + std::to_string(total) +
         " steps done\n";
}

// "plan P3 update by executor" from an update_log row.
std::string ActivityLine(const json& row) {
  std::string what = Str(row, "entity_kind");
  std::string code;
  for (const char* side : {"after", "before"}) {
    if (code.empty() && row.contains(side) && row[side].is_object()) code = Str(row[side], "code");
  }
  what += " " + (code.empty() ? "#" + std::to_string(Int(row, "entity_id")) : code);
  std::string line = "- " + Str(row, "created_at") + " " + what + " " + Str(row, "action");
  if (!Str(row, "agent").empty()) line += " by " + Str(row, "agent");
  return line + "\n";
}

// "1 plan", "2 plans".
std::string Counted(int64_t n, const std::string& noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

// The document with exactly one line break at its end.
std::string Finished(std::string md) {
  while (!md.empty() && md.back() == '\n') md.pop_back();
  return md + "\n";
}

}  // namespace

std::string ProgressText(const json& progress) {
  const int64_t countable = Int(progress, "total") - Int(progress, "cancelled");
  std::string text = std::to_string(Int(progress, "completed")) + "/" + std::to_string(countable) +
                     " steps done (" + std::to_string(Int(progress, "percent")) + "%)";
  if (Int(progress, "cancelled") > 0) {
    text += ", " + std::to_string(Int(progress, "cancelled")) + " cancelled";
  }
  return text;
}

namespace {

// A plan's Markdown followed by a blank line, to be joined with others.
std::string PlanBody(const json& view, bool pending, int level) {
  const json& plan = view.at("plan");
  std::string md = Heading(level, Str(plan, "code") + " " + Inline(Str(plan, "title")));
  std::string facts = "**Status:** " + Str(plan, "status");
  if (plan.value("archived", false)) facts += " (archived)";
  if (!Str(plan, "priority").empty()) facts += " · **Priority:** " + Str(plan, "priority");
  if (!Str(plan, "category").empty()) facts += " · **Category:** " + Str(plan, "category");
  md += facts + "  \n";
  if (plan.contains("progress")) md += "**Progress:** " + ProgressText(plan["progress"]) + "\n";
  md += "\n";
  if (!Str(plan, "goal").empty()) md += "**Goal:** " + Inline(Str(plan, "goal")) + "\n\n";
  if (!pending) md += Block(Str(plan, "description"));

  std::string criteria;
  for (const auto& r : view.value("requirements", json::array())) {
    const bool met = r.value("met", false);
    if (pending && met) continue;
    criteria += std::string(met ? "- [x] " : "- [ ] ") + "**" + Str(r, "code") + "** " +
                Inline(Str(r, "text")) + "\n";
  }
  if (!criteria.empty()) {
    md += Heading(level + 1, pending ? "Open acceptance criteria" : "Acceptance criteria") +
          criteria + "\n";
  }

  std::string phases;
  int number = 0;
  for (const auto& phase : view.value("phases", json::array())) {
    ++number;
    std::string steps;
    for (const auto& step : phase.value("steps", json::array())) {
      if (!pending || Unfinished(step)) steps += StepLine(step);
    }
    if (pending && steps.empty()) continue;
    std::string title = "Phase " + std::to_string(number) + ": " + Inline(Str(phase, "name"));
    if (phase.contains("progress")) title += " — " + ProgressText(phase["progress"]);
    phases += Heading(level + 2, title) + (steps.empty() ? "No steps.\n" : steps) + "\n";
  }
  if (!phases.empty()) md += Heading(level + 1, "Phases") + phases;
  if (pending && phases.empty()) md += "Nothing pending.\n\n";
  if (pending) return md;

  if (std::string non_goals = List(plan.value("non_goals", json::array())); !non_goals.empty()) {
    md += Heading(level + 1, "Non-goals") + non_goals;
  }
  std::string notes;
  for (const auto& n : view.value("notes", json::array())) {
    notes += "- *" + Str(n, "kind") + "*: " + Inline(Str(n, "text")) + "\n";
  }
  if (!notes.empty()) md += Heading(level + 1, "Notes") + notes + "\n";
  std::string links;
  for (const auto& g : view.value("git_links", json::array())) {
    links += "- " + Str(g, "kind") + " `" + Str(g, "ref") + "`\n";
  }
  if (!links.empty()) md += Heading(level + 1, "Git") + links + "\n";
  return md;
}

}  // namespace

std::string PlanMarkdown(const json& view, bool pending, int level) {
  return Finished(PlanBody(view, pending, level));
}

std::string PlansMarkdown(const json& workspace, const std::vector<json>& views, bool pending) {
  const std::string name = Str(workspace, "name") + " (" + Str(workspace, "code") + ")";
  std::string body;
  int64_t open_steps = 0, plans = 0;
  for (const auto& view : views) {
    int64_t open = 0;
    for (const auto& phase : view.value("phases", json::array())) {
      for (const auto& step : phase.value("steps", json::array())) open += Unfinished(step);
    }
    if (pending && open == 0) continue;
    open_steps += open;
    ++plans;
    body += PlanBody(view, pending, 2);
  }
  std::string md = Heading(1, (pending ? "Pending work in " : "Plans of ") + name);
  if (pending) {
    md += plans == 0
              ? "Nothing pending.\n\n"
              : Counted(open_steps, "unfinished step") + " in " + Counted(plans, "plan") + ".\n\n";
  } else if (plans == 0) {
    md += "No plans.\n\n";
  }
  md += body;
  return Finished(std::move(md));
}

std::string WorkspaceMarkdown(const json& overview) {
  const json& ws = overview.at("workspace");
  std::string md = Heading(1, Inline(Str(ws, "name")));
  md += "`" + Str(ws, "code") + "`";
  if (!Str(ws, "path").empty()) md += " · " + Str(ws, "path");
  md += "\n\n" + Block(Str(ws, "description"));
  const json plans = overview.value("plans", json::array());
  md += "**Plans:** " + std::to_string(plans.size()) +
        (overview.value("more_plans", false) ? "+" : "") + " · **Ready steps:** " +
        std::to_string(Int(overview, "ready")) + (overview.value("ready_more", false) ? "+" : "") +
        "\n\n";
  if (!plans.empty()) {
    md += Heading(2, "Plans");
    for (const auto& p : plans) md += PlanSummaryLine(p);
    if (overview.value("more_plans", false)) md += "- …\n";
    md += "\n";
  }
  const json tracks = overview.value("tracks", json::array());
  if (!tracks.empty()) {
    md += Heading(2, "Tracks");
    for (const auto& t : tracks) {
      md += "- **" + Inline(Str(t, "name")) + "**";
      if (!Str(t, "goal").empty()) md += " (" + Inline(Str(t, "goal")) + ")";
      md += " — " + std::to_string(Int(t, "plan_count")) + " plans, " +
            std::to_string(Int(t, "done_count")) + " done, " +
            std::to_string(Int(t, "ready_count")) + " with ready steps\n";
    }
    md += "\n";
  }
  const json activity = overview.value("activity", json::array());
  if (!activity.empty()) {
    md += Heading(2, "Recent activity");
    for (const auto& row : activity) md += ActivityLine(row);
  }
  return Finished(std::move(md));
}

std::string KnowledgeMarkdown(const json& entry) {
  std::string md = Heading(1, Inline(Str(entry, "title")));
  std::string facts = "`" + Str(entry, "slug") + "`";
  if (!Str(entry, "category").empty()) facts += " · **Category:** " + Str(entry, "category");
  std::string tags;
  for (const auto& t : entry.value("tags", json::array())) {
    if (t.is_string()) tags += (tags.empty() ? "" : ", ") + t.get<std::string>();
  }
  if (!tags.empty()) facts += " · **Tags:** " + tags;
  if (!Str(entry, "updated_at").empty()) facts += " · updated " + Str(entry, "updated_at");
  md += facts + "\n\n" + Block(Str(entry, "content"));
  return Finished(std::move(md));
}

std::string ResearchMarkdown(const json& document) {
  std::string md = Heading(1, Inline(Str(document, "name")));
  std::string facts = Str(document, "plan_code").empty()
                          ? "Research of the workspace"
                          : "Research of plan " + Str(document, "plan_code");
  if (!Str(document, "updated_at").empty()) facts += " · updated " + Str(document, "updated_at");
  md += facts + "\n\n" + Block(Str(document, "content"));
  return Finished(std::move(md));
}

}  // namespace pm::render
