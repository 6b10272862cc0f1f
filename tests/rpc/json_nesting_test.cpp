#include "rpc/json_nesting.h"

#include <doctest/doctest.h>

#include <string>

namespace pm::rpc {

TEST_CASE("JSON nesting depth ignores brackets inside strings") {
  CHECK(JsonNestingDepth("1", 10) == 0);
  CHECK(JsonNestingDepth("[1]", 10) == 1);
  CHECK(JsonNestingDepth(R"({"a":[{"b":1}]})", 10) == 3);
  CHECK(JsonNestingDepth(R"({"a":"[[[[\"{{{"})", 10) == 1);
  std::string deep(100000, '[');
  CHECK(JsonNestingDepth(deep, 64) == 65);  // stops counting past the limit
}

}  // namespace pm::rpc
