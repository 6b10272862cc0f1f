// `project-memory next`: the task get_next_task would hand out; claims it only
// with --claim (agents claim by default, people look first).
#include "cli/task_view.h"
#include "cli/tool_client.h"
#include "cli/view_commands.h"
#include "cli/view_options.h"

namespace pm::cli {

namespace {

struct NextOptions {
  ViewOptions view;
  std::string plan;
  std::string track;
  bool claim = false;
};

int Next(const GlobalOptions& global, const NextOptions& options) {
  ToolClient client(global);
  json args = WorkspaceArgs(options.view.workspace);
  if (!options.plan.empty()) args["plan"] = options.plan;
  if (!options.track.empty()) args["track"] = options.track;
  args["claim"] = options.claim;
  json next = client.Call("get_next_task", "get", args);
  if (options.view.json) {
    PrintJson(next);
  } else {
    PrintText(RenderTaskCard(next, StyleFor(options.view)));
  }
  return 0;
}

}  // namespace

void AddNextCommand(CLI::App& app, GlobalOptions& global, CommandRunner* run) {
  auto options = std::make_shared<NextOptions>();
  CLI::App* cmd = app.add_subcommand(
      "next", "The best ready task (what get_next_task returns); --claim takes it");
  AddReadOptions(cmd, options->view);
  cmd->add_option("--plan", options->plan, "Only this plan (id or code, e.g. P3)");
  cmd->add_option("--track", options->track, "Only plans of this track (id or name)");
  cmd->add_flag("--claim", options->claim,
                "Claim it: move it to in_progress, held by \"cli\" (default: only look)");
  cmd->footer(
      "Examples:\n"
      "  project-memory next                 # look, change nothing\n"
      "  project-memory next --plan P3 --claim\n"
      "  project-memory next --json | jq -r .task.code");
  cmd->callback(
      [&global, options, run] { *run = [&global, options] { return Next(global, *options); }; });
}

}  // namespace pm::cli
