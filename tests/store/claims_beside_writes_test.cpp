// Claims and other writes on several connections at once. On PostgreSQL a
// claim (get_next_task) runs beside the writes that take turns, kept apart by
// row locks alone; on SQLite every write takes its turn. Either way no step is
// held by two agents, and a write that decides on a step's state sees a claim
// that was made beside it.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "common/user_error.h"
#include "store/plan_repository.h"
#include "store/scheduler.h"
#include "test_support.h"

namespace pm::store {

namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;

// Waits until `flag` is set or `limit` has passed; false when it timed out.
bool WaitFor(const std::atomic<bool>& flag, std::chrono::milliseconds limit) {
  const auto until = Clock::now() + limit;
  while (!flag) {
    if (Clock::now() >= until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

// A workspace with one active plan of `steps` steps in one phase; its id.
int64_t Workspace(Database& db, int steps) {
  db.ExecScript("INSERT INTO workspaces (code, name) VALUES ('team', 'Team')");
  const int64_t ws = db.QueryInt("SELECT id FROM workspaces WHERE code = 'team'");
  json list = json::array();
  for (int i = 1; i <= steps; ++i) list.push_back({{"task", "task " + std::to_string(i)}});
  PlanRepository(db).Create(ws, {{"title", "plan"}, {"status", "active"}},
                            json::array({{{"name", "A"}, {"steps", list}}}), json::array(),
                            {"lead", ""});
  return ws;
}

TaskFilter In(int64_t ws) {
  TaskFilter filter;
  filter.workspace_id = ws;
  return filter;
}

}  // namespace

TEST_CASE(
    "a write takes the store's write lock, a claim only when a write joins it (PostgreSQL only: "
    "SQLite's writes all take its file lock)" *
    PM_POSTGRES_ONLY) {
  auto db = testing::MigratedMemoryDatabase();
  auto advisory = [&] {
    return db->QueryInt(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()");
  };
  int64_t in_write = -1, in_claim = -1, joined = -1;
  db->Write([&] { in_write = advisory(); });
  db->WriteWithRowLocks([&] {
    in_claim = advisory();
    db->Write([&] { joined = advisory(); });
  });
  CHECK(in_write == 1);
  CHECK(in_claim == 0);
  CHECK(joined == 1);
  CHECK(advisory() == 0);  // released with the transaction
}

TEST_CASE("a claim runs beside another write on PostgreSQL, and after it on SQLite") {
  testing::SharedDatabase shared;
  auto writer = shared.Connect();
  auto claimer = shared.Connect();
  const int64_t ws = Workspace(*writer, 2);

  std::atomic<bool> holding{false}, claimed{false}, released{false};
  std::thread holder([&] {
    writer->Write([&] {
      writer->ExecScript("UPDATE workspaces SET name = 'Team A' WHERE code = 'team'");
      holding = true;
      // Held until the claim is done, or for a second when it waits for us.
      WaitFor(claimed, std::chrono::seconds(1));
      released = true;
    });
  });
  REQUIRE(WaitFor(holding, std::chrono::seconds(10)));
  NextTask next = Scheduler(*claimer).GetNextTask(In(ws), true, 600, {"alice", ""});
  const bool beside = !released;
  claimed = true;
  holder.join();

  REQUIRE(next.task);
  CHECK(next.claimed);
  CHECK(next.task->task.claim.holder_agent == "alice");
  if (testing::OnPostgres(*claimer)) {
    CHECK_MESSAGE(beside, "the claim waited for the other write's turn");
  } else {
    CHECK_MESSAGE(!beside, "a claim ran inside another connection's write on SQLite");
  }
  CHECK(claimer->QueryText("SELECT name FROM workspaces WHERE code = 'team'") == "Team A");
}

TEST_CASE("a status change waits for a claim made beside it and then refuses the held step") {
  testing::SharedDatabase shared;
  auto claimer = shared.Connect();
  auto other = shared.Connect();
  const int64_t ws = Workspace(*claimer, 1);
  const int64_t step = claimer->QueryInt("SELECT id FROM steps");

  std::atomic<bool> claimed{false}, started{false};
  std::thread alice([&] {
    // The claim's transaction stays open until bob has begun his change.
    claimer->WriteWithRowLocks([&] {
      NextTask next = Scheduler(*claimer).GetNextTask(In(ws), true, 600, {"alice", ""});
      claimed = next.claimed;
      WaitFor(started, std::chrono::seconds(10));
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    });
  });
  REQUIRE(WaitFor(claimed, std::chrono::seconds(10)));
  started = true;
  StatusChange start;
  start.status = "in_progress";
  std::string refused;
  try {
    Scheduler(*other).UpdateTaskStatus(step, start, {"bob", ""});
  } catch (const UserError& e) {
    refused = e.what();
  }
  alice.join();

  CHECK_MESSAGE(refused.find("held by alice") != std::string::npos,
                "bob's start went through a claim alice made beside it: " << refused);
  CHECK(other->QueryText("SELECT holder_agent FROM steps WHERE id = " + std::to_string(step)) ==
        "alice");
}

TEST_CASE("a claim made while another is open takes the next ready step, not nothing") {
  testing::SharedDatabase shared;
  auto first = shared.Connect();
  auto second = shared.Connect();
  const int64_t ws = Workspace(*first, 3);

  std::atomic<bool> claimed{false}, done{false};
  std::string alice_step;
  std::thread alice([&] {
    first->WriteWithRowLocks([&] {
      NextTask next = Scheduler(*first).GetNextTask(In(ws), true, 600, {"alice", ""});
      if (next.task) alice_step = next.task->task.code;
      claimed = true;
      // Open until bob's claim is done (on SQLite bob waits for this commit).
      WaitFor(done, std::chrono::milliseconds(500));
    });
  });
  REQUIRE(WaitFor(claimed, std::chrono::seconds(10)));
  NextTask bob = Scheduler(*second).GetNextTask(In(ws), true, 600, {"bob", ""});
  done = true;
  alice.join();

  CHECK(alice_step == "T1");
  REQUIRE_MESSAGE(bob.task, "bob was told nothing is ready: "
                                << (bob.nothing_ready ? bob.nothing_ready->message : ""));
  CHECK(bob.task->task.code == "T2");
  CHECK(bob.task->task.claim.holder_agent == "bob");
}

TEST_CASE("claims on many connections at once hand out every step exactly once") {
  testing::SharedDatabase shared;
  constexpr int kSteps = 60, kAgents = 6;
  const int64_t ws = Workspace(*shared.Connect(), kSteps);

  std::vector<std::vector<int64_t>> taken(kAgents);
  std::vector<std::string> errors(kAgents);
  std::vector<std::thread> agents;
  for (int a = 0; a < kAgents; ++a) {
    agents.emplace_back([&, a] {
      try {
        auto db = shared.Connect(30000);
        Scheduler scheduler(*db);
        const Actor actor{"agent-" + std::to_string(a), ""};
        for (;;) {
          NextTask next = scheduler.GetNextTask(In(ws), true, 600, actor);
          if (!next.task) break;
          taken[static_cast<size_t>(a)].push_back(next.task->task.id);
          StatusChange done;
          done.status = "completed";
          scheduler.UpdateTaskStatus(next.task->task.id, done, actor);
        }
      } catch (const std::exception& e) {
        errors[static_cast<size_t>(a)] = e.what();
      }
    });
  }
  for (auto& t : agents) t.join();
  for (const auto& e : errors) CHECK_MESSAGE(e.empty(), e);

  std::set<int64_t> once;
  size_t total = 0;
  for (const auto& list : taken) {
    total += list.size();
    once.insert(list.begin(), list.end());
  }
  CHECK(total == kSteps);
  CHECK(once.size() == kSteps);
  auto db = shared.Connect();
  CHECK(db->QueryInt("SELECT count(*) FROM steps WHERE status = 'completed'") == kSteps);
  CHECK(db->QueryInt("SELECT count(*) FROM update_log WHERE action = 'claim'") == kSteps);
}

}  // namespace pm::store
