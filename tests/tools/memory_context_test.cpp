// memory_context through tools/call, as an agent uses it: memory on every
// anchor kind, research, knowledge, sections, search and help.
#include <doctest/doctest.h>

#include <map>
#include <set>

#include "store/pg/search_sql.h"
#include "test_support.h"
#include "tools/tool_call.h"
#include "work_fixture.h"

namespace pm::tools {

using nlohmann::json;
using testing::Has;
using testing::McpHarness;
using testing::ScalarInt;

namespace {

// Two workspaces ("shop" and "other"); calls go to "shop" unless they say.
struct World {
  McpHarness h;
  testing::ToolCaller ctx{h, "memory_context"};
  int64_t shop = testing::RegisterWorkspace(h, "shop");
  int64_t other = testing::RegisterWorkspace(h, "other");

  json Ok(json args) { return ctx.Ok(InShop(std::move(args))); }
  std::string Err(json args) { return ctx.Err(InShop(std::move(args))); }
  json Store(json args) {
    args["action"] = "store";
    return Ok(std::move(args))["item"];
  }
  static json InShop(json args) {
    if (!args.contains("workspace")) args["workspace"] = "shop";
    return args;
  }
};

// World plus one anchor of every kind in "shop": plan P1 with phase "Build"
// holding step T1, track "Speed", program PG1.
struct AnchorWorld : World {
  testing::PlanRow plan = testing::AddPlan(h.db(), shop, "Login flow");
  int64_t phase = testing::AddPhase(h.db(), plan.id, "Build", 0);
  int64_t step = testing::AddStep(h.db(), shop, plan.id, phase, "Write the parser");
  json track =
      testing::ToolCaller(h, "memory_workspace")
          .Ok({{"action", "track_create"}, {"workspace", "shop"}, {"name", "Speed"}})["track"];
  json program =
      testing::ToolCaller(h, "memory_workspace")
          .Ok({{"action", "program_create"}, {"workspace", "shop"}, {"title", "Auth"}})["program"];
};

// Every full-text index agrees with its rows: FTS5's integrity-check, or on
// PostgreSQL each tsvector row equal to the document its source row makes now.
void CheckIndexesInSync(store::Database& db) {
  if (testing::OnPostgres(db)) {
    for (const auto& index : store::pg::PgFtsIndexes()) {
      CAPTURE(index.fts);
      const bool catalog = index.source == index.fts;
      const std::string source = catalog ? "catalog_documents" : index.source;
      const std::string document =
          catalog ? "pm_fts_document(r.tool, r.action, r.description, r.params)"
                  : index.fts + "_document(r)";
      CHECK(ScalarInt(db, "SELECT count(*) FROM " + index.fts + " AS f FULL JOIN " + source +
                              " AS r ON r.id = f.id WHERE f.id IS NULL OR r.id IS NULL OR "
                              "f.document <> " +
                              document) == 0);
    }
  } else {
    for (const char* index :
         {"context_fts", "research_fts", "knowledge_fts", "sections_fts", "plans_fts", "steps_fts",
          "notes_fts", "feedback_fts", "skills_fts", "catalog_fts"}) {
      CAPTURE(index);
      const std::string name = index;
      CHECK_NOTHROW(
          db.ExecScript("INSERT INTO " + name + " (" + name + ") VALUES ('integrity-check')"));
    }
  }
  CHECK(ScalarInt(db, "SELECT count(*) FROM catalog_fts") ==
        ScalarInt(db, "SELECT count(*) FROM tool_actions"));
}

std::vector<std::string> HitCodes(const json& result) {
  std::vector<std::string> codes;
  for (const auto& hit : result["hits"]) {
    codes.push_back(hit["kind"].get<std::string>() + ":" +
                    (hit["code"].is_string() ? hit["code"].get<std::string>() : hit["id"].dump()));
  }
  return codes;
}

}  // namespace

TEST_CASE("store replaces the item of (anchor, type) and append adds beside it") {
  World w;
  auto plan = testing::AddPlan(w.h.db(), w.shop, "Login flow");
  json first = w.Store({{"anchor", "plan"},
                        {"anchor_id", plan.code},
                        {"type", "decisions"},
                        {"data", {{"db", "SQLite"}}},
                        {"agent", "architect"}});
  CHECK(first["created"] == true);
  CHECK(first["anchor_kind"] == "plan");
  CHECK(first["anchor_id"] == plan.id);
  CHECK(first["plan_id"] == plan.id);
  CHECK(first["format"] == "json");
  CHECK(first["data"] == json{{"db", "SQLite"}});
  CHECK(first["agent"] == "architect");

  json replaced = w.Store({{"anchor", "plan"},
                           {"anchor_id", plan.id},
                           {"type", "decisions"},
                           {"data", {{"db", "SQLite in WAL mode"}}}});
  CHECK(replaced["created"] == false);
  CHECK(replaced["id"] == first["id"]);
  CHECK(replaced["data"]["db"] == "SQLite in WAL mode");

  json appended = w.Store({{"anchor", "plan"},
                           {"anchor_id", plan.code},
                           {"type", "decisions"},
                           {"data", "Use one binary"},
                           {"append", true}});
  CHECK(appended["created"] == true);
  CHECK(appended["id"] != first["id"]);
  CHECK(appended["format"] == "text");
  CHECK(appended["data"] == "Use one binary");

  // Without an anchor, memory belongs to the workspace.
  json ws_item = w.Store({{"type", "conventions"}, {"data", json::array({"snake_case"})}});
  CHECK(ws_item["anchor_kind"] == "workspace");
  CHECK(ws_item["anchor_id"] == w.shop);
  CHECK(ws_item["plan_id"].is_null());

  json got = w.Ok({{"action", "get"}, {"id", first["id"]}})["item"];
  CHECK(got["data"]["db"] == "SQLite in WAL mode");
  CHECK(Has(w.ctx.Text(World::InShop({{"action", "get"}, {"id", appended["id"]}})),
            "Use one binary"));

  json types = w.Ok({{"action", "list_types"}})["types"];
  REQUIRE(types.size() == 2);
  CHECK(types[0]["type"] == "conventions");
  CHECK(types[1]["type"] == "decisions");
  CHECK(types[1]["count"] == 2);
  CHECK(w.Ok({{"action", "list_types"}, {"anchor", "plan"}, {"anchor_id", plan.code}})["types"]
            .size() == 1);

  // Every change is in the update log with before and after.
  CHECK(ScalarInt(w.h.db(), "SELECT count(*) FROM update_log WHERE entity_kind = 'context'") == 4);
  CHECK(ScalarInt(w.h.db(),
                  "SELECT count(*) FROM update_log WHERE entity_kind = 'context' AND "
                  "action = 'update' AND before_json IS NOT NULL") == 1);

  json deleted = w.Ok({{"action", "delete"}, {"id", appended["id"]}})["item"];
  CHECK(deleted["id"] == appended["id"]);
  CHECK(Has(w.Err({{"action", "get"}, {"id", appended["id"]}}), "no memory item"));
  CHECK(Has(w.Err({{"action", "delete"}, {"id", appended["id"]}}), "no memory item"));
}

TEST_CASE("every anchor kind resolves by id or code; unknown anchors are errors") {
  AnchorWorld w;
  const auto& plan = w.plan;
  const auto& track = w.track;
  const auto& program = w.program;
  const int64_t phase = w.phase, step = w.step;
  struct Case {
    std::string anchor;
    json ref;
    int64_t id;
    json plan_id;
  };
  const Case cases[] = {
      {"workspace", "shop", w.shop, nullptr},
      {"workspace", w.shop, w.shop, nullptr},
      {"track", "Speed", track["id"], nullptr},
      {"track", track["id"], track["id"], nullptr},
      {"program", program["code"], program["id"], nullptr},
      {"plan", plan.code, plan.id, plan.id},
      {"plan", std::to_string(plan.id), plan.id, plan.id},
      {"phase", phase, phase, plan.id},
      {"step", "t1", step, plan.id},
      {"step", step, step, plan.id},
  };
  for (const auto& c : cases) {
    CAPTURE(c.anchor);
    CAPTURE(c.ref.dump());
    json item = w.Store({{"anchor", c.anchor}, {"anchor_id", c.ref}, {"type", "t"}, {"data", "x"}});
    CHECK(item["anchor_kind"] == c.anchor);
    CHECK(item["anchor_id"] == c.id);
    CHECK(item["plan_id"] == c.plan_id);
  }
  struct Bad {
    json args;
    const char* fragment;
  };
  const Bad bad[] = {
      {{{"anchor", "plan"}, {"anchor_id", "P99"}}, "no plan P99 in workspace shop"},
      {{{"anchor", "step"}}, "anchor step needs anchor_id"},
      {{{"anchor", "phase"}, {"anchor_id", "Build"}}, "no phase Build"},
      {{{"anchor", "workspace"}, {"anchor_id", "other"}}, "no workspace other in workspace shop"},
      {{{"anchor", "plan"}, {"anchor_id", plan.code}, {"workspace", "other"}},
       "no plan P1 in workspace other"},
      {{{"anchor", "galaxy"}, {"anchor_id", 1}}, "anchor"},
  };
  for (const auto& b : bad) {
    json args = b.args;
    args["action"] = "store";
    args["type"] = "t";
    args["data"] = "x";
    CHECK(Has(w.Err(args), b.fragment));
  }
}

TEST_CASE("batch_store stores every item in one transaction, or none") {
  World w;
  auto plan = testing::AddPlan(w.h.db(), w.shop, "Login flow");
  json stored =
      w.Ok({{"action", "batch_store"},
            {"agent", "scribe"},
            {"items",
             {{{"type", "a"}, {"data", 1}},
              {{"anchor", "plan"}, {"anchor_id", plan.code}, {"type", "b"}, {"data", {{"k", "v"}}}},
              {{"type", "a"}, {"data", 2}, {"append", true}}}}})["items"];
  REQUIRE(stored.size() == 3);
  CHECK(stored[1]["anchor_kind"] == "plan");
  CHECK(stored[2]["agent"] == "scribe");
  const int64_t before = ScalarInt(w.h.db(), "SELECT count(*) FROM context_items");

  struct Bad {
    json items;
    const char* fragment;
  };
  const Bad bad[] = {
      {{{{"type", "a"}, {"data", 1}},
        {{"anchor", "plan"}, {"anchor_id", "P9"}, {"type", "b"}, {"data", 2}}},
       "no plan P9"},
      {{{{"type", "a"}, {"data", 1}}, {{"data", 2}}}, "items[1]: "},
      {{{{"type", "a"}, {"data", 1}, {"colour", "red"}}}, "items[0]: "},
      {{{{"type", "a"}, {"data", 1}, {"workspace", "other"}}}, "give workspace and agent once"},
      {json::array(), "items is empty"},
  };
  for (const auto& b : bad) {
    CAPTURE(b.items.dump());
    CHECK(Has(w.Err({{"action", "batch_store"}, {"items", b.items}}), b.fragment));
  }
  CHECK(ScalarInt(w.h.db(), "SELECT count(*) FROM context_items") == before);
}

TEST_CASE(
    "list filters by anchor, type and time range, pages with a cursor and previews long data") {
  World w;
  auto plan = testing::AddPlan(w.h.db(), w.shop, "Login flow");
  for (int i = 0; i < 5; ++i) {
    w.Store({{"type", "log"}, {"data", "entry " + std::to_string(i)}, {"append", true}});
  }
  w.Store({{"anchor", "plan"},
           {"anchor_id", plan.code},
           {"type", "log"},
           {"data", std::string(1000, 'x')}});
  w.Store({{"anchor", "plan"}, {"anchor_id", plan.code}, {"type", "other"}, {"data", "y"}});
  w.Store({{"workspace", "other"}, {"type", "log"}, {"data", "elsewhere"}});
  // Give the first two items an old time, to filter on.
  w.h.db().ExecScript(
      "UPDATE context_items SET updated_at = '2020-01-01T00:00:00.000Z' WHERE id <= 2");

  json page1 = w.Ok({{"action", "list"}, {"type", "log"}, {"limit", 4}});
  REQUIRE(page1["items"].size() == 4);
  REQUIRE(page1["next_cursor"].is_string());
  json page2 =
      w.Ok({{"action", "list"}, {"type", "log"}, {"limit", 4}, {"cursor", page1["next_cursor"]}});
  REQUIRE(page2["items"].size() == 2);  // 5 workspace items + 1 on the plan; "other" is not seen
  CHECK(page2["next_cursor"].is_null());
  json long_item = page2["items"][1];
  CHECK(long_item["truncated"] == true);
  CHECK_FALSE(long_item.contains("data"));
  CHECK(long_item["preview"].get<std::string>().size() < 500);

  CHECK(w.Ok({{"action", "list"}, {"anchor", "plan"}, {"anchor_id", plan.code}})["items"].size() ==
        2);
  CHECK(w.Ok({{"action", "list"}, {"anchor", "workspace"}})["items"].size() == 5);
  CHECK(w.Ok({{"action", "list"}, {"until", "2021-01-01"}})["items"].size() == 2);
  CHECK(w.Ok({{"action", "list"}, {"since", "2021-01-01"}})["items"].size() == 5);
  CHECK(w.Ok({{"action", "list"}, {"workspace", "other"}})["items"].size() == 1);
  CHECK(Has(w.Err({{"action", "list"}, {"cursor", "bogus"}}), "cursor"));
}

TEST_CASE("deleting an anchor deletes its memory, for every anchor kind") {
  struct Case {
    std::string kind;
    // Deletes the anchor the way a user would; returns nothing.
    std::function<void(World&, const json& anchor)> remove;
  };
  const Case cases[] = {
      {"workspace",
       [](World& w, const json&) {
         testing::ToolCaller(w.h, "memory_workspace")
             .Ok({{"action", "delete"}, {"workspace", "shop"}, {"confirm", true}});
       }},
      {"track",
       [](World& w, const json& id) {
         testing::ToolCaller(w.h, "memory_workspace")
             .Ok({{"action", "track_delete"}, {"workspace", "shop"}, {"track", id}});
       }},
      {"program",  // no action deletes programs; the schema still must
       [](World& w, const json& id) {
         w.h.db().ExecScript("DELETE FROM programs WHERE id = " + id.dump());
       }},
      {"plan",
       [](World& w, const json& id) {
         testing::ToolCaller(w.h, "memory_plan")
             .Ok({{"action", "delete"}, {"workspace", "shop"}, {"plan", id}, {"confirm", true}});
       }},
      {"phase",
       [](World& w, const json& id) {
         testing::ToolCaller(w.h, "memory_plan")
             .Ok({{"action", "delete_phase"},
                  {"workspace", "shop"},
                  {"phase", id},
                  {"confirm", true}});
       }},
      {"step",
       [](World& w, const json& id) {
         testing::ToolCaller(w.h, "memory_steps")
             .Ok({{"action", "delete"}, {"workspace", "shop"}, {"step", id}});
       }},
      {"step (with its phase)",
       [](World& w, const json& id) {
         json step = *store::SelectOne(w.h.db(), {"steps", {}, {}}, "id = ?", {id});
         testing::ToolCaller(w.h, "memory_plan")
             .Ok({{"action", "delete_phase"},
                  {"workspace", "shop"},
                  {"phase", step["phase_id"]},
                  {"confirm", true}});
       }},
  };
  for (const auto& c : cases) {
    CAPTURE(c.kind);
    AnchorWorld w;
    const std::string kind = c.kind.substr(0, c.kind.find(' '));
    json anchor = kind == "workspace" ? json(w.shop)
                  : kind == "track"   ? w.track["id"]
                  : kind == "program" ? w.program["id"]
                  : kind == "plan"    ? json(w.plan.id)
                  : kind == "phase"   ? json(w.phase)
                                      : json(w.step);
    w.Store({{"anchor", kind}, {"anchor_id", anchor}, {"type", "notes"}, {"data", "zebra memory"}});
    w.Store({{"anchor", kind},
             {"anchor_id", anchor},
             {"type", "notes"},
             {"data", {{"more", "zebra"}}},
             {"append", true}});
    // Memory elsewhere survives.
    w.Store({{"workspace", "other"}, {"type", "notes"}, {"data", "zebra elsewhere"}});
    REQUIRE(ScalarInt(w.h.db(), "SELECT count(*) FROM context_items") == 3);

    c.remove(w, anchor);

    CHECK(ScalarInt(w.h.db(), "SELECT count(*) FROM context_items WHERE anchor_kind = '" + kind +
                                  "' AND anchor_id = " + anchor.dump()) == 0);
    CHECK(ScalarInt(w.h.db(), "SELECT count(*) FROM context_items") == 1);
    json hits =
        w.ctx.Ok({{"action", "search"}, {"workspace", "other"}, {"query", "zebra"}})["hits"];
    CHECK(hits.size() == 1);
    CheckIndexesInSync(w.h.db());
  }
}

TEST_CASE(
    "archiving a plan keeps the memory of the plan, its phases and steps; restore brings it back") {
  AnchorWorld w;
  const auto& plan = w.plan;
  const int64_t phase = w.phase, step = w.step;
  json on_plan = w.Store({{"anchor", "plan"},
                          {"anchor_id", plan.code},
                          {"type", "decisions"},
                          {"data", {{"why", "quokka reasons"}}}});
  json on_phase = w.Store(
      {{"anchor", "phase"}, {"anchor_id", phase}, {"type", "notes"}, {"data", "quokka phase"}});
  json on_step = w.Store(
      {{"anchor", "step"}, {"anchor_id", step}, {"type", "findings"}, {"data", "quokka step"}});
  w.Ok({{"action", "research_append"},
        {"plan", plan.code},
        {"name", "r.md"},
        {"content", "quokka research"}});
  w.Ok({{"action", "knowledge_store"},
        {"title", "Quokka facts"},
        {"plan", plan.code},
        {"content", "x"}});
  testing::ToolCaller agent(w.h, "memory_agent");
  agent.Ok({{"action", "session_start"},
            {"workspace", "shop"},
            {"agent", "executor"},
            {"plan", plan.code}});
  agent.Ok({{"action", "handoff"},
            {"workspace", "shop"},
            {"plan", plan.code},
            {"from", "a"},
            {"to", "b"}});
  const int64_t items = ScalarInt(w.h.db(), "SELECT count(*) FROM context_items");
  REQUIRE(items == 4);  // three stored and the handoff's

  testing::ToolCaller plans(w.h, "memory_plan");
  plans.Ok({{"action", "archive"}, {"workspace", "shop"}, {"plan", plan.code}});
  CHECK(ScalarInt(w.h.db(), "SELECT count(*) FROM context_items") == 0);
  CHECK(ScalarInt(w.h.db(), "SELECT count(*) FROM research_documents") == 0);
  CHECK(ScalarInt(w.h.db(), "SELECT count(*) FROM sessions") == 0);
  CHECK(ScalarInt(w.h.db(), "SELECT count(*) FROM lineage") == 0);
  CHECK(ScalarInt(w.h.db(), "SELECT count(*) FROM knowledge WHERE plan_id IS NULL") == 1);
  CHECK(w.Ok({{"action", "search"}, {"query", "quokka"}, {"kind", "context"}})["hits"].empty());
  CheckIndexesInSync(w.h.db());

  plans.Ok({{"action", "restore"}, {"workspace", "shop"}, {"plan", plan.code}});
  CHECK(ScalarInt(w.h.db(), "SELECT count(*) FROM context_items") == items);
  for (const auto& item : {on_plan, on_phase, on_step}) {
    json back = w.Ok({{"action", "get"}, {"id", item["id"]}})["item"];
    CHECK(back["data"] == item["data"]);
    CHECK(back["anchor_kind"] == item["anchor_kind"]);
  }
  CHECK(ScalarInt(w.h.db(), "SELECT count(*) FROM research_documents") == 1);
  CHECK(ScalarInt(w.h.db(), "SELECT count(*) FROM sessions") == 1);
  CHECK(ScalarInt(w.h.db(), "SELECT count(*) FROM lineage") == 1);
  CHECK(ScalarInt(w.h.db(), "SELECT plan_id FROM knowledge") == plan.id);
  CHECK(w.Ok({{"action", "search"}, {"query", "quokka"}, {"kind", "context"}})["hits"].size() == 3);
  CheckIndexesInSync(w.h.db());
}

TEST_CASE("research documents grow by appending, per plan or per workspace") {
  World w;
  auto plan = testing::AddPlan(w.h.db(), w.shop, "Caching");
  json created = w.Ok({{"action", "research_append"},
                       {"plan", plan.code},
                       {"name", "cache.md"},
                       {"content", "Redis adds a service."}})["document"];
  CHECK(created["created"] == true);
  json grown = w.Ok({{"action", "research_append"},
                     {"plan", plan.code},
                     {"name", "cache.md"},
                     {"content", "An LRU is enough."}})["document"];
  CHECK(grown["created"] == false);
  CHECK(grown["id"] == created["id"]);
  w.Ok({{"action", "research_append"}, {"name", "cache.md"}, {"content", "Workspace notes."}});

  json doc =
      w.Ok({{"action", "research_get"}, {"plan", plan.code}, {"name", "cache.md"}})["document"];
  CHECK(doc["content"] == "Redis adds a service.\nAn LRU is enough.");
  CHECK(w.Ok({{"action", "research_get"}, {"name", "cache.md"}})["document"]["content"] ==
        "Workspace notes.");
  CHECK(Has(w.Err({{"action", "research_get"}, {"name", "nope.md"}}), "research_list"));
  CHECK(Has(w.Err({{"action", "research_get"}, {"workspace", "other"}, {"name", "cache.md"}}),
            "no research document"));

  CHECK(w.Ok({{"action", "research_list"}, {"plan", plan.code}})["documents"].size() == 1);
  json all = w.Ok({{"action", "research_list"}})["documents"];
  REQUIRE(all.size() == 2);
  CHECK(all[0]["size"] == doc["content"].get<std::string>().size());
  CHECK_FALSE(all[0].contains("content"));
}

TEST_CASE("knowledge is stored by slug, updated in place, listed by category or tag and deleted") {
  World w;
  json entry = w.Ok({{"action", "knowledge_store"},
                     {"title", "Auth Tokens!"},
                     {"category", "architecture"},
                     {"tags", {"auth", "security"}},
                     {"content", "Access tokens live 15 minutes."},
                     {"agent", "architect"}})["entry"];
  CHECK(entry["slug"] == "auth-tokens");
  CHECK(entry["created"] == true);
  CHECK(entry["created_by"] == "architect");
  json updated = w.Ok({{"action", "knowledge_store"},
                       {"slug", "auth-tokens"},
                       {"content", "Access tokens live 10 minutes."}})["entry"];
  CHECK(updated["created"] == false);
  CHECK(updated["title"] == "Auth Tokens!");
  CHECK(updated["tags"] == json{"auth", "security"});
  w.Ok({{"action", "knowledge_store"},
        {"slug", "style"},
        {"title", "Style"},
        {"category", "conventions"},
        {"tags", {"style"}},
        {"content", "clang-format"}});
  CHECK(Has(w.Err({{"action", "knowledge_store"}, {"slug", "new-one"}, {"content", "x"}}),
            "give it a title"));

  CHECK(w.Ok({{"action", "knowledge_get"}, {"slug", "Auth Tokens"}})["entry"]["content"] ==
        "Access tokens live 10 minutes.");
  CHECK(w.Ok({{"action", "knowledge_list"}})["entries"].size() == 2);
  CHECK(w.Ok({{"action", "knowledge_list"}, {"category", "conventions"}})["entries"].size() == 1);
  CHECK(w.Ok({{"action", "knowledge_list"},
              {"tags", {"security", "nope"}}})["entries"][0]["slug"] == "auth-tokens");
  CHECK(w.Ok({{"action", "knowledge_list"}, {"workspace", "other"}})["entries"].empty());
  CHECK(Has(w.Err({{"action", "knowledge_get"}, {"workspace", "other"}, {"slug", "style"}}),
            "no knowledge style"));

  w.Ok({{"action", "knowledge_delete"}, {"slug", "style"}});
  CHECK(Has(w.Err({{"action", "knowledge_get"}, {"slug", "style"}}), "knowledge_list"));
}

TEST_CASE("workspace sections are set, extended, read and deleted") {
  World w;
  CHECK(w.Ok({{"action", "section_set"},
              {"name", "architecture"},
              {"content", "One binary."}})["section"]["created"] == true);
  w.Ok({{"action", "section_set"},
        {"name", "architecture"},
        {"content", "SQLite WAL."},
        {"append", true}});
  w.Ok({{"action", "section_set"}, {"name", "conventions"}, {"content", "snake_case"}});
  CHECK(w.Ok({{"action", "section_get"}, {"name", "architecture"}})["section"]["content"] ==
        "One binary.\nSQLite WAL.");
  json all = w.Ok({{"action", "section_get"}})["sections"];
  REQUIRE(all.size() == 2);
  CHECK(all[1]["name"] == "conventions");
  w.Ok({{"action", "section_set"}, {"name", "conventions"}, {"content", "camelCase"}});
  CHECK(w.Ok({{"action", "section_get"}, {"name", "conventions"}})["section"]["content"] ==
        "camelCase");
  w.Ok({{"action", "section_delete"}, {"name", "conventions"}});
  CHECK(Has(w.Err({{"action", "section_get"}, {"name", "conventions"}}), "no section conventions"));
  CHECK(w.Ok({{"action", "section_get"}, {"workspace", "other"}})["sections"].empty());
}

namespace {

// A small fixed corpus of every searchable kind in "shop", and a decoy in "other".
struct Corpus : World {
  testing::PlanRow login, payments;
  Corpus() {
    testing::ToolCaller plans(h, "memory_plan");
    login = testing::AddPlan(h.db(), shop, "Login flow");
    h.db().ExecScript(
        "UPDATE plans SET goal = 'Users sign in with passwords and tokens' WHERE id = " +
        std::to_string(login.id));
    payments = testing::AddPlan(h.db(), shop, "Payment gateway");
    h.db().ExecScript("UPDATE plans SET description = 'Stripe integration' WHERE id = " +
                      std::to_string(payments.id));
    int64_t phase = testing::AddPhase(h.db(), login.id, "Build", 0);
    testing::AddStep(h.db(), shop, login.id, phase, "Write the token parser");
    Ok({{"action", "knowledge_store"},
        {"title", "Token refresh"},
        {"content", "Refresh tokens rotate every 15 minutes; access tokens are short lived."}});
    Ok({{"action", "knowledge_store"},
        {"title", "Caching"},
        {"content", "An LRU cache in process; no Redis."}});
    Store({{"anchor", "plan"},
           {"anchor_id", login.code},
           {"type", "decisions"},
           {"data", {{"db", "SQLite in WAL mode"}}}});
    Ok({{"action", "research_append"},
        {"plan", payments.code},
        {"name", "webhooks.md"},
        {"content", "Stripe webhooks retry with exponential backoff for three days."}});
    Ok({{"action", "section_set"},
        {"name", "architecture"},
        {"content", "A single binary over stdio."}});
    plans.Ok({{"action", "add_note"},
              {"workspace", "shop"},
              {"plan", payments.code},
              {"text", "Rotate the webhook secret before launch"}});
    testing::ToolCaller(h, "memory_feedback")
        .Ok({{"action", "report"},
             {"workspace", "shop"},
             {"kind", "bug"},
             {"title", "Webhook signature check fails"},
             {"body", "HMAC mismatch on retries"}});
    Store({{"workspace", "other"}, {"type", "decoy"}, {"data", "tokens redis stripe webhooks"}});
  }
};

}  // namespace

TEST_CASE("search ranks the best match first on a fixed corpus") {
  Corpus c;
  struct Case {
    const char* query;
    const char* first;  // kind:code of the expected best hit
  };
  const Case cases[] = {
      {"redis", "knowledge:caching"},
      {"refresh tokens", "knowledge:token-refresh"},
      {"token parser", "step:T1"},
      {"sqlite wal", "context:1"},
      {"\"exponential backoff\"", "research:webhooks.md"},
      {"signature", "feedback:FB1"},
      {"stdio", "section:architecture"},
      {"secret", "note:P2"},
      {"payment", "plan:P2"},
      {"passwords", "plan:P1"},
  };
  for (const auto& k : cases) {
    CAPTURE(k.query);
    json result = c.Ok({{"action", "search"}, {"query", k.query}});
    auto codes = HitCodes(result);
    REQUIRE_FALSE(codes.empty());
    CHECK(codes.front() == k.first);
  }
  // Tokens match the knowledge entry (title and body), the login plan and the step;
  // the entry with the word in its title comes first, the decoy never. (FTS5's
  // bm25 puts the knowledge entry, with the word three times, before the step;
  // ts_rank_cd weighs length more and puts the four-word step first. Both put
  // the plan, with the word in its goal only, last.)
  auto codes = HitCodes(c.Ok({{"action", "search"}, {"query", "tokens"}, {"limit", 20}}));
  if (testing::OnPostgres(c.h.db())) {
    CHECK((codes.front() == "knowledge:token-refresh" || codes.front() == "step:T1"));
    CHECK(codes.back() == "plan:P1");
  } else {
    CHECK(codes.front() == "knowledge:token-refresh");
  }
  CHECK(std::count(codes.begin(), codes.end(), "plan:P1") == 1);
  CHECK(std::count(codes.begin(), codes.end(), "step:T1") == 1);
  CHECK(codes.size() == 3);
}

TEST_CASE("search highlights snippets, takes prefix and phrase queries and names each hit") {
  Corpus c;
  json hit = c.Ok({{"action", "search"}, {"query", "backoff"}})["hits"][0];
  CHECK(hit["kind"] == "research");
  CHECK(hit["plan_id"] == c.payments.id);
  CHECK(Has(hit["snippet"], "**backoff**"));
  CHECK(hit["score"].is_number());
  CHECK(hit["updated_at"].is_string());

  // Prefix: "webh*" finds the research, the note and the feedback.
  auto prefix = HitCodes(c.Ok({{"action", "search"}, {"query", "webh*"}}));
  CHECK(prefix.size() == 3);
  // Phrases must occur in order.
  CHECK(c.Ok({{"action", "search"}, {"query", "\"webhooks retry\""}})["hits"].size() == 1);
  CHECK(c.Ok({{"action", "search"}, {"query", "\"retry webhooks\""}})["hits"].empty());
  CHECK(c.Ok({{"action", "search"}, {"query", "stripe NOT webhooks"}})["hits"].size() == 1);
  CHECK(c.Ok({{"action", "search"}, {"query", "redis OR stdio"}})["hits"].size() == 2);

  std::string text = c.ctx.Text(World::InShop({{"action", "search"}, {"query", "signature"}}));
  CHECK(Has(text, "[feedback FB1"));
  CHECK(Has(text, "**signature**"));
  CHECK(Has(c.ctx.Text(World::InShop({{"action", "search"}, {"query", "zzzz"}})),
            "Nothing in workspace shop"));
}

TEST_CASE("every hit of a page gets its own fields and snippet, many of one kind included") {
  Corpus c;
  // Five items of one kind, each with the prefix's word and a word of its own.
  const std::vector<std::string> own = {"amber", "birch", "cedar", "dahlia", "ember"};
  std::map<int64_t, std::string> word_of;
  for (const auto& word : own) {
    json item = c.Store({{"type", "note-" + word},
                         {"append", true},
                         {"data", "the quasar " + word + " survey lists quasars"}});
    word_of[item["id"].get<int64_t>()] = word;
  }
  json hits = c.Ok({{"action", "search"}, {"query", "quas*"}, {"kind", "context"}})["hits"];
  REQUIRE(hits.size() == own.size());
  std::set<int64_t> seen;
  for (const auto& hit : hits) {
    const int64_t id = hit["id"].get<int64_t>();
    REQUIRE(word_of.count(id) == 1);
    seen.insert(id);
    CAPTURE(hit.dump());
    CHECK(Has(hit["snippet"], "**quasar**"));
    CHECK(Has(hit["snippet"], word_of[id]));
    CHECK(Has(hit["title"], "note-" + word_of[id]));
    CHECK(hit["updated_at"].is_string());
  }
  CHECK(seen.size() == own.size());
  // A page boundary changes nothing: the second page's hits are whole too.
  json first = c.Ok({{"action", "search"}, {"query", "quas*"}, {"kind", "context"}, {"limit", 2}});
  json second = c.Ok({{"action", "search"},
                      {"query", "quas*"},
                      {"kind", "context"},
                      {"limit", 2},
                      {"cursor", first["next_cursor"]}})["hits"];
  REQUIRE(second.size() == 2);
  for (const auto& hit : second) CHECK(Has(hit["snippet"], word_of[hit["id"].get<int64_t>()]));
}

TEST_CASE(
    "search filters by kind, plan and time, pages with a cursor, and never crosses workspaces") {
  Corpus c;
  CHECK(HitCodes(c.Ok({{"action", "search"}, {"query", "tokens"}, {"kind", "plan"}})) ==
        std::vector<std::string>{"plan:P1"});
  auto in_payments = HitCodes(
      c.Ok({{"action", "search"}, {"query", "webh* OR stripe"}, {"plan", c.payments.code}}));
  CHECK(in_payments.size() == 3);  // plan, research, note; the feedback has no plan
  CHECK(std::count(in_payments.begin(), in_payments.end(), "feedback:FB1") == 0);
  CHECK(c.Ok({{"action", "search"}, {"query", "tokens"}, {"since", "2999-01-01"}})["hits"].empty());
  CHECK(c.Ok({{"action", "search"}, {"query", "tokens"}, {"until", "2000-01-01"}})["hits"].empty());
  CHECK(c.Ok({{"action", "search"}, {"query", "tokens"}, {"since", "2000-01-01"}})["hits"].size() ==
        3);

  json page1 = c.Ok({{"action", "search"}, {"query", "tokens"}, {"limit", 2}});
  REQUIRE(page1["hits"].size() == 2);
  REQUIRE(page1["next_cursor"].is_string());
  json page2 = c.Ok(
      {{"action", "search"}, {"query", "tokens"}, {"limit", 2}, {"cursor", page1["next_cursor"]}});
  REQUIRE(page2["hits"].size() == 1);
  CHECK(page2["next_cursor"].is_null());
  CHECK(page2["hits"][0] != page1["hits"][0]);

  // The other workspace sees only its own row (and catalog actions).
  auto other = HitCodes(c.Ok({{"action", "search"}, {"workspace", "other"}, {"query", "redis"}}));
  CHECK(other ==
        std::vector<std::string>{
            "context:" + std::to_string(ScalarInt(c.h.db(), "SELECT max(id) FROM context_items"))});
}

TEST_CASE("an FTS5 syntax error is an isError result with a hint") {
  Corpus c;
  for (const char* query :
       {"\"unterminated", "a.b", "NOT", "AND tokens", "foo:bar", "(tokens", "*"}) {
    CAPTURE(query);
    std::string message = c.Err({{"action", "search"}, {"query", query}});
    CHECK(Has(message, "cannot search for"));
    CHECK(Has(message, "Search syntax:"));
  }
  CHECK(Has(c.Err({{"action", "search"}, {"query", "   "}}), "must not be empty"));
  // The server is fine afterwards.
  CHECK_FALSE(c.Ok({{"action", "search"}, {"query", "tokens"}})["hits"].empty());
}

TEST_CASE("search finds catalog actions with their parameters, with or without a workspace") {
  McpHarness h;  // no workspace at all
  testing::ToolCaller ctx(h, "memory_context");
  json result = ctx.Ok({{"action", "search"}, {"query", "memory_plan create"}});
  REQUIRE_FALSE(result["hits"].empty());
  json hit = result["hits"][0];
  CHECK(hit["kind"] == "tool");
  CHECK(hit["code"] == "memory_plan.create");
  CHECK(std::find(hit["params"].begin(), hit["params"].end(), "title*") != hit["params"].end());
  CHECK(hit["example"]["action"] == "create");
  CHECK(Has(ctx.Text({{"action", "search"}, {"query", "memory_plan create"}}),
            "params (* required)"));

  struct Case {
    const char* query;
    const char* first;
  };
  const Case cases[] = {
      {"memory_context search", "memory_context.search"},
      {"memory_agent handoff", "memory_agent.handoff"},
      {"archive plan", "memory_plan.archive"},
      {"glob instruction", "memory_agent.instructions_for"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.query);
    CHECK(ctx.Ok({{"action", "search"}, {"query", c.query}})["hits"][0]["code"] == c.first);
  }
  // Only workspace kinds need a workspace.
  CHECK(Has(ctx.Err({{"action", "search"}, {"query", "x"}, {"kind", "plan"}}), "no workspace"));
  CHECK(ctx.Ok({{"action", "search"}, {"query", "handoff"}, {"kind", "tool"}})["hits"].size() >= 1);
}

TEST_CASE("indexes stay in sync through updates and deletes, and rebuild_index repairs them") {
  Corpus c;
  // Updates of indexed columns move the index along.
  c.h.db().ExecScript("UPDATE plans SET title = 'Signup flow' WHERE code = 'P1'");
  CHECK(c.Ok({{"action", "search"}, {"query", "login"}, {"kind", "plan"}})["hits"].empty());
  CHECK(c.Ok({{"action", "search"}, {"query", "signup"}})["hits"].size() == 1);
  testing::ToolCaller(c.h, "memory_steps")
      .Ok({{"action", "update"},
           {"workspace", "shop"},
           {"step", "T1"},
           {"completion_notes", "Used a wombat"}});
  CHECK(HitCodes(c.Ok({{"action", "search"}, {"query", "wombat"}})) ==
        std::vector<std::string>{"step:T1"});
  c.Ok({{"action", "knowledge_delete"}, {"slug", "caching"}});
  CHECK(c.Ok({{"action", "search"}, {"query", "redis"}})["hits"].empty());
  CheckIndexesInSync(c.h.db());

  // Lose the index contents, then rebuild.
  c.h.db().ExecScript(testing::OnPostgres(c.h.db())
                          ? "DELETE FROM knowledge_fts"
                          : "INSERT INTO knowledge_fts (knowledge_fts) VALUES ('delete-all')");
  c.h.db().ExecScript("DELETE FROM catalog_fts");
  CHECK(c.Ok({{"action", "search"}, {"query", "refresh"}})["hits"].empty());
  json counts = c.ctx.Ok({{"action", "rebuild_index"}})["indexes"];
  CHECK(counts["knowledge_fts"] == 1);
  CHECK(counts["catalog_fts"] == ScalarInt(c.h.db(), "SELECT count(*) FROM tool_actions"));
  CHECK(c.Ok({{"action", "search"}, {"query", "refresh"}})["hits"].size() == 1);
  CHECK_FALSE(c.Ok({{"action", "search"}, {"query", "memory_plan create"}})["hits"].empty());
  CheckIndexesInSync(c.h.db());
}

TEST_CASE("help answers the full help of any tool or action") {
  McpHarness h;
  testing::ToolCaller ctx(h, "memory_context");
  json help = ctx.Ok({{"action", "help"}, {"tool", "memory_plan"}, {"about", "create"}})["help"];
  CHECK(help["tool"] == "memory_plan");
  CHECK(help["action"] == "create");
  CHECK(help["example"]["arguments"]["action"] == "create");
  json tool = ctx.Ok({{"action", "help"}, {"tool", "memory_agent"}})["help"];
  CHECK(tool["actions"].size() > 20);
  CHECK(
      Has(ctx.Err({{"action", "help"}, {"tool", "memory_plans"}}), "Did you mean \"memory_plan\""));
  CHECK(Has(ctx.Err({{"action", "help"}, {"tool", "memory_plan"}, {"about", "creat"}}),
            "Did you mean \"create\""));
}

TEST_CASE("describe covers every action of memory_context and memory_agent") {
  McpHarness h;
  for (const char* name : {"memory_context", "memory_agent"}) {
    CAPTURE(name);
    testing::ToolCaller tool(h, name);
    const catalog::Tool* t = catalog::Catalog::Embedded().FindTool(name);
    REQUIRE(t);
    for (const auto& action : t->actions) {
      CAPTURE(action.name);
      json help = tool.Ok({{"action", "describe"}, {"about", action.name}})["help"];
      CHECK(help["action"] == action.name);
      CHECK(help["params"].size() == action.params.size());
      CHECK(help["example"]["arguments"]["action"] == action.name);
    }
  }
}

}  // namespace pm::tools
