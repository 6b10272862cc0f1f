// Fixtures for the PostgreSQL tests: the server scripts/test starts (its URL in
// PM_TEST_PG_URL) and scratch databases on it, one per test case, dropped after.
//
// Without PM_TEST_PG_URL (ctest or unit_tests run by hand, no server) every
// PG_TEST_CASE is skipped and says so (see SkipWithoutPgServer).
#pragma once

#include <doctest/doctest.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>

#include "store/pg/connection.h"
#include "store/pg/pg_migrator.h"

namespace pm::testing {

inline std::optional<std::string> PgTestUrl() {
  const char* url = std::getenv("PM_TEST_PG_URL");
  if (!url || !*url) return std::nullopt;
  return std::string(url);
}

inline bool HavePgServer() { return PgTestUrl().has_value(); }

// Without a server a PG_TEST_CASE returns at once, and the process says why
// when it ends: "PostgreSQL tests skipped: N test cases did not run ...". CTest
// marks a test whose output says so "Skipped" (tests/CMakeLists.txt), so
// nothing passes silently. (doctest::skip cannot do it: doctest leaves skipped
// cases out of the list CTest is built from, at build time.)
inline bool SkipWithoutPgServer() {
  if (HavePgServer()) return false;
  static int skipped = 0;
  if (skipped++ == 0) {
    std::atexit([] {
      std::printf(
          "PostgreSQL tests skipped: %d test case(s) did not run because PM_TEST_PG_URL is not "
          "set. scripts/test starts a throwaway server and sets it; by hand: "
          "PM_TEST_PG_URL=postgresql://user:password@host:port/postgres\n",
          skipped);
    });
  }
  return true;
}

#define PG_TEST_CASE_WITH_BODY(name, body)            \
  static void body();                                 \
  TEST_CASE("pg: " name) {                            \
    if (::pm::testing::SkipWithoutPgServer()) return; \
    body();                                           \
  }                                                   \
  static void body()

// A test case that needs the server; its body runs only when there is one.
#define PG_TEST_CASE(name) PG_TEST_CASE_WITH_BODY(name, DOCTEST_ANONYMOUS(PG_TEST_BODY_))

// The test server as key=value pairs with `password` (or none when empty) and
// `database` in place of the test URL's own: for logins meant to fail.
inline std::string PgConninfoWith(const std::string& user, const std::string& password,
                                  const std::string& database) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(PgTestUrl()->c_str(), &error);
  REQUIRE_MESSAGE(options, "PM_TEST_PG_URL does not parse");
  std::string out = "user=" + user + " dbname=" + database + " password='" + password + "'";
  for (PQconninfoOption* o = options; o->keyword; ++o) {
    const std::string key = o->keyword;
    if (o->val && (key == "host" || key == "port" || key == "sslmode")) {
      out += " " + key + "=" + o->val;
    }
  }
  PQconninfoFree(options);
  return out;
}

// The value of `key` in the test URL (user, password, host, port, dbname).
inline std::string PgTestSetting(const std::string& key) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(PgTestUrl()->c_str(), &error);
  REQUIRE_MESSAGE(options, "PM_TEST_PG_URL does not parse");
  std::string value;
  for (PQconninfoOption* o = options; o->keyword; ++o) {
    if (key == o->keyword && o->val) value = o->val;
  }
  PQconninfoFree(options);
  return value;
}

inline store::pg::ConnectionOptions PgOptions(const std::string& database = "") {
  store::pg::ConnectionOptions options;
  options.conninfo = *PgTestUrl();
  options.database = database;
  options.connect_timeout_seconds = 5;
  return options;
}

// A fresh, empty database on the test server, dropped (connections and all)
// when the fixture goes.
class ScratchDatabase {
 public:
  ScratchDatabase() {
    static std::atomic<int> counter{0};
    name_ = "pm_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    admin_ = std::make_unique<store::pg::Connection>(PgOptions());
    admin_->ExecuteScript("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    admin_->ExecuteScript("CREATE DATABASE " + name_);
  }
  ~ScratchDatabase() {
    try {
      admin_->ExecuteScript("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    } catch (...) {
    }
  }
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;

  const std::string& name() const { return name_; }
  store::pg::ConnectionOptions options() const { return PgOptions(name_); }
  std::unique_ptr<store::pg::Connection> Connect() const {
    return std::make_unique<store::pg::Connection>(options());
  }
  // A connection to the server's own database, for statements about others.
  store::pg::Connection& admin() { return *admin_; }

 private:
  std::string name_;
  std::unique_ptr<store::pg::Connection> admin_;
};

// A connection to `db` with every PostgreSQL migration applied.
inline std::unique_ptr<store::pg::Connection> MigratedConnection(const ScratchDatabase& db) {
  auto connection = db.Connect();
  store::pg::PgMigrator(*connection, store::pg::EmbeddedPgMigrations()).MigrateUp();
  return connection;
}

}  // namespace pm::testing
