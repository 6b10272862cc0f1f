// Seed 001, who created what: plans, steps, requirements and feedback carry
// created_session_id, the session in force when they were made (the
// session_id argument, else the session this server process started), shown
// by get, filterable in list, and cleared when the session is deleted.
#include <doctest/doctest.h>

#include "scheduling_harness.h"

namespace pm::tools {

using nlohmann::json;
using testing::Has;
using testing::SchedulingHarness;

namespace {

// Workspace alpha with sessions S1 (executor) and S2 (reviewer), started by
// this server process in that order: S2 is the process's session.
struct TwoSessions : SchedulingHarness {
  int64_t s1 = 0, s2 = 0;
  TwoSessions() {
    s1 = Ok("memory_agent", {{"action", "session_start"}, {"agent", "executor"}})["session"]["id"];
    s2 = Ok("memory_agent", {{"action", "session_start"}, {"agent", "reviewer"}})["session"]["id"];
  }
  json PlanGet(const std::string& code) {
    return Ok("memory_plan", {{"action", "get"}, {"plan", code}});
  }
  json Step(const std::string& code) {
    return Ok("memory_steps", {{"action", "get"}, {"step", code}})["step"];
  }
  json Feedback(const std::string& code) {
    return Ok("memory_feedback", {{"action", "get"}, {"feedback", code}})["feedback"];
  }
  // Codes of a list's rows.
  static std::vector<std::string> Codes(const json& rows) {
    std::vector<std::string> codes;
    for (const auto& row : rows) codes.push_back(row["code"]);
    return codes;
  }
};

}  // namespace

TEST_CASE("the session_id argument names who created a plan, its steps and criteria") {
  TwoSessions h;
  h.Ok("memory_plan", {{"action", "create"},
                       {"title", "Login page"},
                       {"phases", {"Build"}},
                       {"requirements", {"Users can log in"}},
                       {"session_id", "S1"}});
  json plan = h.PlanGet("P1");
  CHECK(plan["plan"]["created_session_id"] == h.s1);
  REQUIRE(plan["requirements"].size() == 1);
  CHECK(plan["requirements"][0]["created_session_id"] == h.s1);

  h.Ok("memory_steps", {{"action", "add"},
                        {"plan", "P1"},
                        {"phase", "Build"},
                        {"task", "Write the form"},
                        {"session_id", std::to_string(h.s1)}});  // an id works too
  CHECK(h.Step("T1")["created_session_id"] == h.s1);

  h.Ok("memory_plan", {{"action", "add_requirement"},
                       {"plan", "P1"},
                       {"text", "Errors are inline"},
                       {"session_id", "S1"}});
  CHECK(h.PlanGet("P1")["requirements"][1]["created_session_id"] == h.s1);

  h.Ok("memory_feedback",
       {{"action", "report"}, {"kind", "bug"}, {"title", "Form crashes"}, {"session_id", "S1"}});
  CHECK(h.Feedback("FB1")["created_session_id"] == h.s1);
}

TEST_CASE("without session_id, the session this server started is the creator") {
  TwoSessions h;
  h.Plan("bugfix");
  json plan = h.PlanGet("P1");
  CHECK(plan["plan"]["created_session_id"] == h.s2);
  CHECK(h.Step("T1")["created_session_id"] == h.s2);
  h.Ok("memory_feedback", {{"action", "report"}, {"kind", "idea"}, {"title", "Dark mode"}});
  CHECK(h.Feedback("FB1")["created_session_id"] == h.s2);

  // Once that session is completed, nothing is in force: null.
  h.Ok("memory_agent", {{"action", "session_complete"}, {"session", "S2"}});
  h.Ok("memory_feedback", {{"action", "report"}, {"kind", "idea"}, {"title", "Light mode"}});
  CHECK(h.Feedback("FB2")["created_session_id"].is_null());
}

TEST_CASE("a session_id that names no session leaves created_session_id null") {
  TwoSessions h;
  h.Ok("memory_feedback",
       {{"action", "report"}, {"kind", "bug"}, {"title", "Typo"}, {"session_id", "s-1"}});
  json fb = h.Feedback("FB1");
  CHECK(fb.contains("created_session_id"));
  CHECK(fb["created_session_id"].is_null());
  // Another workspace's session is no session of this one.
  const int64_t other =
      h.Ok("memory_agent",
           {{"action", "session_start"}, {"workspace", "beta"}, {"agent", "x"}})["session"]["id"];
  h.Ok("memory_feedback", {{"action", "report"},
                           {"kind", "bug"},
                           {"title", "Typo 2"},
                           {"session_id", std::to_string(other)}});
  CHECK(h.Feedback("FB2")["created_session_id"].is_null());
}

TEST_CASE("lists filter by created_session; an unknown session is an error") {
  TwoSessions h;
  for (const char* s : {"S1", "S2", "S1"}) {
    h.Ok("memory_plan", {{"action", "create"},
                         {"title", std::string("Plan by ") + s},
                         {"phases", {"Build"}},
                         {"session_id", s}});
    h.Ok("memory_feedback",
         {{"action", "report"}, {"kind", "idea"}, {"title", "Idea"}, {"session_id", s}});
  }
  h.Ok("memory_steps", {{"action", "add"},
                        {"plan", "P2"},
                        {"phase", "Build"},
                        {"task", "One"},
                        {"session_id", "S1"}});
  h.Ok("memory_steps", {{"action", "add"},
                        {"plan", "P2"},
                        {"phase", "Build"},
                        {"task", "Two"},
                        {"session_id", "S2"}});

  using V = std::vector<std::string>;
  CHECK(TwoSessions::Codes(
            h.Ok("memory_plan",
                 {{"action", "list"}, {"sort", "created"}, {"created_session", "S1"}})["plans"]) ==
        V{"P1", "P3"});
  CHECK(TwoSessions::Codes(h.Ok(
            "memory_plan", {{"action", "list"}, {"created_session", h.s2}})["plans"]) == V{"P2"});
  CHECK(TwoSessions::Codes(h.Ok(
            "memory_steps", {{"action", "list"}, {"created_session", "S2"}})["steps"]) == V{"T2"});
  CHECK(TwoSessions::Codes(
            h.Ok("memory_feedback", {{"action", "list"}, {"created_session", "S1"}})["items"]) ==
        V{"FB1", "FB3"});
  CHECK(Has(h.Err("memory_plan", {{"action", "list"}, {"created_session", "S9"}}), "S9"));
}

TEST_CASE("deleting a session keeps what it created, with created_session_id null") {
  TwoSessions h;
  h.Ok("memory_plan", {{"action", "create"},
                       {"title", "Kept"},
                       {"phases", {"Build"}},
                       {"requirements", {"Still here"}},
                       {"session_id", "S1"}});
  h.Ok("memory_steps", {{"action", "add"},
                        {"plan", "P1"},
                        {"phase", "Build"},
                        {"task", "One"},
                        {"session_id", "S1"}});
  h.Ok("memory_feedback",
       {{"action", "report"}, {"kind", "bug"}, {"title", "Kept bug"}, {"session_id", "S1"}});
  h.db().ExecScript("DELETE FROM sessions WHERE id = " + std::to_string(h.s1));

  json plan = h.PlanGet("P1");
  CHECK(plan["plan"]["created_session_id"].is_null());
  CHECK(plan["requirements"][0]["created_session_id"].is_null());
  CHECK(h.Step("T1")["created_session_id"].is_null());
  CHECK(h.Feedback("FB1")["created_session_id"].is_null());
}

}  // namespace pm::tools
