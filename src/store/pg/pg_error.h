// PgError is every failure of the PostgreSQL wrapper, typed by what a person or
// the store can do about it, with a message that says so and never holds a
// password (connection strings in messages are redacted).
//
//   kind                  when                                    what to do
//   kBadConnectionString  libpq cannot parse the string           fix the URL
//   kUnreachable          no server answers at host:port          start it / fix host, port
//   kBadCredentials       login refused (password, role, hba)     fix user, password
//   kMissingDatabase      the database does not exist             create it / fix the name
//   kPermissionDenied     the role lacks a privilege              grant it
//   kConnectionLost       the connection dropped mid-work         see outcome_unknown()
//   kSerializationFailure / kDeadlock  concurrent transactions    run the transaction again
//   kUniqueViolation, kForeignKeyViolation, kCheckViolation, kNotNullViolation
//                         the schema refused a value              constraint() names it
//   kInvalidValue         a value of the wrong form (bad JSON, bad time, out of range)
//   kStatement            the SQL itself is wrong (a bug)
//   kOther                anything else the server reported
//
// retryable(): running the whole transaction again may succeed and nothing of
// the failed attempt was written (serialization failures, deadlocks, a
// connection lost before COMMIT). outcome_unknown(): the connection was lost
// while a COMMIT (or a write outside a transaction) was in flight, so the
// change may or may not have been committed — it was committed whole or not at
// all, never in part.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace pm::store::pg {

enum class PgErrorKind {
  kBadConnectionString,
  kUnreachable,
  kBadCredentials,
  kMissingDatabase,
  kPermissionDenied,
  kConnectionLost,
  kSerializationFailure,
  kDeadlock,
  kUniqueViolation,
  kForeignKeyViolation,
  kCheckViolation,
  kNotNullViolation,
  kInvalidValue,
  kStatement,
  kOther,
};

// "unreachable", "unique_violation", ...: for logs and tests.
const char* KindName(PgErrorKind kind);

class PgError : public std::runtime_error {
 public:
  PgError(PgErrorKind kind, const std::string& message, std::string sqlstate = {},
          std::string constraint = {}, bool outcome_unknown = false)
      : std::runtime_error(message),
        kind_(kind),
        sqlstate_(std::move(sqlstate)),
        constraint_(std::move(constraint)),
        outcome_unknown_(outcome_unknown) {}

  PgErrorKind kind() const { return kind_; }
  // The five-character SQLSTATE the server reported; empty for client-side failures.
  const std::string& sqlstate() const { return sqlstate_; }
  // The constraint a violation names (e.g. "workspaces_code_key"); empty otherwise.
  const std::string& constraint() const { return constraint_; }
  bool outcome_unknown() const { return outcome_unknown_; }
  bool retryable() const;

 private:
  PgErrorKind kind_;
  std::string sqlstate_;
  std::string constraint_;
  bool outcome_unknown_;
};

// The kind of a server error by its SQLSTATE.
PgErrorKind KindOfSqlState(std::string_view sqlstate);

// The kind of a failed connection attempt by libpq's message (a server that
// refuses a login reports no SQLSTATE to the client before the session exists).
PgErrorKind KindOfConnectFailure(std::string_view libpq_message);

// What a message about a failed connection names. `target` is the redacted
// postgresql://user@host:port/database; `detail` libpq's own words.
struct ConnectFailure {
  std::string target, user, database, detail;
};
PgError ConnectError(PgErrorKind kind, const ConnectFailure& failure);

// The fields of an error the server reported (PQresultErrorField).
struct ServerFailure {
  std::string sqlstate, primary, detail, hint, constraint, table;
  std::string statement;  // the SQL that failed, for errors that are bugs
};
PgError ServerError(const ServerFailure& failure);

}  // namespace pm::store::pg
