// project-memory export and import from the command line: files, exit codes,
// and what a refused import leaves behind (nothing).
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "cli/commands.h"
#include "cli/progress_bar.h"
#include "store/export_fixture.h"
#include "test_support.h"
#include "work_fixture.h"

namespace pm::cli {

namespace {

int Run(std::vector<std::string> args) {
  args.insert(args.begin(), {"project-memory", "--log-level", "off"});
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  return RunCli(static_cast<int>(argv.size()), argv.data());
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("export -o, import into a new database, export again: the same file") {
  testing::TempDir dir;
  const std::string a = dir.File("a.db"), b = dir.File("b.db");
  REQUIRE(Run({"--db", a, "migrate"}) == 0);
  {
    store::Database db(store::DatabaseOptions{a});
    testing::FillEveryTable(db);
  }
  CHECK(Run({"--db", a, "export", "-q", "-o", dir.File("a.jsonl")}) == 0);
  CHECK(Run({"--db", b, "import", "-q", dir.File("a.jsonl")}) == 0);
  CHECK(Run({"--db", b, "export", "-q", "-o", dir.File("b.jsonl")}) == 0);
  CHECK(Slurp(dir.File("a.jsonl")) == Slurp(dir.File("b.jsonl")));
  CHECK(Slurp(dir.File("a.jsonl")).find("\"code\":\"alpha\"") != std::string::npos);

  // One workspace, by code; a workspace that does not exist fails.
  CHECK(Run({"--db", a, "export", "-q", "--workspace", "beta", "-o", dir.File("beta.jsonl")}) == 0);
  CHECK(Slurp(dir.File("beta.jsonl")).find("\"code\":\"alpha\"") == std::string::npos);
  CHECK(Run({"--db", a, "export", "-q", "--workspace", "nope", "-o", dir.File("x.jsonl")}) == 1);
  CHECK(Run({"--db", a, "export", "-q", "--since", "last week"}) == 1);

  // A refused import exits 1 and writes nothing.
  std::ofstream(dir.File("bad.jsonl")) << Slurp(dir.File("a.jsonl")).substr(0, 300) << "\n";
  const std::string c = dir.File("c.db");
  CHECK(Run({"--db", c, "import", "-q", dir.File("bad.jsonl")}) == 1);
  store::Database db(store::DatabaseOptions{c});
  CHECK(testing::ScalarInt(db, "SELECT count(*) FROM workspaces") == 0);
  CHECK(Run({"--db", c, "import", "-q", dir.File("missing.jsonl")}) == 1);
}

TEST_CASE("progress counts are grouped by thousands") {
  CHECK(GroupDigits(0) == "0");
  CHECK(GroupDigits(999) == "999");
  CHECK(GroupDigits(1000) == "1,000");
  CHECK(GroupDigits(46599028) == "46,599,028");
  CHECK(GroupDigits(-1234) == "-1,234");
}

}  // namespace pm::cli
