#include "store/pg/libpq.h"

#include <dlfcn.h>

#include <optional>

#include "store/db/db_error.h"

namespace pm::store::pg {

namespace {

[[noreturn]] void ThrowUnavailable(const std::string& library, const std::string& why) {
  throw DbError(DbErrorKind::kCannotOpen, "PostgreSQL needs libpq (" + library +
                                              ", Debian package libpq5), which " + why +
                                              "; install it, or use a SQLite database (--db PATH)");
}

}  // namespace

LibPq LoadLibPq(const std::string& library) {
  // RTLD_LOCAL: libpq's symbols stay out of the global namespace.
  void* handle = dlopen(library.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* error = dlerror();
    ThrowUnavailable(library, std::string("could not be loaded: ") + (error ? error : "unknown"));
  }
  LibPq api;
#define PM_LIBPQ_RESOLVE(name)                                           \
  api.name = reinterpret_cast<decltype(api.name)>(dlsym(handle, #name)); \
  if (!api.name) ThrowUnavailable(library, "lacks " #name);
  PM_LIBPQ_FUNCTIONS(PM_LIBPQ_RESOLVE)
#undef PM_LIBPQ_RESOLVE
  return api;
}

const LibPq& Pq() {
  // A failed load is not cached: a static whose initializer throws is
  // initialized again by the next call.
  static const LibPq api = LoadLibPq(kLibPqName);
  return api;
}

}  // namespace pm::store::pg
