// memory_plan action "markdown": the export an agent or person reads.
#include <doctest/doctest.h>

#include "tools/content_fixture.h"

namespace pm::tools {

using nlohmann::json;
using testing::ContentFixture;
using testing::Has;

TEST_CASE("markdown of one plan: whole, or pending only") {
  ContentFixture h;
  auto plan = h.Tool("memory_plan");
  json whole = plan.Ok({{"action", "markdown"}, {"plan", "P1"}});
  const std::string md = whole["markdown"];
  CHECK(md == plan.Text({{"action", "markdown"}, {"plan", "P1"}}));
  CHECK(md.starts_with("# P1 Login\n"));
  CHECK(Has(md, "- [x] **T1** Sketch the form — completed"));
  CHECK(Has(md, "- [x] **R1** Email login"));

  const std::string pending =
      plan.Ok({{"action", "markdown"}, {"plan", "P1"}, {"pending", true}})["markdown"];
  CHECK_FALSE(Has(pending, "T1"));
  CHECK_FALSE(Has(pending, "R1"));
  CHECK(Has(pending, "- [ ] **T2** Write the form — pending"));
  CHECK(Has(pending, "- [ ] **T3** Validate input — pending"));
  CHECK(Has(pending, "- [ ] **R2** Lockout"));
}

TEST_CASE("markdown without a plan: every unfinished step of the workspace, by plan") {
  ContentFixture h;
  auto plan = h.Tool("memory_plan");
  plan.Ok({{"action", "create"}, {"title", "Docs"}, {"phases", {"Write"}}});
  h.Tool("memory_steps").Ok({{"action", "add"}, {"plan", "P2"}, {"steps", {{{"task", "README"}}}}});
  plan.Ok({{"action", "create"}, {"title", "Empty"}});
  const std::string md = plan.Ok({{"action", "markdown"}, {"pending", true}})["markdown"];
  CHECK(md.starts_with("# Pending work in Alpha (alpha)\n\n3 unfinished steps in 2 plans.\n"));
  CHECK(Has(md, "## P1 Login"));
  CHECK(Has(md, "## P2 Docs"));
  CHECK(Has(md, "- [ ] **T4** README — pending"));
  CHECK_FALSE(Has(md, "Empty"));
  CHECK_FALSE(Has(md, "Other"));  // beta's plan

  const std::string all = plan.Ok({{"action", "markdown"}})["markdown"];
  CHECK(all.starts_with("# Plans of Alpha (alpha)"));
  CHECK(Has(all, "## P3 Empty"));
  CHECK(Has(plan.Ok({{"action", "markdown"}, {"workspace", "beta"}})["markdown"], "## P1 Other"));
}

TEST_CASE("markdown of an archived plan, and of a plan that does not exist") {
  ContentFixture h;
  auto plan = h.Tool("memory_plan");
  plan.Ok({{"action", "archive"}, {"plan", "P1"}});
  CHECK(Has(plan.Ok({{"action", "markdown"}, {"plan", "P1"}})["markdown"], "(archived)"));
  CHECK(Has(plan.Err({{"action", "markdown"}, {"plan", "P9"}}), "no plan P9"));
}

}  // namespace pm::tools
