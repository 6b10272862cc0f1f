#include "store/pg/pg_error.h"

#include <doctest/doctest.h>

namespace pm::store::pg {

TEST_CASE("server errors are typed by SQLSTATE") {
  CHECK(KindOfSqlState("23505") == PgErrorKind::kUniqueViolation);
  CHECK(KindOfSqlState("23503") == PgErrorKind::kForeignKeyViolation);
  CHECK(KindOfSqlState("23514") == PgErrorKind::kCheckViolation);
  CHECK(KindOfSqlState("23502") == PgErrorKind::kNotNullViolation);
  CHECK(KindOfSqlState("40001") == PgErrorKind::kSerializationFailure);
  CHECK(KindOfSqlState("40P01") == PgErrorKind::kDeadlock);
  CHECK(KindOfSqlState("42501") == PgErrorKind::kPermissionDenied);
  CHECK(KindOfSqlState("08006") == PgErrorKind::kConnectionLost);
  CHECK(KindOfSqlState("57P01") == PgErrorKind::kConnectionLost);
  CHECK(KindOfSqlState("22P02") == PgErrorKind::kInvalidValue);
  CHECK(KindOfSqlState("42P01") == PgErrorKind::kStatement);
  CHECK(KindOfSqlState("XX000") == PgErrorKind::kOther);
}

TEST_CASE("failed logins are typed by libpq's message") {
  CHECK(KindOfConnectFailure("connection to server at \"localhost\" (::1), port 1 failed: "
                             "Connection refused\n\tIs the server running on that host?") ==
        PgErrorKind::kUnreachable);
  CHECK(KindOfConnectFailure("could not translate host name \"nohost\" to address") ==
        PgErrorKind::kUnreachable);
  CHECK(
      KindOfConnectFailure("... failed: FATAL:  password authentication failed for user \"me\"") ==
      PgErrorKind::kBadCredentials);
  CHECK(KindOfConnectFailure("FATAL:  role \"nobody\" does not exist") ==
        PgErrorKind::kBadCredentials);
  CHECK(KindOfConnectFailure("FATAL:  no pg_hba.conf entry for host \"10.0.0.1\"") ==
        PgErrorKind::kBadCredentials);
  CHECK(KindOfConnectFailure("FATAL:  database \"memory\" does not exist") ==
        PgErrorKind::kMissingDatabase);
  CHECK(KindOfConnectFailure("FATAL:  permission denied for database \"memory\"") ==
        PgErrorKind::kPermissionDenied);
  CHECK(KindOfConnectFailure("invalid URI query parameter: \"nope\"") ==
        PgErrorKind::kBadConnectionString);
}

TEST_CASE("retryable: conflicts and a connection lost before anything committed") {
  CHECK(PgError(PgErrorKind::kSerializationFailure, "x").retryable());
  CHECK(PgError(PgErrorKind::kDeadlock, "x").retryable());
  CHECK(PgError(PgErrorKind::kConnectionLost, "x").retryable());
  CHECK_FALSE(PgError(PgErrorKind::kConnectionLost, "x", "", "", true).retryable());
  CHECK_FALSE(PgError(PgErrorKind::kUniqueViolation, "x").retryable());
}

TEST_CASE("messages name the constraint and what to do") {
  PgError unique =
      ServerError({"23505",
                   "duplicate key value violates unique constraint "
                   "\"workspaces_code_key\"",
                   "Key (code)=(x) already exists.", "", "workspaces_code_key", "workspaces", ""});
  CHECK(unique.kind() == PgErrorKind::kUniqueViolation);
  CHECK(unique.constraint() == "workspaces_code_key");
  CHECK(std::string(unique.what()).find("Key (code)=(x) already exists") != std::string::npos);
  PgError missing = ConnectError(
      PgErrorKind::kMissingDatabase,
      {"postgresql://me@db:5432/memory", "me", "memory", "database \"memory\" does not exist"});
  CHECK(std::string(missing.what()).find("createdb memory") != std::string::npos);
}

}  // namespace pm::store::pg
