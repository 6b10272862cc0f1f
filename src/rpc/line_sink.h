// LineSink is where the transport writes protocol messages: one line each. In
// serve mode the only LineSink is the one on stdout. Not thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace pm::rpc {

class LineSink {
 public:
  virtual ~LineSink() = default;
  // Writes `line` and a newline. Returns false when the peer is gone.
  virtual bool WriteLine(std::string_view line) = 0;
};

// Writes to a file descriptor, retrying short writes and EINTR.
class FdLineSink : public LineSink {
 public:
  explicit FdLineSink(int fd) : fd_(fd) {}
  bool WriteLine(std::string_view line) override;

 private:
  int fd_;
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
