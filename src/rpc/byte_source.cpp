#include "rpc/byte_source.h"

#include <poll.h>
#include <unistd.h>
#include <algorithm>
#include <cerrno>
#include <cstring>

namespace pm::rpc {

ssize_t FdByteSource::Read(char* buffer, size_t capacity) {
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
