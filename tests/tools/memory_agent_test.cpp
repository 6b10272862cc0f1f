// memory_agent through tools/call: sessions, handoffs and briefings, the
// agent/instruction/skill library and its import, build scripts, events and
// the update log.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "app/library_import.h"
#include "cli/commands.h"
#include "test_support.h"
#include "tools/tool_call.h"
#include "work_fixture.h"

namespace pm::tools {

using nlohmann::json;
using testing::Has;
using testing::McpHarness;
using testing::ScalarInt;

namespace {

// Workspace "shop" at a temp directory (the server's), and "other" without a path.
struct World {
  testing::TempDir dir;
  McpHarness h{dir.path().string()};
  testing::ToolCaller agent{h, "memory_agent"};
  int64_t shop = testing::ToolCaller(h, "memory_workspace")
                     .Ok({{"action", "register"},
                          {"path", dir.path().string()},
                          {"name", "shop"}})["workspace"]["id"];
  int64_t other = testing::RegisterWorkspace(h, "other");

  json Ok(const json& args) { return agent.Ok(args); }
  std::string Err(const json& args) { return agent.Err(args); }

  void Write(const std::string& relative, const std::string& text) {
    std::filesystem::path file = dir.path() / relative;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file) << text;
  }
};

}  // namespace

TEST_CASE("sessions start, complete, list, and mark the update log of later calls") {
  World w;
  auto plan = testing::AddPlan(w.h.db(), w.shop, "Login flow");
  json s1 = w.Ok({{"action", "session_start"},
                  {"agent", "executor"},
                  {"plan", plan.code},
                  {"context", {{"step", "T1"}}}})["session"];
  CHECK(s1["code"] == "S1");
  CHECK(s1["status"] == "active");
  CHECK(s1["plan_id"] == plan.id);
  CHECK(s1["context"]["step"] == "T1");

  // Changes made through this server now carry the session and its agent.
  testing::ToolCaller(w.h, "memory_context")
      .Ok({{"action", "store"}, {"type", "t"}, {"data", "x"}});
  CHECK(ScalarInt(w.h.db(),
                  "SELECT count(*) FROM update_log WHERE entity_kind = 'context' AND "
                  "session_id = 'S1' AND agent = 'executor'") == 1);
  json logged = w.Ok({{"action", "update_log"}, {"session", "S1"}})["entries"];
  REQUIRE(logged.size() == 1);
  CHECK(logged[0]["entity_kind"] == "context");

  json s2 = w.Ok({{"action", "session_start"}, {"agent", "reviewer"}})["session"];
  CHECK(s2["code"] == "S2");
  json done = w.Ok({{"action", "session_complete"},
                    {"session", "s1"},
                    {"summary", "Parser done"},
                    {"artifacts", {"src/parser.cpp"}}})["session"];
  CHECK(done["status"] == "completed");
  CHECK(done["completed_at"].is_string());
  CHECK(done["artifacts"] == json{"src/parser.cpp"});
  CHECK(Has(w.Err({{"action", "session_complete"}, {"session", "S1"}}), "was completed at"));

  CHECK(w.Ok({{"action", "session_get"}, {"session", s2["id"]}})["session"]["agent"] == "reviewer");
  CHECK(w.Ok({{"action", "session_list"}})["sessions"].size() == 2);
  CHECK(w.Ok({{"action", "session_list"}, {"status", "active"}})["sessions"][0]["code"] == "S2");
  CHECK(w.Ok({{"action", "session_list"}, {"plan", plan.code}})["sessions"].size() == 1);
  CHECK(w.Ok({{"action", "session_list"}, {"agent", "reviewer"}})["sessions"].size() == 1);
  CHECK(Has(w.Err({{"action", "session_get"}, {"workspace", "other"}, {"session", "S1"}}),
            "no session S1 in workspace other"));
}

TEST_CASE("a handoff appends lineage and keeps its data as context on the plan") {
  World w;
  auto plan = testing::AddPlan(w.h.db(), w.shop, "Login flow");
  json out = w.Ok({{"action", "handoff"},
                   {"plan", plan.code},
                   {"from", "architect"},
                   {"to", "executor"},
                   {"reason", "Design done"},
                   {"data", {{"next", "T1"}}}});
  CHECK(out["lineage"]["from_agent"] == "architect");
  CHECK(out["lineage"]["data"]["next"] == "T1");
  CHECK(out["context"]["anchor_kind"] == "plan");
  CHECK(out["context"]["type"] == "handoff");
  CHECK(out["context"]["data"]["to"] == "executor");
  w.Ok({{"action", "handoff"}, {"plan", plan.code}, {"from", "executor"}, {"to", "reviewer"}});
  json lineage = w.Ok({{"action", "lineage"}, {"plan", plan.code}})["lineage"];
  REQUIRE(lineage.size() == 2);
  CHECK(lineage[1]["to_agent"] == "reviewer");
  CHECK(ScalarInt(w.h.db(), "SELECT count(*) FROM context_items WHERE type = 'handoff'") == 2);
  CHECK(Has(w.Err({{"action", "handoff"}, {"plan", "P9"}, {"from", "a"}, {"to", "b"}}),
            "no plan P9"));
  CHECK(Has(w.Err({{"action", "handoff"}, {"plan", plan.code}, {"from", " "}, {"to", "b"}}),
            "from must not be empty"));
}

TEST_CASE(
    "a briefing gives goal, current phase, its step, recent handoffs and notes, open criteria") {
  World w;
  testing::ToolCaller plans(w.h, "memory_plan");
  json view = plans.Ok({{"action", "create"},
                        {"workspace", "shop"},
                        {"title", "Login flow"},
                        {"goal", "Users sign in"},
                        {"phases", {"Design", "Build"}},
                        {"requirements", {"Tokens expire", "Passwords hashed"}}});
  const std::string code = view["plan"]["code"];
  testing::ToolCaller steps(w.h, "memory_steps");
  steps.Ok({{"action", "add"},
            {"workspace", "shop"},
            {"plan", code},
            {"phase", "Design"},
            {"steps", {{{"task", "Sketch the flow"}}}}});
  steps.Ok({{"action", "add"},
            {"workspace", "shop"},
            {"plan", code},
            {"phase", "Build"},
            {"steps", {{{"task", "Write the parser"}}, {{"task", "Test the parser"}}}}});
  for (int i = 1; i <= 4; ++i) {
    plans.Ok({{"action", "add_note"},
              {"workspace", "shop"},
              {"plan", code},
              {"text", "note " + std::to_string(i)}});
  }
  w.Ok({{"action", "handoff"},
        {"plan", code},
        {"from", "architect"},
        {"to", "executor"},
        {"reason", "go"}});
  plans.Ok({{"action", "update_requirement"},
            {"workspace", "shop"},
            {"requirement", "R1"},
            {"met", true}});

  json b = w.Ok({{"action", "briefing"}, {"plan", code}})["briefing"];
  CHECK(b["plan"]["goal"] == "Users sign in");
  CHECK(b["phase"]["name"] == "Design");
  CHECK(b["step"]["task"] == "Sketch the flow");
  CHECK(b["step"]["status"] == "pending");
  REQUIRE(b["notes"].size() == 3);  // the latest three, oldest first
  CHECK(b["notes"][2]["text"] == "note 4");
  REQUIRE(b["lineage"].size() == 1);
  CHECK(b["lineage"][0]["to_agent"] == "executor");
  REQUIRE(b["open_requirements"].size() == 1);
  CHECK(b["open_requirements"][0]["code"] == "R2");

  // Finish the design; the build phase's step in progress wins over its pending one.
  // The plan is still a draft, so starting its steps takes force.
  steps.Ok({{"action", "update"},
            {"workspace", "shop"},
            {"step", "T1"},
            {"status", "in_progress"},
            {"force", true}});
  steps.Ok({{"action", "update"}, {"workspace", "shop"}, {"step", "T1"}, {"status", "completed"}});
  steps.Ok({{"action", "update"},
            {"workspace", "shop"},
            {"step", "T3"},
            {"status", "in_progress"},
            {"force", true}});
  b = w.Ok({{"action", "briefing"}, {"plan", code}})["briefing"];
  CHECK(b["phase"]["name"] == "Build");
  CHECK(b["step"]["code"] == "T3");
  CHECK(b["plan"]["steps_completed"] == 1);
  std::string text = w.agent.Text({{"action", "briefing"}, {"plan", code}});
  CHECK(Has(text, "Goal: Users sign in"));
  CHECK(Has(text, "In progress: T3 Test the parser"));
  CHECK(Has(text, "Open: R2 Passwords hashed"));
}

TEST_CASE("agents, instructions and skills are stored by name, listed, read and deleted") {
  World w;
  struct Case {
    std::string kind;
    json extra;
  };
  const Case cases[] = {
      {"agent", json::object()},
      {"instruction", {{"applies_to", "**/*.py"}}},
      {"skill", {{"category", "testing"}, {"tags", {"pytest"}}, {"languages", {"python"}}}},
  };
  for (const auto& c : cases) {
    CAPTURE(c.kind);
    json args = {{"action", c.kind + "_store"},
                 {"name", "first"},
                 {"content", "v1"},
                 {"description", "One"}};
    args.update(c.extra);
    json added = w.Ok(args);
    CHECK(added[c.kind]["name"] == "first");
    CHECK(Has(w.agent.Text(args), "unchanged"));
    CHECK(Has(w.agent.Text({{"action", c.kind + "_store"}, {"name", "first"}, {"content", "v2"}}),
              "updated"));
    json got = w.Ok({{"action", c.kind + "_get"}, {"name", "first"}})[c.kind];
    CHECK(got["content"] == "v2");
    CHECK(got["description"] == "One");  // kept: not given in the update
    CHECK(Has(w.Err({{"action", c.kind + "_store"}, {"name", "second"}}), "give its content"));
    CHECK(w.Ok({{"action", c.kind + "_list"}})["items"].size() == 1);
    CHECK(w.Ok({{"action", c.kind + "_list"}, {"workspace", "other"}})["items"].empty());
    w.Ok({{"action", c.kind + "_delete"}, {"name", "first"}});
    CHECK(Has(w.Err({{"action", c.kind + "_get"}, {"name", "first"}}),
              c.kind + "_list shows the names"));
  }
  json skill = w.Ok({{"action", "skill_store"},
                     {"name", "s"},
                     {"content", "x"},
                     {"category", "testing"},
                     {"tags", {"a"}},
                     {"languages", {"go"}},
                     {"frameworks", {"gin"}}})["skill"];
  CHECK(skill["language_targets"] == json{"go"});
  CHECK(skill["framework_targets"] == json{"gin"});
  CHECK(w.Ok({{"action", "skill_list"}, {"category", "testing"}})["items"].size() == 1);
  CHECK(w.Ok({{"action", "skill_list"}, {"tags", {"b"}}})["items"].empty());
}

TEST_CASE("instructions_for returns the instruction files whose globs match a path") {
  World w;
  const std::pair<const char*, const char*> files[] = {
      {"all", "**"}, {"typescript", "**/*.ts,**/*.tsx"}, {"tests", "tests/**"}, {"docs", "*.md"}};
  for (const auto& [name, globs] : files) {
    w.Ok({{"action", "instruction_store"},
          {"name", name},
          {"applies_to", globs},
          {"content", name}});
  }
  struct Case {
    std::string path;
    std::vector<std::string> names;
  };
  const Case cases[] = {
      {"src/app/main.tsx", {"all", "typescript"}},
      {"tests/unit/a.ts", {"all", "tests", "typescript"}},
      {"docs/guide/intro.md", {"all", "docs"}},
      {"CMakeLists.txt", {"all"}},
      {w.dir.path().string() + "/tests/x.py", {"all", "tests"}},  // absolute, inside the workspace
  };
  for (const auto& c : cases) {
    CAPTURE(c.path);
    json matched = w.Ok({{"action", "instructions_for"}, {"path", c.path}})["instructions"];
    std::vector<std::string> names;
    for (const auto& m : matched) names.push_back(m["name"]);
    CHECK(names == c.names);
  }
}

TEST_CASE("skill_match ranks skills by query, tags and language or framework targets") {
  World w;
  w.Ok({{"action", "skill_store"},
        {"name", "react-testing"},
        {"content", "Test components with Testing Library"},
        {"tags", {"testing", "frontend"}},
        {"languages", {"typescript"}},
        {"frameworks", {"react"}}});
  w.Ok({{"action", "skill_store"},
        {"name", "pytest"},
        {"content", "Fixtures and parametrize"},
        {"tags", {"testing"}},
        {"languages", {"python"}}});
  w.Ok({{"action", "skill_store"},
        {"name", "go-http"},
        {"content", "Handlers and middleware"},
        {"languages", {"go"}}});
  auto names = [&](const json& args) {
    std::vector<std::string> out;
    json a = args;
    a["action"] = "skill_match";
    json r = w.Ok(a);
    for (const auto& s : r["skills"]) out.push_back(s["name"]);
    return out;
  };
  CHECK(names({{"languages", {"Python"}}}) == std::vector<std::string>{"pytest"});
  CHECK(names({{"tags", {"testing"}}, {"frameworks", {"react"}}}) ==
        std::vector<std::string>{"react-testing", "pytest"});
  CHECK(names({{"query", "middleware"}}) == std::vector<std::string>{"go-http"});
  CHECK(names({{"query", "test*"}, {"languages", {"python"}}}).front() == "pytest");
  CHECK(names({{"tags", {"nothing"}}}).empty());
  json first = w.Ok({{"action", "skill_match"},
                     {"tags", {"testing"}},
                     {"languages", {"typescript"}}})["skills"][0];
  CHECK(first["matched"]["tags"] == json{"testing"});
  CHECK(first["matched"]["languages"] == json{"typescript"});
  CHECK(Has(w.Err({{"action", "skill_match"}}), "give a query"));
  CHECK(Has(w.Err({{"action", "skill_match"}, {"query", "a.b"}}), "cannot match skills"));
}

TEST_CASE("import reads agents, instructions and skills once, then reports them unchanged") {
  World w;
  w.Write("agents/executor.agent.md",
          "---\nname: executor\ndescription: Writes code\ntools: [edit, run]\n---\n# Executor\nDo "
          "it.\n");
  w.Write("agents/reviewer.md", "# Reviewer\nReview.\n");
  w.Write("agents/notes.txt", "not an agent");
  w.Write(".github/instructions/typescript.instructions.md",
          "---\napplyTo: '**/*.ts,**/*.tsx'\n---\nUse strict mode.\n");
  w.Write(".github/instructions/any.instructions.md", "No front matter.\n");
  w.Write(
      ".github/skills/react-testing/SKILL.md",
      "---\nname: react-testing\ndescription: Testing React\ncategory: testing\ntags:\n  - react\n"
      "  - testing\nlanguages: [typescript, javascript]\nframeworks: react\n---\nUse Testing "
      "Library.\n");
  w.Write(".github/skills/empty/README.md", "no SKILL.md here");

  json first = w.Ok({{"action", "import"}});
  CHECK(first["added"] == json{"agent:executor", "agent:reviewer", "instruction:any",
                               "instruction:typescript", "skill:react-testing"});
  CHECK(first["updated"].empty());
  json again = w.Ok({{"action", "import"}, {"path", "."}});
  CHECK(again["added"].empty());
  CHECK(again["updated"].empty());
  CHECK(again["unchanged"].size() == 5);

  json executor = w.Ok({{"action", "agent_get"}, {"name", "executor"}})["agent"];
  CHECK(executor["description"] == "Writes code");
  CHECK(executor["content"] == "# Executor\nDo it.\n");
  CHECK(executor["metadata"]["tools"] == json{"edit", "run"});
  CHECK(executor["source_path"] == "agents/executor.agent.md");
  json ts = w.Ok({{"action", "instruction_get"}, {"name", "typescript"}})["instruction"];
  CHECK(ts["applies_to"] == "**/*.ts,**/*.tsx");
  CHECK(w.Ok({{"action", "instruction_get"}, {"name", "any"}})["instruction"]["applies_to"] ==
        "**");
  json skill = w.Ok({{"action", "skill_get"}, {"name", "react-testing"}})["skill"];
  CHECK(skill["tags"] == json{"react", "testing"});
  CHECK(skill["language_targets"] == json{"typescript", "javascript"});
  CHECK(skill["framework_targets"] == json{"react"});
  CHECK(skill["category"] == "testing");

  w.Write("agents/reviewer.md", "# Reviewer\nReview twice.\n");
  json changed = w.Ok({{"action", "import"}});
  CHECK(changed["updated"] == json{"agent:reviewer"});
  CHECK(changed["unchanged"].size() == 4);

  CHECK(Has(w.Err({{"action", "import"}, {"workspace", "other"}}), "has no path"));
  CHECK(Has(w.Err({{"action", "import"}, {"path", "missing/dir"}}), "is not a directory"));
  CHECK(Has(w.Err({{"action", "import"}, {"path", "/nonexistent/dir"}}), "outside"));
}

TEST_CASE("project-memory import-library imports idempotently from the command line") {
  testing::TempDir dir;
  const std::string db = dir.File("memory.db");
  std::filesystem::create_directories(dir.path() / "proj" / "agents");
  std::ofstream(dir.path() / "proj" / "agents" / "planner.md") << "# Planner\n";
  auto run = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"project-memory", "--db", db, "--log-level", "off"});
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    return cli::RunCli(static_cast<int>(argv.size()), argv.data());
  };
  CHECK(run({"import-library", (dir.path() / "proj").string()}) == 1);  // no workspace yet
  {
    store::Database database(store::DatabaseOptions{db});  // migrated by the run above
    testing::AddWorkspace(database, "proj");
  }
  CHECK(run({"import-library", "--workspace", "proj", (dir.path() / "proj").string()}) == 0);
  CHECK(run({"import-library", "--workspace", "proj", (dir.path() / "proj").string()}) == 0);
  CHECK(run({"reindex"}) == 0);
  store::Database database(store::DatabaseOptions{db});
  CHECK(ScalarInt(database, "SELECT count(*) FROM agent_definitions") == 1);
  CHECK(ScalarInt(database, "SELECT count(*) FROM update_log WHERE entity_kind = 'agent'") == 1);
}

TEST_CASE(
    "build scripts are stored (never run), replaced by name, listed per plan, read and deleted") {
  World w;
  auto plan = testing::AddPlan(w.h.db(), w.shop, "Login flow");
  json added = w.Ok({{"action", "script_add"},
                     {"name", "test"},
                     {"command", "ctest"},
                     {"directory", "build"}})["script"];
  CHECK(added["created"] == true);
  json replaced =
      w.Ok({{"action", "script_add"}, {"name", "test"}, {"command", "ctest -j2"}})["script"];
  CHECK(replaced["created"] == false);
  CHECK(replaced["id"] == added["id"]);
  CHECK(replaced["command"] == "ctest -j2");
  w.Ok({{"action", "script_add"}, {"name", "test"}, {"command", "pytest"}, {"plan", plan.code}});
  w.Ok({{"action", "script_add"}, {"name", "lint"}, {"command", "ruff"}, {"workspace", "other"}});

  CHECK(w.Ok({{"action", "script_get"}, {"name", "test"}})["script"]["command"] == "ctest -j2");
  CHECK(w.Ok({{"action", "script_get"},
              {"name", "test"},
              {"plan", plan.code}})["script"]["command"] == "pytest");
  CHECK(w.Ok({{"action", "script_get"},
              {"name", std::to_string(added["id"].get<int64_t>())}})["script"]["id"] ==
        added["id"]);
  CHECK(w.Ok({{"action", "script_list"}})["scripts"].size() == 2);
  CHECK(w.Ok({{"action", "script_list"}, {"plan", plan.code}})["scripts"].size() == 2);
  CHECK(Has(w.Err({{"action", "script_get"}, {"name", "lint"}}), "no build script lint"));
  w.Ok({{"action", "script_delete"}, {"name", "test"}});
  CHECK(w.Ok({{"action", "script_list"}})["scripts"].size() == 1);
}

TEST_CASE("events are added, read newest first or since a time, and cleaned up") {
  World w;
  w.Ok({{"action", "event_add"},
        {"type", "build_failed"},
        {"data", {{"step", "T7"}}},
        {"agent", "ci"}});
  w.Ok({{"action", "event_add"}, {"type", "deploy"}});
  w.Ok({{"action", "event_add"}, {"type", "deploy"}, {"workspace", "other"}});
  w.h.db().ExecScript("UPDATE event_log SET created_at = '2020-01-01T00:00:00.000Z' WHERE id = 1");

  json recent = w.Ok({{"action", "event_recent"}})["events"];
  REQUIRE(recent.size() == 2);
  CHECK(recent[0]["event_type"] == "deploy");
  CHECK(recent[1]["agent"] == "ci");
  CHECK(recent[1]["data"]["step"] == "T7");
  CHECK(w.Ok({{"action", "event_recent"}, {"type", "build_failed"}})["events"].size() == 1);
  CHECK(w.Ok({{"action", "event_since"}, {"since", "2021-01-01"}})["events"].size() == 1);
  CHECK(w.Ok({{"action", "event_since"}, {"since", "2019-01-01"}})["events"][0]["event_type"] ==
        "build_failed");
  CHECK(w.Ok({{"action", "event_cleanup"}, {"days", 30}})["deleted"] == 1);
  CHECK(w.Ok({{"action", "event_recent"}})["events"].size() == 1);
  CHECK(w.Ok({{"action", "event_recent"}, {"workspace", "other"}})["events"].size() == 1);

  // A server with no workspace logs events without one.
  McpHarness bare;
  testing::ToolCaller(bare, "memory_agent").Ok({{"action", "event_add"}, {"type", "started"}});
  CHECK(
      testing::ToolCaller(bare, "memory_agent").Ok({{"action", "event_recent"}})["events"].size() ==
      1);
}

TEST_CASE("the update log pages newest first and filters by entity kind") {
  World w;
  testing::ToolCaller ctx(w.h, "memory_context");
  for (int i = 0; i < 5; ++i)
    ctx.Ok({{"action", "store"}, {"type", "t" + std::to_string(i)}, {"data", i}});
  w.Ok({{"action", "script_add"}, {"name", "b"}, {"command", "make"}});
  json page1 = w.Ok({{"action", "update_log"}, {"entity", "context"}, {"limit", 3}});
  REQUIRE(page1["entries"].size() == 3);
  CHECK(page1["entries"][0]["after"]["type"] == "t4");
  REQUIRE(page1["next_cursor"].is_string());
  json page2 = w.Ok({{"action", "update_log"},
                     {"entity", "context"},
                     {"limit", 3},
                     {"cursor", page1["next_cursor"]}});
  REQUIRE(page2["entries"].size() == 2);
  CHECK(page2["entries"][1]["after"]["type"] == "t0");
  CHECK(page2["next_cursor"].is_null());
  CHECK(w.Ok({{"action", "update_log"}, {"entity", "build_script"}})["entries"].size() == 1);
  CHECK(w.Ok({{"action", "update_log"}, {"workspace", "other"}, {"entity", "context"}})["entries"]
            .empty());
}

TEST_CASE("front matter: scalars, quoted values, inline and block lists; none without the fences") {
  app::FrontMatter fm = app::ParseFrontMatter(
      "---\nname: \"x y\"\napplyTo: '**/*.ts'\ntags: [a, 'b']\nlist:\n  - c\n  - d\n"
      "# comment\nempty:\n---\nbody\n");
  CHECK(fm.fields["name"] == "x y");
  CHECK(fm.fields["applyTo"] == "**/*.ts");
  CHECK(fm.fields["tags"] == json{"a", "b"});
  CHECK(fm.fields["list"] == json{"c", "d"});
  CHECK_FALSE(fm.fields.contains("empty"));
  CHECK(fm.body == "body\n");
  CHECK(app::ParseFrontMatter("no front matter\n").fields.empty());
  app::FrontMatter open = app::ParseFrontMatter("---\nname: x\nnever closed\n");
  CHECK(open.fields.empty());
  CHECK(open.body == "---\nname: x\nnever closed\n");
}

}  // namespace pm::tools
