// Seed 000: "Include track info in getWorkOrder and listWorkOrders responses".
// memory_plan get and list and get_next_task's plan block show the plan's track
// as {id, name, color} (null on no track); track_get shows its plans with their
// step counts.
#include <doctest/doctest.h>

#include "scheduling_harness.h"

namespace pm::tools {

using nlohmann::json;
using testing::SchedulingHarness;

namespace {

// P1 (bugfix, 5 steps) on track "Runner reliability" (#10B981), P2 (feature)
// on no track.
struct TrackedPlans : SchedulingHarness {
  json track;
  TrackedPlans() {
    Plan("bugfix", "active", "high");
    Plan("feature", "active", "low");
    track = Ok("memory_workspace", {{"action", "track_create"},
                                    {"workspace", "alpha"},
                                    {"name", "Runner reliability"},
                                    {"color", "#10B981"}})["track"];
    Ok("memory_workspace", {{"action", "track_assign"},
                            {"workspace", "alpha"},
                            {"plan", "P1"},
                            {"track", "Runner reliability"}});
  }
  json Expected() const {
    return {{"id", track["id"]}, {"name", "Runner reliability"}, {"color", "#10B981"}};
  }
};

}  // namespace

TEST_CASE("memory_plan get and list show the plan's track, or null") {
  TrackedPlans h;
  CHECK(h.Ok("memory_plan", {{"action", "get"}, {"plan", "P1"}})["plan"]["track"] == h.Expected());
  CHECK(h.Ok("memory_plan", {{"action", "get"}, {"plan", "P2"}})["plan"]["track"].is_null());

  json plans = h.Ok("memory_plan", {{"action", "list"}})["plans"];
  REQUIRE(plans.size() == 2);
  CHECK(plans[0]["code"] == "P1");
  CHECK(plans[0]["track"] == h.Expected());
  CHECK(plans[1]["track"].is_null());

  // Filtered by track, only its plans, each with the track.
  json on_track = h.Ok("memory_plan", {{"action", "list"}, {"track", h.track["id"]}})["plans"];
  REQUIRE(on_track.size() == 1);
  CHECK(on_track[0]["track"]["name"] == "Runner reliability");

  // A track without a color shows color null.
  h.Ok("memory_workspace", {{"action", "track_create"}, {"workspace", "alpha"}, {"name", "Plain"}});
  h.Ok("memory_workspace",
       {{"action", "track_assign"}, {"workspace", "alpha"}, {"plan", "P2"}, {"track", "Plain"}});
  json plain = h.Ok("memory_plan", {{"action", "get"}, {"plan", "P2"}})["plan"]["track"];
  CHECK(plain["name"] == "Plain");
  CHECK(plain.contains("color"));
  CHECK(plain["color"].is_null());
}

TEST_CASE("get_next_task's plan block carries the plan's track") {
  TrackedPlans h;
  json first = h.Ok("get_next_task", {{"agent", "executor"}});
  REQUIRE(first["plan"]["code"] == "P1");  // high priority first
  CHECK(first["plan"]["track"] == h.Expected());

  h.Ok("memory_plan", {{"action", "update"}, {"plan", "P1"}, {"status", "paused"}});
  json second = h.Ok("get_next_task", {{"agent", "other"}});
  REQUIRE(second["plan"]["code"] == "P2");
  CHECK(second["plan"].contains("track"));
  CHECK(second["plan"]["track"].is_null());
}

TEST_CASE("track_get lists the track's plans with their step counts") {
  TrackedPlans h;
  const int64_t total = h.Int("SELECT count(*) FROM steps WHERE plan_id = 1");
  REQUIRE(total > 1);
  REQUIRE(h.Ok("get_next_task", {{"agent", "executor"}})["task"]["code"] == "T1");
  h.Ok("update_task_status", {{"task", "T1"}, {"status", "completed"}, {"agent", "executor"}});
  json got =
      h.Ok("memory_workspace",
           {{"action", "track_get"}, {"workspace", "alpha"}, {"track", "Runner reliability"}});
  REQUIRE(got["plans"].size() == 1);
  CHECK(got["plans"][0]["code"] == "P1");
  CHECK(got["plans"][0]["steps_total"] == total);
  CHECK(got["plans"][0]["steps_completed"] == 1);
}

}  // namespace pm::tools
