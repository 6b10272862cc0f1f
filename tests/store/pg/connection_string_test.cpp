#include "store/pg/connection_string.h"

#include <doctest/doctest.h>

namespace pm::store::pg {

TEST_CASE("postgresql:// and postgres:// select PostgreSQL; paths do not") {
  CHECK(IsPostgresUrl("postgresql://me@db.example/memory"));
  CHECK(IsPostgresUrl("postgres://localhost"));
  CHECK(IsPostgresUrl("PostgreSQL://localhost/x"));
  CHECK_FALSE(IsPostgresUrl("postgresql:"));
  CHECK_FALSE(IsPostgresUrl("./postgresql://x"));
  CHECK_FALSE(IsPostgresUrl("/home/me/memory.db"));
  CHECK_FALSE(IsPostgresUrl(":memory:"));
  CHECK_FALSE(IsPostgresUrl("host=db dbname=memory"));
}

TEST_CASE("connection strings are shown without their password") {
  struct Case {
    const char* in;
    const char* out;
  };
  const Case cases[] = {
      {"postgresql://me:s3cret@db.example:5432/memory",
       "postgresql://me:***@db.example:5432/memory"},
      {"postgres://me:s3cret@db.example", "postgres://me:***@db.example"},
      {"postgresql://me@db.example/memory", "postgresql://me@db.example/memory"},
      {"postgresql://db.example/memory?sslmode=require",
       "postgresql://db.example/memory?sslmode=require"},
      {"postgresql://me:p@ss/w:rd@db.example/memory", "postgresql://me:***@db.example/memory"},
      {"postgresql://me@db.example/memory?password=s3cret&sslmode=require",
       "postgresql://me@db.example/memory?password=***&sslmode=require"},
      {"postgresql:///memory?host=/run/postgresql&password=s3cret",
       "postgresql:///memory?host=/run/postgresql&password=***"},
      {"host=db user=me password=s3cret dbname=memory",
       "host=db user=me password=*** dbname=memory"},
      {"password = 's3 cr\\'et' host=db", "password = *** host=db"},
      {"host=db PASSWORD=s3cret", "host=db PASSWORD=***"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.in);
    CHECK(RedactConnectionString(c.in) == c.out);
  }
}

TEST_CASE("a secret is scrubbed from any text") {
  CHECK(ScrubSecret("login with s3cret failed (s3cret)", "s3cret") ==
        "login with *** failed (***)");
  CHECK(ScrubSecret("nothing to hide", "") == "nothing to hide");
}

}  // namespace pm::store::pg
