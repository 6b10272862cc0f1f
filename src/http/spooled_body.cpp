#include "http/spooled_body.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace pm::http {

namespace {

std::string SpoolDirectory() {
  std::error_code ec;
  std::filesystem::path dir = std::filesystem::temp_directory_path(ec);
  return ec ? std::string("/tmp") : dir.string();
}

}  // namespace

SpooledBody::SpooledBody() : dir_(SpoolDirectory()), buffer_(256 * 1024) {
  std::string name = dir_ + "/project-memory-body-XXXXXX";
  fd_ = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd_ < 0) {
    throw std::runtime_error("cannot create a temporary file in " + dir_ + ": " +
                             std::strerror(errno));
  }
  ::unlink(name.c_str());
}

SpooledBody::~SpooledBody() {
  if (map_) ::munmap(map_, size_);
  if (fd_ >= 0) ::close(fd_);
}

bool SpooledBody::Flush() {
  size_t done = 0;
  while (done < buffered_) {
    const ssize_t n = ::write(fd_, buffer_.data() + done, buffered_ - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      error_ = dir_ + ": " + std::strerror(n < 0 ? errno : ENOSPC);
      return false;
    }
    done += static_cast<size_t>(n);
  }
  buffered_ = 0;
  return true;
}

bool SpooledBody::Append(const char* data, size_t n) {
  while (n > 0) {
    if (buffered_ == buffer_.size() && !Flush()) return false;
    const size_t take = std::min(n, buffer_.size() - buffered_);
    std::memcpy(buffer_.data() + buffered_, data, take);
    buffered_ += take;
    size_ += take;
    data += take;
    n -= take;
  }
  return true;
}

std::string_view SpooledBody::View() {
  if (map_) return {static_cast<const char*>(map_), size_};
  if (!Flush()) throw std::runtime_error("cannot keep the body in " + error_);
  std::vector<char>().swap(buffer_);
  if (size_ == 0) return {};
  map_ = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd_, 0);
  if (map_ == MAP_FAILED) {
    map_ = nullptr;
    error_ = dir_ + ": " + std::strerror(errno);
    throw std::runtime_error("cannot map the body kept in " + error_);
  }
  return {static_cast<const char*>(map_), size_};
}

}  // namespace pm::http
