// WorkerPool lends Workers to requests, one request per worker at a time, and
// makes them on demand, at most `size` of them (the server's database
// connections). A request waits for a free worker up to a deadline and then
// gets PoolBusy (the server answers 503). Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <vector>

#include "http/worker.h"

namespace pm::http {

class PoolBusy : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class WorkerPool {
 public:
  WorkerPool(WorkerFactory factory, size_t size);

  // A borrowed worker; returned to the pool when the lease goes.
  class Lease {
   public:
    Lease(WorkerPool& pool, std::unique_ptr<Worker> worker)
        : pool_(&pool), worker_(std::move(worker)) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    Worker& operator*() { return *worker_; }
    Worker* operator->() { return worker_.get(); }

   private:
    WorkerPool* pool_;
    std::unique_ptr<Worker> worker_;
  };

  // A free worker, a new one while fewer than `size` exist, or the first one
  // returned within `wait`. Throws PoolBusy when none is free in time, and what
  // the factory throws when making one fails.
  Lease Acquire(std::chrono::milliseconds wait);

  size_t size() const { return size_; }

 private:
  void Return(std::unique_ptr<Worker> worker);

  WorkerFactory factory_;
  size_t size_;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Worker>> idle_;
  size_t made_ = 0;
};

}  // namespace pm::http
