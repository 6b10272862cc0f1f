#include "http/worker_pool.h"

namespace pm::http {

WorkerPool::WorkerPool(WorkerFactory factory, size_t size)
    : factory_(std::move(factory)), size_(size == 0 ? 1 : size) {}

WorkerPool::Lease::~Lease() {
  if (pool_ && worker_) pool_->Return(std::move(worker_));
}

WorkerPool::Lease WorkerPool::Acquire(std::chrono::milliseconds wait) {
  std::unique_lock<std::mutex> lock(mutex_);
  const auto deadline = std::chrono::steady_clock::now() + wait;
  for (;;) {
    if (!idle_.empty()) {
      auto worker = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(worker));
    }
    if (made_ < size_) {
      ++made_;
      lock.unlock();
      try {
        return Lease(*this, factory_());
      } catch (...) {
        lock.lock();
        --made_;
        throw;
      }
    }
    if (returned_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty()) {
      throw PoolBusy("every database connection of the server stayed busy for " +
                     std::to_string(wait.count()) + " ms; retry shortly");
    }
  }
}

void WorkerPool::Return(std::unique_ptr<Worker> worker) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    idle_.push_back(std::move(worker));
  }
  returned_.notify_one();
}

}  // namespace pm::http
