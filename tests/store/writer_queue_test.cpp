#include "store/db/writer_queue.h"

#include <doctest/doctest.h>
#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <thread>

#include "store/database.h"
#include "store/storage_error.h"
#include "test_support.h"

namespace pm::store {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

// A database file in `dir` whose writes wait at most `busy_timeout_ms`.
DatabaseOptions FileOptions(const testing::TempDir& dir, const std::string& name,
                            int busy_timeout_ms) {
  DatabaseOptions options;
  options.path = dir.File(name);
  options.busy_timeout_ms = busy_timeout_ms;
  return options;
}

TEST_CASE("a writer waits for the turn another holds, and only as long as the busy timeout") {
  testing::TempDir dir;
  const std::string db = dir.File("a.db");
  WriterQueue first(db), second(db);
  REQUIRE(first.active());
  CHECK(std::filesystem::exists(WriterQueue::LockPath(db)));

  REQUIRE(first.Enter(milliseconds(100)));
  const auto start = Clock::now();
  CHECK_FALSE(second.Enter(milliseconds(150)));
  const auto waited = Clock::now() - start;
  CHECK(waited >= milliseconds(140));
  CHECK(waited < milliseconds(2000));

  // The turn passes the moment it is let go, not at the next poll.
  std::thread leaver([&] {
    std::this_thread::sleep_for(milliseconds(100));
    first.Leave();
  });
  const auto queued = Clock::now();
  CHECK(second.Enter(milliseconds(5000)));
  const auto took = Clock::now() - queued;
  leaver.join();
  CHECK(took >= milliseconds(90));
  CHECK(took < milliseconds(1000));
  CHECK_FALSE(first.Enter(milliseconds(10)));
  second.Leave();
  CHECK(first.Enter(milliseconds(10)));
  first.Leave();
}

TEST_CASE("a thread that blocks every signal still gives up waiting at its timeout") {
  testing::TempDir dir;
  const std::string db = dir.File("a.db");
  WriterQueue holder(db);
  REQUIRE(holder.Enter(milliseconds(100)));
  bool entered = true;
  Clock::duration waited{};
  std::thread waiter([&] {
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, nullptr);
    WriterQueue queue(db);
    const auto start = Clock::now();
    entered = queue.Enter(milliseconds(100));
    waited = Clock::now() - start;
  });
  waiter.join();
  CHECK_FALSE(entered);
  CHECK(waited >= milliseconds(90));
  CHECK(waited < milliseconds(2000));
  holder.Leave();
}

TEST_CASE("a process that ends holding its turn lets the next writer in") {
  testing::TempDir dir;
  const std::string db = dir.File("a.db");
  int ready[2];
  REQUIRE(pipe(ready) == 0);
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    WriterQueue queue(db);
    const bool entered = queue.Enter(milliseconds(1000));
    const char byte = entered ? 'y' : 'n';
    if (write(ready[1], &byte, 1) != 1) _exit(2);
    std::this_thread::sleep_for(milliseconds(200));
    _exit(0);  // no Leave: the kernel lets go of the flock
  }
  char byte = 0;
  REQUIRE(read(ready[0], &byte, 1) == 1);
  REQUIRE(byte == 'y');
  WriterQueue queue(db);
  CHECK(queue.Enter(milliseconds(5000)));
  queue.Leave();
  int status = 0;
  waitpid(child, &status, 0);
  CHECK(WIFEXITED(status));
  close(ready[0]);
  close(ready[1]);
}

TEST_CASE("without a place for its lock file the queue stands aside and SQLite decides alone") {
  WriterQueue queue("/nonexistent-directory/a.db");
  CHECK_FALSE(queue.active());
  CHECK(queue.Enter(milliseconds(10)));
  CHECK(queue.Enter(milliseconds(10)));
  queue.Leave();
}

TEST_CASE("one busy timeout bounds the wait for a turn and for SQLite's lock together") {
  testing::TempDir dir;
  DatabaseOptions options = FileOptions(dir, "bound.db", 300);
  Database other(options);
  other.ExecScript("CREATE TABLE t (x INTEGER)");
  Database writer(options);
  // Another program holds SQLite's lock, and a turn in the queue is taken for 250 ms.
  other.ExecScript("BEGIN IMMEDIATE");
  WriterQueue turn(options.path);
  REQUIRE(turn.Enter(milliseconds(100)));
  std::thread leaver([&] {
    std::this_thread::sleep_for(milliseconds(250));
    turn.Leave();
  });
  const auto start = Clock::now();
  CHECK_THROWS_AS(writer.Write([&] { writer.ExecScript("INSERT INTO t VALUES (1)"); }),
                  StorageError);
  const auto waited = Clock::now() - start;
  leaver.join();
  CHECK(waited >= milliseconds(290));
  CHECK(waited < milliseconds(500));  // not 250 ms for the turn and then 300 more
  other.ExecScript("ROLLBACK");
}

TEST_CASE("write transactions of two connections take turns through the queue") {
  testing::TempDir dir;
  DatabaseOptions options = FileOptions(dir, "turns.db", 150);
  Database first(options);
  first.ExecScript("CREATE TABLE t (x INTEGER)");
  Database second(options);
  CHECK(std::filesystem::exists(options.path + "-lock"));

  // While the first holds its turn the second waits, then reports the lock.
  std::atomic<bool> inside{false}, done{false};
  std::thread holder([&] {
    first.Write([&] {
      first.ExecScript("INSERT INTO t VALUES (1)");
      inside = true;
      while (!done) std::this_thread::sleep_for(milliseconds(5));
    });
  });
  while (!inside) std::this_thread::yield();
  CHECK_THROWS_AS(second.Write([&] { second.ExecScript("INSERT INTO t VALUES (2)"); }),
                  StorageError);
  done = true;
  holder.join();
  // A rolled-back turn is let go as well as a committed one.
  CHECK_THROWS(first.Write([&] {
    first.ExecScript("INSERT INTO t VALUES (3)");
    throw std::runtime_error("stop");
  }));
  second.Write([&] { second.ExecScript("INSERT INTO t VALUES (2)"); });
  CHECK(second.QueryText("SELECT group_concat(x) FROM t") == "1,2");

  // A read-only connection neither makes nor takes a turn.
  options.read_only = true;
  Database reader(options);
  CHECK(reader.QueryInt("SELECT count(*) FROM t") == 2);
}

}  // namespace pm::store
