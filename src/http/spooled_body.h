// SpooledBody keeps a request body that may be large (an import of up to
// --max-import-bytes) in an anonymous temporary file as it arrives, then maps
// the file read-only, so the body is read from the page cache instead of a
// copy on the heap. The file lives in $TMPDIR (else /tmp), is unlinked at once
// and so disappears with this object or the process, whatever happens. Not
// thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace pm::http {

class SpooledBody {
 public:
  // Creates the file. Throws std::runtime_error naming the directory and why.
  SpooledBody();
  ~SpooledBody();
  SpooledBody(const SpooledBody&) = delete;
  SpooledBody& operator=(const SpooledBody&) = delete;

  // Appends `n` bytes. False when the file cannot take them (a full disk);
  // error() says why.
  bool Append(const char* data, size_t n);

  // Everything appended, mapped read-only; valid while this object lives.
  // Throws std::runtime_error when the file cannot be written out or mapped.
  std::string_view View();

  size_t size() const { return size_; }
  // Why the last Append or View failed ("/tmp: No space left on device").
  const std::string& error() const { return error_; }

 private:
  bool Flush();

  std::string dir_;
  int fd_ = -1;
  std::vector<char> buffer_;
  size_t buffered_ = 0;
  size_t size_ = 0;
  void* map_ = nullptr;
  std::string error_;
};

}  // namespace pm::http
