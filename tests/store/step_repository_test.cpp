#include "store/step_repository.h"

#include <doctest/doctest.h>

#include "common/user_error.h"
#include "store/shapes.h"
#include "store/short_codes.h"
#include "store/workspace_repository.h"
#include "test_support.h"

namespace pm::store {

namespace {

const Actor kActor{"tester", "s-1"};

template <typename Row>
std::vector<json> AsJson(const std::vector<Row>& rows) {
  std::vector<json> out;
  for (const auto& row : rows) out.push_back(ToJson(row));
  return out;
}

// StepRepository with its rows as JSON, as the tools show them: the
// assertions below read fields by name.
struct JsonSteps {
  StepRepository repo;

  struct Page {
    std::vector<json> items;
    std::optional<int64_t> next_after_step;
  };

  std::vector<json> Add(int64_t ws, const StepTarget& target, const std::vector<json>& steps,
                        std::optional<int64_t> index, const Actor& actor) {
    return AsJson(repo.Add(ws, target, steps, index, actor));
  }
  std::optional<json> Find(int64_t ws, int64_t id) {
    auto found = repo.Find(ws, id);
    return found ? std::optional<json>(ToJson(*found)) : std::nullopt;
  }
  std::vector<json> Update(int64_t ws, const std::vector<StepChange>& changes, const Actor& actor) {
    return AsJson(repo.Update(ws, changes, actor));
  }
  json Move(int64_t ws, int64_t id, const json& phase, std::optional<int64_t> index,
            const Actor& actor) {
    return ToJson(repo.Move(ws, id, phase, index, actor));
  }
  std::vector<json> Reorder(int64_t ws, const std::vector<int64_t>& order, const Actor& actor) {
    return AsJson(repo.Reorder(ws, order, actor));
  }
  json Delete(int64_t ws, int64_t id, const Actor& actor) {
    return ToJson(repo.Delete(ws, id, actor));
  }
  Page List(int64_t ws, const StepFilter& filter, int limit, std::optional<int64_t> after) {
    StepPage page = repo.List(ws, filter, limit, after);
    return {AsJson(page.items), page.next_after_step};
  }
};

struct Fixture {
  std::unique_ptr<Database> db = testing::MigratedMemoryDatabase();
  JsonSteps repo{StepRepository(*db)};
  int64_t ws = AddWorkspace("/alpha");

  int64_t AddWorkspace(const std::string& path) {
    NewWorkspace spec;
    spec.path = path;
    return WorkspaceRepository(*db).Register(spec, kActor).first.id;
  }

  // A plan with the given phases, made directly (plans have their own tool).
  int64_t AddPlan(int64_t workspace, const std::vector<std::string>& phases) {
    return db->Write([&] {
      const int64_t plan = InsertRow(*db, "plans",
                                     {{"workspace_id", workspace},
                                      {"code", AllocateCode(*db, workspace, code_prefix::kPlan)},
                                      {"title", "Feature"}});
      for (size_t i = 0; i < phases.size(); ++i) {
        InsertRow(
            *db, "phases",
            {{"plan_id", plan}, {"name", phases[i]}, {"order_index", static_cast<int64_t>(i)}});
      }
      return plan;
    });
  }

  std::vector<json> Add(StepTarget target, const std::vector<std::string>& tasks,
                        std::optional<int64_t> index = std::nullopt) {
    std::vector<json> steps;
    for (const auto& t : tasks) steps.push_back({{"task", t}});
    return repo.Add(ws, target, steps, index, kActor);
  }

  int64_t Id(const std::string& code) {
    return SelectOne(*db, shapes::kStep, "code = ? AND workspace_id = ?", {code, ws})->at("id");
  }

  // The codes of a phase's steps in order; checks order_index is dense 0..n-1.
  std::vector<std::string> Order(int64_t phase_id) {
    std::vector<std::string> codes;
    auto rows = SelectAll(*db, shapes::kStep, "phase_id = ? ORDER BY order_index", {phase_id});
    for (size_t i = 0; i < rows.size(); ++i) {
      CHECK(rows[i]["order_index"] == static_cast<int64_t>(i));
      codes.push_back(rows[i]["code"]);
    }
    return codes;
  }

  int64_t PhaseId(int64_t plan, const std::string& name) {
    return SelectOne(*db, shapes::kPhase, "plan_id = ? AND name = ?", {plan, name})->at("id");
  }

  int64_t Count(const std::string& sql) {
    auto q = db->Prepare(sql);
    q.Step();
    return q.Int64(0);
  }
};

}  // namespace

TEST_CASE("steps without a plan go to one backlog plan, made on first use") {
  Fixture f;
  auto first = f.Add({}, {"Fix the login typo"});
  auto second = f.Add({}, {"Update the README", "Tidy imports"});
  CHECK(first[0]["code"] == "T1");
  CHECK(second[0]["code"] == "T2");
  CHECK(second[1]["code"] == "T3");
  CHECK(first[0]["plan_id"] == second[0]["plan_id"]);
  CHECK(first[0]["phase_name"] == "Backlog");
  CHECK(first[0]["plan_title"] == "Backlog");
  CHECK(first[0]["created_by"] == "tester");

  json plan = *SelectOne(*f.db, shapes::kPlan, "id = ?", {first[0]["plan_id"]});
  CHECK(plan["is_backlog"] == true);
  CHECK(plan["status"] == "active");
  CHECK(plan["category"] == "chore");
  CHECK(plan["code"] == "P1");
  CHECK(f.Count("SELECT count(*) FROM plans") == 1);
  CHECK(f.Count("SELECT count(*) FROM phases") == 1);
  CHECK(f.Order(first[0]["phase_id"]) == std::vector<std::string>{"T1", "T2", "T3"});
  CHECK(
      f.Count("SELECT count(*) FROM update_log WHERE entity_kind = 'plan' AND action = 'create'") ==
      1);

  // Another workspace gets its own backlog and its own T1.
  const int64_t other = f.AddWorkspace("/beta");
  auto theirs = f.repo.Add(other, {}, {{{"task", "Elsewhere"}}}, std::nullopt, kActor);
  CHECK(theirs[0]["code"] == "T1");
  CHECK(theirs[0]["plan_id"] != first[0]["plan_id"]);
}

TEST_CASE("the target phase: named, the plan's last by default, or made for a plan without any") {
  Fixture f;
  const int64_t plan = f.AddPlan(f.ws, {"Design", "Build"});
  CHECK(f.Add({plan, nullptr}, {"a"})[0]["phase_name"] == "Build");
  CHECK(f.Add({plan, "design"}, {"b"})[0]["phase_name"] == "Design");  // case-insensitive
  CHECK(f.Add({plan, f.PhaseId(plan, "Design")}, {"c"})[0]["phase_name"] == "Design");

  const int64_t bare = f.AddPlan(f.ws, {});
  CHECK(f.Add({bare, nullptr}, {"d"})[0]["phase_name"] == "Phase 1");
  const int64_t bare2 = f.AddPlan(f.ws, {});
  CHECK(f.Add({bare2, "Research"}, {"e"})[0]["phase_name"] == "Research");

  try {
    f.Add({plan, "Deploy"}, {"x"});
    FAIL("expected a UserError");
  } catch (const UserError& e) {
    CHECK(std::string(e.what()).find("has no phase 'Deploy'; its phases: 'Design'") !=
          std::string::npos);
  }
  // A phase of another plan is not a phase of this one.
  CHECK_THROWS_AS(f.Add({bare, f.PhaseId(plan, "Design")}, {"x"}), UserError);
  // A plan of another workspace is not found.
  const int64_t foreign = f.AddPlan(f.AddWorkspace("/beta"), {"Build"});
  CHECK_THROWS_AS(f.Add({foreign, nullptr}, {"x"}), UserError);
  CHECK(f.Count("SELECT count(*) FROM steps WHERE task = 'x'") == 0);
}

TEST_CASE("insert, move, reorder and delete keep order_index dense") {
  Fixture f;
  const int64_t plan = f.AddPlan(f.ws, {"Build", "Test"});
  const int64_t build = f.PhaseId(plan, "Build"), test = f.PhaseId(plan, "Test");
  f.Add({plan, "Build"}, {"1", "2", "3"});  // T1 T2 T3
  f.Add({plan, "Test"}, {"4"});             // T4

  using Codes = std::vector<std::string>;
  f.Add({plan, "Build"}, {"5"}, 0);  // T5 at the front
  CHECK(f.Order(build) == Codes{"T5", "T1", "T2", "T3"});
  f.Add({plan, "Build"}, {"6", "7"}, 2);  // two in the middle
  CHECK(f.Order(build) == Codes{"T5", "T1", "T6", "T7", "T2", "T3"});
  f.Add({plan, "Build"}, {"8"}, 6);  // index == count appends
  CHECK(f.Order(build) == Codes{"T5", "T1", "T6", "T7", "T2", "T3", "T8"});
  CHECK_THROWS_AS(f.Add({plan, "Build"}, {"9"}, 8), UserError);

  struct MoveCase {
    const char* step;
    json phase;
    std::optional<int64_t> index;
    Codes build, test;
  };
  const MoveCase moves[] = {
      {"T8", nullptr, 0, {"T8", "T5", "T1", "T6", "T7", "T2", "T3"}, {"T4"}},             // up
      {"T8", nullptr, 3, {"T5", "T1", "T6", "T8", "T7", "T2", "T3"}, {"T4"}},             // down
      {"T8", nullptr, std::nullopt, {"T5", "T1", "T6", "T7", "T2", "T3", "T8"}, {"T4"}},  // end
      {"T5", "Test", 0, {"T1", "T6", "T7", "T2", "T3", "T8"}, {"T5", "T4"}},  // other phase
      {"T6", "Test", std::nullopt, {"T1", "T7", "T2", "T3", "T8"}, {"T5", "T4", "T6"}},
      {"T3", nullptr, 4, {"T1", "T7", "T2", "T8", "T3"}, {"T5", "T4", "T6"}},  // last index
  };
  for (const auto& m : moves) {
    CAPTURE(std::string(m.step));
    json moved = f.repo.Move(f.ws, f.Id(m.step), m.phase, m.index, kActor);
    CHECK(moved["code"] == m.step);
    CHECK(f.Order(build) == m.build);
    CHECK(f.Order(test) == m.test);
  }
  CHECK_THROWS_AS(f.repo.Move(f.ws, f.Id("T1"), nullptr, 5, kActor), UserError);
  CHECK_THROWS_AS(f.repo.Move(f.ws, f.Id("T1"), "Test", 4, kActor), UserError);
  CHECK(f.Order(build) == Codes{"T1", "T7", "T2", "T8", "T3"});  // refusals changed nothing

  auto reordered =
      f.repo.Reorder(f.ws, {f.Id("T3"), f.Id("T2"), f.Id("T1"), f.Id("T8"), f.Id("T7")}, kActor);
  CHECK(reordered.size() == 5);
  CHECK(f.Order(build) == Codes{"T3", "T2", "T1", "T8", "T7"});

  json deleted = f.repo.Delete(f.ws, f.Id("T2"), kActor);
  CHECK(deleted["code"] == "T2");
  CHECK(f.Order(build) == Codes{"T3", "T1", "T8", "T7"});
  CHECK(f.Add({plan, "Build"}, {"after delete"})[0]["code"] == "T9");  // codes are never reused
}

TEST_CASE("reorder refuses anything but every step of one phase, once") {
  Fixture f;
  const int64_t plan = f.AddPlan(f.ws, {"Build", "Test"});
  f.Add({plan, "Build"}, {"1", "2", "3"});
  f.Add({plan, "Test"}, {"4"});
  struct Case {
    const char* name;
    std::vector<std::string> order;
    const char* fragment;
  };
  const Case cases[] = {
      {"missing", {"T2", "T1"}, "missing: T3"},
      {"twice", {"T1", "T1", "T2", "T3"}, "T1 appears twice"},
      {"other phase", {"T1", "T2", "T3", "T4"}, "T4 is in P1 phase 'Test', not P1 phase 'Build'"},
  };
  for (const auto& c : cases) {
    CAPTURE(std::string(c.name));
    std::vector<int64_t> ids;
    for (const auto& code : c.order) ids.push_back(f.Id(code));
    try {
      f.repo.Reorder(f.ws, ids, kActor);
      FAIL("expected a UserError");
    } catch (const UserError& e) {
      CHECK(std::string(e.what()).find(c.fragment) != std::string::npos);
    }
    CHECK(f.Order(f.PhaseId(plan, "Build")) == std::vector<std::string>{"T1", "T2", "T3"});
  }
}

TEST_CASE("status changes follow the step model and set what they imply") {
  struct Case {
    std::vector<std::string> path;  // statuses to go through, from pending
    bool allowed;                   // is the last move legal
  };
  const Case cases[] = {
      {{"in_progress"}, true},
      {{"in_progress", "completed"}, true},
      {{"completed"}, false},
      {{"blocked"}, true},
      {{"blocked", "in_progress"}, false},
      {{"blocked", "pending"}, true},
      {{"cancelled", "in_progress"}, false},
      {{"cancelled", "pending"}, true},
      {{"in_progress", "completed", "blocked"}, false},
      {{"in_progress", "completed", "pending"}, true},
  };
  for (const auto& c : cases) {
    Fixture f;
    const int64_t id = f.Add({}, {"work"})[0]["id"];
    std::string from = "pending";
    for (size_t i = 0; i < c.path.size(); ++i) {
      const bool last = i + 1 == c.path.size();
      CAPTURE(from + " -> " + c.path[i]);
      StepChange change{id, {{"status", c.path[i]}}, ""};
      if (last && !c.allowed) {
        try {
          f.repo.Update(f.ws, {change}, kActor);
          FAIL("expected a UserError");
        } catch (const UserError& e) {
          CHECK(std::string(e.what()).find("allowed from " + from + ":") != std::string::npos);
        }
        CHECK(f.repo.Find(f.ws, id)->at("status") == from);
      } else {
        CHECK(f.repo.Update(f.ws, {change}, kActor)[0]["status"] == c.path[i]);
        from = c.path[i];
      }
    }
  }
}

TEST_CASE("timestamps, completed_by and blocked_reason follow the status") {
  Fixture f;
  const int64_t id = f.Add({}, {"work"})[0]["id"];
  auto set = [&](json fields) { return f.repo.Update(f.ws, {{id, fields, ""}}, kActor)[0]; };

  json step = f.repo.Find(f.ws, id).value();
  CHECK(step["started_at"].is_null());
  CHECK(step["created_at"].is_string());

  step = set({{"status", "blocked"}, {"blocked_reason", "waiting for the API key"}});
  CHECK(step["blocked_reason"] == "waiting for the API key");
  step = set({{"status", "pending"}});
  CHECK(step["blocked_reason"].is_null());

  step = set({{"status", "in_progress"}});
  const std::string started = step["started_at"];
  step = set({{"status", "pending"}});
  CHECK(step["started_at"].is_null());  // a move back to pending is a fresh start
  step = set({{"status", "in_progress"}});
  CHECK(step["started_at"].get<std::string>() >= started);

  step = set({{"status", "completed"}, {"completion_notes", "done"}});
  CHECK(step["completed_at"].is_string());
  CHECK(step["completed_by"] == "tester");
  CHECK(step["completion_notes"] == "done");

  step = set({{"status", "pending"}});  // reopen
  CHECK(step["completed_at"].is_null());
  CHECK(step["completed_by"].is_null());

  // A step may be created in any state, with what that state implies.
  json done = f.repo.Add(f.ws, {}, {{{"task", "already done"}, {"status", "completed"}}},
                         std::nullopt, kActor)[0];
  CHECK(done["completed_at"].is_string());
  CHECK(done["completed_by"] == "tester");
}

TEST_CASE("a batch of updates is all or nothing") {
  Fixture f;
  auto steps = f.Add({}, {"a", "b", "c"});
  std::vector<StepChange> changes = {
      {steps[0]["id"], {{"status", "in_progress"}, {"assignee", "ana"}}, "updates[0]"},
      {steps[1]["id"], {{"priority", "high"}}, "updates[1]"},
      {steps[2]["id"], {{"status", "completed"}}, "updates[2]"},  // pending -> completed: illegal
  };
  try {
    f.repo.Update(f.ws, changes, kActor);
    FAIL("expected a UserError");
  } catch (const UserError& e) {
    CHECK(std::string(e.what()).find("updates[2]: step T3 cannot go from pending to completed") !=
          std::string::npos);
  }
  for (const auto& s : steps) {
    json now = f.repo.Find(f.ws, s["id"]).value();
    CHECK(now["status"] == "pending");
    CHECK(now["priority"] == "medium");
    CHECK(now["assignee"].is_null());
  }
  CHECK(f.Count("SELECT count(*) FROM update_log WHERE action IN ('update', 'status')") == 0);

  changes.pop_back();
  auto updated = f.repo.Update(f.ws, changes, kActor);
  CHECK(updated[0]["assignee"] == "ana");
  CHECK(updated[1]["priority"] == "high");
  CHECK(f.Count("SELECT count(*) FROM update_log WHERE action IN ('update', 'status')") == 2);
}

TEST_CASE("every change is logged with before and after") {
  Fixture f;
  const int64_t plan = f.AddPlan(f.ws, {"Build", "Test"});
  const int64_t id = f.Add({plan, "Build"}, {"write it"})[0]["id"];
  f.Add({plan, "Build"}, {"other"});
  // (The plan is a draft, so starting its step needs force.)
  f.repo.Update(f.ws, {{id, {{"status", "in_progress"}}, "", true}}, {"executor", "sess-9"});
  f.repo.Move(f.ws, id, "Test", std::nullopt, kActor);
  f.repo.Delete(f.ws, id, kActor);

  auto log = Query(
      *f.db, {"update_log", {"before_json", "after_json"}, {}},
      "SELECT * FROM update_log WHERE entity_kind = 'step' AND entity_id = ? ORDER BY id", {id});
  REQUIRE(log.size() == 4);
  CHECK(log[0]["action"] == "create");
  CHECK(log[0]["before_json"].is_null());
  CHECK(log[0]["after_json"]["task"] == "write it");
  CHECK(log[1]["action"] == "status");
  CHECK(log[1]["agent"] == "executor");
  CHECK(log[1]["session_id"] == "sess-9");
  CHECK(log[1]["before_json"]["status"] == "pending");
  CHECK(log[1]["after_json"]["status"] == "in_progress");
  CHECK(log[2]["action"] == "move");
  CHECK(log[2]["before_json"]["phase_name"] == "Build");
  CHECK(log[2]["after_json"]["phase_name"] == "Test");
  CHECK(log[3]["action"] == "delete");
  CHECK(log[3]["before_json"]["code"] == "T1");
  CHECK(log[3]["after_json"].is_null());
  CHECK(log[3]["workspace_id"] == f.ws);
}

TEST_CASE("steps of another workspace are never found or changed") {
  Fixture f;
  const int64_t other = f.AddWorkspace("/beta");
  const int64_t theirs =
      f.repo.Add(other, {}, {{{"task", "beta work"}}}, std::nullopt, kActor)[0]["id"];
  f.Add({}, {"alpha work"});

  CHECK_FALSE(f.repo.Find(f.ws, theirs));
  CHECK_THROWS_AS(f.repo.Update(f.ws, {{theirs, {{"status", "in_progress"}}, ""}}, kActor),
                  UserError);
  CHECK_THROWS_AS(f.repo.Move(f.ws, theirs, nullptr, 0, kActor), UserError);
  CHECK_THROWS_AS(f.repo.Delete(f.ws, theirs, kActor), UserError);
  CHECK_THROWS_AS(f.repo.Reorder(f.ws, {theirs}, kActor), UserError);
  CHECK(f.repo.Find(other, theirs)->at("status") == "pending");

  auto page = f.repo.List(f.ws, {}, 50, std::nullopt);
  REQUIRE(page.items.size() == 1);
  CHECK(page.items[0]["task"] == "alpha work");
  // A cursor pointing at another workspace's step is refused, not followed.
  CHECK_THROWS_AS(f.repo.List(f.ws, {}, 50, theirs), UserError);
}

TEST_CASE("list filters and pages in plan order") {
  Fixture f;
  const int64_t p1 = f.AddPlan(f.ws, {"Build", "Test"});  // P1
  const int64_t p2 = f.AddPlan(f.ws, {"Only"});           // P2
  f.Add({p1, "Test"}, {"t1", "t2"});                      // T1 T2
  f.Add({p2, nullptr}, {"o1"});                           // T3
  f.Add({p1, "Build"}, {"b1", "b2", "b3"});               // T4 T5 T6
  f.repo.Update(f.ws,
                {{f.Id("T5"), {{"status", "in_progress"}, {"assignee", "ana"}}, "", true},
                 {f.Id("T2"), {{"type", "test"}, {"assignee", "ana"}}, ""}},
                kActor);

  std::vector<std::string> seen;
  std::optional<int64_t> after;
  int pages = 0;
  do {
    auto page = f.repo.List(f.ws, {}, 2, after);
    for (const auto& s : page.items) seen.push_back(s["code"]);
    after = page.next_after_step;
    ++pages;
  } while (after);
  CHECK(pages == 3);
  CHECK(seen == std::vector<std::string>{"T4", "T5", "T6", "T1", "T2", "T3"});

  struct Case {
    const char* name;
    StepFilter filter;
    std::vector<std::string> codes;
  };
  const Case cases[] = {
      {"plan", {p2, nullptr, {}, {}, {}, {}}, {"T3"}},
      {"phase by name", {p1, "Test", {}, {}, {}, {}}, {"T1", "T2"}},
      {"phase by id", {{}, f.PhaseId(p1, "Build"), {}, {}, {}, {}}, {"T4", "T5", "T6"}},
      {"status", {{}, nullptr, "in_progress", {}, {}, {}}, {"T5"}},
      {"assignee", {{}, nullptr, {}, "ana", {}, {}}, {"T5", "T2"}},
      {"type", {p1, nullptr, {}, {}, "test", {}}, {"T2"}},
      {"nothing", {{}, nullptr, "cancelled", {}, {}, {}}, {}},
  };
  for (const auto& c : cases) {
    CAPTURE(std::string(c.name));
    std::vector<std::string> codes;
    for (const auto& s : f.repo.List(f.ws, c.filter, 50, std::nullopt).items)
      codes.push_back(s["code"]);
    CHECK(codes == c.codes);
  }
  // List rows are small: no long text fields.
  json row = f.repo.List(f.ws, {}, 1, std::nullopt).items[0];
  CHECK_FALSE(row.contains("context_notes"));
  CHECK(row["plan_code"] == "P1");
  CHECK(row["phase_name"] == "Build");

  CHECK_THROWS_AS(f.repo.List(f.ws, {{}, "Build", {}, {}, {}, {}}, 50, std::nullopt), UserError);
}

TEST_CASE("the database itself rejects invalid steps, even when code is bypassed") {
  Fixture f;
  const int64_t id = f.Add({}, {"valid"})[0]["id"];
  const std::string insert =
      "INSERT INTO steps (workspace_id, plan_id, phase_id, code, order_index, task, status, type, "
      "inputs) SELECT workspace_id, plan_id, phase_id, 'T99', 1, 'raw', ";
  const std::string from = " FROM steps WHERE id = " + std::to_string(id);
  struct Case {
    const char* name;
    std::string sql;
  };
  const Case cases[] = {
      {"invalid status (seed 002 scenario 3)",
       insert + "'invalid_status', 'standard', '[]'" + from},
      {"invalid type", insert + "'pending', 'chore', '[]'" + from},
      {"inputs not an array", insert + "'pending', 'standard', '{\"a\":1}'" + from},
      {"empty task", "UPDATE steps SET task = '' WHERE id = " + std::to_string(id)},
      {"status update", "UPDATE steps SET status = 'done' WHERE id = " + std::to_string(id)},
      {"type update", "UPDATE steps SET type = 'whatever' WHERE id = " + std::to_string(id)},
      {"completed without completed_at",
       "UPDATE steps SET status = 'completed' WHERE id = " + std::to_string(id)},
  };
  for (const auto& c : cases) {
    CAPTURE(std::string(c.name));
    CHECK_THROWS(f.db->ExecScript(c.sql));
  }
  CHECK(f.Count("SELECT count(*) FROM steps") == 1);  // nothing inserted
  json still = f.repo.Find(f.ws, id).value();
  CHECK(still["status"] == "pending");
  CHECK(still["type"] == "standard");
  CHECK(still["task"] == "valid");
}

TEST_CASE("seed 002: created_at is set automatically and inputs are stored as a JSON array") {
  Fixture f;
  json step = f.repo.Add(f.ws, {},
                         {{{"task", "Generate PRD-006"},
                           {"generator_name", "prd-generator"},
                           {"inputs", {"EPIC-006", "PRD-006"}},
                           {"expected_outputs", {"PRD-006"}},
                           {"context_notes", "New session CX required"}}},
                         std::nullopt, kActor)[0];
  const std::string created = step["created_at"];
  CHECK(created.size() == 24);  // 2026-01-02T03:04:05.678Z
  CHECK(created.back() == 'Z');
  CHECK(step["inputs"] == json({"EPIC-006", "PRD-006"}));

  auto q = f.db->Prepare(std::string("SELECT inputs, ") +
                         (testing::OnPostgres(*f.db) ? "jsonb_typeof" : "json_type") +
                         "(inputs) FROM steps WHERE code = 'T1'");
  REQUIRE(q.Step());
  CHECK(json::parse(q.Text(0)) == json({"EPIC-006", "PRD-006"}));
  CHECK(q.Text(1) == "array");
}

}  // namespace pm::store
