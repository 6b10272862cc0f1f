// Lists for people: `search` (memory_context search), `log` (memory_agent
// update_log), `tracks` (memory_workspace track_list) and `feedback`
// (memory_feedback list). Each prints one line per row, or --json.
#include "cli/json_fields.h"
#include "cli/tool_client.h"
#include "cli/tree_view.h"
#include "cli/view_commands.h"
#include "cli/view_options.h"

namespace pm::cli {

namespace {

struct ListOptions {
  ViewOptions view;
  std::string query;   // search
  std::string kind;    // search, feedback
  std::string plan;    // search, feedback
  std::string entity;  // log
  std::string status;  // feedback
  int limit = 0;       // 0: the tool's default
};

// "step T5 Receipt email" from an update_log entry's before/after rows, else
// "step #5".
std::string EntityLabel(const json& entry) {
  const json& row =
      Member(entry, "after").is_object() ? Member(entry, "after") : Member(entry, "before");
  std::string label = Str(entry, "entity_kind");
  if (!row.is_object()) return label + " #" + Field(entry, "entity_id");
  const std::string code = Str(row, "code");
  label += code.empty() ? " #" + Field(entry, "entity_id") : " " + code;
  for (const char* key : {"title", "task", "name", "slug"}) {
    if (const std::string name = Str(row, key); !name.empty())
      return label + " " + Shorten(name, 50);
  }
  return label;
}

// ": pending → blocked" when the entry changed a status.
std::string StatusMove(const ViewStyle& style, const json& entry) {
  if (!Member(entry, "before").is_object() || !Member(entry, "after").is_object()) return {};
  const std::string from = Str(Member(entry, "before"), "status");
  const std::string to = Str(Member(entry, "after"), "status");
  if (from.empty() || to.empty() || from == to) return {};
  return ": " + from + " → " + PaintStatus(style, to, to);
}

// FTS snippets mark matches **like this**: bold with colour, kept without.
std::string Highlight(const ViewStyle& style, const std::string& snippet) {
  if (!style.color) return snippet;
  std::string out;
  bool open = false;
  for (size_t i = 0; i < snippet.size(); ++i) {
    if (snippet.compare(i, 2, "**") == 0) {
      out += open ? "\x1b[0m" : "\x1b[1m";
      open = !open;
      ++i;
    } else {
      out += snippet[i];
    }
  }
  return out + (open ? "\x1b[0m" : "");
}

// A page of the tool's result, or all of them to `limit` when it pages.
void Print(const ViewOptions& view, const json& result, const std::string& text) {
  if (view.json) {
    PrintJson(result);
  } else {
    PrintText(text);
  }
}

int Search(const GlobalOptions& global, const ListOptions& o) {
  ToolClient client(global);
  json args = WorkspaceArgs(o.view.workspace);
  args["query"] = o.query;
  if (!o.kind.empty()) args["kind"] = o.kind;
  if (!o.plan.empty()) args["plan"] = o.plan;
  if (o.limit > 0) args["limit"] = o.limit;
  json result = client.Call("memory_context", "search", args);
  const ViewStyle style = StyleFor(o.view);
  std::string text;
  int rank = 0;
  for (const auto& hit : Member(result, "hits")) {
    const std::string code = Str(hit, "code");
    text += std::to_string(++rank) + ". " +
            Dim(style, "[" + Str(hit, "kind") + (code.empty() ? "" : " " + code) + "]") + " " +
            Bold(style, Str(hit, "title")) + "\n   " + Highlight(style, Str(hit, "snippet")) + "\n";
  }
  if (rank == 0) text = "Nothing matches \"" + o.query + "\".\n";
  if (Member(result, "next_cursor").is_string()) text += Dim(style, "More: raise --limit.") + "\n";
  Print(o.view, result, text);
  return 0;
}

int Log(const GlobalOptions& global, const ListOptions& o) {
  ToolClient client(global);
  json args = WorkspaceArgs(o.view.workspace);
  if (!o.entity.empty()) args["entity"] = o.entity;
  if (o.limit > 0) args["limit"] = o.limit;
  json result = client.Call("memory_agent", "update_log", args);
  const ViewStyle style = StyleFor(o.view);
  std::string text;
  for (const auto& e : Member(result, "entries")) {
    std::string who = Str(e, "agent");
    if (auto s = Str(e, "session_id"); !s.empty()) who += " (" + s + ")";
    text += Dim(style, Str(e, "created_at")) + "  " + Str(e, "action") + " " + EntityLabel(e) +
            StatusMove(style, e) + (who.empty() ? "" : Dim(style, "  by " + who)) + "\n";
  }
  if (text.empty()) text = "No changes logged.\n";
  Print(o.view, result, text);
  return 0;
}

int Tracks(const GlobalOptions& global, const ListOptions& o) {
  ToolClient client(global);
  json result = client.Call("memory_workspace", "track_list", WorkspaceArgs(o.view.workspace));
  const ViewStyle style = StyleFor(o.view);
  size_t width = 0;
  for (const auto& t : Member(result, "tracks"))
    width = std::max(width, DisplayWidth(Str(t, "name")));
  std::string text;
  for (const auto& t : Member(result, "tracks")) {
    const long total = t.value("plan_count", 0L);
    const long done = t.value("done_count", 0L);
    const long ready = t.value("ready_count", 0L);
    const std::string icon = Str(t, "icon");
    text += (icon.empty() ? "" : icon + " ") + Bold(style, PadRight(Str(t, "name"), width)) + "  " +
            ProgressBarText(style, done, total) + " plans done  " + std::to_string(ready) +
            " ready" + (Str(t, "goal").empty() ? "" : Dim(style, "  — " + Str(t, "goal"))) + "\n";
  }
  if (text.empty()) text = "No tracks.\n";
  Print(o.view, result, text);
  return 0;
}

int Feedback(const GlobalOptions& global, const ListOptions& o) {
  ToolClient client(global);
  json args = WorkspaceArgs(o.view.workspace);
  if (!o.status.empty()) args["status"] = o.status;
  if (!o.kind.empty()) args["kind"] = o.kind;
  if (!o.plan.empty()) args["plan"] = o.plan;
  if (o.limit > 0) args["limit"] = o.limit;
  json result = client.Call("memory_feedback", "list", args);
  const ViewStyle style = StyleFor(o.view);
  std::string text;
  for (const auto& f : Member(result, "items")) {
    const std::string severity = Str(f, "severity");
    text += Dim(style, PadRight(Str(f, "code"), 5)) + " " + PadRight(Str(f, "kind"), 8) + " " +
            PadRight(Str(f, "status"), 11) + " " + Str(f, "title") +
            (severity.empty() ? "" : Dim(style, " (" + severity + ")")) + "\n";
  }
  if (text.empty()) text = "No feedback.\n";
  if (Member(result, "next_cursor").is_string()) text += Dim(style, "More: raise --limit.") + "\n";
  Print(o.view, result, text);
  return 0;
}

using Runner = int (*)(const GlobalOptions&, const ListOptions&);

void OnRun(CLI::App* cmd, GlobalOptions& global, CommandRunner* run,
           std::shared_ptr<ListOptions> options, Runner runner) {
  cmd->callback([&global, options, run, runner] {
    *run = [&global, options, runner] { return runner(global, *options); };
  });
}

}  // namespace

void AddListCommands(CLI::App& app, GlobalOptions& global, CommandRunner* run) {
  {
    auto o = std::make_shared<ListOptions>();
    CLI::App* cmd = app.add_subcommand(
        "search", "Full-text search over plans, steps, notes, context, knowledge, feedback");
    cmd->add_option("query", o->query, "Words, \"phrases\", prefix*, AND/OR/NOT")->required();
    AddReadOptions(cmd, o->view);
    cmd->add_option("--kind", o->kind,
                    "Only this kind: context, research, knowledge, section, plan, step, note, "
                    "feedback, skill, tool");
    cmd->add_option("--plan", o->plan, "Only rows of this plan (id or code)");
    cmd->add_option("--limit", o->limit, "At most this many hits (default 10)")
        ->check(CLI::Range(1, 100));
    cmd->footer(
        "Examples:\n"
        "  project-memory search checkout\n"
        "  project-memory search '\"payment form\" OR stripe*' --kind step --limit 20");
    OnRun(cmd, global, run, o, Search);
  }
  {
    auto o = std::make_shared<ListOptions>();
    CLI::App* cmd = app.add_subcommand("log", "Who changed what, most recent first");
    AddReadOptions(cmd, o->view);
    cmd->add_option("--limit", o->limit, "At most this many entries (default 50)")
        ->check(CLI::Range(1, 500));
    cmd->add_option("--entity", o->entity, "Only this kind of entity: plan, step, context, ...");
    cmd->footer(
        "Examples:\n"
        "  project-memory log --limit 10\n"
        "  project-memory log --entity step --json");
    OnRun(cmd, global, run, o, Log);
  }
  {
    auto o = std::make_shared<ListOptions>();
    CLI::App* cmd = app.add_subcommand("tracks", "Tracks with their plans: total, done, ready");
    AddReadOptions(cmd, o->view);
    cmd->footer(
        "Examples:\n"
        "  project-memory tracks\n"
        "  project-memory tracks --workspace shop --json");
    OnRun(cmd, global, run, o, Tracks);
  }
  {
    auto o = std::make_shared<ListOptions>();
    CLI::App* cmd = app.add_subcommand("feedback", "Bugs, ideas and questions, oldest first");
    AddReadOptions(cmd, o->view);
    cmd->add_option("--status", o->status, "Only this status")
        ->check(
            CLI::IsMember({"new", "triaged", "in_progress", "resolved", "wont_fix", "duplicate"}));
    cmd->add_option("--kind", o->kind, "Only this kind")
        ->check(CLI::IsMember({"bug", "idea", "question"}));
    cmd->add_option("--plan", o->plan, "Only items linked to this plan (id or code)");
    cmd->add_option("--limit", o->limit, "At most this many items (default 50)")
        ->check(CLI::Range(1, 500));
    cmd->footer(
        "Examples:\n"
        "  project-memory feedback --status new\n"
        "  project-memory feedback --kind bug --json");
    OnRun(cmd, global, run, o, Feedback);
  }
}

}  // namespace pm::cli
