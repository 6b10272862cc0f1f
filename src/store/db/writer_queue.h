// WriterQueue lines up the writers of one SQLite file, across processes, in
// the kernel instead of in SQLite's busy handler.
//
// SQLite's write lock cannot be waited on: a writer that finds it taken gets
// SQLITE_BUSY and polls, sleeping between tries. With many processes on few
// cores the polls cost the holder its CPU, and the lock passes on only when
// a sleeper wakes up to look: eight processes claimed fewer tasks per second
// than one. Each connection here first takes an exclusive flock(2) on a
// companion file (the database's path + "-lock"); the kernel queues the
// waiters and wakes the next one the moment the lock is let go. The flock is
// held from before BEGIN IMMEDIATE until after COMMIT or ROLLBACK, so SQLite's
// own lock is then free nearly every time. It is advisory and an addition:
// SQLite's locking still decides, so other programs on the file stay correct.
//
// The wait is bounded by the busy timeout (a timer signal interrupts it). A
// process that ends, however it ends, lets go of its flock.
#pragma once

#include <chrono>
#include <string>

namespace pm::store {

class WriterQueue {
 public:
  // Opens (creating) `database_path` + "-lock". When it cannot (a read-only
  // directory), every Enter succeeds at once and SQLite's busy handling alone
  // applies.
  explicit WriterQueue(const std::string& database_path);
  ~WriterQueue();
  WriterQueue(const WriterQueue&) = delete;
  WriterQueue& operator=(const WriterQueue&) = delete;

  // Waits for this connection's turn, at most `timeout`. False when the time
  // ran out (another writer still holds its turn).
  bool Enter(std::chrono::milliseconds timeout);
  // Ends the turn taken by Enter; does nothing without one.
  void Leave() noexcept;

  bool active() const { return fd_ >= 0; }
  static std::string LockPath(const std::string& database_path) { return database_path + "-lock"; }

 private:
  int fd_ = -1;
  bool held_ = false;
};

}  // namespace pm::store
