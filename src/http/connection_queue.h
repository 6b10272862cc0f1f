// ConnectionQueue is the httplib::TaskQueue of the HTTP server: a fixed set of
// connection threads, one connection each, and a cap on connections.
//
// httplib accepts a connection and enqueues a task that serves it. While fewer
// than `max_connections` are served or waiting, the task goes to the
// connection threads; past the cap it runs on the one refusal thread with
// IsRefusing() true, and the server answers 503 at once without reading the
// request, so an overload costs a write and a close, never a thread or memory.
// shutdown() lets every queued connection finish, then joins the threads.
#pragma once

#include <httplib.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace pm::http {

class ConnectionQueue : public httplib::TaskQueue {
 public:
  ConnectionQueue(size_t threads, size_t max_connections);
  ~ConnectionQueue() override;

  void enqueue(std::function<void()> fn) override;
  void shutdown() override;

  // True on the thread answering connections past the cap.
  static bool IsRefusing();

 private:
  void Serve();
  void Refuse();

  size_t max_connections_;
  std::mutex mutex_;
  std::condition_variable ready_, refusals_ready_;
  std::deque<std::function<void()>> tasks_, refusals_;
  size_t active_ = 0;
  bool shutdown_ = false;
  std::vector<std::thread> threads_;
  std::thread refuser_;
};

}  // namespace pm::http
