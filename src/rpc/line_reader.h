// LineReader splits a byte stream into newline-terminated lines with a size cap.
// A line longer than the cap is skipped without being buffered whole: the reader
// keeps at most `max_line_bytes` of it, then discards bytes up to the next newline
// and reports kTooLong. A trailing "\r" is removed. Not thread-safe.
#pragma once

#include <array>
#include <string>

#include "rpc/byte_source.h"

namespace pm::rpc {

class LineReader {
 public:
  enum class Status { kLine, kTooLong, kEnd };

  LineReader(ByteSource& source, size_t max_line_bytes)
      : source_(source), max_line_bytes_(max_line_bytes) {}

  // Reads the next line into *line (without its newline). Returns kEnd at the end
  // of input (or when the source stops); a final line without newline is a kLine.
  Status Next(std::string* line);

  // Whether a whole line is already buffered, so Next() will not wait for input.
  bool HasLine() const;

 private:
  bool Fill();  // false at end of input

  ByteSource& source_;
  size_t max_line_bytes_;
  std::array<char, 64 * 1024> buffer_;  // not zeroed: only bytes read are used
  size_t pos_ = 0;
  size_t len_ = 0;
  bool ended_ = false;
};

}  // namespace pm::rpc
