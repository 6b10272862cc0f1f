// The dependency DAG: edges between plans, phases and steps, and the refusals
// that keep it a DAG.
#include "store/dependency_repository.h"

#include <doctest/doctest.h>

#include "common/user_error.h"
#include "scheduling_fixture.h"

namespace pm::store {

using testing::WorkFixture;

namespace {

std::string Refusal(WorkFixture& f, const std::string& source, const std::string& target,
                    int64_t target_ws = 0) {
  try {
    DependencyRepository(f.db).Add(f.ws, f.Item(source), f.Item(target, target_ws), "blocks",
                                   f.actor);
  } catch (const UserError& e) {
    return e.what();
  }
  FAIL("adding " << source << " → " << target << " was not refused");
  return "";
}

}  // namespace

TEST_CASE("work items are found by code, plan/phase name and kind:id, only in their workspace") {
  WorkFixture f;
  f.Plan({{"Design", {"a"}}, {"Build", {"b"}}});
  CHECK(f.Item("P1") == WorkItem{WorkKind::kPlan, 1});
  CHECK(f.Item("t2") == WorkItem{WorkKind::kStep, 2});
  CHECK(f.Item("P1/build").kind == WorkKind::kPhase);
  CHECK(f.Item("phase:" + std::to_string(f.Item("P1/Design").id)) == f.Item("P1/Design"));
  CHECK(f.Item("step:1") == f.Item("T1"));
  CHECK(WorkItemLabel(f.db, f.Item("P1/Build")) == "P1/Build");
  CHECK_FALSE(FindWorkItem(f.db, f.ws, "P1/Nope"));
  CHECK_FALSE(FindWorkItem(f.db, f.ws, "7"));  // a bare number names no kind
  CHECK_FALSE(FindWorkItem(f.db, f.other_ws, "T1"));
  CHECK_FALSE(FindWorkItem(f.db, f.other_ws, "step:1"));
}

TEST_CASE("add, list both ways, re-add, change kind and remove") {
  WorkFixture f;
  f.Plan({{"One", {"a", "b", "c"}}});
  f.Plan({{"Two", {"d"}}});
  DependencyRepository deps(f.db);
  json added = ToJson(deps.Add(f.ws, f.Item("T2"), f.Item("T1"), "blocks", f.actor));
  CHECK(added["created"] == true);
  CHECK(added["dependency"]["source"]["label"] == "T2");
  CHECK(added["dependency"]["target"]["label"] == "T1");
  CHECK(added["dependency"]["satisfied"] == false);
  deps.Add(f.ws, f.Item("T3"), f.Item("T1"), "informs", f.actor);
  deps.Add(f.ws, f.Item("T3"), f.Item("P2/Two"), "blocks", f.actor);

  auto of_t3 = deps.DependenciesOf(f.Item("T3"));
  REQUIRE(of_t3.size() == 2);
  CHECK(of_t3[0].row.kind == "informs");
  CHECK(of_t3[1].target.label == "P2/Two");
  CHECK(of_t3[1].target.status == "open");
  auto on_t1 = deps.DependentsOf(f.Item("T1"));
  REQUIRE(on_t1.size() == 2);
  CHECK(on_t1[0].source.label == "T2");
  CHECK(on_t1[1].source.label == "T3");

  json again = ToJson(deps.Add(f.ws, f.Item("T2"), f.Item("T1"), "blocks", f.actor));
  CHECK(again["created"] == false);
  CHECK(again["dependency"]["id"] == added["dependency"]["id"]);
  json changed = ToJson(deps.Add(f.ws, f.Item("T2"), f.Item("T1"), "informs", f.actor));
  CHECK(changed["dependency"]["kind"] == "informs");
  CHECK(f.Int("SELECT count(*) FROM dependencies") == 3);

  deps.Remove(f.ws, f.Item("T2"), f.Item("T1"), f.actor);
  CHECK(deps.DependenciesOf(f.Item("T2")).empty());
  CHECK_THROWS_WITH_AS(deps.Remove(f.ws, f.Item("T2"), f.Item("T1"), f.actor),
                       "T2 does not depend on T1", UserError);
  CHECK(f.Int("SELECT count(*) FROM update_log WHERE entity_kind = 'dependency'") == 5);
}

TEST_CASE("self-edges, other workspaces and cycles are refused, the cycle named") {
  WorkFixture f;
  f.Plan({{"Design", {"T1", "T2"}}, {"Build", {"T3", "T4"}}});  // P1: T1 T2 | T3 T4
  f.Plan({{"Only", {"T5", "T6", "T7"}}});                       // P2: T5 T6 T7
  f.Plan({{"Third", {"T8"}}});                                  // P3: T8
  f.Plan({{"Else", {"x"}}}, "active", "medium", f.other_ws);    // beta's P1: T1
  f.Depend("T6", "T5");
  f.Depend("T7", "P1");
  f.Depend("P2", "P3");
  struct Case {
    const char* name;
    const char* source;
    const char* target;
    const char* message;
  };
  const Case cases[] = {
      {"self", "T1", "T1", "T1 cannot depend on itself"},
      {"direct cycle", "T5", "T6", "cycle T5 → T6 → T5."},
      {"through a plan's steps", "T1", "T7", "cycle T1 → T7 → P1 → T1."},
      {"a step on its own plan", "T3", "P1", "cycle T3 → P1 → T3."},
      {"a step on its own phase", "T3", "P1/Build", "cycle T3 → P1/Build → T3."},
      {"a plan on its own step", "P2", "T5", "cycle P2 → T5 → P2/Only → P2."},
      {"an earlier phase on a later one", "T1", "T3", "cycle T1 → T3 → P1/Build → P1/Design → T1."},
      {"plans in a loop", "P3", "P2", "cycle P3 → P2 → P3."},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    CHECK(Refusal(f, c.source, c.target).find(c.message) != std::string::npos);
  }
  CHECK(Refusal(f, "T1", "T1", f.other_ws).find("belongs to another workspace") !=
        std::string::npos);
  CHECK(f.Int("SELECT count(*) FROM dependencies") == 3);
  // Not cycles: a later phase on an earlier one, a redundant shortcut, siblings.
  f.Depend("T3", "T1");
  f.Depend("T7", "T2");
  f.Depend("T2", "T1");
  CHECK(f.Int("SELECT count(*) FROM dependencies") == 6);
}

TEST_CASE("the cycle check follows a ten-thousand-step chain to the end") {
  WorkFixture f;
  f.Plan({{"Chain", {"first"}}});
  const int64_t phase = f.Item("P1/Chain").id;
  constexpr int kSteps = 10000;
  f.db.Write([&] {
    auto step = f.db.Prepare(
        "INSERT INTO steps (workspace_id, plan_id, phase_id, code, order_index, task) "
        "VALUES (?, 1, ?, ?, ?, 'link')");
    for (int i = 2; i <= kSteps; ++i) {
      step.Bind(1, f.ws);
      step.Bind(2, phase);
      step.Bind(3, "T" + std::to_string(i));
      step.Bind(4, i);
      step.Exec();
      step.Reset();
    }
    // T(i+1) depends on T(i), all the way down.
    f.db.ExecScript(
        "INSERT INTO dependencies (workspace_id, source_kind, source_id, target_kind, target_id) "
        "SELECT workspace_id, 'step', id, 'step', id - 1 FROM steps WHERE id > 1");
  });
  DependencyRepository deps(f.db);
  auto cycle = deps.CycleThrough(f.Item("T1"), f.Item("T" + std::to_string(kSteps)));
  REQUIRE(cycle.size() == kSteps + 1);
  CHECK(cycle.front() == "T1");
  CHECK(cycle[1] == "T10000");
  CHECK(cycle[kSteps - 1] == "T2");
  CHECK(cycle.back() == "T1");
  CHECK(Refusal(f, "T1", "T10000").find("T1 → T10000 → T9999 → T9998") != std::string::npos);
  // The other way round is only a shortcut of the chain.
  CHECK(deps.CycleThrough(f.Item("T10000"), f.Item("T1")).empty());
  deps.Add(f.ws, f.Item("T10000"), f.Item("T1"), "blocks", f.actor);
}

TEST_CASE("deleting a step, phase or plan deletes its edges") {
  WorkFixture f;
  f.Plan({{"A", {"a1", "a2"}}, {"B", {"b1"}}});
  f.Plan({{"C", {"c1"}}});
  f.Depend("T4", "T1");
  f.Depend("T4", "P1/B");
  f.Depend("P2", "P1");
  f.db.ExecScript("DELETE FROM steps WHERE code = 'T1'");
  CHECK(f.Int("SELECT count(*) FROM dependencies") == 2);
  f.db.ExecScript("DELETE FROM phases WHERE name = 'B'");
  CHECK(f.Int("SELECT count(*) FROM dependencies") == 1);
  f.db.ExecScript("DELETE FROM plans WHERE code = 'P1'");  // cascades through phases and steps
  CHECK(f.Int("SELECT count(*) FROM dependencies") == 0);
}

}  // namespace pm::store
