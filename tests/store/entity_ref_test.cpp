// References to workspace-scoped rows: an id, its digits, or a short code in
// any case; never a row of another workspace.
#include <doctest/doctest.h>

#include "scheduling_fixture.h"
#include "store/entity_ref.h"
#include "store/shapes.h"
#include "store/short_codes.h"

namespace pm::store {

using testing::WorkFixture;

TEST_CASE("a step is found by id, digits or code, only in its own workspace") {
  WorkFixture f;
  f.Plan({{"A", {"one", "two"}}});
  const int64_t t2 = f.Int("SELECT id FROM steps WHERE code = 'T2'");
  auto id = [&](const json& ref, int64_t ws) {
    return FindIdByRef(f.db, shapes::kStep, ws, ref, code_prefix::kStep);
  };
  CHECK(id(t2, f.ws) == t2);
  CHECK(id(std::to_string(t2), f.ws) == t2);
  CHECK(id("T2", f.ws) == t2);
  CHECK(id("t2", f.ws) == t2);
  CHECK_FALSE(id("T9", f.ws));
  CHECK_FALSE(id(t2, f.other_ws));
  CHECK_FALSE(id("T2", f.other_ws));
  CHECK_FALSE(id(json::array({t2}), f.ws));
  CHECK_FALSE(id("", f.ws));
  // The row reader and the id reader agree.
  CHECK((*FindByRef(f.db, shapes::kStep, f.ws, "t2", code_prefix::kStep))["id"] == t2);
}

}  // namespace pm::store
