#include "store/feedback_repository.h"

#include <doctest/doctest.h>

#include "common/user_error.h"
#include "test_support.h"
#include "work_fixture.h"

namespace pm::store {

namespace {

const Actor kActor{"tester", "s-1"};

NewFeedback Bug(const std::string& title) {
  NewFeedback item;
  item.kind = "bug";
  item.title = title;
  return item;
}

}  // namespace

TEST_CASE("the database itself rejects invalid feedback rows") {
  auto db = testing::MigratedMemoryDatabase();
  const int64_t ws = testing::AddWorkspace(*db, "shop");
  const std::string prefix =
      "INSERT INTO feedback (workspace_id, code, kind, title, status, severity) VALUES (" +
      std::to_string(ws) + ", ";
  struct Case {
    const char* name;
    std::string values;
    bool ok;
  };
  const Case cases[] = {
      {"valid", "'FB1', 'bug', 't', 'new', NULL)", true},
      {"unknown status", "'FB2', 'bug', 't', 'open', NULL)", false},
      {"unknown kind", "'FB3', 'feature', 't', 'new', NULL)", false},
      {"unknown severity", "'FB4', 'bug', 't', 'new', 'urgent')", false},
      {"empty title", "'FB5', 'bug', '', 'new', NULL)", false},
      {"code taken", "'FB1', 'idea', 't', 'new', NULL)", false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    if (c.ok) {
      CHECK_NOTHROW(db->ExecScript(prefix + c.values));
    } else {
      CHECK_THROWS(db->ExecScript(prefix + c.values));
    }
  }
  CHECK_THROWS(db->ExecScript("UPDATE feedback SET status = 'done'"));
  CHECK_THROWS(db->ExecScript("UPDATE feedback SET duplicate_of = id"));
}

TEST_CASE("FB-codes are sequential per workspace and logged with the row") {
  auto db = testing::MigratedMemoryDatabase();
  FeedbackRepository repo(*db);
  const int64_t a = testing::AddWorkspace(*db, "a"), b = testing::AddWorkspace(*db, "b");
  CHECK(repo.Report(a, Bug("one"), kActor).code == "FB1");
  CHECK(repo.Report(a, Bug("two"), kActor).code == "FB2");
  CHECK(repo.Report(b, Bug("other"), kActor).code == "FB1");
  Feedback third = repo.Report(a, Bug("three"), kActor);
  CHECK(third.code == "FB3");
  CHECK(third.status == "new");
  CHECK(testing::ScalarInt(*db,
                           "SELECT count(*) FROM update_log WHERE entity_kind = 'feedback' "
                           "AND action = 'create'") == 4);
  // Found by code in its own workspace only.
  CHECK(repo.Find(a, "fb3")->id == third.id);
  CHECK_FALSE(repo.Find(b, third.id).has_value());
}

TEST_CASE("status moves follow the feedback transition table") {
  auto db = testing::MigratedMemoryDatabase();
  FeedbackRepository repo(*db);
  const int64_t ws = testing::AddWorkspace(*db, "shop");
  struct Case {
    std::vector<std::string> path;  // statuses set in order
    bool ok;                        // whether the last move is legal
  };
  const Case cases[] = {
      {{"triaged"}, true},
      {{"in_progress", "resolved"}, true},
      {{"wont_fix", "new"}, true},
      {{"resolved", "triaged"}, false},
      {{"resolved", "in_progress"}, false},
      {{"in_progress", "new"}, false},
      {{"new"}, true},  // staying put is a no-op
  };
  for (const auto& c : cases) {
    const int64_t id = repo.Report(ws, Bug("x"), kActor).id;
    for (size_t i = 0; i + 1 < c.path.size(); ++i)
      repo.Update(ws, id, {{"status", c.path[i]}}, kActor);
    CAPTURE(c.path.back());
    if (c.ok) {
      CHECK(repo.Update(ws, id, {{"status", c.path.back()}}, kActor).status == c.path.back());
    } else {
      CHECK_THROWS_AS(repo.Update(ws, id, {{"status", c.path.back()}}, kActor), UserError);
    }
  }
}

TEST_CASE("closing records resolved_at and reopening clears it") {
  auto db = testing::MigratedMemoryDatabase();
  FeedbackRepository repo(*db);
  const int64_t ws = testing::AddWorkspace(*db, "shop");
  const int64_t id = repo.Report(ws, Bug("x"), kActor).id;
  CHECK(repo.Update(ws, id, {{"status", "resolved"}}, kActor).resolved_at.has_value());
  CHECK_FALSE(repo.Update(ws, id, {{"status", "new"}}, kActor).resolved_at.has_value());
  CHECK(repo.Update(ws, id, {{"status", "wont_fix"}}, kActor).resolved_at.has_value());
}

TEST_CASE("duplicates point at another item and never form a loop") {
  auto db = testing::MigratedMemoryDatabase();
  FeedbackRepository repo(*db);
  const int64_t ws = testing::AddWorkspace(*db, "shop");
  const int64_t a = repo.Report(ws, Bug("a"), kActor).id;
  const int64_t b = repo.Report(ws, Bug("b"), kActor).id;
  CHECK_THROWS_AS(repo.Triage(ws, a, std::nullopt, a, kActor), UserError);
  Feedback dup = repo.Triage(ws, b, std::nullopt, a, kActor);
  CHECK(dup.status == "duplicate");
  CHECK(dup.duplicate_of == a);
  CHECK_THROWS_AS(repo.Triage(ws, a, std::nullopt, b, kActor), UserError);  // a -> b -> a
  CHECK_THROWS_AS(repo.Update(ws, a, {{"status", "duplicate"}}, kActor), UserError);
  // Reopening forgets what it duplicated.
  CHECK_FALSE(repo.Update(ws, b, {{"status", "new"}}, kActor).duplicate_of.has_value());
}

TEST_CASE("list filters and pages by id") {
  auto db = testing::MigratedMemoryDatabase();
  FeedbackRepository repo(*db);
  const int64_t ws = testing::AddWorkspace(*db, "shop");
  const int64_t plan = testing::AddPlan(*db, ws, "Fix it").id;
  for (int i = 0; i < 5; ++i) {
    NewFeedback item = Bug("bug " + std::to_string(i));
    if (i % 2 == 0) item.kind = "idea";
    if (i == 4) item.plan_id = plan;
    repo.Report(ws, item, kActor);
  }
  FeedbackFilter ideas;
  ideas.kind = "idea";
  CHECK(repo.List(ws, ideas, 50, 0).items.size() == 3);
  FeedbackFilter linked;
  linked.plan_id = plan;
  auto page = repo.List(ws, linked, 50, 0);
  REQUIRE(page.items.size() == 1);
  CHECK(page.items[0].title == "bug 4");
  CHECK_FALSE(ToJson(page.items[0]).contains("body"));  // summaries
  auto first = repo.List(ws, {}, 2, 0);
  CHECK(first.items.size() == 2);
  REQUIRE(first.next_after_id);
  auto rest = repo.List(ws, {}, 10, *first.next_after_id);
  CHECK(rest.items.size() == 3);
  CHECK_FALSE(rest.next_after_id);
}

}  // namespace pm::store
