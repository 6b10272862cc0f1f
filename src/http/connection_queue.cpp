#include "http/connection_queue.h"

namespace pm::http {

namespace {

thread_local bool t_refusing = false;

}  // namespace

ConnectionQueue::ConnectionQueue(size_t threads, size_t max_connections)
    : max_connections_(max_connections) {
  for (size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { Serve(); });
  refuser_ = std::thread([this] { Refuse(); });
}

ConnectionQueue::~ConnectionQueue() { shutdown(); }

bool ConnectionQueue::IsRefusing() { return t_refusing; }

void ConnectionQueue::enqueue(std::function<void()> fn) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (active_ + tasks_.size() < max_connections_) {
      tasks_.push_back(std::move(fn));
      ready_.notify_one();
      return;
    }
    refusals_.push_back(std::move(fn));
  }
  refusals_ready_.notify_one();
}

void ConnectionQueue::shutdown() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (shutdown_) return;
    shutdown_ = true;
  }
  ready_.notify_all();
  refusals_ready_.notify_all();
  for (auto& t : threads_) t.join();
  refuser_.join();
}

void ConnectionQueue::Serve() {
  for (;;) {
    std::function<void()> fn;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      ready_.wait(lock, [this] { return shutdown_ || !tasks_.empty(); });
      if (tasks_.empty()) return;  // shut down and drained
      fn = std::move(tasks_.front());
      tasks_.pop_front();
      ++active_;
    }
    fn();
    std::lock_guard<std::mutex> lock(mutex_);
    --active_;
  }
}

void ConnectionQueue::Refuse() {
  t_refusing = true;
  for (;;) {
    std::function<void()> fn;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      refusals_ready_.wait(lock, [this] { return shutdown_ || !refusals_.empty(); });
      if (refusals_.empty()) return;
      fn = std::move(refusals_.front());
      refusals_.pop_front();
    }
    fn();
  }
}

}  // namespace pm::http
