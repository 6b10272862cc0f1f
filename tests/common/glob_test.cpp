#include "common/glob.h"

#include <doctest/doctest.h>

namespace pm {

TEST_CASE("glob patterns match workspace-relative paths") {
  struct Case {
    const char* pattern;
    const char* path;
    bool match;
  };
  const Case cases[] = {
      {"**", "a/b/c.txt", true},
      {"**/*.ts", "src/app/main.ts", true},
      {"**/*.ts", "main.ts", true},  // "**/" also matches no directory
      {"**/*.ts", "src/app/main.tsx", false},
      {"src/**", "src/a/b.cpp", true},
      {"src/**", "test/a.cpp", false},
      {"src/**/test_*.py", "src/test_a.py", true},
      {"src/**/test_*.py", "src/x/y/test_a.py", true},
      {"src/**/test_*.py", "src/x/y/a_test.py", false},
      {"src/*.cpp", "src/a.cpp", true},
      {"src/*.cpp", "src/sub/a.cpp", false},  // * stops at /
      {"*.md", "docs/guide/a.md", true},      // no "/": matches the last segment
      {"*.md", "docs/guide/a.mdx", false},
      {"docs/*.md", "a/docs/x.md", false},  // with "/": anchored at the root
      {"file?.txt", "file1.txt", true},
      {"file?.txt", "file10.txt", false},
      {"[abc]*.h", "b_thing.h", true},
      {"[!abc]*.h", "b_thing.h", false},
      {"[a-c]*.h", "c.h", true},
      {"**/*.{ts,tsx}", "ui/button.tsx", true},
      {"**/*.{ts,tsx}", "ui/button.js", false},
      {"{src,lib}/**/*.rs", "lib/x/y.rs", true},
      {"./src/**", "src/a", true},
      {"/src/**", "./src/a", true},
      {"src/**", "src\\win\\a.cpp", true},
      {"", "a", false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.pattern);
    CAPTURE(c.path);
    CHECK(GlobMatch(c.pattern, c.path) == c.match);
  }
}

TEST_CASE("a comma-separated glob list matches when any pattern does") {
  CHECK(GlobListMatch("**/*.ts, **/*.tsx", "a/b.tsx"));
  CHECK(GlobListMatch("docs/**,*.{md,txt}", "notes/x.txt"));
  CHECK_FALSE(GlobListMatch("docs/**,*.{md,txt}", "src/x.cpp"));
  CHECK(SplitGlobList(" a/**, *.{b,c} ,,") == std::vector<std::string>{"a/**", "*.{b,c}"});
}

}  // namespace pm
