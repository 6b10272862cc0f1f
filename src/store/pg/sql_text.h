// SQL text as the store writes it (SQLite style), made ready for PostgreSQL.
//
// The store's SQL uses `?` and `?NNN` placeholders; PostgreSQL wants $1..$n.
// RewritePlaceholders renumbers them with SQLite's rule (a bare `?` takes the
// largest number used so far plus one, `?NNN` takes NNN) and leaves alone every
// `?` inside a string literal ('...', E'...', $tag$...$tag$), a quoted
// identifier ("...") or a comment (-- and nested /* */). PostgreSQL's own `?`
// operators (jsonb ?, ?|, ?&) cannot be written in this SQL: they would be taken
// for placeholders.
//
// IsReadOnlyStatement says whether a statement only reads, so that a lost
// connection may run it again: it starts with SELECT, VALUES, SHOW, TABLE, WITH
// or EXPLAIN (without ANALYZE) and names no INSERT, UPDATE, DELETE or MERGE
// outside literals and comments. A SELECT of a function that writes is on its
// caller. Pure functions; nothing here throws.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pm::store::pg {

struct PlaceholderSql {
  std::string sql;          // with $1..$n
  int parameter_count = 0;  // the largest placeholder number
  std::vector<bool> used;   // used[n - 1]: $n occurs (numbers may be skipped: ?1, ?3)
};

PlaceholderSql RewritePlaceholders(std::string_view sql);

bool IsReadOnlyStatement(std::string_view sql);

}  // namespace pm::store::pg
