// memory_steps next, claim, release and heartbeat through tools/call.
#include <doctest/doctest.h>

#include "test_support.h"

namespace pm::tools {

using nlohmann::json;
using testing::McpHarness;
using testing::ResultText;

namespace {

struct ClaimHarness : McpHarness {
  ClaimHarness() {
    Ok("memory_workspace", {{"action", "register"}, {"path", "/ws/claims"}});
    Ok("memory_plan", {{"action", "create"},
                       {"workspace", "claims"},
                       {"title", "Ship"},
                       {"status", "active"},
                       {"phases", {"Build"}}});
    Ok("memory_steps", {{"action", "add"},
                        {"workspace", "claims"},
                        {"plan", "P1"},
                        {"steps", {{{"task", "first"}}, {{"task", "second"}}}}});
  }
  json Ok(const std::string& tool, json args) {
    json r = CallTool(tool, args);
    CAPTURE(r.dump());
    REQUIRE(r["isError"] == false);
    return r["structuredContent"];
  }
  json Steps(json args) {
    args["workspace"] = "claims";
    return Ok("memory_steps", args);
  }
  std::string StepsErr(json args) {
    args["workspace"] = "claims";
    json r = CallTool("memory_steps", args);
    CAPTURE(r.dump());
    REQUIRE(r["isError"] == true);
    return ResultText(r);
  }
  std::string Status(const std::string& code) {
    return db().QueryText("SELECT status FROM steps WHERE code = '" + code + "'");
  }
};

}  // namespace

TEST_CASE("claim, heartbeat and release a step") {
  ClaimHarness h;
  json claimed =
      h.Steps({{"action", "claim"}, {"step", "T1"}, {"agent", "a1"}, {"lease_seconds", 60}});
  CHECK(h.Status("T1") == "in_progress");
  CHECK(claimed.dump().find("a1") != std::string::npos);
  const std::string lease_before =
      h.db().QueryText("SELECT lease_expires_at FROM steps WHERE code = 'T1'");
  h.Steps({{"action", "heartbeat"}, {"step", "T1"}, {"agent", "a1"}, {"lease_seconds", 3600}});
  const std::string lease_after =
      h.db().QueryText("SELECT lease_expires_at FROM steps WHERE code = 'T1'");
  CHECK(lease_after > lease_before);
  // Another agent may neither release without force nor claim it.
  h.StepsErr({{"action", "release"}, {"step", "T1"}, {"agent", "a2"}});
  h.StepsErr({{"action", "claim"}, {"step", "T1"}, {"agent", "a2"}});
  h.Steps({{"action", "release"}, {"step", "T1"}, {"agent", "a1"}});
  CHECK(h.Status("T1") == "pending");
}

TEST_CASE("next completes the caller's step and claims the next one in one call") {
  ClaimHarness h;
  h.Steps({{"action", "claim"}, {"step", "T1"}, {"agent", "a1"}});
  json next =
      h.Steps({{"action", "next"}, {"plan", "P1"}, {"agent", "a1"}, {"completion_notes", "done"}});
  CHECK(h.Status("T1") == "completed");
  CHECK(h.Status("T2") == "in_progress");
  CHECK(next["completed"]["code"] == "T1");
  CHECK(h.db().QueryText("SELECT completed_by FROM steps WHERE code = 'T1'") == "a1");
  json last = h.Steps({{"action", "next"}, {"plan", "P1"}, {"agent", "a1"}});
  CHECK(h.Status("T2") == "completed");
  CHECK(last["task"].is_null());
  CHECK(h.StepsErr({{"action", "next"}, {"agent", "a1"}}).find("\"plan\"") != std::string::npos);
}

TEST_CASE("update and batch_update refuse a step another agent holds, unless forced") {
  ClaimHarness h;
  json task = h.Ok("get_next_task", {{"workspace", "claims"}, {"agent", "alice"}});
  REQUIRE(h.Status("T1") == "in_progress");
  auto holder = [&] {
    return h.db().QueryText("SELECT holder_agent FROM steps WHERE code = 'T1'");
  };
  REQUIRE(holder() == "alice");

  // bob may not complete alice's task, nor hand it back to the queue, by any path.
  for (const char* status : {"completed", "pending", "blocked"}) {
    CAPTURE(status);
    std::string err =
        h.StepsErr({{"action", "update"}, {"step", "T1"}, {"status", status}, {"agent", "bob"}});
    CHECK(err.find("alice") != std::string::npos);
    CHECK(err.find("force") != std::string::npos);
    h.StepsErr({{"action", "batch_update"},
                {"updates", {{{"step", "T1"}, {"status", status}}}},
                {"agent", "bob"}});
    CHECK(h.Status("T1") == "in_progress");
    CHECK(holder() == "alice");
  }
  // Non-status fields are not a claim question: bob may annotate the task.
  h.Steps(
      {{"action", "update"}, {"step", "T1"}, {"context_notes", "seen by bob"}, {"agent", "bob"}});
  CHECK(holder() == "alice");

  // The task is not handed out twice while alice holds it.
  json other = h.Ok("get_next_task", {{"workspace", "claims"}, {"agent", "carol"}});
  CHECK(h.Status("T2") == "in_progress");
  CHECK(h.db().QueryText("SELECT holder_agent FROM steps WHERE code = 'T2'") == "carol");

  // With force, bob takes over deliberately; the log says who did it.
  h.Steps({{"action", "update"},
           {"step", "T1"},
           {"status", "completed"},
           {"agent", "bob"},
           {"force", true}});
  CHECK(h.Status("T1") == "completed");
  CHECK(h.db().QueryText("SELECT completed_by FROM steps WHERE code = 'T1'") == "bob");

  // The holder itself needs no force.
  h.Steps({{"action", "update"}, {"step", "T2"}, {"status", "completed"}, {"agent", "carol"}});
  CHECK(h.Status("T2") == "completed");
}

}  // namespace pm::tools
