#include "store/catalog_repository.h"

#include <doctest/doctest.h>

#include "catalog/catalog.h"
#include "cli/startup.h"
#include "test_support.h"

namespace pm::store {

namespace {

int64_t Count(Database& db, const std::string& sql) { return db.QueryInt(sql); }

CatalogToolRow Tool(const std::string& name, std::vector<std::string> actions) {
  CatalogToolRow t{name, "T", "d", std::nullopt, {}};
  for (const auto& a : actions) {
    CatalogActionRow row;
    row.name = a;
    row.description = a + " it";
    row.params.push_back({"p", "[\"string\"]", true, "a param", std::nullopt, std::nullopt});
    t.actions.push_back(row);
  }
  return t;
}

}  // namespace

TEST_CASE("the embedded catalog is seeded into the catalog tables") {
  auto db = testing::MigratedMemoryDatabase();
  const auto& catalog = catalog::Catalog::Embedded();
  size_t actions = 0, params = 0;
  for (const auto& t : catalog.tools()) {
    actions += t.actions.size();
    for (const auto& a : t.actions) params += a.params.size();
  }
  CHECK(Count(*db, "SELECT count(*) FROM tools") == static_cast<int>(catalog.tools().size()));
  CHECK(Count(*db, "SELECT count(*) FROM tool_actions") == static_cast<int>(actions));
  CHECK(Count(*db, "SELECT count(*) FROM tool_action_params") == static_cast<int>(params));
  CHECK(CatalogRepository(*db).StoredHash() == catalog.hash());
  CHECK(Count(*db,
              "SELECT required FROM tool_action_params p JOIN tool_actions a ON "
              "a.id = p.action_id WHERE a.tool_name = 'memory_workspace' AND "
              "a.name = 'update' AND p.name = 'workspace'") == 1);
}

TEST_CASE("catalog sync is idempotent and removes what the catalog dropped") {
  auto db = testing::MigratedMemoryDatabase();
  CatalogRepository repo(*db);
  CHECK(repo.Sync("h1", {Tool("a", {"x", "y"}), Tool("b", {"z"})}));
  CHECK(Count(*db, "SELECT count(*) FROM tool_actions") == 3);
  const int64_t y_id = Count(*db, "SELECT id FROM tool_actions WHERE name = 'y'");
  CHECK_FALSE(repo.Sync("h1", {Tool("a", {"x", "y"}), Tool("b", {"z"})}));  // same hash: no write

  CHECK(repo.Sync("h2", {Tool("a", {"y", "w"})}));
  CHECK(Count(*db, "SELECT count(*) FROM tools") == 1);
  CHECK(Count(*db, "SELECT count(*) FROM tool_actions WHERE name IN ('x', 'z')") == 0);
  CHECK(Count(*db, "SELECT count(*) FROM tool_actions") == 2);
  CHECK(Count(*db, "SELECT id FROM tool_actions WHERE name = 'y'") == y_id);  // kept its id
  CHECK(Count(*db, "SELECT count(*) FROM tool_action_params") == 2);          // no orphans
  CHECK(repo.StoredHash() == "h2");
}

}  // namespace pm::store
