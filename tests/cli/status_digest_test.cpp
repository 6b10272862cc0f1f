#include "cli/status_digest.h"

#include <doctest/doctest.h>

namespace pm::cli {

namespace {

// A plan of `count` steps in one phase: the first 3 completed, the next 2 in
// progress (held by agents, leases 14 minutes and 3 hours from kNow), one
// blocked with a reason, the rest pending.
constexpr const char* kNow = "2026-12-04T12:00:00Z";

json BigPlan(int count) {
  json steps = json::array();
  for (int i = 1; i <= count; ++i) {
    json step = {{"id", i},
                 {"code", "T" + std::to_string(i)},
                 {"task", "Step number " + std::to_string(i)},
                 {"status", "pending"}};
    if (i <= 3) step["status"] = "completed";
    if (i == 4) {
      step["status"] = "in_progress";
      step["holder_agent"] = "builder-1";
      step["lease_expires_at"] = "2026-12-04T12:13:30.500Z";
    }
    if (i == 5) {
      step["status"] = "in_progress";
      step["holder_agent"] = "builder-2";
      step["lease_expires_at"] = "2026-12-04T15:00:00.000Z";
    }
    if (i == 6) {
      step["status"] = "blocked";
      step["blocked_reason"] = "waiting for the API key";
    }
    steps.push_back(step);
  }
  const json progress = {{"total", count}, {"completed", 3}, {"in_progress", 2},
                         {"blocked", 1},   {"cancelled", 0}, {"pending", count - 6}};
  return {{"plan",
           {{"id", 1},
            {"code", "P1"},
            {"title", "Rewrite"},
            {"status", "active"},
            {"progress", progress}}},
          {"phases", {{{"id", 1}, {"name", "Build"}, {"progress", progress}, {"steps", steps}}}}};
}

json ReadyRows(int from, int count) {
  json rows = json::array();
  for (int i = from; i < from + count; ++i) {
    rows.push_back({{"code", "T" + std::to_string(i)},
                    {"task", "Step number " + std::to_string(i)},
                    {"plan_code", "P1"},
                    {"phase_name", "Build"}});
  }
  return {{"ready", rows}};
}

size_t Lines(const std::string& text) {
  size_t n = 0;
  for (char c : text) n += c == '\n';
  return n;
}

}  // namespace

TEST_CASE("a 1,000-step workspace is a short digest of what matters") {
  const json workspace = {{"code", "big"}, {"name", "big"}, {"path", "/src/big"}};
  json done = BigPlan(10);
  done["plan"]["code"] = "P2";
  done["plan"]["status"] = "completed";
  done["plan"]["progress"] = {{"total", 10}, {"completed", 10}};
  for (auto& step : done["phases"][0]["steps"]) step["status"] = "completed";
  const json views = json::array({BigPlan(1000), done});
  REQUIRE(ExpandedStepCount(views) == 1000);  // the finished plan's steps are folded anyway

  const json next = {{"task", {{"code", "T7"}, {"task", "Step number 7"}}},
                     {"plan", {{"code", "P1"}}},
                     {"phase", {{"name", "Build"}}}};
  const std::string text =
      RenderStatusDigest(workspace, views, ReadyRows(7, 500), 500, next, kNow, ViewStyle{false});
  CAPTURE(text);
  CHECK(Lines(text) < 30);
  CHECK(text.rfind("Workspace big /src/big\n", 0) == 0);
  CHECK(text.find("1,010 steps: ✓ 13 completed · ▶ 2 in progress · ⊘ 1 blocked · ○ 994 pending "
                  "(500+ ready) · ✗ 0 cancelled\n") != std::string::npos);
  CHECK(text.find("▶ P1 Rewrite  active") != std::string::npos);
  CHECK(text.find("P2 Rewrite") == std::string::npos);
  CHECK(text.find("1 completed or cancelled plan not shown") != std::string::npos);
  // In progress with holders and the lease left, blocked with the reason.
  CHECK(text.find("In progress (2)\n"
                  "  ▶ T4 Step number 4  @builder-1  14m left  P1 › Build\n"
                  "  ▶ T5 Step number 5  @builder-2  3h00m left  P1 › Build\n") !=
        std::string::npos);
  CHECK(text.find("Blocked (1)\n  ⊘ T6 Step number 6 — waiting for the API key  P1 › Build\n") !=
        std::string::npos);
  // The next five ready ones, then a count.
  CHECK(text.find("Ready (500+), best first\n  ○ T7 Step number 7  P1 › Build\n") !=
        std::string::npos);
  CHECK(text.find("  ○ T11 Step number 11") != std::string::npos);
  CHECK(text.find("  ○ T12 ") == std::string::npos);
  CHECK(text.find("  … 495+ more\n") != std::string::npos);
  CHECK(text.find("Next: T7 Step number 7 (P1 › Build)\n") != std::string::npos);
  CHECK(text.find("T500 ") == std::string::npos);
  CHECK(text.find("status --all") != std::string::npos);
}

TEST_CASE("the digest lists a few of many steps in progress and counts the rest") {
  json plan = BigPlan(100);
  for (auto& step : plan["phases"][0]["steps"]) {
    if (step["status"] == "pending") step["status"] = "in_progress";
  }
  const std::string text =
      RenderStatusDigest({{"code", "w"}}, json::array({plan}), {{"ready", json::array()}}, 500,
                         {{"task", nullptr}}, kNow, ViewStyle{false});
  CHECK(text.find("In progress (96)\n") != std::string::npos);
  CHECK(text.find("  … 88 more\n") != std::string::npos);
  CHECK(text.find("Ready (") == std::string::npos);  // nothing ready, no section
  CHECK(Lines(text) < 25);
}

TEST_CASE("lease time left reads in minutes, hours or days") {
  struct Case {
    const char* expires;
    const char* left;
  };
  const Case cases[] = {
      {"2026-12-04T12:00:30Z", "1m left"},
      {"2026-12-04T12:59:00.000Z", "59m left"},
      {"2026-12-04T13:05:00.000Z", "1h05m left"},
      {"2026-12-06T14:00:00.000Z", "2d2h left"},
      {"2026-12-04T12:00:00.000Z", "expired"},
      {"2026-12-03T12:00:00.000Z", "expired"},
      {"", ""},
      {"soon", ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.expires);
    CHECK(LeaseLeft(c.expires, kNow) == c.left);
  }
}

}  // namespace pm::cli
