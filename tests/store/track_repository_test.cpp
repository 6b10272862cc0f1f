#include "store/track_repository.h"

#include <doctest/doctest.h>

#include "common/user_error.h"
#include "store/dialect.h"
#include "test_support.h"
#include "work_fixture.h"

namespace pm::store {

namespace {

const Actor kActor{"tester", "s-1"};

}  // namespace

TEST_CASE("the database itself rejects invalid tracks") {
  auto db = testing::MigratedMemoryDatabase();
  const std::string ws = std::to_string(testing::AddWorkspace(*db, "shop"));
  db->ExecScript("INSERT INTO tracks (workspace_id, name, color) VALUES (" + ws +
                 ", 'a', '#3b82F6')");
  CHECK_THROWS(db->ExecScript("INSERT INTO tracks (workspace_id, name) VALUES (" + ws + ", 'a')"));
  CHECK_THROWS(db->ExecScript("INSERT INTO tracks (workspace_id, name, color) VALUES (" + ws +
                              ", 'b', 'blue')"));
  CHECK_THROWS(db->ExecScript("INSERT INTO tracks (workspace_id, name) VALUES (" + ws + ", '')"));
}

TEST_CASE("create refuses names in use, all-digit names and bad colors") {
  auto db = testing::MigratedMemoryDatabase();
  TrackRepository repo(*db);
  const int64_t ws = testing::AddWorkspace(*db, "shop"),
                other = testing::AddWorkspace(*db, "other");
  Track economy = repo.Create(ws, {{"name", "Economy"}, {"color", "#3B82F6"}}, kActor);
  CHECK(economy.sort_order == 0);
  CHECK(repo.Create(other, {{"name", "Economy"}}, kActor).name == "Economy");  // per workspace
  const json bad[] = {{{"name", "Economy"}},
                      {{"name", "42"}},
                      {{"name", "x"}, {"color", "#12345"}},
                      {{"name", "y"}, {"color", "red"}}};
  for (const auto& values : bad) {
    CAPTURE(values.dump());
    CHECK_THROWS_AS(repo.Create(ws, values, kActor), UserError);
  }
  // Renaming onto itself is fine; onto another track is not.
  repo.Create(ws, {{"name", "Viz"}}, kActor);
  CHECK_NOTHROW(repo.Update(ws, economy.id, {{"name", "Economy"}}, kActor));
  CHECK_THROWS_AS(repo.Update(ws, economy.id, {{"name", "Viz"}}, kActor), UserError);
  CHECK(repo.Find(ws, "Viz").has_value());
  CHECK(repo.Find(ws, std::to_string(economy.id))->name == "Economy");
  CHECK_FALSE(repo.Find(other, economy.id).has_value());
}

TEST_CASE("list orders by sort_order then name and counts plans, done and ready") {
  auto db = testing::MigratedMemoryDatabase();
  TrackRepository repo(*db);
  const int64_t ws = testing::AddWorkspace(*db, "shop");
  const int64_t b = repo.Create(ws, {{"name", "B"}, {"sort_order", 1}}, kActor).id;
  const int64_t a = repo.Create(ws, {{"name", "A"}, {"sort_order", 1}}, kActor).id;
  repo.Create(ws, {{"name", "Z"}, {"sort_order", 0}}, kActor);
  auto ready = testing::AddReadyPlan(*db, ws, "ready");
  auto done = testing::AddPlan(*db, ws, "done", "completed");
  auto draft = testing::AddPlan(*db, ws, "draft");  // a pending step, but not planned or active
  testing::AddStep(*db, ws, draft.id, testing::AddPhase(*db, draft.id, "p", 0), "s");
  for (int64_t plan : {ready.id, done.id, draft.id}) repo.Assign(ws, plan, a, kActor);
  repo.Assign(ws, testing::AddReadyPlan(*db, ws, "other").id, b, kActor);

  json tracks = json::array();
  for (const auto& track : repo.List(ws)) tracks.push_back(ToJson(track));
  REQUIRE(tracks.size() == 3);
  CHECK(tracks[0]["name"] == "Z");
  CHECK(tracks[1]["name"] == "A");
  CHECK(tracks[2]["name"] == "B");
  CHECK(tracks[0]["plan_count"] == 0);
  CHECK(tracks[0]["ready_count"] == 0);
  CHECK(tracks[1]["plan_count"] == 3);
  CHECK(tracks[1]["done_count"] == 1);
  CHECK(tracks[1]["ready_count"] == 1);
  CHECK(tracks[2]["ready_count"] == 1);
  CHECK(ToJson(repo.WithCounts(ws, a))["plan_count"] == 3);
}

TEST_CASE("deleting a track unassigns its plans and logs what it held") {
  auto db = testing::MigratedMemoryDatabase();
  TrackRepository repo(*db);
  const int64_t ws = testing::AddWorkspace(*db, "shop");
  const int64_t track = repo.Create(ws, {{"name", "Economy"}}, kActor).id;
  auto plan = testing::AddPlan(*db, ws, "Budget");
  json assigned = ToJson(repo.Assign(ws, plan.id, track, kActor));
  CHECK(assigned["track"]["name"] == "Economy");
  json deleted = ToJson(repo.Delete(ws, track, kActor));
  CHECK(deleted["unassigned_plans"] == json::array({plan.id}));
  CHECK(testing::ScalarInt(*db, "SELECT count(*) FROM plans WHERE track_id IS NOT NULL") == 0);
  CHECK(testing::ScalarInt(*db,
                           "SELECT count(*) FROM update_log WHERE entity_kind = 'track' AND "
                           "action = 'delete' AND before_json IS NOT NULL AND "
                           "after_json IS NULL") == 1);
  CHECK(testing::ScalarInt(*db,
                           "SELECT count(*) FROM update_log WHERE entity_kind = 'plan' AND "
                           "CAST(" +
                               JsonMember(db->engine(), "after_json", "track_id") +
                               " AS BIGINT) = " + std::to_string(track)) == 1);
}

}  // namespace pm::store
