// get_next_task through tools/call, as an agent uses it.
#include <doctest/doctest.h>

#include "scheduling_harness.h"

namespace pm::tools {

using nlohmann::json;
using testing::Has;
using testing::SchedulingHarness;

TEST_CASE("get_next_task claims the best ready task with what the agent needs to do it") {
  SchedulingHarness h;
  h.Plan("bugfix", "active", "high");  // P1: T1 T2 | T3 T4 | T5
  h.Plan("feature", "active", "low");  // P2: T6 T7 | T8 T9 | T10 T11
  h.db().ExecScript(
      "UPDATE steps SET inputs = '[\"crash.log\"]', expected_outputs = '[\"repro.md\"]', "
      "context_notes = 'Only on ARM' WHERE code = 'T1'");
  h.Ok("memory_plan", {{"action", "add_note"},
                       {"plan", "P1"},
                       {"kind", "instruction"},
                       {"text", "Use the ARM box"}});

  json first =
      h.Ok("get_next_task", {{"agent", "executor"}, {"session_id", "s-1"}});  // no action needed
  CHECK(first["claimed"] == true);
  CHECK(first["task"]["code"] == "T1");
  CHECK(first["task"]["status"] == "in_progress");
  CHECK(first["task"]["holder_agent"] == "executor");
  CHECK(first["task"]["holder_session"] == "s-1");
  CHECK(first["task"]["lease_expires_at"].is_string());
  CHECK(first["task"]["inputs"] == json::array({"crash.log"}));
  CHECK(first["task"]["expected_outputs"] == json::array({"repro.md"}));
  CHECK(first["task"]["context_notes"] == "Only on ARM");
  CHECK_FALSE(first["task"].contains("completed_at"));  // empty fields are left out
  CHECK(first["plan"]["code"] == "P1");
  CHECK(first["plan"]["title"] == "bugfix plan");
  CHECK(first["phase"]["name"] == "Reproduce");
  CHECK(first["requirements"].size() == 2);
  CHECK(first["notes"][0]["text"] == "Use the ARM box");
  const std::string text = h.Text();
  for (const char* part :
       {"T1 Reproduce the bug", "held by executor until", "Plan P1 bugfix plan › Reproduce",
        "Inputs: crash.log", "Expected outputs: repro.md", "Context: Only on ARM",
        "instruction: Use the ARM box", "update_task_status task=T1 status=completed"}) {
    CAPTURE(part);
    CHECK(Has(text, part));
  }
  CHECK(h.Ok("get_next_task", {{"action", "get"}, {"agent", "other"}})["task"]["code"] == "T2");
  json peek = h.Ok("get_next_task", {{"claim", false}});
  CHECK(peek["claimed"] == false);
  CHECK(peek["task"]["code"] == "T6");  // P1's first phase is all in progress
  CHECK(peek["task"]["status"] == "pending");
  CHECK(h.Int("SELECT count(*) FROM update_log WHERE action = 'claim'") == 2);
}

TEST_CASE("get_next_task filters by plan, track, phase and type, and checks them") {
  SchedulingHarness h;
  h.Plan("bugfix", "active", "high");  // P1: T1 T2 | T3 T4 | T5
  h.Plan("feature", "active", "low");  // P2: T6 T7 | T8 T9 | T10 T11
  h.db().ExecScript(
      "INSERT INTO tracks (workspace_id, name) VALUES (1, 'Growth');"
      "UPDATE plans SET track_id = 1 WHERE code = 'P2'");
  struct Case {
    const char* name;
    json args;
    const char* code;  // "" when nothing is ready
  };
  const Case cases[] = {
      {"plan", {{"plan", "P2"}}, "T6"},
      {"track by name", {{"track", "growth"}}, "T6"},
      {"type", {{"type", "planning"}}, "T7"},
      {"phase by plan and name", {{"phase", "P2/Design"}}, "T6"},
      {"a later phase waits", {{"phase", "P1/Fix"}}, ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    json args = c.args;
    args["claim"] = false;
    json r = h.Ok("get_next_task", args);
    if (*c.code) {
      CHECK(r["task"]["code"] == c.code);
    } else {
      CHECK(r["task"].is_null());
      CHECK(r["nothing_ready"]["reason"] == "waiting");
    }
  }
  CHECK(Has(h.Err("get_next_task", {{"plan", "P9"}}), "no plan P9 in workspace alpha"));
  CHECK(Has(h.Err("get_next_task", {{"track", "Nope"}}), "no track Nope"));
  CHECK(Has(h.Err("get_next_task", {{"phase", "P1/Nope"}}), "no phase P1/Nope"));
  CHECK(Has(h.Err("get_next_task", {{"lease_seconds", 5}}), "at least 10"));
}

TEST_CASE("get_next_task says why nothing is ready") {
  SchedulingHarness h;
  CHECK(h.Ok("get_next_task", json::object())["nothing_ready"]["reason"] == "no_steps");
  h.Plan("bugfix", "draft");
  json waiting = h.Ok("get_next_task", json::object());
  CHECK(waiting["task"].is_null());
  CHECK(Has(h.Text(), "Nothing ready: 5 pending: T1 waits on plan P1 (draft)"));
  h.Ok("memory_plan", {{"action", "update"}, {"plan", "P1"}, {"status", "active"}});
  h.Ok("get_next_task", json::object());
  h.Ok("get_next_task", json::object());
  json claimed = h.Ok("get_next_task", json::object());
  CHECK(claimed["nothing_ready"]["reason"] == "waiting");
  CHECK(Has(h.Text(), "2 in progress, claimed until"));
  CHECK(Has(h.Text(), "T3 waits on earlier phase P1/Reproduce (2 open)"));
  json help = h.CallTool("get_next_task", {{"action", "describe"}});
  CHECK(Has(help["structuredContent"]["help"].dump(), "lease_seconds"));
}

}  // namespace pm::tools
