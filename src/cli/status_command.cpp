// `project-memory status`: the workspace's plans as trees with status symbols
// and progress bars, and the task get_next_task would hand out next. A
// workspace too large for trees gets the digest (status_digest.h) unless --all.

#include "cli/plan_views.h"
#include "cli/status_digest.h"
#include "cli/tool_client.h"
#include "cli/tree_view.h"
#include "cli/view_commands.h"
#include "cli/view_options.h"
#include "store/clock.h"

namespace pm::cli {

namespace {

// The number of ready steps the digest asks for (it shows "500+" for a full page).
constexpr size_t kReadyPage = 500;

struct StatusOptions {
  ViewOptions view;
  bool all = false;
};

int Status(const GlobalOptions& global, const StatusOptions& options) {
  ToolClient client(global);
  const json args = WorkspaceArgs(options.view.workspace);
  json workspace = client.Call("memory_workspace", "get", args)["workspace"];
  json views = WorkspacePlanViews(client, args);
  json next_args = args;
  next_args["claim"] = false;
  json next = client.Call("get_next_task", "get", next_args);
  if (options.view.json) {
    PrintJson({{"workspace", workspace}, {"plans", views}, {"next", next}});
  } else if (options.all || ExpandedStepCount(views) <= kTreeStepLimit) {
    AddBlockedReasons(client, args, views);
    PrintText(RenderStatus(workspace, views, next, StyleFor(options.view), options.all));
  } else {
    AddStepDetails(client, args, views, {"in_progress", "blocked"}, kDigestListed);
    json ready_args = args;
    ready_args["limit"] = kReadyPage;
    const json ready = client.Call("memory_plan", "ready", ready_args);
    PrintText(RenderStatusDigest(workspace, views, ready, kReadyPage, next, store::NowTimestamp(),
                                 StyleFor(options.view)));
  }
  return 0;
}

}  // namespace

void AddStatusCommand(CLI::App& app, GlobalOptions& global, CommandRunner* run) {
  auto options = std::make_shared<StatusOptions>();
  CLI::App* cmd = app.add_subcommand(
      "status",
      "A workspace's plans as trees (plan → phase → step) with progress, and what is next");
  AddReadOptions(cmd, options->view);
  cmd->add_flag("--all", options->all,
                "Draw every plan as a tree, completed and cancelled ones too (a large "
                "workspace otherwise gets a digest: in progress, blocked, next ready, counts)");
  cmd->footer(
      "Symbols: ✓ completed  ▶ in progress/active  ○ pending/planned  ⊘ blocked  ✗ cancelled\n"
      "         ◌ draft  ‖ paused\n"
      "\n"
      "Examples:\n"
      "  project-memory status                    # this directory's workspace\n"
      "  project-memory status --workspace shop --all\n"
      "  project-memory status --json | jq '.plans[].plan.code'");
  cmd->callback(
      [&global, options, run] { *run = [&global, options] { return Status(global, *options); }; });
}

}  // namespace pm::cli
