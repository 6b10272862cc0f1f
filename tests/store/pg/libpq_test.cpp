// libpq is opened at run time: a missing or wrong library is a clear error
// naming what to install, and the real one resolves every function.
#include "store/pg/libpq.h"

#include <doctest/doctest.h>

#include "store/db/db_error.h"

namespace pm::store::pg {

namespace {

std::string LoadError(const std::string& library) {
  try {
    LoadLibPq(library);
  } catch (const DbError& e) {
    CHECK(e.kind() == DbErrorKind::kCannotOpen);
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("libpq that cannot be loaded is named with the package to install") {
  const std::string missing = LoadError("libpq-not-installed.so.5");
  CHECK(missing.find("libpq-not-installed.so.5") != std::string::npos);
  CHECK(missing.find("libpq5") != std::string::npos);
  CHECK(missing.find("could not be loaded") != std::string::npos);
  CHECK(missing.find("SQLite") != std::string::npos);
  // A library that is not libpq lacks its functions.
  CHECK(LoadError("libc.so.6").find("lacks PQbackendPID") != std::string::npos);
}

TEST_CASE("the installed libpq resolves every function the store calls") {
  const LibPq& api = Pq();
  CHECK(&api == &Pq());
#define PM_CHECK_RESOLVED(name) CHECK_MESSAGE(static_cast<bool>(api.name), #name);
  PM_LIBPQ_FUNCTIONS(PM_CHECK_RESOLVED)
#undef PM_CHECK_RESOLVED
  // The functions work without a server: parsing a connection string.
  char* error = nullptr;
  PQconninfoOption* options = api.PQconninfoParse("host=db.example port=6543", &error);
  REQUIRE(options);
  std::string port;
  for (PQconninfoOption* o = options; o->keyword; ++o)
    if (std::string(o->keyword) == "port" && o->val) port = o->val;
  api.PQconninfoFree(options);
  CHECK(port == "6543");
}

}  // namespace pm::store::pg
