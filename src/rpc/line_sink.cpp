#include "rpc/line_sink.h"

#include <unistd.h>
#include <cerrno>

namespace pm::rpc {

namespace {

constexpr size_t kFlushAt = 64 * 1024;

}  // namespace

bool FdLineSink::WriteLine(std::string_view line) {
  pending_.append(line);
  pending_.push_back('\n');
  return pending_.size() < kFlushAt || Flush();
}

bool FdLineSink::Flush() {
  size_t written = 0;
  bool ok = true;
  while (written < pending_.size()) {
    ssize_t n = ::write(fd_, pending_.data() + written, pending_.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      ok = false;
      break;
    }
    written += static_cast<size_t>(n);
  }
  pending_.clear();
  if (pending_.capacity() > 4 * kFlushAt) pending_.shrink_to_fit();  // after one huge answer
  return ok;
}

}  // namespace pm::rpc
