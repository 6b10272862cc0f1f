// CatalogRepository keeps the catalog tables (tools, tool_actions,
// tool_action_params) equal to the catalog this binary carries. It speaks in
// plain rows so that the store depends on no other layer.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/database.h"

namespace pm::store {

struct CatalogParamRow {
  std::string name;
  std::string type_json;  // JSON array of type names
  bool required = false;
  std::string description;
  std::optional<std::string> enum_json, default_json;
};

struct CatalogActionRow {
  std::string name;
  std::string description;
  bool read_only = false, destructive = false, idempotent = false;
  std::optional<std::string> example_json;
  std::vector<CatalogParamRow> params;
};

struct CatalogToolRow {
  std::string name, title, description;
  std::optional<std::string> output_schema_json;
  std::vector<CatalogActionRow> actions;
};

class CatalogRepository {
 public:
  explicit CatalogRepository(Database& db) : db_(db) {}

  std::optional<std::string> StoredHash();

  // Makes the tables hold exactly `tools` and records `hash`, in one write
  // transaction; does nothing when `hash` is already stored. Rows of actions that
  // still exist keep their ids. Returns true when anything was written.
  bool Sync(const std::string& hash, const std::vector<CatalogToolRow>& tools);

 private:
  Database& db_;
};

}  // namespace pm::store
