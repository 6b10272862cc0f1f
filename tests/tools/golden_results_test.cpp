// Golden results: one scripted session through every main action of the work
// model, each call's structuredContent and text compared with what
// tests/golden/session.json recorded. The shapes agents read are defined by the
// code, so a change to one of them shows here, call by call, before any agent
// notices. Timestamps are replaced by "<time>", since they differ per run.
//
// After a deliberate change of a result, rewrite the file with
//   PM_UPDATE_GOLDEN=1 build/debug/tests/unit_tests -tc='golden*'
// and review the diff of tests/golden/session.json like code.
#include <cstdlib>
#include <fstream>
#include <regex>

#include "tools/tool_call.h"

namespace pm::testing {

namespace {

const char* const kGoldenFile = PM_TESTS_DIR "/golden/session.json";

json Normalized(const json& value) {
  static const std::regex kTime(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z)");
  if (value.is_string()) {
    return std::regex_replace(value.get<std::string>(), kTime, "<time>");
  }
  if (value.is_object() || value.is_array()) {
    json out = value;
    for (auto& item : out.items()) item.value() = Normalized(item.value());
    return out;
  }
  return value;
}

struct Recorder {
  McpHarness& h;
  json results = json::array();

  json Call(const std::string& label, const std::string& tool, const json& args) {
    json r = h.CallTool(tool, args);
    CAPTURE(label);
    CAPTURE(r.dump());
    REQUIRE(r.contains("isError"));
    results.push_back({{"call", label},
                       {"tool", tool},
                       {"args", args},
                       {"isError", r["isError"]},
                       {"text", Normalized(ResultText(r))},
                       {"structuredContent", Normalized(r.value("structuredContent", json()))}});
    return r.value("structuredContent", json());
  }
};

void RunSession(Recorder& r) {
  r.Call("register", "memory_workspace",
         {{"action", "register"}, {"name", "shop"}, {"description", "A web shop"}});
  r.Call("workspace get", "memory_workspace", {{"action", "get"}, {"workspace", "shop"}});
  r.Call("workspace list", "memory_workspace", {{"action", "list"}});
  r.Call("track create", "memory_workspace",
         {{"action", "track_create"},
          {"workspace", "shop"},
          {"name", "Payments"},
          {"goal", "Take money"},
          {"color", "#22aa88"}});
  r.Call("plan create", "memory_plan",
         {{"action", "create"},
          {"workspace", "shop"},
          {"title", "Checkout"},
          {"goal", "Customers can pay"},
          {"status", "active"},
          {"priority", "high"},
          {"tags", {"web", "payments"}},
          {"phases", {"Design", "Build"}},
          {"requirements", {"A card can be charged", "A receipt is sent"}}});
  r.Call("plan create second", "memory_plan",
         {{"action", "create"},
          {"workspace", "shop"},
          {"title", "Refunds"},
          {"status", "planned"},
          {"phases", {"Build"}}});
  r.Call(
      "track assign", "memory_workspace",
      {{"action", "track_assign"}, {"workspace", "shop"}, {"plan", "P1"}, {"track", "Payments"}});
  r.Call(
      "steps add design", "memory_steps",
      {{"action", "add"},
       {"workspace", "shop"},
       {"plan", "P1"},
       {"phase", "Design"},
       {"steps", {{{"task", "Sketch the flow"}, {"type", "planning"}}, {{"task", "Review it"}}}}});
  r.Call("steps add build", "memory_steps",
         {{"action", "add"},
          {"workspace", "shop"},
          {"plan", "P1"},
          {"phase", "Build"},
          {"steps",
           {{{"task", "Payment form"}, {"inputs", {"design.md"}}},
            {{"task", "Call the payment API"}, {"priority", "high"}}}}});
  r.Call("steps add refunds", "memory_steps",
         {{"action", "add"}, {"workspace", "shop"}, {"plan", "P2"}, {"task", "Refund button"}});
  r.Call(
      "dependency add", "memory_plan",
      {{"action", "add_dependency"}, {"workspace", "shop"}, {"item", "P2"}, {"depends_on", "T4"}});
  r.Call("dependencies", "memory_plan",
         {{"action", "dependencies"}, {"workspace", "shop"}, {"item", "P2"}});
  r.Call("plan get", "memory_plan", {{"action", "get"}, {"workspace", "shop"}, {"plan", "P1"}});
  r.Call("plan list", "memory_plan", {{"action", "list"}, {"workspace", "shop"}});
  r.Call("ready", "memory_plan", {{"action", "ready"}, {"workspace", "shop"}, {"why", true}});
  r.Call("next task peek", "get_next_task",
         {{"workspace", "shop"}, {"claim", false}, {"agent", "alice"}});
  r.Call("next task claim", "get_next_task", {{"workspace", "shop"}, {"agent", "alice"}});
  r.Call("claim refused", "memory_steps",
         {{"action", "claim"}, {"workspace", "shop"}, {"step", "T1"}, {"agent", "bob"}});
  r.Call("heartbeat", "memory_steps",
         {{"action", "heartbeat"}, {"workspace", "shop"}, {"step", "T1"}, {"agent", "alice"}});
  r.Call("complete", "update_task_status",
         {{"workspace", "shop"},
          {"task", "T1"},
          {"status", "completed"},
          {"agent", "alice"},
          {"completion_notes", "sketched"}});
  r.Call("steps next", "memory_steps",
         {{"action", "next"}, {"workspace", "shop"}, {"plan", "P1"}, {"agent", "alice"}});
  r.Call("release", "memory_steps",
         {{"action", "release"}, {"workspace", "shop"}, {"step", "T2"}, {"agent", "alice"}});
  r.Call("block", "update_task_status",
         {{"workspace", "shop"}, {"task", "T2"}, {"status", "blocked"}, {"notes", "waiting"}});
  r.Call("illegal move", "update_task_status",
         {{"workspace", "shop"}, {"task", "T2"}, {"status", "completed"}});
  r.Call("steps update", "memory_steps",
         {{"action", "update"},
          {"workspace", "shop"},
          {"step", "T3"},
          {"assignee", "carol"},
          {"context_notes", "use the sandbox"}});
  r.Call("steps batch update", "memory_steps",
         {{"action", "batch_update"},
          {"workspace", "shop"},
          {"updates",
           {{{"step", "T2"}, {"status", "pending"}}, {{"step", "T4"}, {"estimate_hours", 3}}}}});
  r.Call("steps get", "memory_steps", {{"action", "get"}, {"workspace", "shop"}, {"step", "T3"}});
  r.Call("steps list", "memory_steps", {{"action", "list"}, {"workspace", "shop"}, {"plan", "P1"}});
  r.Call("steps move", "memory_steps",
         {{"action", "move"}, {"workspace", "shop"}, {"step", "T4"}, {"index", 0}});
  r.Call("requirement met", "memory_plan",
         {{"action", "update_requirement"},
          {"workspace", "shop"},
          {"requirement", "R1"},
          {"met", true}});
  r.Call("note", "memory_plan",
         {{"action", "add_note"},
          {"workspace", "shop"},
          {"plan", "P1"},
          {"text", "Use the test keys"},
          {"kind", "instruction"}});
  r.Call("plan update", "memory_plan",
         {{"action", "update"}, {"workspace", "shop"}, {"plan", "P1"}, {"estimate_hours", 12}});
  r.Call("track get", "memory_workspace",
         {{"action", "track_get"}, {"workspace", "shop"}, {"track", "Payments"}});
  r.Call("track list", "memory_workspace", {{"action", "track_list"}, {"workspace", "shop"}});
  r.Call("program create", "memory_workspace",
         {{"action", "program_create"}, {"workspace", "shop"}, {"title", "Launch"}});
  r.Call(
      "program add plan", "memory_workspace",
      {{"action", "program_add_plan"}, {"workspace", "shop"}, {"program", "PG1"}, {"plan", "P1"}});
  r.Call("program get", "memory_workspace",
         {{"action", "program_get"}, {"workspace", "shop"}, {"program", "PG1"}});
  r.Call("feedback report", "memory_feedback",
         {{"action", "report"},
          {"workspace", "shop"},
          {"kind", "bug"},
          {"title", "Form loses input"},
          {"severity", "high"}});
  r.Call(
      "feedback triage", "memory_feedback",
      {{"action", "triage"}, {"workspace", "shop"}, {"feedback", "FB1"}, {"severity", "medium"}});
  r.Call("feedback link", "memory_feedback",
         {{"action", "link_plan"}, {"workspace", "shop"}, {"feedback", "FB1"}, {"plan", "P1"}});
  r.Call("feedback list", "memory_feedback", {{"action", "list"}, {"workspace", "shop"}});
  r.Call("context store", "memory_context",
         {{"action", "store"},
          {"workspace", "shop"},
          {"anchor", "plan"},
          {"anchor_id", "P1"},
          {"type", "decision"},
          {"data", {{"choice", "hosted fields"}}}});
  r.Call("knowledge store", "memory_context",
         {{"action", "knowledge_store"},
          {"workspace", "shop"},
          {"slug", "payment-api"},
          {"title", "Payment API"},
          {"content", "The payment API needs an idempotency key."}});
  r.Call("search", "memory_context",
         {{"action", "search"}, {"workspace", "shop"}, {"query", "payment*"}});
  r.Call("handoff", "memory_agent",
         {{"action", "handoff"},
          {"workspace", "shop"},
          {"plan", "P1"},
          {"from", "alice"},
          {"to", "bob"},
          {"reason", "end of day"}});
  r.Call("briefing", "memory_agent",
         {{"action", "briefing"}, {"workspace", "shop"}, {"plan", "P1"}});
  r.Call("history", "memory_plan", {{"action", "history"}, {"workspace", "shop"}, {"step", "T1"}});
  r.Call("nothing ready", "get_next_task",
         {{"workspace", "shop"}, {"plan", "P2"}, {"agent", "bob"}});
  r.Call("steps delete", "memory_steps",
         {{"action", "delete"}, {"workspace", "shop"}, {"step", "T5"}});
}

}  // namespace

TEST_CASE("golden results: the main actions answer as recorded in tests/golden/session.json") {
  McpHarness h;
  Recorder recorder{h};
  RunSession(recorder);

  if (const char* update = std::getenv("PM_UPDATE_GOLDEN"); update && std::string(update) == "1") {
    std::ofstream(kGoldenFile) << recorder.results.dump(2) << "\n";
    MESSAGE("rewrote " << kGoldenFile);
    return;
  }
  std::ifstream in(kGoldenFile);
  REQUIRE_MESSAGE(in.good(), "missing " << kGoldenFile << " (PM_UPDATE_GOLDEN=1 writes it)");
  const json golden = json::parse(in);
  REQUIRE(golden.is_array());
  CHECK(golden.size() == recorder.results.size());
  for (size_t i = 0; i < std::min(golden.size(), recorder.results.size()); ++i) {
    const json& want = golden[i];
    const json& got = recorder.results[i];
    CAPTURE(want["call"].get<std::string>());
    CHECK(got["call"] == want["call"]);
    CHECK(got["isError"] == want["isError"]);
    CHECK(got["text"].get<std::string>() == want["text"].get<std::string>());
    // A JSON patch names exactly which fields drifted. Search scores are FTS5's
    // bm25 in the recording; PostgreSQL's ts_rank_cd scores differ in value, not
    // in sense: there the hits must come in the recorded order, best (lowest) first.
    json drift = json::diff(want["structuredContent"], got["structuredContent"]);
    if (OnPostgres(h.db()) && got["structuredContent"].contains("hits")) {
      json kept = json::array();
      for (const auto& op : drift) {
        const std::string path = op["path"];
        if (path.rfind("/hits/", 0) != 0 || path.size() < 6 ||
            path.compare(path.size() - 6, 6, "/score") != 0)
          kept.push_back(op);
      }
      drift = kept;
      const json& hits = got["structuredContent"]["hits"];
      for (size_t k = 1; k < hits.size(); ++k)
        CHECK(hits[k - 1]["score"].get<double>() <= hits[k]["score"].get<double>());
    }
    CHECK_MESSAGE(drift.empty(), "structuredContent drift: " << drift.dump());
  }
}

}  // namespace pm::testing
