#include "cli/tree_view.h"

#include <doctest/doctest.h>

#include "cli/view_style.h"

namespace pm::cli {

namespace {

json Progress(int total, int completed, int in_progress = 0, int blocked = 0, int cancelled = 0) {
  return {{"total", total},
          {"completed", completed},
          {"in_progress", in_progress},
          {"blocked", blocked},
          {"cancelled", cancelled},
          {"pending", total - completed - in_progress - blocked - cancelled}};
}

json Step(const std::string& code, const std::string& task, const std::string& status) {
  return {{"id", 1}, {"code", code}, {"task", task}, {"status", status}};
}

// P1 with a finished phase and one under way: 3 of 5 countable steps done.
json SamplePlan() {
  return {
      {"plan",
       {{"id", 1},
        {"code", "P1"},
        {"title", "Checkout"},
        {"status", "active"},
        {"progress", Progress(6, 3, 1, 0, 1)}}},
      {"phases",
       {{{"id", 1},
         {"name", "Design"},
         {"progress", Progress(2, 2)},
         {"steps", {Step("T1", "Sketch pages", "completed"), Step("T2", "Review", "completed")}}},
        {{"id", 2},
         {"name", "Build it"},
         {"progress", Progress(4, 1, 1, 0, 1)},
         {"steps",
          {Step("T3", "Cart", "completed"), Step("T4", "Form", "in_progress"),
           Step("T5", "Old idea", "cancelled"), Step("T6", "Pay", "pending")}}}}}};
}

}  // namespace

TEST_CASE("a plan tree shows symbols, box drawing and aligned progress bars, plain") {
  const std::string tree = RenderPlanTree(SamplePlan(), ViewStyle{false});
  CHECK(tree ==
        "▶ P1 Checkout  active  ██████░░░░ 3/5\n"
        "├─ ✓ Design    ██████████ 2/2\n"
        "│  ├─ ✓ T1 Sketch pages\n"
        "│  └─ ✓ T2 Review\n"
        "└─ ▶ Build it  ███░░░░░░░ 1/3\n"
        "   ├─ ✓ T3 Cart\n"
        "   ├─ ▶ T4 Form\n"
        "   ├─ ✗ T5 Old idea\n"
        "   └─ ○ T6 Pay\n");
  CHECK(tree.find('\x1b') == std::string::npos);
}

TEST_CASE("with colour the tree carries ANSI sequences and the same text") {
  const std::string tree = RenderPlanTree(SamplePlan(), ViewStyle{true});
  CHECK(tree.find("\x1b[32m✓\x1b[0m") != std::string::npos);  // completed in green
  CHECK(tree.find("\x1b[33m▶\x1b[0m") != std::string::npos);  // in progress in yellow
  // Stripped of escapes it is the plain rendering.
  std::string stripped;
  for (size_t i = 0; i < tree.size(); ++i) {
    if (tree[i] == '\x1b') {
      while (i < tree.size() && tree[i] != 'm') ++i;
      continue;
    }
    stripped += tree[i];
  }
  CHECK(stripped == RenderPlanTree(SamplePlan(), ViewStyle{false}));
}

TEST_CASE("a blocked step shows its reason") {
  json plan = SamplePlan();
  plan["phases"][1]["steps"][3]["status"] = "blocked";
  plan["phases"][1]["steps"][3]["blocked_reason"] = "no API key";
  CHECK(RenderPlanTree(plan, ViewStyle{false}).find("   └─ ⊘ T6 Pay — no API key\n") !=
        std::string::npos);
}

TEST_CASE("a folded plan is its header line only") {
  CHECK(RenderPlanTree(SamplePlan(), ViewStyle{false}, false) ==
        "▶ P1 Checkout  active  ██████░░░░ 3/5\n");
}

TEST_CASE("phase status follows its steps") {
  struct Case {
    json progress;
    const char* status;
  };
  const Case cases[] = {
      {Progress(0, 0), "pending"},
      {Progress(3, 0), "pending"},
      {Progress(3, 1), "in_progress"},
      {Progress(3, 0, 1), "in_progress"},
      {Progress(2, 2), "completed"},
      {Progress(3, 2, 0, 0, 1), "completed"},
      {Progress(2, 0, 0, 0, 2), "cancelled"},
      {Progress(2, 0, 0, 2), "blocked"},
      {Progress(3, 0, 0, 1), "pending"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.progress.dump());
    CHECK(PhaseStatus(c.progress) == c.status);
  }
}

TEST_CASE("progress bars fill in proportion and only fill up when done") {
  const ViewStyle plain{false};
  CHECK(ProgressBarText(plain, 3, 8, 8) == "███░░░░░ 3/8");
  CHECK(ProgressBarText(plain, 0, 4, 4) == "░░░░ 0/4");
  CHECK(ProgressBarText(plain, 9, 10, 4) == "███░ 9/10");
  CHECK(ProgressBarText(plain, 10, 10, 4) == "████ 10/10");
  CHECK(ProgressBarText(plain, 0, 0, 4) == "░░░░ 0/0");
}

TEST_CASE("status lists plans, folds finished ones and ends with the next task") {
  json done = SamplePlan();
  done["plan"]["code"] = "P2";
  done["plan"]["status"] = "completed";
  const json workspace = {{"code", "shop"}, {"name", "shop"}, {"path", "/src/shop"}};
  const json next = {{"task", {{"code", "T6"}, {"task", "Pay"}}},
                     {"plan", {{"code", "P1"}}},
                     {"phase", {{"name", "Build it"}}}};
  const std::string text =
      RenderStatus(workspace, json::array({SamplePlan(), done}), next, ViewStyle{false}, false);
  CHECK(text.rfind("Workspace shop /src/shop\n", 0) == 0);
  CHECK(text.find("└─ ○ T6 Pay") != std::string::npos);
  CHECK(text.find("✓ P2 Checkout  completed") != std::string::npos);
  CHECK(text.find("P2 Checkout  completed  ██████░░░░ 3/5\n\n") != std::string::npos);  // folded
  CHECK(text.substr(text.rfind("Next:")) == "Next: T6 Pay (P1 › Build it)\n");

  const json nothing = {{"task", nullptr}, {"nothing_ready", {{"message", "All done."}}}};
  CHECK(RenderNextTask(nothing, ViewStyle{false}) == "Next: All done.\n");
  CHECK(RenderNextTask({{"task", nullptr}}, ViewStyle{false}) == "Next: nothing ready\n");
}

TEST_CASE("display width skips escapes and counts code points") {
  CHECK(DisplayWidth("abc") == 3);
  CHECK(DisplayWidth("✓ ok") == 4);
  CHECK(DisplayWidth("\x1b[32m✓\x1b[0m") == 1);
  CHECK(PadRight("▶", 3) == "▶  ");
  CHECK(Shorten("abcdef", 6) == "abcdef");
  CHECK(Shorten("abcdef", 4) == "abc…");
  CHECK(Shorten("✓✓✓✓✓", 3) == "✓✓…");  // cut at code points, not bytes
}

}  // namespace pm::cli
