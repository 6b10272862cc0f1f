#include "http/tool_error_status.h"

#include <doctest/doctest.h>

namespace pm::http {

// The wording of each message comes from the store and tools (see the header):
// a change there that breaks a status shows up here.
TEST_CASE("a tool's error message maps to the HTTP status it means") {
  struct Case {
    const char* message;
    int status;
  };
  for (const Case& c : {
           Case{"memory_plan.get: unknown parameter \"titel\" (at arguments.titel).", 400},
           Case{"no workspace with code \"nope\". Registered: shop.", 404},
           Case{"no plan P99 in workspace shop (give its id or P-code)", 404},
           Case{"no track Ops in workspace shop (give its id or name).", 404},
           Case{"track 4 no longer exists", 404},
           Case{"requirement no longer exists", 404},
           Case{"no workspace given, and none is registered for /srv.", 400},
           Case{"step T3 cannot go from completed to in_progress; allowed from completed: pending",
                409},
           Case{"step T4 is held by coder until 2026-01-01T00:00:00.000Z; pass force", 409},
           Case{"step T4 was claimed by someone else just now", 409},
           Case{"a track named \"Economy\" already exists (#1)", 409},
           Case{"workspace shop still holds 3 plans; pass confirm: true", 409},
           Case{"database is locked by another process (waited 5000 ms, ...)", 503},
           Case{"database is full (max size 1 MiB, ...)", 507},
           Case{"color must look like #3B82F6 (# and six hex digits), got \"red\"", 400},
           Case{"nothing to update: pass a step field", 400},
       }) {
    CAPTURE(c.message);
    CHECK(ClassifyToolError(c.message).status == c.status);
  }
}

}  // namespace pm::http
