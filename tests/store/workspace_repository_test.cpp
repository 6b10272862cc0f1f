#include "store/workspace_repository.h"

#include <doctest/doctest.h>

#include "common/user_error.h"
#include "test_support.h"

namespace pm::store {

namespace {

const Actor kActor{"tester", "s-1"};

NewWorkspace At(const std::string& path) {
  NewWorkspace spec;
  spec.path = path;
  return spec;
}

}  // namespace

TEST_CASE("register is idempotent by path and derives name and code") {
  auto db = testing::MigratedMemoryDatabase();
  WorkspaceRepository repo(*db);
  auto [first, created] = repo.Register(At("/home/me/My Shop"), kActor);
  CHECK(created);
  CHECK(first.name == "My Shop");
  CHECK(first.code == "my-shop");
  auto [again, created_again] = repo.Register(At("/home/me/My Shop"), kActor);
  CHECK_FALSE(created_again);
  CHECK(again.id == first.id);

  auto [other, other_created] = repo.Register(At("/elsewhere/my-shop"), kActor);
  CHECK(other_created);
  CHECK(other.code == "my-shop-2");  // codes stay unique
  CHECK(repo.FindByCode("my-shop-2")->id == other.id);
}

TEST_CASE("the database itself rejects invalid workspace rows") {
  auto db = testing::MigratedMemoryDatabase();
  CHECK_THROWS(
      db->ExecScript("INSERT INTO workspaces (code, name, metadata) VALUES ('a', 'a', '[1]')"));
  CHECK_THROWS(db->ExecScript("INSERT INTO workspaces (code, name) VALUES ('', 'a')"));
  db->ExecScript("INSERT INTO workspaces (code, name, path) VALUES ('a', 'a', '/p')");
  CHECK_THROWS(db->ExecScript("INSERT INTO workspaces (code, name, path) VALUES ('b', 'b', '/p')"));
}

TEST_CASE("slugs are short, lowercase and never all digits") {
  CHECK(SlugFor("My Shop!") == "my-shop");
  CHECK(SlugFor("  --  ") == "workspace");
  CHECK(SlugFor("2026") == "w-2026");
  CHECK(SlugFor(std::string(100, 'a')).size() == 48);
}

TEST_CASE("FindEnclosing finds the nearest registered ancestor") {
  auto db = testing::MigratedMemoryDatabase();
  WorkspaceRepository repo(*db);
  auto outer = repo.Register(At("/src/mono"), kActor).first;
  auto inner = repo.Register(At("/src/mono/packages/api"), kActor).first;
  CHECK(repo.FindEnclosing("/src/mono/packages/api/src")->id == inner.id);
  CHECK(repo.FindEnclosing("/src/mono/docs")->id == outer.id);
  CHECK_FALSE(repo.FindEnclosing("/src/monolith"));
  CHECK_FALSE(repo.FindEnclosing("/"));
}

TEST_CASE("every change is logged with actor, before and after") {
  auto db = testing::MigratedMemoryDatabase();
  WorkspaceRepository repo(*db);
  auto w = repo.Register(At("/a"), kActor).first;
  WorkspacePatch patch;
  patch.description = "about a";
  repo.Update(w.id, patch, kActor);
  repo.Delete(w.id, false, kActor);
  auto q = db->Prepare(
      "SELECT action, agent, session_id, before_json, after_json "
      "FROM update_log WHERE entity_kind = 'workspace' ORDER BY id");
  std::vector<std::string> actions;
  while (q.Step()) {
    actions.push_back(q.Text(0));
    CHECK(q.Text(1) == "tester");
    CHECK(q.Text(2) == "s-1");
    if (actions.back() == "update") {
      CHECK(nlohmann::json::parse(q.Text(3))["description"].is_null());
      CHECK(nlohmann::json::parse(q.Text(4))["description"] == "about a");
    }
  }
  CHECK(actions == std::vector<std::string>{"create", "update", "delete"});
}

TEST_CASE("delete is refused while the workspace holds content, unless forced") {
  auto db = testing::MigratedMemoryDatabase();
  // Any table that references workspaces counts as content, including ones
  // later migrations add.
  db->ExecScript("CREATE TABLE notes (" + testing::IdColumnSql(*db) +
                 ", workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE)");
  WorkspaceRepository repo(*db);
  auto w = repo.Register(At("/busy"), kActor).first;
  auto add = db->Prepare("INSERT INTO notes (workspace_id) VALUES (?)");
  add.Bind(1, w.id);
  add.Exec();
  CHECK(repo.CountContent(w.id) == ContentCounts{{"notes", 1}});
  CHECK_THROWS_WITH_AS(repo.Delete(w.id, false, kActor), doctest::Contains("1 notes"), UserError);
  CHECK(repo.FindById(w.id));  // nothing lost
  CHECK(repo.Delete(w.id, true, kActor) == ContentCounts{{"notes", 1}});
  CHECK_FALSE(repo.FindById(w.id));
  CHECK(db->QueryInt("SELECT count(*) FROM notes") == 0);  // cascaded
}

TEST_CASE("List pages by id") {
  auto db = testing::MigratedMemoryDatabase();
  WorkspaceRepository repo(*db);
  for (int i = 0; i < 5; ++i) repo.Register(At("/w" + std::to_string(i)), kActor);
  auto page1 = repo.List(2, 0);
  REQUIRE(page1.items.size() == 2);
  REQUIRE(page1.next_after_id);
  auto page3 = repo.List(2, *repo.List(2, *page1.next_after_id).next_after_id);
  CHECK(page3.items.size() == 1);
  CHECK_FALSE(page3.next_after_id);
  CHECK(page3.items[0].path == "/w4");
}

TEST_CASE("update refuses a path another workspace holds") {
  auto db = testing::MigratedMemoryDatabase();
  WorkspaceRepository repo(*db);
  auto a = repo.Register(At("/a"), kActor).first;
  repo.Register(At("/b"), kActor);
  WorkspacePatch patch;
  patch.path = "/b";
  CHECK_THROWS_WITH_AS(repo.Update(a.id, patch, kActor), doctest::Contains("already registered"),
                       UserError);
}

}  // namespace pm::store
