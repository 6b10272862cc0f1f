// The commands for people that read and move plans (status, next, show, start,
// done, block, search, log, tracks, feedback, graph). Each runs tool actions
// in-process through ToolClient, so it behaves as the same call over MCP does,
// and prints text (or with --json the structured result). A tool error goes to
// stderr with exit status 1.
#pragma once

#include "cli/commands.h"

namespace pm::cli {

void AddStatusCommand(CLI::App& app, GlobalOptions& global, CommandRunner* run);
void AddNextCommand(CLI::App& app, GlobalOptions& global, CommandRunner* run);
void AddShowCommand(CLI::App& app, GlobalOptions& global, CommandRunner* run);
// start, done and block.
void AddTaskStatusCommands(CLI::App& app, GlobalOptions& global, CommandRunner* run);
// search, log, tracks and feedback.
void AddListCommands(CLI::App& app, GlobalOptions& global, CommandRunner* run);
void AddGraphCommand(CLI::App& app, GlobalOptions& global, CommandRunner* run);

}  // namespace pm::cli
