// LineSink is where the transport writes protocol messages: one line each. In
// serve mode the only LineSink is the one on stdout. A sink may hold lines
// back until Flush(); the transport flushes before it waits for input, so a
// peer never waits for an answer that sits in a buffer. Not thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace pm::rpc {

class LineSink {
 public:
  virtual ~LineSink() = default;
  // Writes `line` and a newline, or queues them. Returns false when the peer is
  // gone.
  virtual bool WriteLine(std::string_view line) = 0;
  // Writes whatever is queued. Returns false when the peer is gone.
  virtual bool Flush() { return true; }
};

// Writes to a file descriptor, retrying short writes and EINTR. Lines are
// queued until Flush() or until 64 KiB are waiting: answers to pipelined
// requests leave in one write instead of one each.
class FdLineSink : public LineSink {
 public:
  explicit FdLineSink(int fd) : fd_(fd) {}
  ~FdLineSink() override { Flush(); }
  bool WriteLine(std::string_view line) override;
  bool Flush() override;

 private:
  int fd_;
  std::string pending_;
};

// Collects lines in memory, for tests.
class StringLineSink : public LineSink {
 public:
  bool WriteLine(std::string_view line) override {
    out_.append(line);
    out_.push_back('\n');
    return true;
  }
  const std::string& str() const { return out_; }

 private:
  std::string out_;
};

}  // namespace pm::rpc
