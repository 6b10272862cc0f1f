#include "cli/task_view.h"

#include <doctest/doctest.h>

namespace pm::cli {

namespace {

json Next(bool claimed) {
  json task = {{"code", "T4"},
               {"task", "Call the payment API"},
               {"status", claimed ? "in_progress" : "pending"},
               {"description", "Use the sandbox."},
               {"inputs", {"API key"}},
               {"expected_outputs", {"client.cpp", "tests"}}};
  if (claimed) {
    task["holder_agent"] = "cli";
    task["lease_expires_at"] = "2026-01-01T10:15:00Z";
  }
  return {{"task", task},
          {"plan", {{"code", "P1"}, {"title", "Checkout"}}},
          {"phase", {{"name", "Build"}}},
          {"requirements", {{{"code", "R1"}, {"text", "Card payments"}}}},
          {"claimed", claimed}};
}

}  // namespace

TEST_CASE("a task card says what to do, where, and how to start or finish it") {
  const std::string look = RenderTaskCard(Next(false), ViewStyle{false});
  CHECK(look ==
        "○ T4 Call the payment API  pending\n"
        "  Plan P1 Checkout › Build\n"
        "  Use the sandbox.\n"
        "  Inputs: API key\n"
        "  Expected outputs: client.cpp; tests\n"
        "  Open criterion R1: Card payments\n"
        "Not claimed. Start it with: project-memory start T4\n");
  const std::string claimed = RenderTaskCard(Next(true), ViewStyle{false});
  CHECK(claimed.rfind("▶ T4 Call the payment API  in_progress\n", 0) == 0);
  CHECK(claimed.find(
            "Claimed by cli until 2026-01-01T10:15:00Z. When done: project-memory done T4\n") !=
        std::string::npos);
}

TEST_CASE("nothing ready prints the scheduler's reason") {
  CHECK(RenderTaskCard(
            {{"task", nullptr}, {"nothing_ready", {{"message", "Nothing ready: 1 blocked."}}}},
            ViewStyle{false}) == "Nothing ready: 1 blocked.\n");
  CHECK(RenderTaskCard({{"task", nullptr}}, ViewStyle{false}) == "Nothing is ready.\n");
}

TEST_CASE("a status change shows the move, the reason, what became ready and a finished plan") {
  const json blocked = {
      {"task",
       {{"code", "T5"}, {"task", "Receipt"}, {"status", "blocked"}, {"blocked_reason", "no SMTP"}}},
      {"plan", {{"code", "P1"}}},
      {"previous_status", "in_progress"},
      {"became_ready", json::array()},
      {"plan_open_steps", 2}};
  CHECK(RenderStatusChange(blocked, ViewStyle{false}) ==
        "⊘ T5 Receipt: in_progress → blocked\n  Reason: no SMTP\n");

  const json done = {
      {"task", {{"code", "T4"}, {"task", "API"}, {"status", "completed"}}},
      {"plan", {{"code", "P1"}}},
      {"previous_status", "in_progress"},
      {"became_ready",
       {{{"code", "T5"}, {"task", "Receipt"}, {"plan_code", "P1"}, {"phase_name", "Build"}}}},
      {"plan_open_steps", 0}};
  CHECK(RenderStatusChange(done, ViewStyle{false}) ==
        "✓ T4 API: in_progress → completed\n"
        "Now ready:\n"
        "  ○ T5 Receipt (P1 › Build)\n"
        "Every step of P1 is done: mark the plan completed with memory_plan update.\n");
  CHECK(RenderStatusChange(done, ViewStyle{true}).find("\x1b[32mcompleted\x1b[0m") !=
        std::string::npos);
}

}  // namespace pm::cli
