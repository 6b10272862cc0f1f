// `project-memory start|done|block TASK`: move a task through its lifecycle
// with update_task_status, as an agent would, recorded as "cli".
#include "cli/task_view.h"
#include "cli/tool_client.h"
#include "cli/view_commands.h"
#include "cli/view_options.h"

namespace pm::cli {

namespace {

struct TaskStatusOptions {
  ViewOptions view;
  std::string task;
  std::string notes;
  bool force = false;
};

// `status` is the target; `notes_key` the update_task_status argument the
// command's --notes/--reason goes to.
int SetStatus(const GlobalOptions& global, const TaskStatusOptions& options,
              const std::string& status, const char* notes_key) {
  ToolClient client(global);
  json args = WorkspaceArgs(options.view.workspace);
  args["task"] = options.task;
  args["status"] = status;
  if (!options.notes.empty()) args[notes_key] = options.notes;
  if (options.force) args["force"] = true;
  bool was_blocked = false;
  json blocked_reason;
  if (status == "in_progress") {
    // Blocked steps go back to pending before they start (the status model has
    // no blocked -> in_progress move); `start` on a blocked task means both.
    json get_args = WorkspaceArgs(options.view.workspace);
    get_args["step"] = options.task;
    json step = client.Call("memory_steps", "get", get_args)["step"];
    if (step.value("status", "") == "blocked") {
      blocked_reason = step.value("blocked_reason", json(nullptr));
      json unblock = args;
      unblock["status"] = "pending";
      unblock.erase("force");
      unblock.erase("notes");
      client.Call("update_task_status", "set", unblock);
      was_blocked = true;
    }
  }
  json change;
  try {
    change = client.Call("update_task_status", "set", args);
  } catch (const ToolError&) {
    if (was_blocked) {  // refused to start (not ready, claimed): leave it blocked as it was
      json reblock = WorkspaceArgs(options.view.workspace);
      reblock["task"] = options.task;
      reblock["status"] = "blocked";
      if (blocked_reason.is_string()) reblock["notes"] = blocked_reason;
      client.Call("update_task_status", "set", reblock);
    }
    throw;
  }
  if (options.view.json) {
    PrintJson(change);
  } else {
    if (was_blocked) change["previous_status"] = "blocked";  // what the person saw
    PrintText(RenderStatusChange(change, StyleFor(options.view)));
  }
  return 0;
}

struct Verb {
  const char* name;
  const char* description;
  const char* status;
  const char* notes_key;
  const char* footer;
};

constexpr Verb kVerbs[] = {
    {"start", "Start a task (a blocked one is unblocked first), held by \"cli\"", "in_progress",
     "notes",
     "Examples:\n"
     "  project-memory start T12\n"
     "  project-memory start 42 --workspace shop     # by id\n"
     "  project-memory start T12 --force              # not ready yet, or held by an agent"},
    {"done", "Complete a task; prints what became ready", "completed", "completion_notes",
     "Examples:\n"
     "  project-memory done T12\n"
     "  project-memory done T12 --notes \"Form validates on blur; tests added\""},
    {"block", "Mark a task blocked, with the reason", "blocked", "notes",
     "Examples:\n"
     "  project-memory block T12 --reason \"waiting for the payment API key\"\n"
     "  project-memory start T12                      # later: unblock and resume it"},
};

}  // namespace

void AddTaskStatusCommands(CLI::App& app, GlobalOptions& global, CommandRunner* run) {
  for (const Verb& verb : kVerbs) {
    auto options = std::make_shared<TaskStatusOptions>();
    CLI::App* cmd = app.add_subcommand(verb.name, verb.description);
    cmd->add_option("task", options->task, "Task id or code (T12)")->required();
    AddWorkspaceOption(cmd, options->view);
    cmd->add_flag("--json", options->view.json, "Print the structured result as JSON");
    cmd->add_flag("--no-color", options->view.no_color, "No ANSI colour");
    cmd->add_flag("--force", options->force,
                  "Override another holder's claim or unmet dependencies");
    const std::string name = verb.name;
    if (name == "done") {
      cmd->add_option("--notes", options->notes, "What was done (kept as completion notes)");
    } else if (name == "block") {
      cmd->add_option("--reason", options->notes, "Why it is blocked")->required();
    } else {
      cmd->add_option("--notes", options->notes, "Why (kept in the task's history)");
    }
    cmd->footer(verb.footer);
    cmd->callback([&global, options, run, &verb] {
      *run = [&global, options, &verb] {
        return SetStatus(global, *options, verb.status, verb.notes_key);
      };
    });
  }
}

}  // namespace pm::cli
