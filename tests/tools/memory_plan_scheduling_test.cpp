// memory_plan's scheduling actions through tools/call: ready (with why) and
// dependencies between plans, phases and steps.
#include <doctest/doctest.h>

#include "scheduling_harness.h"

namespace pm::tools {

using nlohmann::json;
using testing::Has;
using testing::SchedulingHarness;

TEST_CASE("ready lists ready steps best first and, with why, what the others wait on") {
  SchedulingHarness h;
  h.Plan("bugfix", "active", "low");    // P1: T1 T2 | T3 T4 | T5
  h.Plan("bugfix", "planned", "high");  // P2: T6 T7 | T8 T9 | T10
  h.Ok("memory_plan", {{"action", "add_dependency"}, {"item", "T6"}, {"depends_on", "T1"}});
  json r = h.Ok("memory_plan", {{"action", "ready"}});
  REQUIRE(r["ready"].size() == 3);
  CHECK(r["ready"][0]["code"] == "T7");  // high priority first
  CHECK(r["ready"][1]["code"] == "T1");
  CHECK(r["ready"][2]["code"] == "T2");
  CHECK_FALSE(r.contains("waiting"));
  CHECK(h.Ok("memory_plan", {{"action", "ready"}, {"plan", "P1"}})["ready"].size() == 2);
  json why =
      h.Ok("memory_plan", {{"action", "ready"}, {"plan", "P2"}, {"why", true}, {"limit", 2}});
  REQUIRE(why["waiting"].size() == 2);
  CHECK(why["waiting"][0]["step"] == "T6");
  CHECK(why["waiting"][0]["waits_on"][0]["label"] == "T1");
  CHECK(why["waiting"][1]["reason"] == "waits on earlier phase P2/Reproduce (2 open)");
  CHECK(Has(h.Text(),
            "- T6 Reproduce the bug and write down the exact steps: waits on T1 (pending)"));
}

TEST_CASE("dependencies are added, listed both ways and removed; cycles are refused and named") {
  SchedulingHarness h;
  h.Plan("bugfix");   // P1: T1 T2 | T3 T4 | T5
  h.Plan("feature");  // P2: T6 T7 | T8 T9 | T10 T11
  json added =
      h.Ok("memory_plan", {{"action", "add_dependency"}, {"item", "P2"}, {"depends_on", "P1/Fix"}});
  CHECK(added["created"] == true);
  CHECK(h.Text() == "P2 waits for P1/Fix (open) added.");
  h.Ok("memory_plan",
       {{"action", "add_dependency"}, {"item", "T3"}, {"depends_on", "T1"}, {"kind", "informs"}});
  CHECK(Has(
      h.Err("memory_plan", {{"action", "add_dependency"}, {"item", "T3"}, {"depends_on", "T8"}}),
      "T3 cannot depend on T8: that would close the cycle T3 → T8 → P2/Build → P2 → P1/Fix → T3."));
  CHECK(Has(
      h.Err("memory_plan", {{"action", "add_dependency"}, {"item", "T1"}, {"depends_on", "T1"}}),
      "T1 cannot depend on itself"));
  CHECK(Has(
      h.Err("memory_plan", {{"action", "add_dependency"}, {"item", "T1"}, {"depends_on", "X1"}}),
      "no plan, phase or step X1 in workspace alpha"));
  CHECK(Has(
      h.Err(
          "memory_plan",
          {{"action", "add_dependency"}, {"item", "T1"}, {"depends_on", "T2"}, {"kind", "needs"}}),
      "must be one of"));

  json of_p1fix = h.Ok("memory_plan", {{"action", "dependencies"}, {"item", "P1/Fix"}});
  CHECK(of_p1fix["item"]["label"] == "P1/Fix");
  CHECK(of_p1fix["depends_on"].empty());
  REQUIRE(of_p1fix["dependents"].size() == 1);
  CHECK(of_p1fix["dependents"][0]["source"]["label"] == "P2");
  json of_t3 = h.Ok("memory_plan", {{"action", "dependencies"}, {"item", "T3"}});
  REQUIRE(of_t3["depends_on"].size() == 1);
  CHECK(of_t3["depends_on"][0]["kind"] == "informs");
  CHECK(Has(h.Text(), "- T3 is informed by T1 (pending)"));

  // P2 waits on P1's Fix phase: nothing of P2 is ready.
  json ready = h.Ok("memory_plan", {{"action", "ready"}, {"plan", "P2"}});
  CHECK(ready["ready"].empty());
  h.Ok("memory_plan", {{"action", "remove_dependency"}, {"item", "P2"}, {"depends_on", "P1/Fix"}});
  CHECK(h.Ok("memory_plan", {{"action", "ready"}, {"plan", "P2"}})["ready"].size() == 2);
  CHECK(Has(h.Err("memory_plan",
                  {{"action", "remove_dependency"}, {"item", "P2"}, {"depends_on", "P1/Fix"}}),
            "P2 does not depend on P1/Fix"));
  CHECK(
      Has(h.Err("memory_plan", {{"action", "dependencies"}, {"item", "T1"}, {"workspace", "beta"}}),
          "no plan, phase or step T1 in workspace beta"));
}

}  // namespace pm::tools
