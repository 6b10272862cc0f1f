// ByteSource is where the transport reads its input from: a file descriptor in
// production, a string in tests. Not thread-safe; one reader at a time.
#pragma once

#include <sys/types.h>

#include <csignal>
#include <cstddef>
#include <string>

namespace pm::rpc {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to `capacity` bytes into `buffer`. Returns the count read, 0 at end of
  // input, or -1 when reading stopped (error, or a stop was requested).
  virtual ssize_t Read(char* buffer, size_t capacity) = 0;
  // Whether a stop was requested. Checked between messages, so that a stop
  // does not wait until every message already read has been answered.
  virtual bool StopRequested() const { return false; }
};

// Reads a file descriptor. When `wake_fd` is not -1, a byte arriving on it (written
// by a signal handler) stops reading: Read returns -1. `stop` (may be null) is a
// flag the same handler sets; StopRequested() reports it. With nothing to read,
// Read polls for 100 µs before it sleeps, so the next request of a client that
// waits on each answer finds the server awake.
class FdByteSource : public ByteSource {
 public:
  explicit FdByteSource(int fd, int wake_fd = -1, const volatile std::sig_atomic_t* stop = nullptr)
      : fd_(fd), wake_fd_(wake_fd), stop_(stop) {}
  ssize_t Read(char* buffer, size_t capacity) override;
  bool StopRequested() const override { return stop_ != nullptr && *stop_ != 0; }

 private:
  int fd_;
  int wake_fd_;
  const volatile std::sig_atomic_t* stop_;
};

// Serves the bytes of a string, in chunks of at most `chunk` bytes to exercise
// boundaries in tests.
class StringByteSource : public ByteSource {
 public:
  explicit StringByteSource(std::string data, size_t chunk = 4096)
      : data_(std::move(data)), chunk_(chunk) {}
  ssize_t Read(char* buffer, size_t capacity) override;

 private:
  std::string data_;
  size_t chunk_;
  size_t pos_ = 0;
};

}  // namespace pm::rpc
