#include "app/api_tokens.h"

#include <doctest/doctest.h>

#include "common/user_error.h"
#include "test_support.h"

namespace pm::app {

TEST_CASE("a token is random, shown once and stored only as its hash") {
  auto db = testing::MigratedMemoryDatabase();
  store::TokenRepository tokens(*db);
  NewApiToken alice = CreateApiToken(tokens, "alice", false);
  NewApiToken bot = CreateApiToken(tokens, "ci-bot", true);
  CHECK(alice.token.rfind("pm_", 0) == 0);
  CHECK(alice.token.size() == 46);
  CHECK(alice.token != bot.token);
  CHECK(alice.row.token_hash == HashApiToken(alice.token));
  CHECK(alice.row.token_hash.size() == 64);
  CHECK(alice.row.prefix == alice.token.substr(0, 10));

  // Nothing in the database holds the secret itself.
  auto all = db->Prepare("SELECT name || token_hash || prefix FROM http_tokens");
  while (all.Step()) CHECK(all.Text(0).find(alice.token) == std::string::npos);

  ApiTokenMatch m = MatchApiToken(tokens, bot.token);
  CHECK(m.any_defined);
  REQUIRE(m.matched);
  CHECK(m.matched->name == "ci-bot");
  CHECK(m.matched->read_only);
  CHECK_FALSE(MatchApiToken(tokens, alice.token + "x").matched);
  CHECK_FALSE(MatchApiToken(tokens, "").matched);

  CHECK(tokens.Revoke("alice"));
  CHECK_FALSE(MatchApiToken(tokens, alice.token).matched);
  CHECK_FALSE(tokens.Revoke("alice"));
}

TEST_CASE("token names are checked and unique") {
  auto db = testing::MigratedMemoryDatabase();
  store::TokenRepository tokens(*db);
  CreateApiToken(tokens, "alice", false);
  CHECK_THROWS_AS(CreateApiToken(tokens, "alice", true), UserError);
  for (const char* bad : {"", "two words", "a/b", "x\"y"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(CreateApiToken(tokens, bad, false), UserError);
  }
  CHECK_FALSE(MatchApiToken(tokens, "anything").matched);
  CHECK(MatchApiToken(tokens, "anything").any_defined);
  CHECK(tokens.Revoke("alice"));
  CHECK_FALSE(MatchApiToken(tokens, "").any_defined);
}

}  // namespace pm::app
