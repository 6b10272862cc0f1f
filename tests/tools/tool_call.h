// tools/call through McpHarness, for tests of one tool: the structuredContent
// of a call that must succeed, or the text of one that must fail (isError).
#pragma once

#include <doctest/doctest.h>

#include <string>

#include "test_support.h"

namespace pm::testing {

class ToolCaller {
 public:
  ToolCaller(McpHarness& harness, std::string tool) : h_(harness), tool_(std::move(tool)) {}

  json Ok(const json& args) {
    json r = h_.CallTool(tool_, args);
    CAPTURE(r.dump());
    REQUIRE(r["isError"] == false);
    return r["structuredContent"];
  }

  // The text rendering of a successful call.
  std::string Text(const json& args) {
    json r = h_.CallTool(tool_, args);
    CAPTURE(r.dump());
    REQUIRE(r["isError"] == false);
    return ResultText(r);
  }

  std::string Err(const json& args) {
    json r = h_.CallTool(tool_, args);
    CAPTURE(r.dump());
    REQUIRE(r["isError"] == true);
    return ResultText(r);
  }

 private:
  McpHarness& h_;
  std::string tool_;
};

// Whether `text` contains `fragment`; the text shows when a check fails.
inline bool Has(const std::string& text, const std::string& fragment) {
  CAPTURE(text);
  return text.find(fragment) != std::string::npos;
}

// Registers workspace `name` (path-less) through memory_workspace; returns its id.
inline int64_t RegisterWorkspace(McpHarness& h, const std::string& name) {
  return ToolCaller(h, "memory_workspace")
      .Ok({{"action", "register"}, {"name", name}})["workspace"]["id"];
}

}  // namespace pm::testing
