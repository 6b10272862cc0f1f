#include "store/dialect.h"

namespace pm::store {

std::string JsonValues(Engine engine, std::string_view array) {
  if (engine == Engine::kSqlite) return "json_each(" + std::string(array) + ")";
  return "jsonb_array_elements_text(CAST(" + std::string(array) + " AS jsonb))";
}

std::string JsonIds(Engine engine, std::string_view array) {
  if (engine == Engine::kSqlite) return "(SELECT value FROM json_each(" + std::string(array) + "))";
  return "(SELECT CAST(value AS BIGINT) FROM " + JsonValues(engine, array) + ")";
}

std::string JsonMember(Engine engine, std::string_view column, std::string_view name) {
  if (engine == Engine::kSqlite) {
    return "json_extract(" + std::string(column) + ", '$." + std::string(name) + "')";
  }
  return "(CAST(" + std::string(column) + " AS jsonb) ->> '" + std::string(name) + "')";
}

std::string JsonElement(Engine engine, std::string_view column, int index) {
  if (engine == Engine::kSqlite) {
    return "json_extract(" + std::string(column) + ", '$[" + std::to_string(index) + "]')";
  }
  return "(CAST(" + std::string(column) + " AS jsonb) ->> " + std::to_string(index) + ")";
}

const char* DeferForeignKeysSql(Engine engine) {
  return engine == Engine::kSqlite ? "PRAGMA defer_foreign_keys = ON"
                                   : "SET CONSTRAINTS ALL DEFERRED";
}

const char* TableColumnsSql(Engine engine) {
  return engine == Engine::kSqlite
             ? "SELECT name FROM pragma_table_info(?)"
             : "SELECT column_name FROM information_schema.columns "
               "WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position";
}

const char* ForeignKeysSql(Engine engine) {
  if (engine == Engine::kSqlite) {
    return "SELECT m.name, f.\"from\", f.\"table\", f.on_delete FROM sqlite_schema AS m, "
           "pragma_foreign_key_list(m.name) AS f WHERE m.type = 'table' ORDER BY m.name, f.id";
  }
  return "SELECT child.relname, a.attname, parent.relname, CASE c.confdeltype "
         "WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' WHEN 'r' THEN 'RESTRICT' "
         "WHEN 'd' THEN 'SET DEFAULT' ELSE 'NO ACTION' END "
         "FROM pg_constraint AS c JOIN pg_class AS child ON child.oid = c.conrelid "
         "JOIN pg_class AS parent ON parent.oid = c.confrelid "
         "JOIN pg_attribute AS a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
         "WHERE c.contype = 'f' AND child.relnamespace = CAST(current_schema() AS regnamespace) "
         "ORDER BY child.relname, c.conname";
}

}  // namespace pm::store
