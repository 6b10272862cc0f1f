#include "cli/view_commands.h"

namespace pm::cli {

void AddViewCommands(CLI::App& app, GlobalOptions& global, CommandRunner* run) {
  AddStatusCommand(app, global, run);
  AddNextCommand(app, global, run);
  AddShowCommand(app, global, run);
  AddTaskStatusCommands(app, global, run);
  AddListCommands(app, global, run);
  AddGraphCommand(app, global, run);
}

}  // namespace pm::cli
