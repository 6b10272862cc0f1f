#include "render/markdown_render.h"

#include <doctest/doctest.h>

#include "tools/tool_call.h"

namespace pm::render {

using nlohmann::json;

using testing::Has;

namespace {

json Progress(int total, int completed, int cancelled, int percent) {
  return {{"total", total},     {"completed", completed}, {"cancelled", cancelled},
          {"percent", percent}, {"in_progress", 0},       {"pending", 0},
          {"blocked", 0}};
}

json Step(const std::string& code, const std::string& task, const std::string& status,
          json assignee = nullptr) {
  return {{"code", code}, {"task", task}, {"status", status}, {"assignee", assignee}};
}

// A plan as PlanRepository::View shapes it.
json View() {
  return {{"plan",
           {{"code", "P3"},
            {"title", "Login flow"},
            {"status", "active"},
            {"priority", "high"},
            {"category", "feature"},
            {"goal", "Users can log in"},
            {"description", "Email and password.\n\nNo SSO."},
            {"non_goals", {"SSO"}},
            {"archived", false},
            {"progress", Progress(5, 2, 1, 50)}}},
          {"phases",
           {{{"name", "Design"},
             {"progress", Progress(2, 2, 0, 100)},
             {"steps",
              {Step("T1", "Sketch the form", "completed"),
               Step("T2", "Pick\nthe fields", "completed")}}},
            {{"name", "Build"},
             {"progress", Progress(3, 0, 1, 0)},
             {"steps",
              {Step("T3", "Write the form", "in_progress", "executor"),
               Step("T4", "Validate input", "pending"), Step("T5", "Captcha", "cancelled")}}}}},
          {"requirements",
           {{{"code", "R1"}, {"text", "Log in with email"}, {"met", true}},
            {{"code", "R2"}, {"text", "Lock after 5 failures"}, {"met", false}}}},
          {"notes", {{{"kind", "instruction"}, {"text", "Use the design system"}}}},
          {"git_links", {{{"kind", "branch"}, {"ref", "feature/P3-login"}}}}};
}

}  // namespace

TEST_CASE("a plan renders as a Markdown checklist with codes, statuses and progress") {
  const std::string md = PlanMarkdown(View());
  CHECK(md.starts_with("# P3 Login flow\n"));
  CHECK(Has(md, "**Status:** active · **Priority:** high · **Category:** feature"));
  CHECK(Has(md, "**Progress:** 2/4 steps done (50%), 1 cancelled"));
  CHECK(Has(md, "**Goal:** Users can log in"));
  CHECK(Has(md, "Email and password.\n\nNo SSO."));
  CHECK(Has(md, "## Acceptance criteria\n\n- [x] **R1** Log in with email\n- [ ] **R2** Lock"));
  CHECK(Has(md,
            "### Phase 1: Design — 2/2 steps done (100%)\n\n- [x] **T1** Sketch the form — "
            "completed\n- [x] **T2** Pick the fields — completed\n"));
  CHECK(Has(md, "### Phase 2: Build — 0/2 steps done (0%), 1 cancelled"));
  CHECK(Has(md, "- [ ] **T3** Write the form — in_progress, executor\n"));
  CHECK(Has(md, "- [ ] **T4** Validate input — pending\n"));
  CHECK(Has(md, "- [ ] **T5** ~~Captcha~~ — cancelled\n"));
  CHECK(Has(md, "## Non-goals\n\n- SSO"));
  CHECK(Has(md, "- *instruction*: Use the design system"));
  CHECK(Has(md, "- branch `feature/P3-login`"));
  CHECK(md.ends_with("\n"));
  CHECK_FALSE(md.ends_with("\n\n"));
}

TEST_CASE("pending keeps only unfinished steps, their phases and unmet criteria") {
  const std::string md = PlanMarkdown(View(), true);
  CHECK(Has(md, "## Open acceptance criteria\n\n- [ ] **R2**"));
  CHECK_FALSE(Has(md, "R1"));
  CHECK_FALSE(Has(md, "Design"));
  CHECK_FALSE(Has(md, "T1"));
  CHECK_FALSE(Has(md, "T5"));
  CHECK(Has(md, "Phase 2: Build"));
  CHECK(Has(md, "**T3**"));
  CHECK(Has(md, "**T4**"));
  CHECK_FALSE(Has(md, "Notes"));

  json done = View();
  for (auto& phase : done["phases"]) {
    for (auto& step : phase["steps"]) step["status"] = "completed";
  }
  CHECK(Has(PlanMarkdown(done, true), "Nothing pending."));
}

TEST_CASE("several plans: pending work groups unfinished steps by plan") {
  json other = View();
  other["plan"]["code"] = "P4";
  other["plan"]["title"] = "Done already";
  for (auto& phase : other["phases"]) {
    for (auto& step : phase["steps"]) step["status"] = "completed";
  }
  const json ws = {{"name", "Shop"}, {"code", "shop"}};
  const std::string pending = PlansMarkdown(ws, {View(), other}, true);
  CHECK(pending.starts_with("# Pending work in Shop (shop)\n\n2 unfinished steps in 1 plan.\n"));
  CHECK(Has(pending, "## P3 Login flow"));
  CHECK(Has(pending, "#### Phase 2: Build"));
  CHECK_FALSE(Has(pending, "P4"));

  const std::string all = PlansMarkdown(ws, {View(), other}, false);
  CHECK(all.starts_with("# Plans of Shop (shop)"));
  CHECK(Has(all, "## P4 Done already"));
  CHECK(Has(PlansMarkdown(ws, {}, true), "Nothing pending."));
  CHECK(Has(PlansMarkdown(ws, {}, false), "No plans."));
}

TEST_CASE("a workspace overview lists plans, tracks, ready count and activity") {
  json overview = {
      {"workspace",
       {{"name", "Shop"}, {"code", "shop"}, {"path", "/src/shop"}, {"description", nullptr}}},
      {"plans",
       {{{"code", "P3"},
         {"title", "Login"},
         {"status", "active"},
         {"priority", "high"},
         {"steps_total", 5},
         {"steps_completed", 2},
         {"archived", false}}}},
      {"more_plans", false},
      {"tracks",
       {{{"name", "Backend"},
         {"goal", "APIs"},
         {"plan_count", 3},
         {"done_count", 1},
         {"ready_count", 2}}}},
      {"ready", 4},
      {"ready_more", false},
      {"activity",
       {{{"created_at", "2026-01-02T03:04:05Z"},
         {"entity_kind", "step"},
         {"entity_id", 9},
         {"action", "update"},
         {"agent", "executor"},
         {"after", {{"code", "T9"}}}},
        {{"created_at", "2026-01-01T00:00:00Z"},
         {"entity_kind", "track"},
         {"entity_id", 2},
         {"action", "delete"},
         {"agent", nullptr},
         {"after", nullptr}}}}};
  const std::string md = WorkspaceMarkdown(overview);
  CHECK(md.starts_with("# Shop\n\n`shop` · /src/shop\n"));
  CHECK(Has(md, "**Plans:** 1 · **Ready steps:** 4"));
  CHECK(Has(md, "- **P3** Login — active, high · 2/5 steps done"));
  CHECK(Has(md, "- **Backend** (APIs) — 3 plans, 1 done, 2 with ready steps"));
  CHECK(Has(md, "- 2026-01-02T03:04:05Z step T9 update by executor"));
  CHECK(Has(md, "- 2026-01-01T00:00:00Z track #2 delete\n"));
  overview["ready_more"] = true;
  overview["more_plans"] = true;
  CHECK(Has(WorkspaceMarkdown(overview), "**Plans:** 1+ · **Ready steps:** 4+"));
}

TEST_CASE("knowledge and research render their content under a title") {
  const std::string k = KnowledgeMarkdown({{"slug", "db-notes"},
                                           {"title", "DB notes"},
                                           {"category", "architecture"},
                                           {"tags", {"sql", "wal"}},
                                           {"content", "Use WAL.\n"}});
  CHECK(k ==
        "# DB notes\n\n`db-notes` · **Category:** architecture · **Tags:** sql, wal\n\nUse "
        "WAL.\n");
  const std::string r =
      ResearchMarkdown({{"name", "Options"}, {"plan_code", "P3"}, {"content", "A or B"}});
  CHECK(r == "# Options\n\nResearch of plan P3\n\nA or B\n");
  CHECK(Has(ResearchMarkdown({{"name", "x"}, {"plan_code", nullptr}, {"content", ""}}),
            "Research of the workspace"));
}

}  // namespace pm::render
