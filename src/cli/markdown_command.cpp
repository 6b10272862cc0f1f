// `project-memory markdown`: a plan, or the workspace's plans, as Markdown
// checklists (what memory_plan action "markdown" returns), to stdout or a file.
#include <filesystem>
#include <iostream>

#include "app/plan_export.h"
#include "cli/commands.h"
#include "cli/startup.h"
#include "common/atomic_file.h"
#include "common/user_error.h"
#include "store/shapes.h"
#include "store/short_codes.h"
#include "tools/tool_args.h"

namespace pm::cli {

namespace {

struct MarkdownOptions {
  std::string plan;       // id or code; empty: every plan of the workspace
  std::string workspace;  // id, code or path; empty: the one registered for the directory
  bool pending = false;
  std::string output;  // file; empty: stdout
};

int Markdown(const GlobalOptions& global, const MarkdownOptions& options) {
  auto db = OpenStore(global);
  tools::ToolEnv env{*db, std::filesystem::current_path().string(), {"cli", ""}};
  nlohmann::json args = nlohmann::json::object();
  if (!options.workspace.empty()) args["workspace"] = options.workspace;
  store::Workspace ws = tools::WorkspaceFor(env, args);
  std::optional<int64_t> plan_id;
  if (!options.plan.empty()) {
    plan_id = tools::RequirePlan(env, ws, options.plan).id;
  }
  const std::string markdown = app::ExportPlansMarkdown(*db, ws, plan_id, options.pending);
  if (options.output.empty()) {
    std::cout << markdown;
    return 0;
  }
  WriteFileAtomically(options.output, [&](std::ostream& file) { file << markdown; });
  std::cerr << "Wrote " << options.output << " (" << markdown.size() << " bytes).\n";
  return 0;
}

}  // namespace

void AddMarkdownCommand(CLI::App& app, GlobalOptions& global, CommandRunner* run) {
  auto options = std::make_shared<MarkdownOptions>();
  CLI::App* cmd = app.add_subcommand(
      "markdown", "Print a plan (or every plan of a workspace) as Markdown checklists");
  cmd->add_option("plan", options->plan, "Plan id or code (P3); default: every plan");
  cmd->add_flag("--pending", options->pending,
                "Only unfinished steps (without PLAN: grouped by plan)");
  cmd->add_option("--workspace", options->workspace,
                  "Workspace id, code or path (default: the one registered for this directory)");
  cmd->add_option("-o,--output", options->output, "Write to this file instead of stdout");
  cmd->footer(
      "Examples:\n"
      "  project-memory markdown P3                      # plan P3 of this directory's workspace\n"
      "  project-memory markdown --pending               # every unfinished step, by plan\n"
      "  project-memory markdown P3 --pending -o TODO.md\n"
      "  project-memory markdown --workspace shop > plans.md");
  cmd->callback([&global, options, run] {
    *run = [&global, options] { return Markdown(global, *options); };
  });
}

}  // namespace pm::cli
