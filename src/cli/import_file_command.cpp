// `project-memory import FILE`: read an export (src/store/export_format.h
// states the rules) into the database in one transaction; a progress bar and a
// summary on stderr.
#include <cstring>
#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "cli/progress_bar.h"
#include "cli/startup.h"
#include "common/file_read.h"
#include "common/user_error.h"
#include "render/transfer_summary.h"
#include "store/import_reader.h"

namespace pm::cli {

namespace {

struct ImportCommandOptions {
  std::string file;  // "-": stdin
  bool quiet = false;
};

std::string ReadAll(const std::string& file) {
  std::ostringstream content;
  if (file == "-") {
    content << std::cin.rdbuf();
    return content.str();
  }
  return ReadWholeFile(file, FileKinds::kAny);
}

int Import(const GlobalOptions& global, const ImportCommandOptions& options) {
  // Read first: a file that cannot be read leaves the database unopened.
  const std::string content = ReadAll(options.file);
  auto db = OpenStore(global);
  ProgressBar bar("import", "bytes", options.quiet);
  store::ImportSummary summary = store::ImportExport(
      *db, content, [&bar](int64_t done, int64_t total) { bar.Update(done, total); });
  bar.Finish();
  if (!options.quiet) {
    std::cerr << "Imported " << (options.file == "-" ? "stdin" : options.file) << " into "
              << db->path() << ": " << render::ImportSummaryText(summary) << ".\n";
  }
  return 0;
}

}  // namespace

void AddImportCommand(CLI::App& app, GlobalOptions& global, CommandRunner* run) {
  auto options = std::make_shared<ImportCommandOptions>();
  CLI::App* cmd = app.add_subcommand(
      "import", "Read a file written by export into this database, in one transaction");
  cmd->add_option("file", options->file, "Export file, or - for stdin")->required();
  cmd->add_flag("-q,--quiet", options->quiet, "No progress bar and no summary on stderr");
  cmd->footer(
      "Examples:\n"
      "  project-memory --db new.db import backup.jsonl\n"
      "  project-memory export --workspace shop | project-memory --db copy.db import -\n"
      "  project-memory import changes.jsonl    # a --since export: updates and deletions\n"
      "\n"
      "Rows keep their ids: new ones are inserted, known ones updated, equal ones left\n"
      "alone, so importing a file twice changes nothing; tombstones delete. A malformed\n"
      "line, a file from a newer schema, or an id held by another workspace here refuses\n"
      "the whole file, naming the line; nothing is written then. Exits 1 on refusal.");
  cmd->callback(
      [&global, options, run] { *run = [&global, options] { return Import(global, *options); }; });
}

}  // namespace pm::cli
