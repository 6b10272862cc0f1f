#include "cli/startup.h"

#include <spdlog/spdlog.h>

#include <cstdlib>

#include "store/catalog_repository.h"
#include "store/database_path.h"
#include "store/migrator.h"

namespace pm::cli {

namespace {

// The option's value, else the environment variable's, else empty.
std::string OptionOrEnv(const std::string& option, const char* env) {
  if (!option.empty()) return option;
  const char* value = std::getenv(env);
  return value ? std::string(value) : std::string();
}

}  // namespace

int BusyTimeoutFrom(const GlobalOptions& options) {
  std::string text = OptionOrEnv(options.busy_timeout, "PROJECT_MEMORY_BUSY_TIMEOUT");
  if (text.empty()) return store::DatabaseOptions{}.busy_timeout_ms;
  size_t used = 0;
  long value = -1;
  try {
    value = std::stol(text, &used);
  } catch (const std::exception&) {
  }
  if (used != text.size() || value < 0 || value > 3'600'000) {
    throw std::runtime_error(
        "busy timeout must be a number of milliseconds from 0 to 3600000 "
        "(--busy-timeout or PROJECT_MEMORY_BUSY_TIMEOUT), got \"" +
        text + "\"");
  }
  return static_cast<int>(value);
}

int64_t MaxDbBytesFrom(const GlobalOptions& options) {
  std::string text = OptionOrEnv(options.max_db_size, "PROJECT_MEMORY_MAX_DB_SIZE");
  if (text.empty()) return 0;
  try {
    return store::ParseByteSize(text);
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(std::string("--max-db-size / PROJECT_MEMORY_MAX_DB_SIZE: ") +
                             e.what());
  }
}

store::StorageContext StorageContextFrom(const GlobalOptions& options) noexcept {
  store::StorageContext context;
  try {
    context.path = store::ResolveDatabasePath(options.db);
    context.busy_timeout_ms = BusyTimeoutFrom(options);
    context.max_db_bytes = MaxDbBytesFrom(options);
  } catch (...) {
  }
  return context;
}

store::DatabaseOptions DatabaseOptionsFrom(const GlobalOptions& options) {
  store::DatabaseOptions db;
  db.path = store::ResolveDatabasePath(options.db);
  db.busy_timeout_ms = BusyTimeoutFrom(options);
  db.max_db_bytes = MaxDbBytesFrom(options);
  if (options.durability == "full") {
    db.durability = store::Durability::kFull;
  } else if (options.durability != "normal") {
    throw std::runtime_error("--durability must be normal or full");
  }
  return db;
}

void SeedCatalog(store::Database& db, const catalog::Catalog& catalog) {
  // The common case, checked before any row is built: nothing changed.
  if (store::CatalogRepository(db).StoredHash() == catalog.hash()) return;
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

void SeedEmbeddedCatalog(store::Database& db) {
  if (store::CatalogRepository(db).StoredHash() == catalog::Catalog::EmbeddedHash()) return;
  SeedCatalog(db, catalog::Catalog::Embedded());
}

std::unique_ptr<store::Database> OpenStore(const GlobalOptions& options) {
  store::DatabaseOptions db_options = DatabaseOptionsFrom(options);
  store::EnsureParentDirectory(db_options.path);
  auto db = std::make_unique<store::Database>(db_options);
  store::Migrator(*db, store::EmbeddedMigrations()).Migrate();
  SeedEmbeddedCatalog(*db);
  return db;
}

}  // namespace pm::cli
