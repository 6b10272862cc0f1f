// libpq, opened at run time by the first PostgreSQL connection (dlopen), not
// linked: a server on SQLite never loads it, nor the libraries libpq brings
// with it (Kerberos, LDAP, GnuTLS, SASL, ...), and so starts faster in less
// memory. The functions keep libpq's own names and types (libpq-fe.h); call
// them through Pq(): `Pq().PQexec(conn, sql)`.
#pragma once

#include <libpq-fe.h>

#include <string>

namespace pm::store::pg {

// Every libpq function the store calls.
#define PM_LIBPQ_FUNCTIONS(X) \
  X(PQbackendPID)             \
  X(PQclear)                  \
  X(PQcmdStatus)              \
  X(PQcmdTuples)              \
  X(PQconnectdbParams)        \
  X(PQconninfoFree)           \
  X(PQconninfoParse)          \
  X(PQdb)                     \
  X(PQerrorMessage)           \
  X(PQexec)                   \
  X(PQexecParams)             \
  X(PQexecPrepared)           \
  X(PQfinish)                 \
  X(PQfname)                  \
  X(PQfreemem)                \
  X(PQftype)                  \
  X(PQgetisnull)              \
  X(PQgetlength)              \
  X(PQgetvalue)               \
  X(PQhost)                   \
  X(PQnfields)                \
  X(PQntuples)                \
  X(PQpass)                   \
  X(PQport)                   \
  X(PQprepare)                \
  X(PQreset)                  \
  X(PQresultErrorField)       \
  X(PQresultStatus)           \
  X(PQsetNoticeReceiver)      \
  X(PQstatus)                 \
  X(PQtransactionStatus)      \
  X(PQuser)

// libpq's functions, resolved from one opened library.
struct LibPq {
#define PM_LIBPQ_MEMBER(name) decltype(&::name) name = nullptr;
  PM_LIBPQ_FUNCTIONS(PM_LIBPQ_MEMBER)
#undef PM_LIBPQ_MEMBER
};

// The shared library the server opens: libpq's run-time name on Debian
// (package libpq5).
inline constexpr const char* kLibPqName = "libpq.so.5";

// Opens `library` and resolves every function. Throws DbError (kCannotOpen)
// that names the library, what the loader said and the package to install,
// when it cannot be opened or lacks a function. Opening the same library again
// returns the same handle; nothing is ever closed.
LibPq LoadLibPq(const std::string& library);

// libpq, loaded on first use (thread-safe); throws as LoadLibPq, and again on
// every later call when the first load failed.
const LibPq& Pq();

}  // namespace pm::store::pg
