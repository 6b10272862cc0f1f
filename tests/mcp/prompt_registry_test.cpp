#include "mcp/prompt_registry.h"

#include <doctest/doctest.h>

#include "common/user_error.h"
#include "rpc/error.h"

namespace pm::mcp {

namespace {

// "greet" echoes its arguments; "refuse" throws a UserError.
PromptRegistry Registry() {
  PromptRegistry registry;
  registry.Add({"greet",
                "Greet",
                "Says hello.",
                {{"name", "Name", "Who to greet.", true}, {"tone", "", "How.", false}}},
               [](const PromptArgs& args) {
                 std::string text = "hello " + args.at("name");
                 if (args.contains("tone")) text += " (" + args.at("tone") + ")";
                 return PromptResult{"A greeting", {{"user", text}, {"assistant", "ok"}}};
               });
  registry.Add({"refuse", "", "", {}},
               [](const PromptArgs&) -> PromptResult { throw UserError("no plan P9"); });
  return registry;
}

rpc::Error GetError(const PromptRegistry& registry, const std::string& name, const json& args) {
  try {
    registry.Get(name, args);
  } catch (const rpc::Error& e) {
    return e;
  }
  FAIL("prompts/get " << name << " did not fail");
  return rpc::Error(0, "");
}

bool Mentions(const rpc::Error& e, const std::string& text) {
  CAPTURE(e.what());
  return std::string(e.what()).find(text) != std::string::npos;
}

}  // namespace

TEST_CASE("prompts/get renders the handler's messages as text content") {
  json got = Registry().Get("greet", {{"name", "Ada"}, {"tone", "warm"}});
  CHECK(got["description"] == "A greeting");
  REQUIRE(got["messages"].size() == 2);
  CHECK(got["messages"][0] ==
        json{{"role", "user"}, {"content", {{"type", "text"}, {"text", "hello Ada (warm)"}}}});
  CHECK(got["messages"][1]["role"] == "assistant");
}

TEST_CASE("an optional argument given empty is left out") {
  json got = Registry().Get("greet", {{"name", "Ada"}, {"tone", ""}});
  CHECK(got["messages"][0]["content"]["text"] == "hello Ada");
}

TEST_CASE("prompts/get errors are -32602 naming what is wrong") {
  PromptRegistry registry = Registry();
  struct Case {
    std::string name;
    json args;
    std::string mentions;
  };
  const Case cases[] = {
      {"nope", json::object(), "Unknown prompt: nope"},
      {"greet", json::object(), "\"name\""},
      {"greet", nullptr, "\"name\""},
      {"greet", {{"name", ""}}, "\"name\""},
      {"greet", {{"name", "Ada"}, {"nmae", "x"}}, "no argument \"nmae\""},
      {"greet", {{"name", 7}}, "must be a string"},
      {"greet", json::array({"Ada"}), "object"},
      {"refuse", json::object(), "no plan P9"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    CAPTURE(c.args.dump());
    rpc::Error e = GetError(registry, c.name, c.args);
    CHECK(e.code() == rpc::kInvalidParams);
    CHECK(Mentions(e, c.mentions));
  }
  CHECK(Mentions(GetError(registry, "nope", nullptr), "greet, refuse"));
}

TEST_CASE("prompts list with arguments; title only when the version has it") {
  PromptRegistry registry = Registry();
  auto prompts = registry.Prompts();
  REQUIRE(prompts.size() == 2);
  json with = PromptRegistry::ToJson(prompts[0], true);
  CHECK(with["name"] == "greet");
  CHECK(with["title"] == "Greet");
  CHECK(with["arguments"][0] == json{{"name", "name"},
                                     {"title", "Name"},
                                     {"description", "Who to greet."},
                                     {"required", true}});
  CHECK(with["arguments"][1]["required"] == false);
  json without = PromptRegistry::ToJson(prompts[0], false);
  CHECK_FALSE(without.contains("title"));
  CHECK_FALSE(without["arguments"][0].contains("title"));
  CHECK_FALSE(PromptRegistry::ToJson(prompts[1], true).contains("arguments"));
  CHECK_THROWS_AS(
      registry.Add({"greet", "", "", {}}, [](const PromptArgs&) { return PromptResult{}; }),
      std::logic_error);
}

}  // namespace pm::mcp
