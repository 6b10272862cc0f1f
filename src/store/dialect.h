// The few pieces of SQL the two engines spell differently, named once so that
// a repository writes one statement and asks for the piece by engine. Every
// other statement is written in the SQL both accept (coalesce, IS NOT DISTINCT
// FROM, TRUE/FALSE, ON CONFLICT, RETURNING). Pure functions; nothing throws.
#pragma once

#include <string>
#include <string_view>

#include "store/db/driver.h"

namespace pm::store {

// A table source of the elements of the JSON array `array` (a column or a
// placeholder), one row each, in a column named `value` (text on PostgreSQL).
// SQLite: json_each(json); PostgreSQL: jsonb_array_elements_text(json).
std::string JsonValues(Engine engine, std::string_view array);

// A subquery of the integers in the JSON array `array`, for `id IN <subquery>`.
std::string JsonIds(Engine engine, std::string_view array);

// The member `name` of the JSON object in `column`, as text or an integer.
std::string JsonMember(Engine engine, std::string_view column, std::string_view name);

// The JSON array element `index` of the text column `column`, as text or an integer.
std::string JsonElement(Engine engine, std::string_view column, int index);

// The statement that defers foreign key checks to the commit, for writes whose
// rows arrive in any order (an import, a restore).
const char* DeferForeignKeysSql(Engine engine);

// A query of the column names of table `?`.
const char* TableColumnsSql(Engine engine);

// A query of every foreign key of the schema's tables: (child table, column,
// parent table, on delete in SQLite's words: CASCADE, SET NULL, NO ACTION,
// RESTRICT, SET DEFAULT), by child table.
const char* ForeignKeysSql(Engine engine);

}  // namespace pm::store
