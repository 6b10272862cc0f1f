// The subcommands of the project-memory executable. Each Add* function
// registers one subcommand (with its options, help and examples) on the app and
// sets `*run` to the function to call when it is chosen.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

#include "cli/global_options.h"

namespace pm::cli {

using CommandRunner = std::function<int()>;

void AddServeCommand(CLI::App& app, GlobalOptions& global, CommandRunner* run);
void AddMigrateCommand(CLI::App& app, GlobalOptions& global, CommandRunner* run);
void AddCatalogCommand(CLI::App& app, GlobalOptions& global, CommandRunner* run);
void AddImportLibraryCommand(CLI::App& app, GlobalOptions& global, CommandRunner* run);
void AddReindexCommand(CLI::App& app, GlobalOptions& global, CommandRunner* run);
void AddMarkdownCommand(CLI::App& app, GlobalOptions& global, CommandRunner* run);
// status, next, show, start, done, block, search, log, tracks, feedback, graph:
// see cli/view_commands.h.
void AddViewCommands(CLI::App& app, GlobalOptions& global, CommandRunner* run);
void AddExportCommand(CLI::App& app, GlobalOptions& global, CommandRunner* run);
void AddImportCommand(CLI::App& app, GlobalOptions& global, CommandRunner* run);
void AddTokenCommand(CLI::App& app, GlobalOptions& global, CommandRunner* run);

// Parses argv and runs the chosen command; returns the process exit code.
int RunCli(int argc, char** argv);

}  // namespace pm::cli
