#include "rpc/line_reader.h"

#include <cstring>

namespace pm::rpc {

bool LineReader::Fill() {
  if (ended_) return false;
  ssize_t n = source_.Read(buffer_.data(), buffer_.size());
  if (n <= 0) {
    ended_ = true;
    return false;
  }
  pos_ = 0;
  len_ = static_cast<size_t>(n);
  return true;
}

bool LineReader::HasLine() const {
  return pos_ < len_ && std::memchr(buffer_.data() + pos_, '\n', len_ - pos_) != nullptr;
}

LineReader::Status LineReader::Next(std::string* line) {
  line->clear();
  bool too_long = false;
  bool any = false;
  for (;;) {
    if (pos_ == len_ && !Fill()) {
      if (!any) return Status::kEnd;
      break;  // last line without a newline
    }
    any = true;
    const char* start = buffer_.data() + pos_;
    const void* nl = std::memchr(start, '\n', len_ - pos_);
    size_t chunk = nl ? static_cast<size_t>(static_cast<const char*>(nl) - start) : len_ - pos_;
    if (!too_long) {
      if (line->size() + chunk > max_line_bytes_) {
        too_long = true;
        line->clear();
        line->shrink_to_fit();
      } else {
        line->append(start, chunk);
      }
    }
    pos_ += chunk;
    if (nl) {
      ++pos_;  // the newline
      break;
    }
  }
  if (too_long) return Status::kTooLong;
  if (!line->empty() && line->back() == '\r') line->pop_back();
  return Status::kLine;
}

}  // namespace pm::rpc
