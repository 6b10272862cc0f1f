#include "rpc/byte_source.h"

#include <poll.h>
#include <unistd.h>
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>

namespace pm::rpc {

namespace {

// How long Read polls without sleeping before it blocks. A client waiting on an
// answer usually sends its next request at once; catching it awake saves the
// scheduler's wake-up, about a third of a stdio round trip (0.10 → 0.066 ms at
// the median, scripts/bench-peers), for at most this much CPU per idle pause.
constexpr auto kSpinBeforeSleep = std::chrono::microseconds(100);

// Polls `fds` without sleeping until one is ready, poll fails, or kSpinBeforeSleep passed.
void SpinUntilReady(pollfd* fds, nfds_t count) {
  const auto until = std::chrono::steady_clock::now() + kSpinBeforeSleep;
  while (::poll(fds, count, 0) == 0 && std::chrono::steady_clock::now() < until) {
  }
}

}  // namespace

ssize_t FdByteSource::Read(char* buffer, size_t capacity) {
  {
    pollfd fds[2] = {{fd_, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
    SpinUntilReady(fds, wake_fd_ >= 0 ? 2 : 1);
  }
  for (;;) {
    if (wake_fd_ >= 0) {
      pollfd fds[2] = {{fd_, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
      int ready = ::poll(fds, 2, -1);
      if (ready < 0) {
        if (errno == EINTR) continue;  // the wake fd tells whether to stop
        return -1;
      }
      if (fds[1].revents != 0) return -1;
      if (fds[0].revents == 0) continue;
    }
    ssize_t n = ::read(fd_, buffer, capacity);
    if (n >= 0) return n;
    if (errno == EINTR) continue;
    return -1;
  }
}

ssize_t StringByteSource::Read(char* buffer, size_t capacity) {
  size_t n = std::min({capacity, chunk_, data_.size() - pos_});
  std::memcpy(buffer, data_.data() + pos_, n);
  pos_ += n;
  return static_cast<ssize_t>(n);
}

}  // namespace pm::rpc
