#include <spdlog/spdlog.h>

#include <iostream>

#include "cli/commands.h"
#include "cli/http_launcher.h"
#include "cli/logging.h"
#include "cli/startup.h"
#include "store/storage_error.h"

namespace pm::cli {

namespace {

constexpr int kUsageExit = 2;

}  // namespace

int RunCli(int argc, char** argv) {
  RememberCommandLine(argc, argv);
  CLI::App app{
      "project-memory — durable project memory for AI coding agents: an MCP server "
      "over stdio or HTTP and a command-line tool, on one SQLite file.",
      "project-memory"};
  app.set_version_flag("--version", std::string("project-memory ") + PM_VERSION);
  app.require_subcommand(1);
  app.footer(
      "Examples:\n"
      "  project-memory serve                      # MCP over stdio on the default database\n"
      "  project-memory --db ./memory.db serve     # a database of your choice\n"
      "  project-memory serve --http 8080          # MCP and REST over HTTP on 127.0.0.1\n"
      "  project-memory token create --name alice  # a bearer token for the HTTP server\n"
      "  project-memory migrate --status           # schema version and pending migrations\n"
      "  project-memory catalog --tool memory_workspace\n"
      "  project-memory import-library ~/src/shop  # agents, instructions, skills\n"
      "  project-memory markdown P3 --pending      # what is left of plan P3\n"
      "  project-memory status                     # plans as trees, progress, what is next\n"
      "  project-memory next --claim               # take the best ready task\n"
      "  project-memory done T12 --notes \"shipped\" # complete it; prints what became ready\n"
      "  project-memory graph P3 --format dot | dot -Tsvg > p3.svg\n"
      "  project-memory export -o backup.jsonl     # every row, as JSONL\n"
      "  project-memory --db new.db import backup.jsonl\n"
      "\n"
      "Exit status: 0 success, 1 error (message on stderr), 2 usage error.\n"
      "Database: --db, else $PROJECT_MEMORY_DB, else $XDG_DATA_HOME/project-memory/memory.db\n"
      "(~/.local/share/project-memory/memory.db).");

  GlobalOptions global;
  app.add_option("--db", global.db,
                 "Database: a SQLite file (\":memory:\" for a throwaway one) or a "
                 "postgresql://user@host/db URL");
  app.add_option("--durability", global.durability,
                 "normal (synchronous=NORMAL, the default) or full (synchronous=FULL)")
      ->check(CLI::IsMember({"normal", "full"}));
  app.add_option("--busy-timeout", global.busy_timeout,
                 "Milliseconds to wait for another process's write lock before a write fails "
                 "(default 5000); also $PROJECT_MEMORY_BUSY_TIMEOUT");
  app.add_option("--max-db-size", global.max_db_size,
                 "Refuse writes that would grow the database file past SIZE (e.g. 512MiB, "
                 "2GiB; default: no limit); also $PROJECT_MEMORY_MAX_DB_SIZE");
  app.add_option("--log-level", global.log_level,
                 "trace, debug, info, warn (default), error, critical or off; also "
                 "$PROJECT_MEMORY_LOG");
  app.add_option("--log-file", global.log_file, "Write logs to this file instead of stderr");

  CommandRunner run;
  AddServeCommand(app, global, &run);
  AddMigrateCommand(app, global, &run);
  AddCatalogCommand(app, global, &run);
  AddImportLibraryCommand(app, global, &run);
  AddReindexCommand(app, global, &run);
  AddMarkdownCommand(app, global, &run);
  AddViewCommands(app, global, &run);
  AddExportCommand(app, global, &run);
  AddImportCommand(app, global, &run);
  AddTokenCommand(app, global, &run);

  // Global options may also follow the command: `project-memory serve --db x.db`.
  for (CLI::App* sub : app.get_subcommands({})) sub->fallthrough();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Help and version go to stdout (exit 0), usage errors to stderr: exit 2
    // for every one of them, whatever CLI11's own code for its kind.
    return app.exit(e) == 0 ? 0 : kUsageExit;
  }
  try {
    ConfigureLogging(global);
    return run();
  } catch (const std::exception& e) {
    // Storage failures read the same whichever command met them.
    auto storage = store::AsStorageError(e, StorageContextFrom(global));
    std::cerr << "project-memory: " << (storage ? storage->what() : e.what()) << "\n";
    return 1;
  }
}

}  // namespace pm::cli
