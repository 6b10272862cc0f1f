#include "rpc/line_reader.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace pm::rpc {

namespace {

struct Read {
  LineReader::Status status;
  std::string line;
};

std::vector<Read> ReadAll(const std::string& input, size_t max, size_t chunk) {
  StringByteSource source(input, chunk);
  LineReader reader(source, max);
  std::vector<Read> out;
  std::string line;
  for (;;) {
    auto status = reader.Next(&line);
    if (status == LineReader::Status::kEnd) break;
    out.push_back({status, line});
  }
  return out;
}

}  // namespace

TEST_CASE("LineReader splits lines at every chunk size") {
  for (size_t chunk : {1, 2, 3, 7, 4096}) {
    CAPTURE(chunk);
    auto lines = ReadAll("first\nsecond\r\n\nlast-without-newline", 100, chunk);
    REQUIRE(lines.size() == 4);
    CHECK(lines[0].line == "first");
    CHECK(lines[1].line == "second");  // CR removed
    CHECK(lines[2].line == "");
    CHECK(lines[3].line == "last-without-newline");
    for (const auto& l : lines) CHECK(l.status == LineReader::Status::kLine);
  }
}

TEST_CASE("LineReader skips an oversized line and goes on with the next") {
  for (size_t chunk : {1, 5, 4096}) {
    CAPTURE(chunk);
    std::string big(50, 'x');
    auto lines = ReadAll("ok\n" + big + "\nafter\n", 10, chunk);
    REQUIRE(lines.size() == 3);
    CHECK(lines[0].line == "ok");
    CHECK(lines[1].status == LineReader::Status::kTooLong);
    CHECK(lines[1].line.empty());
    CHECK(lines[2].line == "after");
    CHECK(lines[2].status == LineReader::Status::kLine);
  }
}

TEST_CASE("LineReader accepts a line of exactly the limit") {
  auto lines = ReadAll(std::string(10, 'a') + "\n" + std::string(11, 'b') + "\n", 10, 3);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].status == LineReader::Status::kLine);
  CHECK(lines[1].status == LineReader::Status::kTooLong);
}

TEST_CASE("LineReader reports the end of empty input") { CHECK(ReadAll("", 10, 4).empty()); }

}  // namespace pm::rpc
