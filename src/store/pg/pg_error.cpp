#include "store/pg/pg_error.h"

#include <algorithm>

#include "common/text.h"

namespace pm::store::pg {

namespace {

bool Contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

// "; detail" when there is one, for appending to a sentence.
std::string Also(const std::string& text) { return text.empty() ? "" : "; " + text; }

// A statement on one line, cut short, for messages about a broken statement.
std::string Excerpt(std::string sql) {
  std::replace(sql.begin(), sql.end(), '\n', ' ');
  return Abbreviate(sql, 240);
}

}  // namespace

const char* KindName(PgErrorKind kind) {
  switch (kind) {
    case PgErrorKind::kBadConnectionString:
      return "bad_connection_string";
    case PgErrorKind::kUnreachable:
      return "unreachable";
    case PgErrorKind::kBadCredentials:
      return "bad_credentials";
    case PgErrorKind::kMissingDatabase:
      return "missing_database";
    case PgErrorKind::kPermissionDenied:
      return "permission_denied";
    case PgErrorKind::kConnectionLost:
      return "connection_lost";
    case PgErrorKind::kSerializationFailure:
      return "serialization_failure";
    case PgErrorKind::kDeadlock:
      return "deadlock";
    case PgErrorKind::kUniqueViolation:
      return "unique_violation";
    case PgErrorKind::kForeignKeyViolation:
      return "foreign_key_violation";
    case PgErrorKind::kCheckViolation:
      return "check_violation";
    case PgErrorKind::kNotNullViolation:
      return "not_null_violation";
    case PgErrorKind::kInvalidValue:
      return "invalid_value";
    case PgErrorKind::kStatement:
      return "statement";
    case PgErrorKind::kOther:
      return "other";
  }
  return "other";
}

bool PgError::retryable() const {
  switch (kind_) {
    case PgErrorKind::kSerializationFailure:
    case PgErrorKind::kDeadlock:
      return true;
    case PgErrorKind::kConnectionLost:
      return !outcome_unknown_;
    default:
      return false;
  }
}

PgErrorKind KindOfSqlState(std::string_view s) {
  if (s == "23505") return PgErrorKind::kUniqueViolation;
  if (s == "23503") return PgErrorKind::kForeignKeyViolation;
  if (s == "23514") return PgErrorKind::kCheckViolation;
  if (s == "23502") return PgErrorKind::kNotNullViolation;
  if (s == "40001") return PgErrorKind::kSerializationFailure;
  if (s == "40P01") return PgErrorKind::kDeadlock;
  if (s == "42501") return PgErrorKind::kPermissionDenied;
  if (s == "28000" || s == "28P01") return PgErrorKind::kBadCredentials;
  if (s == "3D000") return PgErrorKind::kMissingDatabase;
  if (s == "57P01" || s == "57P02" || s == "57P03") return PgErrorKind::kConnectionLost;
  const std::string_view klass = s.substr(0, 2);
  if (klass == "08") return PgErrorKind::kConnectionLost;
  if (klass == "22") return PgErrorKind::kInvalidValue;
  if (klass == "42" || s == "0A000") return PgErrorKind::kStatement;
  return PgErrorKind::kOther;
}

PgErrorKind KindOfConnectFailure(std::string_view libpq_message) {
  const std::string m = AsciiLower(std::string(libpq_message));
  if (Contains(m, "invalid uri") || Contains(m, "invalid connection option") ||
      Contains(m, "missing \"=\" after") || Contains(m, "unterminated quoted string") ||
      Contains(m, "invalid percent-encoded") || Contains(m, "invalid port number") ||
      Contains(m, "invalid integer value") || Contains(m, "invalid sslmode value")) {
    return PgErrorKind::kBadConnectionString;
  }
  if (Contains(m, "database \"") && Contains(m, "does not exist")) {
    return PgErrorKind::kMissingDatabase;
  }
  if (Contains(m, "authentication failed") || Contains(m, "no password supplied") ||
      Contains(m, "fe_sendauth") || Contains(m, "pg_hba.conf") ||
      (Contains(m, "role \"") && Contains(m, "does not exist"))) {
    return PgErrorKind::kBadCredentials;
  }
  if (Contains(m, "permission denied")) return PgErrorKind::kPermissionDenied;
  return PgErrorKind::kUnreachable;
}

PgError ConnectError(PgErrorKind kind, const ConnectFailure& f) {
  std::string message;
  switch (kind) {
    case PgErrorKind::kBadConnectionString:
      message = "the PostgreSQL connection string " + f.target + " is not valid: " + f.detail +
                ". Write it as postgresql://user:password@host:5432/database (or as key=value "
                "pairs such as host=... dbname=...).";
      break;
    case PgErrorKind::kBadCredentials:
      message = "PostgreSQL refused the login of user \"" + f.user + "\" at " + f.target + ": " +
                f.detail +
                ". Check the user name and password (in the URL, PGPASSWORD or ~/.pgpass) and "
                "that pg_hba.conf lets this user connect from this machine.";
      break;
    case PgErrorKind::kMissingDatabase:
      message = "the PostgreSQL server at " + f.target + " has no database \"" + f.database +
                "\". Create it (createdb " + f.database + ", or CREATE DATABASE " + f.database +
                ") or name an existing database in the connection string.";
      break;
    case PgErrorKind::kPermissionDenied:
      message = "user \"" + f.user + "\" may not connect to database \"" + f.database + "\" at " +
                f.target + ": " + f.detail + ". Grant it: GRANT CONNECT ON DATABASE " + f.database +
                " TO " + f.user + ";";
      break;
    default:
      kind = PgErrorKind::kUnreachable;
      message = "cannot reach the PostgreSQL server for " + f.target + ": " + f.detail +
                ". Check that the server is running and accepts connections on that host and "
                "port (listen_addresses, firewalls), or correct the host and port.";
      break;
  }
  return PgError(kind, message);
}

PgError ServerError(const ServerFailure& f) {
  const PgErrorKind kind = KindOfSqlState(f.sqlstate);
  const std::string on_table = f.table.empty() ? "" : " on " + f.table;
  const std::string named = f.constraint.empty() ? "" : " (" + f.constraint + ")";
  std::string message;
  switch (kind) {
    case PgErrorKind::kUniqueViolation:
      message = "that already exists" + named + ": " + f.primary + Also(f.detail);
      break;
    case PgErrorKind::kForeignKeyViolation:
      message = "a reference does not match" + named + ": " + f.primary + Also(f.detail);
      break;
    case PgErrorKind::kCheckViolation:
      message = "a value was refused (empty, too long or out of range)" + named + on_table + ": " +
                f.primary + Also(f.detail);
      break;
    case PgErrorKind::kNotNullViolation:
      message = "a required value is missing" + on_table + ": " + f.primary;
      break;
    case PgErrorKind::kSerializationFailure:
    case PgErrorKind::kDeadlock:
      message = "another transaction worked on the same rows at the same time (" + f.primary +
                "); this transaction was rolled back and can be run again";
      break;
    case PgErrorKind::kPermissionDenied:
      message = "the PostgreSQL user lacks a privilege: " + f.primary +
                ". Grant it (GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "
                "public TO <user>, and USAGE on its sequences) or connect as the owner of the "
                "schema";
      break;
    case PgErrorKind::kInvalidValue:
      message = "PostgreSQL refused a value: " + f.primary + Also(f.detail);
      break;
    case PgErrorKind::kStatement:
      message = "PostgreSQL rejected a statement: " + f.primary + Also(f.hint) +
                (f.statement.empty() ? "" : " — in: " + Excerpt(f.statement));
      break;
    default:
      message = "PostgreSQL error " + f.sqlstate + ": " + f.primary + Also(f.detail) + Also(f.hint);
      break;
  }
  return PgError(kind, message, f.sqlstate, f.constraint);
}

}  // namespace pm::store::pg
