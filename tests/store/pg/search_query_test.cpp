#include "store/pg/search_query.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "common/user_error.h"
#include "pg_fixture.h"
#include "store/pg/search_sql.h"

namespace pm::store::pg {

TEST_CASE("the FTS5 query syntax becomes a tsquery") {
  struct Case {
    const char* query;
    const char* tsquery;
  };
  const Case cases[] = {
      {"auth", "'auth'"},
      {"auth token", "('auth' & 'token')"},
      {"\"auth token\"", "('auth' <-> 'token')"},
      {"auth*", "'auth':*"},
      {"\"auth tok\"*", "('auth' <-> 'tok':*)"},
      {"auth OR login", "('auth' | 'login')"},
      {"auth AND login", "('auth' & 'login')"},
      {"auth NOT login", "('auth' & !'login')"},
      {"a OR b NOT c", "('a' | ('b' & !'c'))"},
      {"a NOT b OR c", "(('a' & !'b') | 'c')"},
      {"a AND b OR c", "(('a' & 'b') | 'c')"},
      {"a b NOT c", "(('a' & 'b') & !'c')"},
      {"(a OR b) c", "(('a' | 'b') & 'c')"},
      {"a + b", "('a' <-> 'b')"},
      {"\"src/store/x.cpp\"", "('src' <-> 'store' <-> 'x' <-> 'cpp')"},
      {"get_next_task", "('get' <-> 'next' <-> 'task')"},
      {"café", "'café'"},
      {"\"say \"\"hi\"\"\"", "('say' <-> 'hi')"},
      {"or and", "('or' & 'and')"},
      {"NEAR(auth token, 1)",
       "('auth' <1> 'token' | 'token' <1> 'auth' | 'auth' <2> 'token' | 'token' <2> 'auth')"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.query);
    CHECK(TranslateSearchQuery(c.query) == c.tsquery);
  }
  CHECK(TranslateSearchQuery("NEAR(a b)").find("'b' <11> 'a'") != std::string::npos);
}

TEST_CASE("a query that cannot be translated is refused with the reason and the syntax") {
  struct Case {
    const char* query;
    const char* reason;
  };
  const Case cases[] = {
      {"", "nothing to search for"},
      {"   ", "nothing to search for"},
      {"\"unclosed", "a quote is not closed"},
      {"(auth", "a parenthesis is not closed"},
      {"auth)", "closed but was not opened"},
      {"auth OR", "the query ends where a word was expected"},
      {"NOT auth", "\"NOT\" stands where a word was expected"},
      {"auth AND AND token", "\"AND\" stands where a word was expected"},
      {"title:auth", "column filters (name:) are not supported"},
      {"^auth", "^ (a word at the start of a column) is not supported"},
      {"auth-token", "syntax error near \"-\""},
      {"src/store", "syntax error near \"/\""},
      {"\"...\"", "has no words to search for"},
      {"NEAR(a b c)", "NEAR takes two single words"},
      {"NEAR(\"a b\" c)", "NEAR takes two single words"},
      {"NEAR(a b, x)", "NEAR's distance must be a number"},
      {"NEAR(a b, 1000)", "at most 100"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.query);
    try {
      TranslateSearchQuery(c.query);
      FAIL("translated");
    } catch (const UserError& e) {
      const std::string message = e.what();
      CHECK(message.find(c.reason) != std::string::npos);
      CHECK(message.find("cannot search for ") == 0);
      CHECK(message.find(kSearchSyntaxHint) != std::string::npos);
    }
  }
}

TEST_CASE("bm25 column weights become a ts_rank_cd weight array") {
  CHECK(RankSql(PgFtsIndexOf("plan"), "f.document", "q") ==
        "-ts_rank_cd('{0, 0.4, 0.2, 1}', f.document, q, 1)");
  CHECK(RankSql(PgFtsIndexOf("tool"), "f.document", "q") ==
        "-ts_rank_cd('{0.05, 0.2, 1, 0.4}', f.document, q, 1)");
  CHECK(PgFtsIndexes().size() == 10);
  CHECK_THROWS_AS(PgFtsIndexOf("nothing"), std::out_of_range);
}

namespace {

struct Hit {
  int64_t id;
  double score;
  std::string snippet;
};

// Plans of workspace 1 matching `query`, best first, as SearchIndex would ask.
std::vector<Hit> SearchPlans(Connection& c, const std::string& query) {
  const PgFtsIndex& plans = PgFtsIndexOf("plan");
  const std::string q = TsQuerySql("?1");
  Result r = c.Execute("SELECT f.id, " + RankSql(plans, "f.document", q) + " AS score, " +
                           SnippetSql(plans, "t", q) +
                           " AS snippet FROM plans_fts AS f JOIN plans AS t ON t.id = f.id "
                           "WHERE f.document @@ " +
                           q + " AND t.workspace_id = 1 ORDER BY score, f.id",
                       {TranslateSearchQuery(query)});
  std::vector<Hit> hits;
  while (r.Next()) {
    hits.push_back(
        {std::get<int64_t>(r.Get(0)), std::get<double>(r.Get(1)), std::get<std::string>(r.Get(2))});
  }
  return hits;
}

std::vector<int64_t> Ids(const std::vector<Hit>& hits) {
  std::vector<int64_t> ids;
  for (const auto& h : hits) ids.push_back(h.id);
  return ids;
}

}  // namespace

PG_TEST_CASE("searches match, rank and highlight like FTS5 on the migrated schema") {
  testing::ScratchDatabase db;
  auto c = testing::MigratedConnection(db);
  c->ExecuteScript(R"(
    INSERT INTO workspaces (id, code, name) VALUES (1, 'w', 'W'), (2, 'v', 'V');
    INSERT INTO plans (id, workspace_id, code, title, description, goal) VALUES
      (1, 1, 'P1', 'Rebuild the search index', 'Nightly job.', NULL),
      (2, 1, 'P2', 'Tidy the docs', 'The indexes of the manual, and the café menu.', NULL),
      (3, 1, 'P3', 'Refresh tokens', 'See src/store/auth_token.cpp for the auth-token code.',
       'Never log a token'),
      (4, 2, 'P1', 'Rebuild the search index elsewhere', NULL, NULL);
  )");
  // Stemming finds "indexes" for "index"; the title hit ranks first.
  auto index = SearchPlans(*c, "index");
  CHECK(Ids(index) == std::vector<int64_t>{1, 2});
  CHECK(index[0].score < index[1].score);
  CHECK(index[0].score < 0);
  CHECK(index[0].snippet.find("**index**") != std::string::npos);
  CHECK(index[1].snippet.find("**indexes**") != std::string::npos);

  CHECK(Ids(SearchPlans(*c, "cafe")) == std::vector<int64_t>{2});   // diacritics removed
  CHECK(Ids(SearchPlans(*c, "store")) == std::vector<int64_t>{3});  // inside a path
  CHECK(Ids(SearchPlans(*c, "\"auth token\"")) == std::vector<int64_t>{3});
  CHECK(Ids(SearchPlans(*c, "tok*")) == std::vector<int64_t>{3});
  CHECK(Ids(SearchPlans(*c, "index NOT manual")) == std::vector<int64_t>{1});
  auto either = Ids(SearchPlans(*c, "docs OR tokens"));
  std::sort(either.begin(), either.end());
  CHECK(either == std::vector<int64_t>{2, 3});
  CHECK(Ids(SearchPlans(*c, "NEAR(rebuild index, 2)")) == std::vector<int64_t>{1});
  CHECK(Ids(SearchPlans(*c, "NEAR(index rebuild, 2)")) == std::vector<int64_t>{1});
  CHECK(Ids(SearchPlans(*c, "NEAR(rebuild index, 1)")).empty());  // two words between
  CHECK(Ids(SearchPlans(*c, "NEAR(nightly rebuild, 2)")).empty());
  CHECK(Ids(SearchPlans(*c, "the")).size() == 3);  // no stop words, as in FTS5

  // The indexes follow every change of their rows.
  c->Execute("UPDATE plans SET title = ? WHERE id = ?", {"Reindex nothing", 1});
  CHECK(Ids(SearchPlans(*c, "search")).empty());
  c->Execute("DELETE FROM plans WHERE id = ?", {2});
  CHECK(Ids(SearchPlans(*c, "manual")).empty());
  Result count = c->Execute("SELECT count(*) FROM plans_fts");
  REQUIRE(count.Next());
  CHECK(std::get<int64_t>(count.Get(0)) == 3);
}

}  // namespace pm::store::pg
