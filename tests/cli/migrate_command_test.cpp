// project-memory migrate --to N and --status from the command line: what a
// person sees, exit codes, and the database left behind.
#include <doctest/doctest.h>

#include <filesystem>
#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "store/migrator.h"
#include "test_support.h"

namespace pm::cli {

namespace {

// Runs the CLI and returns its exit code; `out` gets what it printed to stdout.
int Run(std::vector<std::string> args, std::string* out = nullptr) {
  args.insert(args.begin(), {"project-memory", "--log-level", "off"});
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  std::ostringstream captured;
  std::streambuf* old = std::cout.rdbuf(captured.rdbuf());
  int code = RunCli(static_cast<int>(argv.size()), argv.data());
  std::cout.rdbuf(old);
  if (out) *out = captured.str();
  return code;
}

int SchemaVersion(const std::string& path) {
  store::Database db(store::DatabaseOptions{path});
  return store::Migrator(db, store::EmbeddedMigrations()).Status().current_version;
}

}  // namespace

TEST_CASE("migrate --to goes down to a version and back up, with a backup first") {
  testing::TempDir dir;
  const std::string db = dir.File("memory.db");
  const int latest = store::EmbeddedMigrations().back().version;
  const std::string latest_tag = store::VersionTag(latest);
  REQUIRE(Run({"--db", db, "migrate"}) == 0);

  std::string out;
  REQUIRE(Run({"--db", db, "migrate", "--to", "3"}, &out) == 0);
  CAPTURE(out);
  CHECK(out.find("Backed up the database to " + db + ".schema-" + latest_tag + ".bak") !=
        std::string::npos);
  CHECK(out.find("Reverted with migrations/sqlite/0006_scheduling.down.sql") != std::string::npos);
  CHECK(out.find("is at schema version 0003.") != std::string::npos);
  CHECK(out.find("migrates it up to " + latest_tag + " again") != std::string::npos);
  CHECK(SchemaVersion(db) == 3);
  CHECK(std::filesystem::exists(db + ".schema-" + latest_tag + ".bak"));

  REQUIRE(Run({"--db", db, "migrate", "--status"}, &out) == 0);
  CHECK(out.find("schema version 0003; this binary knows up to " + latest_tag) !=
        std::string::npos);
  CHECK(out.find("pending  migrations/sqlite/0006_scheduling.sql") != std::string::npos);
  CHECK(out.find("migrate --to N reaches 0000 0001 0002 0003 0006") != std::string::npos);

  REQUIRE(Run({"--db", db, "migrate", "--to", std::to_string(latest)}, &out) == 0);
  CHECK(out.find("Applied migrations/sqlite/0006_scheduling.sql") != std::string::npos);
  CHECK(SchemaVersion(db) == latest);
}

TEST_CASE("migrate --to refuses what it cannot do, and changes nothing") {
  testing::TempDir dir;
  const std::string db = dir.File("memory.db");
  REQUIRE(Run({"--db", db, "migrate"}) == 0);
  const int latest = SchemaVersion(db);
  CHECK(Run({"--db", db, "migrate", "--to", "4"}) == 1);  // no such version
  CHECK(Run({"--db", db, "migrate", "--to", "-1"}) == 2);
  CHECK(Run({"--db", db, "migrate", "--to", "1", "--status"}) == 2);
  CHECK(SchemaVersion(db) == latest);
  CHECK_FALSE(std::filesystem::exists(db + ".schema-" + store::VersionTag(latest) + ".bak"));

  // A database from a newer binary.
  {
    store::Database handle(store::DatabaseOptions{db});
    handle.ExecScript("INSERT INTO _migrations (id, name, checksum) VALUES (9999, 'future', 'x')");
  }
  CHECK(Run({"--db", db, "migrate", "--to", "1"}) == 1);
  CHECK(SchemaVersion(db) == 9999);
}

}  // namespace pm::cli
