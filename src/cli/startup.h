// Opening the store the way every command needs it: resolve the path, create
// missing directories, open with the connection settings, apply migrations and
// sync the tool catalog tables. Throws std::runtime_error (or a migration error)
// with a message fit to show a person.
#pragma once

#include <memory>

#include "catalog/catalog.h"
#include "cli/global_options.h"
#include "store/database.h"

namespace pm::cli {

// The database options the global options (and their environment variables)
// ask for. Throws std::runtime_error naming the option when a value is invalid.
store::DatabaseOptions DatabaseOptionsFrom(const GlobalOptions& options);
int BusyTimeoutFrom(const GlobalOptions& options);
int64_t MaxDbBytesFrom(const GlobalOptions& options);

// What a storage error message needs, as far as the options tell; never throws.
store::StorageContext StorageContextFrom(const GlobalOptions& options) noexcept;

// Opens, migrates and seeds the embedded catalog. The returned database is ready
// for the tools.
std::unique_ptr<store::Database> OpenStore(const GlobalOptions& options);

// Writes the catalog into the catalog tables when its hash changed.
void SeedCatalog(store::Database& db, const catalog::Catalog& catalog);
// The same for the embedded catalog, parsing it only when its hash changed.
void SeedEmbeddedCatalog(store::Database& db);

}  // namespace pm::cli
