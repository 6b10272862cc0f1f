// memory_steps through tools/call, as an agent uses it.
#include <doctest/doctest.h>

#include "store/row_json.h"
#include "store/short_codes.h"
#include "test_support.h"

namespace pm::tools {

using nlohmann::json;
using testing::McpHarness;
using testing::ResultText;

namespace {

using Codes = std::vector<std::string>;

// A harness whose server directory is the registered workspace /alpha; /beta is
// registered too.
struct Session {
  McpHarness h{"/alpha"};
  int64_t alpha = Register("/alpha");
  int64_t beta = Register("/beta");

  int64_t Register(const std::string& path) {
    json r = h.CallTool("memory_workspace", {{"action", "register"}, {"path", path}});
    return r["structuredContent"]["workspace"]["id"];
  }

  json Ok(const json& args) {
    json r = h.CallTool("memory_steps", args);
    CAPTURE(r.dump());
    REQUIRE(r["isError"] == false);
    text = ResultText(r);
    return r["structuredContent"];
  }

  std::string Err(const json& args) {
    json r = h.CallTool("memory_steps", args);
    CAPTURE(r.dump());
    REQUIRE(r["isError"] == true);
    return ResultText(r);
  }

  // A plan with phases, made directly until plans have their own tool. Returns its code.
  std::string Plan(int64_t ws, const std::vector<std::string>& phases,
                   const std::string& title = "Login") {
    auto& db = h.db();
    return db.Write([&] {
      const std::string code = store::AllocateCode(db, ws, "P");
      const int64_t plan =
          store::InsertRow(db, "plans", {{"workspace_id", ws}, {"code", code}, {"title", title}});
      for (size_t i = 0; i < phases.size(); ++i) {
        store::InsertRow(
            db, "phases",
            {{"plan_id", plan}, {"name", phases[i]}, {"order_index", static_cast<int64_t>(i)}});
      }
      return code;
    });
  }

  // Codes of a plan phase's steps in order, checking order_index is 0..n-1.
  Codes Order(const std::string& plan, const std::string& phase) {
    json page = Ok({{"action", "list"}, {"plan", plan}, {"phase", phase}, {"limit", 500}});
    Codes codes;
    for (size_t i = 0; i < page["steps"].size(); ++i) {
      CHECK(page["steps"][i]["order_index"] == static_cast<int64_t>(i));
      codes.push_back(page["steps"][i]["code"]);
    }
    return codes;
  }

  std::string text;
};

bool Has(const std::string& text, const std::string& fragment) {
  return text.find(fragment) != std::string::npos;
}

}  // namespace

TEST_CASE("add one step or many; without a plan they go to one backlog plan") {
  Session s;
  json one = s.Ok({{"action", "add"}, {"task", "Fix the login typo"}});
  CHECK(s.text == "Added T1 to P1 phase 'Backlog'.");
  json many = s.Ok(
      {{"action", "add"},
       {"steps", {{{"task", "Update README"}}, {{"task", "Tidy imports"}, {"type", "refactor"}}}},
       {"priority", "low"}});  // fields beside steps apply to each
  CHECK(s.text == "Added T2, T3 to P1 phase 'Backlog'.");
  REQUIRE(many["steps"].size() == 2);
  CHECK(many["steps"][0]["plan_id"] == one["steps"][0]["plan_id"]);
  CHECK(many["steps"][0]["priority"] == "low");
  CHECK(many["steps"][1]["type"] == "refactor");
  CHECK(many["steps"][1]["order_index"] == 2);

  auto backlogs = s.h.db().Prepare("SELECT count(*) FROM plans WHERE is_backlog = TRUE");
  backlogs.Step();
  CHECK(backlogs.Int(0) == 1);
}

TEST_CASE("add to a plan's phase by name or by default to its last phase; insert at an index") {
  Session s;
  const std::string plan = s.Plan(s.alpha, {"Design", "Build"});
  s.Ok({{"action", "add"}, {"plan", plan}, {"steps", {{{"task", "a"}}, {{"task", "b"}}}}});
  CHECK(s.text == "Added T1, T2 to P1 phase 'Build'.");
  s.Ok({{"action", "add"}, {"plan", "p1"}, {"phase", "Design"}, {"task", "c"}});
  json inserted = s.Ok({{"action", "insert"},
                        {"plan", plan},
                        {"phase", "Build"},
                        {"index", 1},
                        {"task", "between"}});
  CHECK(s.text == "Inserted T4 at position 1 of P1 phase 'Build'.");
  CHECK(inserted["step"]["order_index"] == 1);
  CHECK(s.Order(plan, "Build") == Codes{"T1", "T4", "T2"});
  CHECK(s.Order(plan, "Design") == Codes{"T3"});

  const std::string bare = s.Plan(s.alpha, {});
  s.Ok({{"action", "add"}, {"plan", bare}, {"task", "first"}});
  CHECK(s.text == "Added T5 to P2 phase 'Phase 1'.");
}

TEST_CASE("get shows every field with the plan's code and title and the phase's name") {
  Session s;
  s.Plan(s.alpha, {"Build"}, "Generate PRDs");
  s.Ok({{"action", "add"},
        {"plan", "P1"},
        {"task", "Generate PRD-006\nwith the v3 template"},
        {"generator_name", "prd-generator"},
        {"inputs", {"EPIC-006", "PRD-006"}},
        {"expected_outputs", {"PRD-006"}},
        {"context_notes", "New session CX required"},
        {"requires_confirmation", true},
        {"estimate_hours", 1.5},
        {"assignee", "writer"}});
  for (const json& ref : {json("T1"), json("t1"), json(1), json("1")}) {
    CAPTURE(ref.dump());
    json step = s.Ok({{"action", "get"}, {"step", ref}})["step"];
    CHECK(step["code"] == "T1");
    CHECK(step["plan_code"] == "P1");
    CHECK(step["plan_title"] == "Generate PRDs");
    CHECK(step["phase_name"] == "Build");
    CHECK(step["inputs"] == json({"EPIC-006", "PRD-006"}));  // seed 002 scenario 7
    CHECK(step["expected_outputs"] == json({"PRD-006"}));
    CHECK(step["requires_confirmation"] == true);
    CHECK(step["estimate_hours"] == 1.5);
    CHECK(step["created_at"].is_string());  // seed 002 scenario 2
    CHECK(step["status"] == "pending");
  }
  CHECK(Has(s.text, "T1 [pending] Generate PRD-006… (P1 phase 'Build' #0)"));
  CHECK(Has(s.text, "assignee writer"));
}

TEST_CASE("update moves a step through its statuses and records when and by whom") {
  Session s;
  s.Ok({{"action", "add"}, {"task", "Write the parser"}});
  json step = s.Ok({{"action", "update"},
                    {"step", "T1"},
                    {"status", "in_progress"},
                    {"agent", "executor"}})["step"];
  CHECK(step["started_at"].is_string());
  CHECK(s.text == "Updated T1 (status); now in_progress.");

  step = s.Ok({{"action", "update"},
               {"step", "T1"},
               {"status", "completed"},
               {"completion_notes", "26/26 tests pass"},
               {"agent", "executor"}})["step"];
  CHECK(step["completed_at"].is_string());
  CHECK(step["completed_by"] == "executor");

  std::string error = s.Err({{"action", "update"}, {"step", "T1"}, {"status", "in_progress"}});
  CHECK(Has(error,
            "step T1 cannot go from completed to in_progress; allowed from completed: pending"));

  step = s.Ok({{"action", "update"}, {"step", "T1"}, {"status", "pending"}})["step"];  // reopen
  CHECK(step["completed_at"].is_null());
  CHECK(step["completed_by"].is_null());

  step = s.Ok({{"action", "update"},
               {"step", "T1"},
               {"status", "blocked"},
               {"blocked_reason", "needs the API key"}})["step"];
  CHECK(step["blocked_reason"] == "needs the API key");
  CHECK(Has(s.Err({{"action", "update"}, {"step", "T1"}, {"status", "completed"}}),
            "allowed from blocked: pending, cancelled"));
}

TEST_CASE("batch_update changes many steps in one transaction, or none") {
  Session s;
  s.Ok({{"action", "add"}, {"steps", {{{"task", "a"}}, {{"task", "b"}}, {{"task", "c"}}}}});

  struct Case {
    const char* name;
    json updates;
    const char* fragment;
  };
  const Case cases[] = {
      {"illegal transition",
       {{{"step", "T1"}, {"status", "in_progress"}}, {{"step", "T2"}, {"status", "completed"}}},
       "updates[1]: step T2 cannot go from pending to completed"},
      {"unknown step",
       {{{"step", "T1"}, {"assignee", "ana"}}, {{"step", "T99"}, {"assignee", "bo"}}},
       "updates[1]: no step T99 in workspace"},
      {"bad enum",
       {{{"step", "T1"}, {"assignee", "ana"}}, {{"step", "T2"}, {"priority", "urgent"}}},
       "updates[1]: memory_steps.update: parameter \"priority\" (at "
       "arguments.updates[1].priority)"},
      {"unknown field",
       {{{"step", "T1"}, {"stauts", "completed"}}},
       "updates[0]: \"stauts\" is not a step field. Did you mean \"status\"?"},
      {"missing step",
       {{{"status", "in_progress"}}},
       "updates[0]: memory_steps.update: parameter \"step\""},
      {"blank task", {{{"step", "T1"}, {"task", "  "}}}, "updates[0]: task must not be empty"},
      {"nothing to change", {{{"step", "T1"}}}, "updates[0]: nothing to update"},
  };
  for (const auto& c : cases) {
    CAPTURE(std::string(c.name));
    CHECK(Has(s.Err({{"action", "batch_update"}, {"updates", c.updates}}), c.fragment));
    json t1 = s.Ok({{"action", "get"}, {"step", "T1"}})["step"];
    CHECK(t1["status"] == "pending");
    CHECK(t1["assignee"].is_null());
  }

  json ok = s.Ok({{"action", "batch_update"},
                  {"updates",
                   {{{"step", "T1"}, {"status", "in_progress"}},
                    {{"step", 2}, {"assignee", "ana"}, {"priority", "high"}}}}});
  CHECK(s.text == "Updated 2 steps: T1 in_progress, T2 pending.");
  CHECK(ok["steps"][1]["priority"] == "high");
}

TEST_CASE("move, reorder and delete keep positions dense; codes are never reused") {
  Session s;
  const std::string plan = s.Plan(s.alpha, {"Build", "Test"});
  s.Ok({{"action", "add"},
        {"plan", plan},
        {"phase", "Build"},
        {"steps", {{{"task", "1"}}, {{"task", "2"}}, {{"task", "3"}}}}});
  s.Ok({{"action", "add"}, {"plan", plan}, {"phase", "Test"}, {"task", "4"}});

  s.Ok({{"action", "move"}, {"step", "T3"}, {"index", 0}});
  CHECK(s.text == "Moved T3 to position 0 of P1 phase 'Build'.");
  CHECK(s.Order(plan, "Build") == Codes{"T3", "T1", "T2"});

  s.Ok({{"action", "move"}, {"step", "T1"}, {"phase", "Test"}, {"index", 0}});
  CHECK(s.Order(plan, "Build") == Codes{"T3", "T2"});
  CHECK(s.Order(plan, "Test") == Codes{"T1", "T4"});

  s.Ok({{"action", "reorder"}, {"order", {"T4", 1}}});
  CHECK(s.text == "Reordered P1 phase 'Test': T4, T1.");
  CHECK(s.Order(plan, "Test") == Codes{"T4", "T1"});

  json del = s.Ok({{"action", "delete"}, {"step", "T3"}});
  CHECK(del["deleted"] == true);
  CHECK(del["step"]["code"] == "T3");
  CHECK(s.Order(plan, "Build") == Codes{"T2"});
  s.Ok({{"action", "add"}, {"plan", plan}, {"phase", "Build"}, {"task", "5"}});
  CHECK(s.text == "Added T5 to P1 phase 'Build'.");
  CHECK(Has(s.Err({{"action", "get"}, {"step", "T3"}}), "no step T3"));

  // Another plan's phase is not a place this step can go.
  s.Plan(s.alpha, {"Elsewhere"});
  CHECK(Has(s.Err({{"action", "move"}, {"step", "T2"}, {"phase", "Elsewhere"}}),
            "plan P1 has no phase 'Elsewhere'; its phases: 'Build'"));
  CHECK(Has(s.Err({{"action", "move"}, {"step", "T2"}, {"index", 5}}),
            "index 5 is out of range for P1 phase 'Build': use 0..1"));
  CHECK(Has(s.Err({{"action", "reorder"}, {"order", {"T4"}}}), "missing: T1"));
  CHECK(Has(s.Err({{"action", "reorder"}, {"order", {"T4", "T77"}}}), "order[1]: no step T77"));
}

TEST_CASE("list filters, summarizes and pages with a stable cursor") {
  Session s;
  const std::string p1 = s.Plan(s.alpha, {"Build", "Test"});
  const std::string p2 = s.Plan(s.alpha, {"Only"});
  s.Ok(
      {{"action", "add"}, {"plan", p2}, {"steps", {{{"task", "o1"}}, {{"task", "o2"}}}}});  // T1 T2
  s.Ok({{"action", "add"},
        {"plan", p1},
        {"phase", "Test"},
        {"task", "t1"},
        {"type", "test"}});  // T3
  s.Ok({{"action", "add"},
        {"plan", p1},
        {"phase", "Build"},
        {"steps",
         {{{"task", std::string(200, 'x') + "\nmore"}, {"assignee", "ana"}},
          {{"task", "b2"}, {"context_notes", "long notes"}}}}});  // T4 T5
  // (Started out of order: T5 waits on earlier steps, so it needs force.)
  s.Ok({{"action", "update"}, {"step", "T5"}, {"status", "in_progress"}, {"force", true}});

  Codes seen;
  json cursor = nullptr;
  int pages = 0;
  do {
    json args = {{"action", "list"}, {"limit", 2}};
    if (!cursor.is_null()) args["cursor"] = cursor;
    json page = s.Ok(args);
    for (const auto& step : page["steps"]) seen.push_back(step["code"]);
    cursor = page["next_cursor"];
    if (!cursor.is_null()) CHECK(Has(s.text, "More: pass cursor"));
    ++pages;
  } while (!cursor.is_null() && pages < 10);
  CHECK(pages == 3);
  CHECK(seen == Codes{"T4", "T5", "T3", "T1", "T2"});  // plan, phase, position

  json first = s.Ok({{"action", "list"}, {"limit", 1}})["steps"][0];
  CHECK(first["task"] == std::string(120, 'x') + "…");
  CHECK_FALSE(first.contains("context_notes"));

  struct Case {
    const char* name;
    json filter;
    Codes codes;
  };
  const Case cases[] = {
      {"plan", {{"plan", p2}}, {"T1", "T2"}},
      {"phase", {{"plan", p1}, {"phase", "test"}}, {"T3"}},
      {"status", {{"status", "in_progress"}}, {"T5"}},
      {"assignee", {{"assignee", "ana"}}, {"T4"}},
      {"type", {{"type", "test"}}, {"T3"}},
      {"combined", {{"plan", p1}, {"status", "pending"}}, {"T4", "T3"}},
  };
  for (const auto& c : cases) {
    CAPTURE(std::string(c.name));
    json args = c.filter;
    args["action"] = "list";
    Codes codes;
    const json page = s.Ok(args);
    for (const auto& step : page["steps"]) codes.push_back(step["code"]);
    CHECK(codes == c.codes);
  }
  s.Ok({{"action", "list"}, {"status", "cancelled"}});
  CHECK(s.text == "No steps match.");
  CHECK(Has(s.Err({{"action", "list"}, {"cursor", "garbage"}}), "cursor"));
  CHECK(Has(s.Err({{"action", "list"}, {"phase", "Build"}}), "needs its plan"));
}

TEST_CASE("steps of another workspace are never found or changed (seed 002 scenario 6)") {
  Session s;
  json beta = s.Ok({{"action", "add"}, {"workspace", "beta"}, {"task", "beta work"}})["steps"][0];
  s.Ok({{"action", "add"}, {"task", "alpha work"}});
  const json beta_id = beta["id"];

  const json attempts[] = {
      {{"action", "get"}, {"step", beta_id}},
      {{"action", "update"}, {"step", beta_id}, {"status", "in_progress"}},
      {{"action", "batch_update"}, {"updates", {{{"step", beta_id}, {"status", "cancelled"}}}}},
      {{"action", "move"}, {"step", beta_id}, {"index", 0}},
      {{"action", "reorder"}, {"order", {beta_id}}},
      {{"action", "delete"}, {"step", beta_id}},
  };
  for (const auto& args : attempts) {
    CAPTURE(args.dump());
    CHECK(Has(s.Err(args), "in workspace alpha"));
  }
  json still = s.Ok({{"action", "get"}, {"workspace", "beta"}, {"step", "T1"}})["step"];
  CHECK(still["status"] == "pending");
  CHECK(still["task"] == "beta work");

  json mine = s.Ok({{"action", "list"}});
  REQUIRE(mine["steps"].size() == 1);
  CHECK(mine["steps"][0]["task"] == "alpha work");
  // The same code names a different step in each workspace.
  CHECK(s.Ok({{"action", "get"}, {"step", "T1"}})["step"]["task"] == "alpha work");
  // A plan of another workspace cannot be a target either.
  const std::string beta_plan = s.Plan(s.beta, {"Build"});
  CHECK(Has(s.Err({{"action", "add"}, {"plan", beta_plan}, {"task", "x"}}),
            "no plan P2 in workspace alpha"));
}

TEST_CASE("changes are logged to update_log with before and after") {
  Session s;
  s.Ok({{"action", "add"}, {"task", "logged"}, {"agent", "planner"}});
  s.Ok({{"action", "update"}, {"step", "T1"}, {"status", "in_progress"}, {"agent", "executor"}});
  auto rows = store::Query(s.h.db(), {"update_log", {"before_json", "after_json"}, {}},
                           "SELECT * FROM update_log WHERE entity_kind = 'step' ORDER BY id", {});
  REQUIRE(rows.size() == 2);
  CHECK(rows[0]["action"] == "create");
  CHECK(rows[0]["agent"] == "planner");
  CHECK(rows[0]["after_json"]["code"] == "T1");
  CHECK(rows[1]["action"] == "status");
  CHECK(rows[1]["agent"] == "executor");
  CHECK(rows[1]["before_json"]["status"] == "pending");
  CHECK(rows[1]["after_json"]["status"] == "in_progress");
  CHECK(rows[1]["workspace_id"] == s.alpha);
}

TEST_CASE("errors an agent can act on") {
  Session s;
  const std::string plan = s.Plan(s.alpha, {"Build"});
  s.Ok({{"action", "add"}, {"plan", plan}, {"task", "one"}});
  struct Case {
    const char* name;
    json args;
    const char* fragment;
  };
  const Case cases[] = {
      {"add needs something", {{"action", "add"}}, "needs task (one step) or steps (many)"},
      {"task and steps",
       {{"action", "add"}, {"task", "a"}, {"steps", {{{"task", "b"}}}}},
       "not both"},
      {"blank task", {{"action", "add"}, {"task", " "}}, "task must not be empty"},
      {"empty steps", {{"action", "add"}, {"steps", json::array()}}, "steps is empty"},
      {"step without task",
       {{"action", "add"}, {"steps", {{{"type", "code"}}}}},
       "steps[0] needs a task"},
      {"bad type in steps",
       {{"action", "add"}, {"steps", {{{"task", "a"}}, {{"task", "b"}, {"type", "cod"}}}}},
       "steps[1]: memory_steps.add: parameter \"type\" (at arguments.steps[1].type)"},
      {"plan key in steps",
       {{"action", "add"}, {"steps", {{{"task", "a"}, {"plan", "P1"}}}}},
       "steps[0]: \"plan\" is not a step field"},
      {"unknown plan",
       {{"action", "add"}, {"plan", "P9"}, {"task", "a"}},
       "no plan P9 in workspace alpha"},
      {"unknown phase",
       {{"action", "add"}, {"plan", plan}, {"phase", "Ship"}, {"task", "a"}},
       "plan P1 has no phase 'Ship'; its phases: 'Build'"},
      {"insert past the end",
       {{"action", "insert"}, {"plan", plan}, {"index", 2}, {"task", "a"}},
       "index 2 is out of range for P1 phase 'Build': use 0..1"},
      {"insert needs index", {{"action", "insert"}, {"task", "a"}}, "\"index\""},
      {"invalid status (seed 002 scenario 3)",
       {{"action", "update"}, {"step", "T1"}, {"status", "invalid_status"}},
       "must be one of"},
      {"update with nothing", {{"action", "update"}, {"step", "T1"}}, "nothing to update"},
      {"negative estimate",
       {{"action", "update"}, {"step", "T1"}, {"estimate_hours", -1}},
       "at least 0"},
      {"inputs of numbers",
       {{"action", "add"}, {"task", "a"}, {"inputs", {1}}},
       "inputs[0] must be a string"},
      {"unknown workspace", {{"action", "list"}, {"workspace", "gamma"}}, "gamma"},
  };
  for (const auto& c : cases) {
    CAPTURE(std::string(c.name));
    CHECK(Has(s.Err(c.args), c.fragment));
  }
  // Nothing the refused calls tried was stored.
  CHECK(s.Ok({{"action", "list"}})["steps"].size() == 1);
}

TEST_CASE("describe returns the catalog's help") {
  Session s;
  json all = s.Ok({{"action", "describe"}});
  CHECK(all["help"]["actions"].size() == 14);
  json one = s.Ok({{"action", "describe"}, {"about", "batch_update"}});
  CHECK(one["help"]["action"] == "batch_update");
  CHECK(one["help"]["example"]["arguments"]["action"] == "batch_update");
}

}  // namespace pm::tools
