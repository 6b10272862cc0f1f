#include "catalog/validator.h"

#include <doctest/doctest.h>

namespace pm::catalog {

namespace {

const Tool& TestTool() {
  static const Catalog catalog = Catalog::Parse({{"catalog/t.json", R"({
    "name": "t", "title": "T", "description": "test tool",
    "actions": [
      {"name": "make", "description": "makes", "params": [
        {"name": "title", "type": "string", "required": true, "description": "The title."},
        {"name": "limit", "type": "integer", "minimum": 1, "maximum": 10, "default": 5, "description": "How many."},
        {"name": "ratio", "type": "number", "description": "A ratio."},
        {"name": "kind", "type": "string", "enum": ["bug", "idea"], "aliases": {"defect": "bug"}, "description": "Kind."},
        {"name": "ref", "type": ["integer", "string"], "description": "Id or code."},
        {"name": "tags", "type": "array", "items": "string", "description": "Tags."},
        {"name": "data", "type": "object", "description": "Data."},
        {"name": "flag", "type": "boolean", "description": "Flag."}
      ]},
      {"name": "remove", "description": "removes", "params": [
        {"name": "confirm", "type": "boolean", "description": "Really."}
      ]}
    ]})"}});
  return catalog.tools()[0];
}

}  // namespace

TEST_CASE("validation errors name the parameter and what was expected") {
  struct Case {
    const char* name;
    json args;
    std::vector<std::string> fragments;  // each must appear in the message
  };
  const Case cases[] = {
      {"missing action", json::object(), {"\"action\"", "required", "make, remove"}},
      {"action not a string", {{"action", 3}}, {"must be a string", "got integer"}},
      {"unknown action",
       {{"action", "mkae"}},
       {"unknown action \"mkae\"", "did you mean \"make\"", "make, remove"}},
      {"missing required",
       {{"action", "make"}},
       {"\"title\"", "arguments.title", "required", "The title."}},
      {"null required",
       {{"action", "make"}, {"title", nullptr}},
       {"\"title\"", "must be a string", "got null"}},
      {"wrong type",
       {{"action", "make"}, {"title", 5}},
       {"\"title\"", "must be a string", "got integer"}},
      {"integer expected",
       {{"action", "make"}, {"title", "x"}, {"limit", "3"}},
       {"\"limit\"", "must be an integer", "got string"}},
      {"fraction is no integer",
       {{"action", "make"}, {"title", "x"}, {"limit", 2.5}},
       {"must be an integer", "got number"}},
      {"below minimum",
       {{"action", "make"}, {"title", "x"}, {"limit", 0}},
       {"\"limit\"", "at least 1, got 0"}},
      {"above maximum", {{"action", "make"}, {"title", "x"}, {"limit", 11}}, {"at most 10"}},
      {"outside enum",
       {{"action", "make"}, {"title", "x"}, {"kind", "bgu"}},
       {"\"kind\"", "one of bug or idea", "did you mean \"bug\""}},
      {"union type",
       {{"action", "make"}, {"title", "x"}, {"ref", true}},
       {"an integer or a string", "got boolean"}},
      {"array item type",
       {{"action", "make"}, {"title", "x"}, {"tags", {"a", 1}}},
       {"arguments.tags[1]", "must be a string"}},
      {"object expected",
       {{"action", "make"}, {"title", "x"}, {"data", "{}"}},
       {"must be an object"}},
      {"unknown param with suggestion",
       {{"action", "make"}, {"titel", "x"}},
       {"unknown parameter \"titel\"", "Did you mean \"title\"?"}},
      {"param of another action",
       {{"action", "make"}, {"title", "x"}, {"confirm", true}},
       {"\"confirm\"", "belongs to action remove"}},
      {"unknown param without a near match",
       {{"action", "remove"}, {"zzzzzz", 1}},
       {"unknown parameter", "Accepted: confirm"}},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    auto result = ValidateCall(TestTool(), c.args);
    REQUIRE(std::holds_alternative<ValidationError>(result));
    const std::string message = std::get<ValidationError>(result).message;
    CAPTURE(message);
    for (const auto& fragment : c.fragments) {
      std::string lower_message = message, lower_fragment = fragment;
      for (auto& ch : lower_message) ch = static_cast<char>(std::tolower(ch));
      for (auto& ch : lower_fragment) ch = static_cast<char>(std::tolower(ch));
      CHECK(lower_message.find(lower_fragment) != std::string::npos);
    }
  }
}

TEST_CASE("valid arguments come back checked, with defaults") {
  auto result = ValidateCall(TestTool(), {{"action", "make"},
                                          {"title", "x"},
                                          {"ratio", 1},
                                          {"ref", "P1"},
                                          {"kind", nullptr},
                                          {"limit", 3.0},
                                          {"tags", {"a", "b"}}});
  REQUIRE(std::holds_alternative<ValidatedCall>(result));
  const auto& call = std::get<ValidatedCall>(result);
  CHECK(call.action->name == "make");
  CHECK_FALSE(call.args.contains("action"));
  CHECK_FALSE(call.args.contains("kind"));        // explicit null of an optional: not given
  CHECK(call.args["limit"].is_number_integer());  // 3.0 is an integer
  CHECK(call.args["limit"] == 3);

  auto defaults =
      std::get<ValidatedCall>(ValidateCall(TestTool(), {{"action", "make"}, {"title", "y"}}));
  CHECK(defaults.args["limit"] == 5);
  CHECK_FALSE(defaults.args.contains("flag"));
}

TEST_CASE("an alias of an enum value is taken as that value, and the call says so") {
  auto result = ValidateCall(TestTool(), {{"action", "make"}, {"title", "x"}, {"kind", "defect"}});
  REQUIRE(std::holds_alternative<ValidatedCall>(result));
  const auto& call = std::get<ValidatedCall>(result);
  CHECK(call.args["kind"] == "bug");
  REQUIRE(call.notes.size() == 1);
  CHECK(call.notes[0] == "kind \"defect\" was taken as \"bug\".");
  // A plain value adds no note; other unknown values stay errors listing the legal ones.
  CHECK(std::get<ValidatedCall>(
            ValidateCall(TestTool(), {{"action", "make"}, {"title", "x"}, {"kind", "idea"}}))
            .notes.empty());
  auto wrong = ValidateCall(TestTool(), {{"action", "make"}, {"title", "x"}, {"kind", "issue"}});
  REQUIRE(std::holds_alternative<ValidationError>(wrong));
  CHECK(std::get<ValidationError>(wrong).message.find("one of bug or idea, got \"issue\"") !=
        std::string::npos);
}

TEST_CASE("catalog files are parsed strictly") {
  struct Case {
    const char* name;
    std::string content;
    std::string fragment;
  };
  const Case cases[] = {
      {"not json", "{", "t.json"},
      {"unknown key",
       R"({"name":"t","title":"T","description":"d","actions":[{"name":"a","description":"d","descripton":"x"}]})",
       "unknown key \"descripton\""},
      {"no actions", R"({"name":"t","title":"T","description":"d","actions":[]})", "actions"},
      {"bad type",
       R"({"name":"t","title":"T","description":"d","actions":[{"name":"a","description":"d","params":[{"name":"p","type":"text","description":"d"}]}]})",
       "unknown type text"},
      {"duplicate action",
       R"({"name":"t","title":"T","description":"d","actions":[{"name":"a","description":"d"},{"name":"a","description":"d"}]})",
       "duplicate action a"},
      {"reserved param",
       R"({"name":"t","title":"T","description":"d","actions":[{"name":"a","description":"d","params":[{"name":"action","type":"string","description":"d"}]}]})",
       "reserved"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    try {
      Catalog::Parse({{"catalog/t.json", c.content}});
      FAIL("parsed a broken catalog");
    } catch (const std::runtime_error& e) {
      CHECK(std::string(e.what()).find(c.fragment) != std::string::npos);
    }
  }
}

TEST_CASE("a tool with a default action is called without one") {
  const Catalog catalog = Catalog::Parse({{"catalog/one.json", R"({
    "name": "one", "title": "One", "description": "one job", "default_action": "run",
    "actions": [
      {"name": "run", "description": "runs", "params": [
        {"name": "n", "type": "integer", "default": 2, "description": "N."}]},
      {"name": "describe", "description": "help", "read_only": true, "params": []}
    ]})"}});
  const Tool& tool = catalog.tools()[0];
  auto plain = ValidateCall(tool, json::object());
  REQUIRE(std::holds_alternative<ValidatedCall>(plain));
  CHECK(std::get<ValidatedCall>(plain).action->name == "run");
  CHECK(std::get<ValidatedCall>(plain).args == json{{"n", 2}});
  auto named = ValidateCall(tool, {{"action", "describe"}});
  REQUIRE(std::holds_alternative<ValidatedCall>(named));
  CHECK(std::get<ValidatedCall>(named).action->name == "describe");
  CHECK_THROWS_WITH(
      Catalog::Parse({{"catalog/bad.json", R"({"name": "bad", "title": "B", "description": "d",
      "default_action": "nope", "actions": [{"name": "run", "description": "r", "params": []}]})"}}),
      doctest::Contains("default_action \"nope\" is not one of its actions"));
}

TEST_CASE("strings over 1 MiB and arrays over 10,000 items are refused, nested ones too") {
  const std::string at_limit(kMaxStringBytes, 'x');
  const std::string over_limit(kMaxStringBytes + 1, 'x');
  struct Case {
    const char* name;
    json args;
    const char* fragment;  // empty: accepted
  };
  const Case cases[] = {
      {"string at the limit", {{"action", "make"}, {"title", at_limit}}, ""},
      {"string over the limit",
       {{"action", "make"}, {"title", over_limit}},
       "\"title\" is too large: arguments.title is a string of 1048577 bytes; the limit is "
       "1048576 bytes"},
      {"array at the limit",
       {{"action", "make"},
        {"title", "x"},
        {"tags", json(std::vector<std::string>(kMaxArrayItems, "t"))}},
       ""},
      {"array over the limit",
       {{"action", "make"},
        {"title", "x"},
        {"tags", json(std::vector<std::string>(kMaxArrayItems + 1, "t"))}},
       "arguments.tags is an array of 10001 items; the limit is 10000 items"},
      {"string inside an object",
       {{"action", "make"}, {"title", "x"}, {"data", {{"notes", {1, over_limit}}}}},
       "arguments.data.notes[1] is a string of 1048577 bytes"},
      {"object key",
       {{"action", "make"}, {"title", "x"}, {"data", {{over_limit, 1}}}},
       "arguments.data has a key of 1048577 bytes"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    auto result = ValidateCall(TestTool(), c.args);
    if (std::string(c.fragment).empty()) {
      CHECK(std::holds_alternative<ValidatedCall>(result));
    } else {
      REQUIRE(std::holds_alternative<ValidationError>(result));
      const std::string& message = std::get<ValidationError>(result).message;
      CHECK(message.find(c.fragment) != std::string::npos);
      CHECK(message.size() < 1000);  // the value itself is never echoed
    }
  }
}

TEST_CASE("huge unknown names are abbreviated in messages, not echoed") {
  auto result = ValidateCall(TestTool(), {{"action", std::string(100000, 'm')}});
  REQUIRE(std::holds_alternative<ValidationError>(result));
  CHECK(std::get<ValidationError>(result).message.size() < 500);
  result =
      ValidateCall(TestTool(), {{"action", "make"}, {"title", "x"}, {std::string(50000, 'k'), 1}});
  REQUIRE(std::holds_alternative<ValidationError>(result));
  CHECK(std::get<ValidationError>(result).message.size() < 1000);
}

}  // namespace pm::catalog
