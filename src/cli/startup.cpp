#include "cli/startup.h"

#include <spdlog/spdlog.h>

#include "store/catalog_repository.h"
#include "store/database_path.h"
#include "store/migrator.h"

namespace pm::cli {

store::DatabaseOptions DatabaseOptionsFrom(const GlobalOptions& options) {
  store::DatabaseOptions db;
  db.path = store::ResolveDatabasePath(options.db);
  if (options.durability == "full") {
    db.durability = store::Durability::kFull;
  } else if (options.durability != "normal") {
    throw std::runtime_error("--durability must be normal or full");
  }
  return db;
}

void SeedCatalog(store::Database& db, const catalog::Catalog& catalog) {
  std::vector<store::CatalogToolRow> rows;
  for (const auto& tool : catalog.tools()) {
    store::CatalogToolRow t{tool.name, tool.title, tool.description, std::nullopt, {}};
    if (tool.output_schema.is_object()) t.output_schema_json = tool.output_schema.dump();
    for (const auto& action : tool.actions) {
      store::CatalogActionRow a;
      a.name = action.name;
      a.description = action.description;
      a.read_only = action.read_only;
      a.destructive = action.destructive;
      a.idempotent = action.idempotent;
      if (!action.example.is_null()) a.example_json = action.example.dump();
      for (const auto& p : action.params) {
        store::CatalogParamRow row;
        row.name = p.name;
        row.type_json = nlohmann::json(p.types).dump();
        row.required = p.required;
        row.description = p.description;
        if (p.enum_values.is_array()) row.enum_json = p.enum_values.dump();
        if (!p.default_value.is_null()) row.default_json = p.default_value.dump();
        a.params.push_back(std::move(row));
      }
      t.actions.push_back(std::move(a));
    }
    rows.push_back(std::move(t));
  }
  if (store::CatalogRepository(db).Sync(catalog.hash(), rows)) {
    spdlog::info("tool catalog tables updated (hash {})", catalog.hash());
  }
}

std::unique_ptr<store::Database> OpenStore(const GlobalOptions& options,
                                           const catalog::Catalog& catalog) {
  store::DatabaseOptions db_options = DatabaseOptionsFrom(options);
  store::EnsureParentDirectory(db_options.path);
  auto db = std::make_unique<store::Database>(db_options);
  store::Migrator(*db, store::EmbeddedMigrations()).Migrate();
  SeedCatalog(*db, catalog);
  return db;
}

}  // namespace pm::cli
