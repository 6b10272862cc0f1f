#include "store/pg/connection.h"

#include <doctest/doctest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <sstream>
#include <thread>

#include "pg_fixture.h"
#include "store/pg/transaction.h"

namespace pm::store::pg {

using testing::ScratchDatabase;

namespace {

int64_t Int(Connection& c, const std::string& sql, const std::vector<Param>& params = {}) {
  Result r = c.Execute(sql, params);
  REQUIRE(r.Next());
  return std::get<int64_t>(r.Get(0));
}

std::string Text(Connection& c, const std::string& sql, const std::vector<Param>& params = {}) {
  Result r = c.Execute(sql, params);
  REQUIRE(r.Next());
  return std::get<std::string>(r.Get(0));
}

// Ends the session of `victim` from `admin`, as a server restart or a network
// cut would, and waits until the server has let it go.
void Terminate(Connection& admin, const Connection& victim) {
  const int pid = victim.backend_pid();
  admin.Execute("SELECT pg_terminate_backend(?)", {pid});
  for (int i = 0; i < 200; ++i) {
    if (Int(admin, "SELECT count(*) FROM pg_stat_activity WHERE pid = ?", {pid}) == 0) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  FAIL("backend " << pid << " did not end");
}

PgError ErrorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const PgError& e) {
    return e;
  }
  FAIL("no PgError was thrown");
  return PgError(PgErrorKind::kOther, "");
}

// Captures what spdlog writes while it lives.
class LogCapture {
 public:
  LogCapture() : previous_(spdlog::default_logger()) {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out_);
    auto logger = std::make_shared<spdlog::logger>("capture", sink);
    logger->set_level(spdlog::level::debug);
    spdlog::set_default_logger(logger);
  }
  ~LogCapture() { spdlog::set_default_logger(previous_); }
  std::string text() const { return out_.str(); }

 private:
  std::ostringstream out_;
  std::shared_ptr<spdlog::logger> previous_;
};

}  // namespace

PG_TEST_CASE("a PostgreSQL server is there to test against (PM_TEST_PG_URL)") {
  Connection c(testing::PgOptions());
  CHECK(Int(c, "SELECT current_setting('server_version_num')::int") >= 150000);
}

PG_TEST_CASE("sessions run in UTC with ISO dates and say who they are") {
  Connection c(testing::PgOptions());
  CHECK(Text(c, "SHOW TimeZone") == "UTC");
  CHECK(Text(c, "SHOW DateStyle") == "ISO, YMD");
  CHECK(Text(c, "SHOW application_name") == "project-memory");
  CHECK(Text(c, "SHOW client_min_messages") == "warning");
  CHECK(c.target().find("postgresql://") == 0);
  CHECK(c.target().find(testing::PgTestSetting("password")) == std::string::npos);
}

PG_TEST_CASE("binds and reads every kind of value in the SQLite store's shapes") {
  ScratchDatabase db;
  auto c = db.Connect();
  c->ExecuteScript(
      "CREATE TABLE kinds (i bigint, s smallint, b boolean, f boolean, d double precision, "
      "n numeric, t text, j jsonb, ts timestamptz, micro timestamptz, nothing text)");
  Result insert =
      c->Execute("INSERT INTO kinds VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 {int64_t{9007199254740993}, 7, true, 0, 0.1, 2.5, "héllo 'quoted' \"?\" ;",
                  R"({"b": [1, 2], "a": "x"})", "2026-12-04T19:03:59.123Z",
                  "2026-12-04 19:03:59.123456+00", nullptr});
  CHECK(insert.rows_changed() == 1);

  Result r = c->Execute("SELECT * FROM kinds");
  REQUIRE(r.column_count() == 11);
  CHECK(r.column_name(0) == "i");
  CHECK(r.column_kind(0) == ValueKind::kInteger);
  CHECK(r.column_kind(2) == ValueKind::kInteger);  // boolean as 0/1
  CHECK(r.column_kind(4) == ValueKind::kReal);
  CHECK(r.column_kind(7) == ValueKind::kText);  // jsonb
  CHECK(r.column_kind(8) == ValueKind::kText);  // timestamptz
  REQUIRE(r.Next());
  CHECK(std::get<int64_t>(r.Get("i")) == 9007199254740993);
  CHECK(std::get<int64_t>(r.Get("s")) == 7);
  CHECK(std::get<int64_t>(r.Get("b")) == 1);
  CHECK(std::get<int64_t>(r.Get("f")) == 0);
  CHECK(std::get<double>(r.Get("d")) == 0.1);
  CHECK(std::get<double>(r.Get("n")) == 2.5);
  CHECK(std::get<std::string>(r.Get("t")) == "héllo 'quoted' \"?\" ;");
  CHECK(std::get<std::string>(r.Get("j")) == R"({"a":"x","b":[1,2]})");
  CHECK(std::get<std::string>(r.Get("ts")) == "2026-12-04T19:03:59.123Z");
  CHECK(std::get<std::string>(r.Get("micro")) == "2026-12-04T19:03:59.123Z");
  CHECK(KindOf(r.Get("nothing")) == ValueKind::kNull);
  CHECK(r.IsNull(10));
  CHECK_FALSE(r.Next());
  CHECK_THROWS_AS(r.Get(11), std::out_of_range);
}

PG_TEST_CASE("optional values bind as null or as their value") {
  Connection c(testing::PgOptions());
  std::optional<int64_t> none, some = 5;
  Result r = c.Execute("SELECT CAST(? AS bigint), CAST(? AS bigint)", {none, some});
  REQUIRE(r.Next());
  CHECK(KindOf(r.Get(0)) == ValueKind::kNull);
  CHECK(std::get<int64_t>(r.Get(1)) == 5);
}

PG_TEST_CASE("placeholders inside quotes, identifiers and comments are not parameters") {
  ScratchDatabase db;
  auto c = db.Connect();
  c->ExecuteScript("CREATE TABLE \"odd?\" (\"what?\" text, n bigint)");
  c->Execute("INSERT INTO \"odd?\" (\"what?\", n) VALUES ('?' || ?, ?) -- why?", {"x", 1});
  Result r = c->Execute(
      "SELECT \"what?\", n, 'it''s ?' AS q, $$?$$ AS d /* ? */ FROM \"odd?\" WHERE n = ?1 AND "
      "\"what?\" <> ?2",
      {1, "?"});
  REQUIRE(r.Next());
  CHECK(std::get<std::string>(r.Get(0)) == "?x");
  CHECK(std::get<std::string>(r.Get("q")) == "it's ?");
  CHECK(std::get<std::string>(r.Get("d")) == "?");
  CHECK_THROWS_AS(c->Execute("SELECT ? + ?", {1}), std::invalid_argument);
}

PG_TEST_CASE("a statement is prepared once per connection and reused") {
  ScratchDatabase db;
  auto c = db.Connect();
  const int64_t before = c->statements_prepared();
  for (int i = 0; i < 5; ++i) CHECK(Int(*c, "SELECT ? + 1", {i}) == i + 1);
  CHECK(c->statements_prepared() == before + 1);
  CHECK(c->cached_statements() >= 1);

  // The cache stays within its limit and every statement still runs.
  auto options = db.options();
  options.statement_cache_limit = 3;
  Connection small(options);
  for (int i = 0; i < 10; ++i) {
    CHECK(Int(small, "SELECT " + std::to_string(i) + " + ?", {1}) == i + 1);
    CHECK(small.cached_statements() <= 3);
  }

  // A schema change that alters a cached statement's columns is picked up.
  c->ExecuteScript("CREATE TABLE t (a bigint); INSERT INTO t VALUES (1)");
  CHECK(c->Execute("SELECT * FROM t").column_count() == 1);
  c->ExecuteScript("ALTER TABLE t ADD COLUMN b bigint");
  CHECK(c->Execute("SELECT * FROM t").column_count() == 2);
}

PG_TEST_CASE("a transaction rolls back on an exception and commits otherwise") {
  ScratchDatabase db;
  auto c = db.Connect();
  c->ExecuteScript("CREATE TABLE t (x bigint PRIMARY KEY)");
  CHECK_THROWS_AS(RunTransaction(*c, TransactionMode::kReadCommitted,
                                 [&] {
                                   c->Execute("INSERT INTO t VALUES (?)", {1});
                                   throw std::runtime_error("stop");
                                 }),
                  std::runtime_error);
  CHECK_FALSE(c->in_transaction());
  CHECK(Int(*c, "SELECT count(*) FROM t") == 0);

  {
    Transaction t(*c);
    c->Execute("INSERT INTO t VALUES (?)", {2});
    CHECK(c->in_transaction());
    CHECK_THROWS_AS(Transaction{*c}, std::logic_error);  // no nesting
  }                                                      // never committed
  CHECK(Int(*c, "SELECT count(*) FROM t") == 0);

  const int64_t n = RunTransaction(*c, TransactionMode::kWriteLock, [&] {
    c->Execute("INSERT INTO t VALUES (?)", {3});
    return Int(*c, "SELECT count(*) FROM t");
  });
  CHECK(n == 1);
  CHECK(Int(*c, "SELECT count(*) FROM t") == 1);

  // A statement that failed inside poisons the transaction: COMMIT says so.
  Transaction t(*c);
  c->Execute("INSERT INTO t VALUES (?)", {4});
  CHECK_THROWS(c->Execute("INSERT INTO t VALUES (?)", {3}));
  PgError e = ErrorOf([&] { t.Commit(); });
  CHECK(std::string(e.what()).find("nothing of it was written") != std::string::npos);
  CHECK(Int(*c, "SELECT count(*) FROM t") == 1);
}

PG_TEST_CASE("constraint violations are typed and name their constraint") {
  ScratchDatabase db;
  auto c = db.Connect();
  c->ExecuteScript(
      "CREATE TABLE parent (id bigint PRIMARY KEY, code text UNIQUE);"
      "CREATE TABLE child (id bigint PRIMARY KEY, parent_id bigint NOT NULL REFERENCES parent(id),"
      " name text CHECK (length(name) > 0));"
      "INSERT INTO parent VALUES (1, 'a')");
  PgError unique = ErrorOf([&] { c->Execute("INSERT INTO parent VALUES (?, ?)", {2, "a"}); });
  CHECK(unique.kind() == PgErrorKind::kUniqueViolation);
  CHECK(unique.constraint() == "parent_code_key");
  CHECK(std::string(unique.what()).find("already exists") != std::string::npos);

  PgError foreign = ErrorOf([&] {
    c->Execute("INSERT INTO child VALUES (?, ?, ?)", {1, 99, "x"});
  });
  CHECK(foreign.kind() == PgErrorKind::kForeignKeyViolation);
  CHECK(foreign.constraint() == "child_parent_id_fkey");

  PgError check = ErrorOf([&] { c->Execute("INSERT INTO child VALUES (?, ?, ?)", {1, 1, ""}); });
  CHECK(check.kind() == PgErrorKind::kCheckViolation);
  CHECK(check.constraint() == "child_name_check");

  PgError missing = ErrorOf([&] {
    c->Execute("INSERT INTO child VALUES (?, ?, ?)", {1, nullptr, "x"});
  });
  CHECK(missing.kind() == PgErrorKind::kNotNullViolation);

  PgError bad = ErrorOf([&] { c->Execute("SELECT CAST(? AS jsonb)", {"{not json"}); });
  CHECK(bad.kind() == PgErrorKind::kInvalidValue);

  PgError bug = ErrorOf([&] { c->Execute("SELEC 1"); });
  CHECK(bug.kind() == PgErrorKind::kStatement);
  CHECK(std::string(bug.what()).find("SELEC 1") != std::string::npos);
  CHECK_FALSE(c->in_transaction());
}

PG_TEST_CASE("failed logins say what is wrong and never show the password") {
  const std::string user = testing::PgTestSetting("user");
  const std::string secret = "wrong-Secret-4242";

  ConnectionOptions bad_password;
  bad_password.conninfo = testing::PgConninfoWith(user, secret, "postgres");
  PgError login = ErrorOf([&] { Connection c(bad_password); });
  CHECK(login.kind() == PgErrorKind::kBadCredentials);
  CHECK(std::string(login.what()).find("\"" + user + "\"") != std::string::npos);
  CHECK(std::string(login.what()).find(secret) == std::string::npos);

  ConnectionOptions no_database = testing::PgOptions("pm_no_such_database");
  PgError missing = ErrorOf([&] { Connection c(no_database); });
  CHECK(missing.kind() == PgErrorKind::kMissingDatabase);
  CHECK(std::string(missing.what()).find("createdb pm_no_such_database") != std::string::npos);
  CHECK(std::string(missing.what()).find(testing::PgTestSetting("password")) == std::string::npos);

  ConnectionOptions nobody_home;
  nobody_home.conninfo = "postgresql://me:" + secret + "@127.0.0.1:1/memory";
  PgError unreachable = ErrorOf([&] { Connection c(nobody_home); });
  CHECK(unreachable.kind() == PgErrorKind::kUnreachable);
  CHECK(std::string(unreachable.what()).find("127.0.0.1:1") != std::string::npos);
  CHECK(std::string(unreachable.what()).find(secret) == std::string::npos);

  ConnectionOptions malformed;
  malformed.conninfo = "postgresql://me:" + secret + "@localhost/memory?nonsense=1";
  PgError parse = ErrorOf([&] { Connection c(malformed); });
  CHECK(parse.kind() == PgErrorKind::kBadConnectionString);
  CHECK(std::string(parse.what()).find("me:***@localhost") != std::string::npos);
  CHECK(std::string(parse.what()).find(secret) == std::string::npos);
}

PG_TEST_CASE("a role without privileges is told what it lacks") {
  ScratchDatabase db;
  const std::string role = "pm_reader_" + std::to_string(::getpid());
  const std::string secret = "reader-Secret-77";
  db.admin().ExecuteScript("DROP ROLE IF EXISTS " + role + "; CREATE ROLE " + role +
                           " LOGIN PASSWORD '" + secret + "'");
  {
    auto owner = db.Connect();
    owner->ExecuteScript("CREATE TABLE secrets (x bigint)");
    ConnectionOptions options;
    options.conninfo = testing::PgConninfoWith(role, secret, db.name());
    Connection reader(options);
    PgError denied = ErrorOf([&] { reader.Execute("SELECT * FROM secrets"); });
    CHECK(denied.kind() == PgErrorKind::kPermissionDenied);
    CHECK(std::string(denied.what()).find("GRANT") != std::string::npos);

    db.admin().ExecuteScript("REVOKE CONNECT ON DATABASE " + db.name() + " FROM PUBLIC");
    PgError refused = ErrorOf([&] { Connection again(options); });
    CHECK(refused.kind() == PgErrorKind::kPermissionDenied);
    CHECK(std::string(refused.what()).find("GRANT CONNECT ON DATABASE") != std::string::npos);
    CHECK(std::string(refused.what()).find(secret) == std::string::npos);
  }
  db.admin().ExecuteScript("DROP DATABASE " + db.name() + " WITH (FORCE)");
  db.admin().ExecuteScript("DROP ROLE " + role);
}

PG_TEST_CASE("serialization failures are retryable and RunTransaction runs again") {
  ScratchDatabase db;
  auto a = db.Connect();
  auto b = db.Connect();
  a->ExecuteScript("CREATE TABLE t (x bigint)");

  {
    Transaction ta(*a, TransactionMode::kSerializable);
    Transaction tb(*b, TransactionMode::kSerializable);
    Int(*a, "SELECT count(*) FROM t");
    Int(*b, "SELECT count(*) FROM t");
    a->Execute("INSERT INTO t VALUES (?)", {1});
    b->Execute("INSERT INTO t VALUES (?)", {2});
    ta.Commit();
    PgError conflict = ErrorOf([&] { tb.Commit(); });
    CHECK(conflict.kind() == PgErrorKind::kSerializationFailure);
    CHECK(conflict.retryable());
  }

  int attempts = 0;
  RunTransaction(*a, TransactionMode::kSerializable, [&] {
    ++attempts;
    Int(*a, "SELECT count(*) FROM t");
    if (attempts == 1) {
      RunTransaction(*b, TransactionMode::kSerializable, [&] {
        Int(*b, "SELECT count(*) FROM t");
        b->Execute("INSERT INTO t VALUES (?)", {3});
      });
    }
    a->Execute("INSERT INTO t VALUES (?)", {4});
  });
  CHECK(attempts == 2);
  CHECK(Int(*a, "SELECT count(*) FROM t") == 3);
}

PG_TEST_CASE("a deadlock ends one of the two transactions with a retryable error") {
  ScratchDatabase db;
  auto a = db.Connect();
  auto b = db.Connect();
  a->ExecuteScript(
      "CREATE TABLE t (id bigint PRIMARY KEY, v bigint); INSERT INTO t VALUES (1, 0), (2, 0)");
  std::optional<PgError> error_a, error_b;
  Transaction ta(*a);
  Transaction tb(*b);
  a->Execute("UPDATE t SET v = 1 WHERE id = ?", {1});
  b->Execute("UPDATE t SET v = 1 WHERE id = ?", {2});
  std::thread other([&] {
    try {
      b->Execute("UPDATE t SET v = 2 WHERE id = ?", {1});
    } catch (const PgError& e) {
      error_b = e;
      tb.Rollback();  // lets a go on
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  try {
    a->Execute("UPDATE t SET v = 2 WHERE id = ?", {2});
  } catch (const PgError& e) {
    error_a = e;
  }
  if (error_a) ta.Rollback();  // lets b go on
  other.join();
  REQUIRE(error_a.has_value() != error_b.has_value());
  const PgError& e = error_a ? *error_a : *error_b;
  CHECK(e.kind() == PgErrorKind::kDeadlock);
  CHECK(e.retryable());
}

PG_TEST_CASE("a lost connection: a read runs again, a write says what happened") {
  ScratchDatabase db;
  auto c = db.Connect();
  c->ExecuteScript("CREATE TABLE t (x bigint)");

  int pid = c->backend_pid();
  Terminate(db.admin(), *c);
  CHECK(Int(*c, "SELECT 42") == 42);  // run again on a new session
  CHECK(c->backend_pid() != pid);

  c->Execute("INSERT INTO t VALUES (?)", {1});  // prepared before the loss
  Terminate(db.admin(), *c);
  PgError write = ErrorOf([&] { c->Execute("INSERT INTO t VALUES (?)", {2}); });
  CHECK(write.kind() == PgErrorKind::kConnectionLost);
  CHECK(write.outcome_unknown());
  CHECK(std::string(write.what()).find("whole or not at all") != std::string::npos);
  CHECK(Int(*c, "SELECT count(*) FROM t") == 1);  // the next statement reconnects

  {
    Transaction t(*c);
    c->Execute("INSERT INTO t VALUES (?)", {3});
    Terminate(db.admin(), *c);
    PgError lost = ErrorOf([&] { c->Execute("INSERT INTO t VALUES (?)", {4}); });
    CHECK(lost.kind() == PgErrorKind::kConnectionLost);
    CHECK(lost.retryable());
    CHECK(std::string(lost.what()).find("nothing of it was written") != std::string::npos);
    // Nothing else runs in the dead transaction, not even a read.
    CHECK(ErrorOf([&] { c->Execute("SELECT 1"); }).kind() == PgErrorKind::kConnectionLost);
    CHECK_THROWS_AS(t.Commit(), PgError);
  }
  CHECK(Int(*c, "SELECT count(*) FROM t") == 1);

  int attempts = 0;
  RunTransaction(*c, TransactionMode::kReadCommitted, [&] {
    c->Execute("INSERT INTO t VALUES (?)", {5});
    if (++attempts == 1) Terminate(db.admin(), *c);
    c->Execute("INSERT INTO t VALUES (?)", {6});
  });
  CHECK(attempts == 2);
  CHECK(Int(*c, "SELECT count(*) FROM t") == 3);
}

PG_TEST_CASE("server notices go to the log, without the password") {
  LogCapture log;
  Connection c(testing::PgOptions());
  const std::string secret = testing::PgTestSetting("password");
  c.Execute("DO $$ BEGIN RAISE WARNING 'disk nearly full'; END $$");
  c.ExecuteScript("DO $$ BEGIN RAISE NOTICE 'below client_min_messages'; END $$");
  if (!secret.empty()) {
    c.ExecuteScript("DO $$ BEGIN RAISE WARNING 'echo %', '" + secret + "'; END $$");
  }
  const std::string text = log.text();
  CHECK(text.find("[warning] PostgreSQL WARNING: disk nearly full") != std::string::npos);
  CHECK(text.find("below client_min_messages") == std::string::npos);
  if (!secret.empty()) {
    CHECK(text.find("echo ***") != std::string::npos);
    CHECK(text.find(secret) == std::string::npos);
  }
}

}  // namespace pm::store::pg
