#include "store/pg/sql_text.h"

#include <doctest/doctest.h>

namespace pm::store::pg {

TEST_CASE("placeholders become $1..$n in order") {
  auto r = RewritePlaceholders("SELECT * FROM t WHERE a = ? AND b IN (?, ?)");
  CHECK(r.sql == "SELECT * FROM t WHERE a = $1 AND b IN ($2, $3)");
  CHECK(r.parameter_count == 3);
}

TEST_CASE("numbered placeholders keep their numbers; a bare one follows the largest so far") {
  auto r = RewritePlaceholders("WHERE (?2 = 0 OR id < ?2) AND (?1 IS NULL OR k = ?1) LIMIT ?");
  CHECK(r.sql == "WHERE ($2 = 0 OR id < $2) AND ($1 IS NULL OR k = $1) LIMIT $3");
  CHECK(r.parameter_count == 3);
}

TEST_CASE("question marks in literals, identifiers and comments stay") {
  struct Case {
    const char* sql;
    const char* expected;
    int count;
  };
  const Case cases[] = {
      {"SELECT 'why?' , ?", "SELECT 'why?' , $1", 1},
      {"SELECT 'it''s ?', ?", "SELECT 'it''s ?', $1", 1},
      {"SELECT E'a\\'?', ?", "SELECT E'a\\'?', $1", 1},
      {"SELECT \"odd?name\" FROM t WHERE x = ?", "SELECT \"odd?name\" FROM t WHERE x = $1", 1},
      {"SELECT \"a\"\"?\" , ?", "SELECT \"a\"\"?\" , $1", 1},
      {"SELECT ? -- really?\n, ?", "SELECT $1 -- really?\n, $2", 2},
      {"SELECT /* a /* nested? */ still? */ ?", "SELECT /* a /* nested? */ still? */ $1", 1},
      {"SELECT $$what?$$, $tag$x?$tag$, ?", "SELECT $$what?$$, $tag$x?$tag$, $1", 1},
      {"SELECT a$b, ?", "SELECT a$b, $1", 1},
      {"SELECT 'unterminated ?", "SELECT 'unterminated ?", 0},
      {"SELECT 1", "SELECT 1", 0},
  };
  for (const auto& c : cases) {
    CAPTURE(c.sql);
    auto r = RewritePlaceholders(c.sql);
    CHECK(r.sql == c.expected);
    CHECK(r.parameter_count == c.count);
  }
}

TEST_CASE("reads are told from writes") {
  CHECK(IsReadOnlyStatement("SELECT * FROM steps WHERE id = ?"));
  CHECK(IsReadOnlyStatement("  -- comment\n select 1"));
  CHECK(IsReadOnlyStatement("WITH x AS (SELECT 1) SELECT * FROM x"));
  CHECK(IsReadOnlyStatement("SELECT id FROM steps FOR UPDATE SKIP LOCKED"));
  CHECK(IsReadOnlyStatement("SELECT 'INSERT' AS word, \"update\" FROM t"));
  CHECK(IsReadOnlyStatement("EXPLAIN SELECT 1"));
  CHECK_FALSE(IsReadOnlyStatement("EXPLAIN ANALYZE DELETE FROM t"));
  CHECK_FALSE(IsReadOnlyStatement("INSERT INTO t VALUES (1)"));
  CHECK_FALSE(IsReadOnlyStatement("UPDATE steps SET status = 'done'"));
  CHECK_FALSE(IsReadOnlyStatement("WITH gone AS (DELETE FROM t RETURNING id) SELECT * FROM gone"));
  CHECK_FALSE(IsReadOnlyStatement("SELECT * INTO copy FROM t"));
  CHECK_FALSE(IsReadOnlyStatement("BEGIN"));
  CHECK_FALSE(IsReadOnlyStatement(""));
}

}  // namespace pm::store::pg
