// get_next_task without a claim is answered again from its last result while
// nothing has been committed (ToolRegistry's reuse, store::DataStamp). These
// tests hold it to never answering from data that has changed: not after a
// commit on another connection to the same file, not after one on its own.
// The stamp exists on SQLite only; PostgreSQL never reuses, so they open files.
#include <doctest/doctest.h>

#include "cli/startup.h"
#include "store/migrator.h"
#include "test_support.h"
#include "tools/all_tools.h"

namespace pm::tools {

using nlohmann::json;

namespace {

std::unique_ptr<store::Database> OpenFile(const std::string& path) {
  store::DatabaseOptions options;
  options.path = path;
  return std::make_unique<store::Database>(options);
}

// One server's view of the file: its own connection, tools and registry.
struct Connection {
  explicit Connection(const std::string& path)
      : db(OpenFile(path)),
        env{*db, "/nonexistent-cwd", {"test", ""}},
        registry(catalog::Catalog::Embedded()) {
    BindAllTools(registry, env);
  }
  json Ok(const std::string& tool, const json& args) {
    json r = registry.Call(tool, args, mcp::CallContext{});
    CAPTURE(r.dump());
    REQUIRE(r["isError"] == false);
    return r["structuredContent"];
  }
  // The code of the task get_next_task would hand out, or "" when none is ready.
  std::string Peek() {
    json next = Ok("get_next_task", {{"workspace", "reuse"}, {"claim", false}});
    return next["task"].is_null() ? "" : next["task"]["code"].get<std::string>();
  }

  std::unique_ptr<store::Database> db;
  ToolEnv env;
  mcp::ToolRegistry registry;
};

struct TwoConnections {
  TwoConnections() {
    {
      auto db = OpenFile(path);
      store::Migrator(*db, store::EmbeddedMigrations()).Migrate();
      cli::SeedCatalog(*db, catalog::Catalog::Embedded());
    }
    a = std::make_unique<Connection>(path);
    b = std::make_unique<Connection>(path);
    a->Ok("memory_workspace", {{"action", "register"}, {"path", "/ws/reuse"}});
    a->Ok("memory_plan", {{"action", "create"},
                          {"workspace", "reuse"},
                          {"title", "Ship"},
                          {"status", "active"},
                          {"phases", {"Build"}}});
    a->Ok("memory_steps",
          {{"action", "add"},
           {"workspace", "reuse"},
           {"plan", "P1"},
           {"steps", {{{"task", "first"}}, {{"task", "second"}}, {{"task", "third"}}}}});
  }
  testing::TempDir dir;
  std::string path = dir.File("reuse.db");
  std::unique_ptr<Connection> a, b;
};

}  // namespace

TEST_CASE("a repeated get_next_task claim=false gives the same answer on unchanged data") {
  TwoConnections c;
  const json first = c.a->Ok("get_next_task", {{"workspace", "reuse"}, {"claim", false}});
  const json again = c.a->Ok("get_next_task", {{"workspace", "reuse"}, {"claim", false}});
  CHECK(first["task"]["code"] == "T1");
  CHECK(again == first);
}

TEST_CASE("get_next_task claim=false sees a claim and a completion made on another connection") {
  TwoConnections c;
  REQUIRE(c.a->Peek() == "T1");
  c.b->Ok("get_next_task", {{"workspace", "reuse"}, {"agent", "bob"}});  // claims T1
  CHECK(c.a->Peek() == "T2");
  c.b->Ok("update_task_status", {{"workspace", "reuse"}, {"task", "T2"}, {"status", "cancelled"}});
  CHECK(c.a->Peek() == "T3");
}

TEST_CASE("get_next_task claim=false sees changes made on its own connection") {
  TwoConnections c;
  REQUIRE(c.a->Peek() == "T1");
  c.a->Ok("update_task_status",
          {{"workspace", "reuse"}, {"task", "T1"}, {"status", "in_progress"}});
  CHECK(c.a->Peek() == "T2");
  c.a->Ok("memory_steps",
          {{"action", "update"}, {"workspace", "reuse"}, {"step", "T2"}, {"status", "cancelled"}});
  CHECK(c.a->Peek() == "T3");
  c.a->Ok("memory_steps",
          {{"action", "update"}, {"workspace", "reuse"}, {"step", "T3"}, {"status", "cancelled"}});
  CHECK(c.a->Peek() == "");
}

TEST_CASE("a claiming get_next_task is never answered again") {
  TwoConnections c;
  json one = c.a->Ok("get_next_task", {{"workspace", "reuse"}, {"agent", "alice"}});
  json two = c.a->Ok("get_next_task", {{"workspace", "reuse"}, {"agent", "alice"}});
  CHECK(one["task"]["code"] == "T1");
  CHECK(two["task"]["code"] == "T2");
}

TEST_CASE("the data stamp of a SQLite connection moves with every commit, its own or not") {
  TwoConnections c;
  auto before = c.a->db->Stamp();
  REQUIRE(before.has_value());
  CHECK(c.a->db->Stamp() == before);
  c.b->db->ExecScript("UPDATE steps SET task = 'renamed' WHERE code = 'T3'");
  const auto after_other = c.a->db->Stamp();
  CHECK(after_other != before);
  c.a->db->ExecScript("UPDATE steps SET task = 'renamed again' WHERE code = 'T3'");
  CHECK(c.a->db->Stamp() != after_other);
  c.a->db->Read([&] { CHECK_FALSE(c.a->db->Stamp().has_value()); });
}

}  // namespace pm::tools
