#include "rpc/dispatcher.h"

#include <doctest/doctest.h>

namespace pm::rpc {

namespace {

Dispatcher MakeDispatcher(int* notified) {
  Dispatcher d;
  d.Bind("echo", [](const json& params) { return params; });
  d.Bind("fail", [](const json&) -> json { throw Error(kInvalidParams, "bad params"); });
  d.Bind("crash", [](const json&) -> json { throw std::runtime_error("boom"); });
  d.BindNotification("note", [notified](const json&) { ++*notified; });
  return d;
}

}  // namespace

TEST_CASE("Dispatcher answers requests and never notifications") {
  int notified = 0;
  Dispatcher d = MakeDispatcher(&notified);
  auto r = d.Handle({{"jsonrpc", "2.0"}, {"id", 7}, {"method", "echo"}, {"params", {{"x", 1}}}});
  REQUIRE(r);
  CHECK((*r)["id"] == 7);
  CHECK((*r)["result"]["x"] == 1);

  CHECK_FALSE(d.Handle({{"jsonrpc", "2.0"}, {"method", "note"}}));
  CHECK(notified == 1);
  CHECK_FALSE(d.Handle({{"jsonrpc", "2.0"}, {"method", "unknown/notification"}}));
  CHECK_FALSE(
      d.Handle({{"jsonrpc", "2.0"}, {"method", "echo"}}));  // notification of a request method
}

TEST_CASE("Dispatcher maps failures to JSON-RPC errors") {
  int notified = 0;
  Dispatcher d = MakeDispatcher(&notified);
  struct Case {
    json message;
    int code;
    json id;
  };
  const Case cases[] = {
      {{{"jsonrpc", "2.0"}, {"id", "a"}, {"method", "nope"}}, kMethodNotFound, "a"},
      {{{"jsonrpc", "1.0"}, {"id", 1}, {"method", "echo"}}, kInvalidRequest, 1},
      {{{"id", 1}, {"method", "echo"}}, kInvalidRequest, 1},
      {{{"jsonrpc", "2.0"}, {"id", 2}, {"method", 5}}, kInvalidRequest, 2},
      {{{"jsonrpc", "2.0"}, {"id", {{"x", 1}}}, {"method", "echo"}}, kInvalidRequest, nullptr},
      {{{"jsonrpc", "2.0"}, {"id", 3}}, kInvalidRequest, 3},
      {{{"jsonrpc", "2.0"}, {"id", 4}, {"method", "echo"}, {"params", 5}}, kInvalidRequest, 4},
      {{{"jsonrpc", "2.0"}, {"id", 5}, {"method", "fail"}}, kInvalidParams, 5},
      {{{"jsonrpc", "2.0"}, {"id", 6}, {"method", "crash"}}, kInternalError, 6},
      {json::array(), kInvalidRequest, nullptr},
      {"text", kInvalidRequest, nullptr},
  };
  for (const auto& c : cases) {
    CAPTURE(c.message.dump());
    auto r = d.Handle(c.message);
    REQUIRE(r);
    CHECK((*r)["error"]["code"] == c.code);
    CHECK((*r)["id"] == c.id);
    CHECK((*r)["jsonrpc"] == "2.0");
  }
}

TEST_CASE("Dispatcher ignores responses from the peer") {
  int notified = 0;
  Dispatcher d = MakeDispatcher(&notified);
  CHECK_FALSE(d.Handle({{"jsonrpc", "2.0"}, {"id", 1}, {"result", json::object()}}));
}

TEST_CASE("Dispatcher gate refuses before the handler runs") {
  Dispatcher d;
  int ran = 0;
  d.Bind("work", [&](const json&) {
    ++ran;
    return json::object();
  });
  d.SetGate([](const std::string& m) -> std::optional<Error> {
    if (m == "work") return Error(kInvalidRequest, "not yet");
    return std::nullopt;
  });
  auto r = d.Handle({{"jsonrpc", "2.0"}, {"id", 1}, {"method", "work"}});
  CHECK((*r)["error"]["message"] == "not yet");
  CHECK(ran == 0);
}

}  // namespace pm::rpc
