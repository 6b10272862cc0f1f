// Export and import: a byte-identical round trip over every kind of row,
// idempotent re-import, --since with tombstones carried to another database,
// and the refusals (malformed line, newer schema, id collisions, a cut-short
// file) that leave the database unchanged.
#include <doctest/doctest.h>

#include <sstream>

#include "common/user_error.h"
#include "store/export_fixture.h"
#include "store/export_format.h"
#include "store/export_tables.h"
#include "store/export_writer.h"
#include "store/import_reader.h"
#include "test_support.h"
#include "work_fixture.h"

namespace pm::store {

namespace {

std::string Export(Database& db, ExportOptions options = {}) {
  std::ostringstream out;
  WriteExport(db, options, out);
  return out.str();
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string Join(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& l : lines) text += l + "\n";
  return text;
}

// The message of the UserError `f` throws ("" when it throws none).
template <typename F>
std::string Refusal(F&& f) {
  try {
    f();
  } catch (const UserError& e) {
    return e.what();
  }
  return "";
}

// The database's clock, as the store writes times.
std::string NowSql(Database& db) {
  return testing::OnPostgres(db) ? "pm_now()" : "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
}

// Waits until the database's clock has moved past `time` (millisecond
// resolution), so rows written next are strictly after it.
std::string NowAfterTicks(Database& db) {
  auto now = [&db] {
    auto q = db.Prepare("SELECT " + NowSql(db));
    q.Step();
    return q.Text(0);
  };
  const std::string start = now();
  while (now() == start) {
  }
  return start;
}

int64_t Count(Database& db, const std::string& table) {
  return testing::ScalarInt(db, "SELECT count(*) FROM " + table);
}

}  // namespace

TEST_CASE("export, import into an empty database, export again: the same bytes") {
  auto a = testing::MigratedMemoryDatabase();
  testing::FillEveryTable(*a);
  const std::string first = Export(*a);

  // Every exported table has rows in the fixture, so the check covers them all.
  for (const auto& table : ExportTables()) {
    CAPTURE(table.name);
    CHECK(first.find("{\"table\":\"" + table.name + "\",\"row\":{") != std::string::npos);
  }
  const auto lines = Lines(first);
  CHECK(lines.front().rfind("{\"format\":\"project-memory-export\",\"version\":1,", 0) == 0);
  CHECK(lines.back() ==
        "{\"end\":true,\"rows\":" + std::to_string(lines.size() - 2) + ",\"tombstones\":0}");
  // Values are carried as stored: REALs, JSON text with its spacing, Unicode.
  CHECK(first.find("\"estimate_hours\":2.0") != std::string::npos);
  CHECK(first.find("\"data\":\"{\\\"k\\\" : [1, 2.50, null]}\"") != std::string::npos);
  CHECK(first.find("Ünïcode — \\\"quoted\\\"\\nsecond line") != std::string::npos);

  auto b = testing::MigratedMemoryDatabase();
  ImportSummary summary = ImportExport(*b, first);
  CHECK(summary.rows == static_cast<int64_t>(lines.size() - 2));
  CHECK(Export(*b) == first);
  CHECK(Count(*b, "tombstones") == 0);

  SUBCASE("importing the same file again changes nothing") {
    const int64_t log = Count(*b, "update_log");
    ImportSummary again = ImportExport(*b, first);
    for (const auto& [name, c] : again.tables) {
      const std::string& table = name;  // CAPTURE cannot take a binding (clang 14)
      CAPTURE(table);
      CHECK(c.inserted == 0);
      CHECK(c.updated == 0);
    }
    CHECK(again.rows == summary.rows);
    CHECK(Export(*b) == first);
    CHECK(Count(*b, "update_log") == log);
    CHECK(Count(*b, "tombstones") == 0);
  }

  SUBCASE("the imported rows are searchable and archived ids stay reserved") {
    CHECK(testing::ScalarInt(*b, testing::OnPostgres(*b)
                                     ? "SELECT count(*) FROM plans_fts WHERE document @@ "
                                       "to_tsquery('pm_search', 'login')"
                                     : "SELECT count(*) FROM plans_fts WHERE plans_fts MATCH "
                                       "'login'") == 1);
    // Step #3 (the highest) is archived with plan P9: a new step must not take its id.
    CHECK(testing::AddStep(*b, 1, 1, 1, "New") == 4);
  }

  SUBCASE("on PostgreSQL the planner has statistics of the imported rows at once") {
    if (testing::OnPostgres(*b)) {
      // -1: never analyzed (autovacuum would take a while to see the rows).
      CHECK(testing::ScalarInt(*b,
                               "SELECT CAST(reltuples AS bigint) FROM pg_class WHERE relname = "
                               "'steps' AND relkind = 'r'") == Count(*b, "steps"));
    }
  }
}

TEST_CASE("a workspace export holds that workspace only, and round-trips") {
  auto a = testing::MigratedMemoryDatabase();
  testing::FillEveryTable(*a);
  ExportOptions options;
  options.workspace_id = 1;
  const std::string alpha = Export(*a, options);
  CHECK(alpha.find("\"code\":\"beta\"") == std::string::npos);
  CHECK(alpha.find("server_start") == std::string::npos);  // global log rows stay out
  CHECK(Lines(alpha).front().find("\"workspace\":{\"id\":1,") != std::string::npos);

  // Alpha's program is linked to beta, which an empty database does not hold:
  // that link is skipped, the rest comes back byte for byte.
  auto b = testing::MigratedMemoryDatabase();
  ImportSummary summary = ImportExport(*b, alpha);
  CHECK(Count(*b, "workspaces") == 1);
  CHECK(Count(*b, "program_workspace_links") == 0);
  std::vector<std::string> expected;
  for (const auto& line : Lines(alpha)) {
    if (line.rfind("{\"table\":\"program_workspace_links\"", 0) != 0) expected.push_back(line);
  }
  const size_t rows = expected.size() - 2;
  expected.back() = "{\"end\":true,\"rows\":" + std::to_string(rows) + ",\"tombstones\":0}";
  CHECK(Export(*b, options) == Join(expected));
  bool skipped = false;
  for (const auto& [table, c] : summary.tables) {
    if (table == "program_workspace_links") skipped = c.skipped == 1 && c.inserted == 0;
  }
  CHECK(skipped);

  // Into a database that holds beta, the link is kept.
  auto c = testing::MigratedMemoryDatabase();
  ImportExport(*c, Export(*a));
  ImportExport(*c, alpha);
  CHECK(Export(*c) == Export(*a));
}

TEST_CASE("--since carries changes and deletions (tombstones) to another database") {
  auto a = testing::MigratedMemoryDatabase();
  testing::FillEveryTable(*a);
  auto b = testing::MigratedMemoryDatabase();
  ImportExport(*b, Export(*a));

  const std::string since = NowAfterTicks(*a);
  a->ExecScript("UPDATE plans SET title = 'Login v2', updated_at = " + NowSql(*a) +
                " WHERE id = 1");
  a->ExecScript("DELETE FROM steps WHERE id = 2");  // also its dependency, context, git link
  a->ExecScript("DELETE FROM knowledge WHERE slug = 'db-notes'");
  a->ExecScript(
      "INSERT INTO knowledge (workspace_id, slug, title) VALUES (1, 'db-notes', 'Again')");

  ExportOptions options;
  options.since = since;
  const std::string changes = Export(*a, options);
  CHECK(changes.find("{\"tombstone\":\"steps\",\"key\":[2],\"workspace_id\":1,") !=
        std::string::npos);
  CHECK(changes.find("{\"tombstone\":\"knowledge\"") != std::string::npos);
  CHECK(changes.find("\"title\":\"Login v2\"") != std::string::npos);
  CHECK(changes.find("\"task\":\"Sketch\"") == std::string::npos);  // unchanged rows stay out

  ImportSummary summary = ImportExport(*b, changes);
  CHECK(summary.tombstones_applied >= 2);
  CHECK(Export(*b) == Export(*a));
  CHECK(testing::ScalarInt(*b, "SELECT count(*) FROM steps WHERE id = 2") == 0);
  // Applying the same changes again is a no-op.
  ImportSummary again = ImportExport(*b, changes);
  CHECK(again.tombstones_applied == 0);
  CHECK(Export(*b) == Export(*a));
}

TEST_CASE("--since carries archiving and restoring plans") {
  auto a = testing::MigratedMemoryDatabase();
  testing::FillEveryTable(*a);  // P9 (#2) archived
  auto b = testing::MigratedMemoryDatabase();
  ImportExport(*b, Export(*a));
  const std::string since = NowAfterTicks(*a);
  // Restored rows come back with their old times; archived ones leave.
  PlanArchive(*a).Restore(2, {"test", ""});
  PlanArchive(*a).Archive(1, {"test", ""});
  ExportOptions options;
  options.since = since;
  const std::string changes = Export(*a, options);
  CHECK(changes.find("\"task\":\"Archived step\"") != std::string::npos);
  ImportExport(*b, changes);
  CHECK(Export(*b) == Export(*a));

  // And for one workspace.
  const std::string since2 = NowAfterTicks(*a);
  PlanArchive(*a).Restore(1, {"test", ""});
  options.since = since2;
  options.workspace_id = 1;
  ImportExport(*b, Export(*a, options));
  CHECK(Export(*b) == Export(*a));
}

TEST_CASE("refused files leave the database as it was") {
  auto a = testing::MigratedMemoryDatabase();
  testing::FillEveryTable(*a);
  const std::string good = Export(*a);
  auto lines = Lines(good);

  auto b = testing::MigratedMemoryDatabase();
  testing::AddWorkspace(*b, "mine");  // #1 here, another project than the file's #1
  const std::string before = Export(*b);
  auto fresh = testing::MigratedMemoryDatabase();

  SUBCASE("a malformed line is named and nothing is written") {
    auto bad = lines;
    bad[7] = "{\"table\":\"plans\",\"row\":{\"id\":";
    std::string message = Refusal([&] { ImportExport(*fresh, Join(bad)); });
    CHECK(message.find("line 8: not valid JSON") != std::string::npos);
    CHECK(message.find("nothing was imported") != std::string::npos);
    CHECK(Count(*fresh, "workspaces") == 0);
    CHECK(Count(*fresh, "plans") == 0);
  }

  SUBCASE("an unknown column or table is named with its line") {
    auto bad = lines;
    bad[3].insert(bad[3].size() - 2, ",\"colour\":1");
    CHECK(Refusal([&] { ImportExport(*fresh, Join(bad)); }).find("line 4: table ") !=
          std::string::npos);
    bad = lines;
    bad[3] = "{\"table\":\"nope\",\"row\":{\"id\":1}}";
    CHECK(Refusal([&] {
            ImportExport(*fresh, Join(bad));
          }).find("line 4: unknown table \"nope\"") != std::string::npos);
    CHECK(Count(*fresh, "workspaces") == 0);
  }

  SUBCASE("a file from a newer schema is refused") {
    auto bad = lines;
    const size_t at = bad[0].find("\"schema_version\":");
    bad[0].replace(at, bad[0].find(',', at) - at, "\"schema_version\":9999");
    std::string message = Refusal([&] { ImportExport(*fresh, Join(bad)); });
    CHECK(message.find("newer schema (version 9999)") != std::string::npos);
    CHECK(message.find("upgrade project-memory") != std::string::npos);
    CHECK(Count(*fresh, "workspaces") == 0);
  }

  SUBCASE("another format or format version is refused") {
    CHECK(Refusal([&] { ImportExport(*fresh, "{\"format\":\"other\"}\n"); }).find("line 1") !=
          std::string::npos);
    auto bad = lines;
    bad[0].replace(bad[0].find("\"version\":1"), 11, "\"version\":2");
    CHECK(Refusal([&] { ImportExport(*fresh, Join(bad)); }).find("format version 2") !=
          std::string::npos);
  }

  SUBCASE("a file cut short (no end line) is refused") {
    auto cut = lines;
    cut.pop_back();
    CHECK(Refusal([&] { ImportExport(*fresh, Join(cut)); }).find("cut short") != std::string::npos);
    CHECK(Count(*fresh, "workspaces") == 0);
  }

  SUBCASE("a workspace id held by an unrelated workspace is refused") {
    std::string message = Refusal([&] { ImportExport(*b, good); });
    CHECK(message.find("line 1: workspace #1 of the file (uid ") != std::string::npos);
    CHECK(message.find("is not workspace #1 of this database ('mine'") != std::string::npos);
    CHECK(Export(*b) == before);
  }

  SUBCASE("a --since file is refused by a database whose workspace #1 is another project") {
    ExportOptions options;
    options.since = "2000-01-01";
    auto changes = Lines(Export(*a, options));
    // Without the workspace rows only the header can tell.
    std::vector<std::string> kept;
    for (const auto& line : changes) {
      if (line.rfind("{\"table\":\"workspaces\"", 0) != 0) kept.push_back(line);
    }
    kept.back() = "{\"end\":true,\"rows\":" + std::to_string(kept.size() - 2) + ",\"tombstones\":" +
                  std::to_string(std::count_if(
                      kept.begin(), kept.end(),
                      [](const std::string& l) { return l.rfind("{\"tombstone\"", 0) == 0; })) +
                  "}";
    CHECK(Refusal([&] { ImportExport(*b, Join(kept)); }).find("line 1: workspace #1") !=
          std::string::npos);
    CHECK(Export(*b) == before);
  }

  SUBCASE("a workspace tombstone deletes that project only") {
    auto c = testing::MigratedMemoryDatabase();
    testing::AddWorkspace(*c, "one");
    testing::AddWorkspace(*c, "two");
    auto copy = testing::MigratedMemoryDatabase();
    ImportExport(*copy, Export(*c));
    ExportOptions only_one;
    only_one.workspace_id = 1;
    auto other = testing::MigratedMemoryDatabase();
    ImportExport(*other, Export(*c, only_one));
    testing::AddWorkspace(*other, "another");  // #2 here, not c's #2

    const std::string since = NowAfterTicks(*c);
    c->ExecScript("DELETE FROM workspaces WHERE id = 2");
    ExportOptions options;
    options.since = since;
    const std::string deletion = Export(*c, options);
    CHECK(deletion.find("{\"tombstone\":\"workspaces\",\"key\":[2],\"workspace_id\":2,") !=
          std::string::npos);

    const std::string kept = Export(*other);
    CHECK(Refusal([&] {
            ImportExport(*other, deletion);
          }).find("the file deletes workspace #2, but #2 here is another project ('another'") !=
          std::string::npos);
    CHECK(Export(*other) == kept);

    CHECK(ImportExport(*copy, deletion).tombstones_applied == 1);
    CHECK(Export(*copy) == Export(*c));
  }

  SUBCASE("a row id held by a row of another workspace is refused") {
    ImportExport(*fresh, good);
    const std::string imported = Export(*fresh);
    auto moved = lines;
    for (auto& line : moved) {
      if (line.rfind("{\"table\":\"steps\",\"row\":{\"id\":1,", 0) == 0) {
        line.replace(line.find("\"workspace_id\":1"), 16, "\"workspace_id\":2");
      }
    }
    std::string message = Refusal([&] { ImportExport(*fresh, Join(moved)); });
    CHECK(message.find("steps [1] is held in this database by workspace 'alpha' (#1), but the "
                       "file gives it to workspace #2") != std::string::npos);
    CHECK(Export(*fresh) == imported);
  }

  SUBCASE("a code taken by another row of the workspace is refused, naming the constraint") {
    ImportExport(*fresh, good);
    fresh->ExecScript("DELETE FROM knowledge");
    fresh->ExecScript(
        "INSERT INTO knowledge (id, workspace_id, slug, title) VALUES (99, 1, 'db-notes', 'x')");
    const std::string imported = Export(*fresh);
    std::string message = Refusal([&] { ImportExport(*fresh, good); });
    CAPTURE(message);
    CHECK(message.find(testing::OnPostgres(*fresh)
                           ? "knowledge [1] was refused: that already exists "
                             "(knowledge_workspace_id_slug_key)"
                           : "knowledge [1] was refused: UNIQUE constraint failed") !=
          std::string::npos);
    CHECK(Export(*fresh) == imported);
  }
}

TEST_CASE("--since times are normalized to the stored form") {
  CHECK(NormalizeSinceTime("2026-12-01") == "2026-12-01");
  CHECK(NormalizeSinceTime("2026-12-01T10:00") == "2026-12-01T10:00:00.000Z");
  CHECK(NormalizeSinceTime("2026-12-01T10:00:05Z") == "2026-12-01T10:00:05.000Z");
  CHECK(NormalizeSinceTime("2026-12-01T10:00:05.12Z") == "2026-12-01T10:00:05.120Z");
  CHECK_THROWS_AS(NormalizeSinceTime("yesterday"), UserError);
}

}  // namespace pm::store
