#include "rpc/utf8.h"

#include <doctest/doctest.h>

#include <string>

namespace pm::rpc {

TEST_CASE("UTF-8 validation follows RFC 3629") {
  struct Case {
    const char* name;
    std::string text;
    size_t first_bad;
  };
  const size_t ok = std::string_view::npos;
  const Case cases[] = {
      {"ascii", "hello", ok},
      {"two-byte", "caf\xC3\xA9", ok},
      {"three-byte", "\xE2\x82\xAC", ok},
      {"four-byte", "\xF0\x9F\x98\x80", ok},
      {"lone continuation", "a\x80", 1},
      {"overlong two-byte", "\xC0\xAF", 0},
      {"overlong three-byte", "\xE0\x80\xAF", 0},
      {"surrogate", "\xED\xA0\x80", 0},
      {"above U+10FFFF", "\xF4\x90\x80\x80", 0},
      {"truncated", "ab\xE2\x82", 2},
      {"invalid byte", "\xFF", 0},
      {"bad continuation", "\xC3\x28", 0},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    CHECK(FindInvalidUtf8(c.text) == c.first_bad);
  }
}

}  // namespace pm::rpc
