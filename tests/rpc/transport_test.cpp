#include "rpc/transport.h"

#include <doctest/doctest.h>

#include <sstream>
#include <vector>

#include "rpc/dispatcher.h"

namespace pm::rpc {

namespace {

// Echoes params back; accepts batches when told to.
class EchoHandler : public MessageHandler {
 public:
  explicit EchoHandler(bool batches) : batches_(batches) {
    dispatcher_.Bind("echo", [](const json& p) { return p; });
  }
  std::optional<json> HandleMessage(const json& m) override { return dispatcher_.Handle(m); }
  bool AcceptsBatches() const override { return batches_; }

 private:
  bool batches_;
  Dispatcher dispatcher_;
};

std::string Run(const std::string& input, bool batches = false, size_t max_line = 1024) {
  StringByteSource source(input, 5);
  StringLineSink sink;
  Transport transport(source, sink, {max_line, 8});
  EchoHandler handler(batches);
  transport.Run(handler);
  return sink.str();
}

std::vector<json> Lines(const std::string& out) {
  std::vector<json> v;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) v.push_back(json::parse(line));
  return v;
}

}  // namespace

TEST_CASE("Transport golden transcripts") {
  struct Case {
    const char* name;
    std::string input;
    std::string output;
  };
  const Case cases[] = {
      {"one request",
       R"({"jsonrpc":"2.0","id":1,"method":"echo","params":{"a":1}})"
       "\n",
       R"({"id":1,"jsonrpc":"2.0","result":{"a":1}})"
       "\n"},
      {"blank lines are skipped", "\n  \n\r\n", ""},
      {"notification gets nothing",
       R"({"jsonrpc":"2.0","method":"echo"})"
       "\n",
       ""},
      {"unknown method",
       R"({"jsonrpc":"2.0","id":"x","method":"nope"})"
       "\n",
       R"({"error":{"code":-32601,"message":"Method not found: nope"},"id":"x","jsonrpc":"2.0"})"
       "\n"},
      {"batch refused when not accepted",
       R"([{"jsonrpc":"2.0","id":1,"method":"echo"}])"
       "\n",
       R"({"error":{"code":-32600,"message":"Invalid Request: JSON-RPC batches are not supported by the negotiated protocol version; send one message per line"},"id":null,"jsonrpc":"2.0"})"
       "\n"},
      {"nesting over the limit",
       R"({"jsonrpc":"2.0","id":1,"method":"echo","params":{"a":[[[[[[[[1]]]]]]]]}})"
       "\n",
       R"({"error":{"code":-32600,"message":"Invalid Request: JSON nested deeper than 8 levels"},"id":null,"jsonrpc":"2.0"})"
       "\n"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    CHECK(Run(c.input) == c.output);
  }
}

TEST_CASE("Transport answers a parse error with id null and keeps reading") {
  auto out =
      Lines(Run("{not json\n"
                R"({"jsonrpc":"2.0","id":2,"method":"echo","params":[]})"
                "\n"));
  REQUIRE(out.size() == 2);
  CHECK(out[0]["error"]["code"] == kParseError);
  CHECK(out[0]["id"].is_null());
  CHECK(out[1]["id"] == 2);
}

TEST_CASE("Transport refuses invalid UTF-8 and keeps reading") {
  auto out =
      Lines(Run("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"echo\",\"params\":[\"\xC3\x28\"]}\n"
                R"({"jsonrpc":"2.0","id":2,"method":"echo","params":[]})"
                "\n"));
  REQUIRE(out.size() == 2);
  CHECK(out[0]["error"]["code"] == kParseError);
  CHECK(out[0]["error"]["message"].get<std::string>().find("UTF-8") != std::string::npos);
  CHECK(out[1]["id"] == 2);
}

TEST_CASE("Transport refuses an oversized line and answers the next one") {
  std::string big =
      R"({"jsonrpc":"2.0","id":1,"method":"echo","params":[")" + std::string(5000, 'x') + "\"]}\n";
  auto out = Lines(Run(big + R"({"jsonrpc":"2.0","id":2,"method":"echo","params":[]})"
                             "\n",
                       false, 1024));
  REQUIRE(out.size() == 2);
  CHECK(out[0]["error"]["code"] == kInvalidRequest);
  CHECK(out[0]["error"]["message"].get<std::string>().find("1024") != std::string::npos);
  CHECK(out[1]["id"] == 2);
}

TEST_CASE("Transport answers an accepted batch with an array of responses") {
  auto out = Lines(Run(R"([{"jsonrpc":"2.0","id":1,"method":"echo","params":[1]},)"
                       R"({"jsonrpc":"2.0","method":"echo"},)"
                       R"({"jsonrpc":"2.0","id":2,"method":"nope"}])"
                       "\n",
                       true));
  REQUIRE(out.size() == 1);
  REQUIRE(out[0].is_array());
  REQUIRE(out[0].size() == 2);  // the notification is not answered
  CHECK(out[0][0]["result"] == json::array({1}));
  CHECK(out[0][1]["error"]["code"] == kMethodNotFound);
  CHECK(Lines(Run("[]\n", true))[0]["error"]["code"] == kInvalidRequest);
  CHECK(Run(R"([{"jsonrpc":"2.0","method":"echo"}])"
            "\n",
            true)
            .empty());
}

TEST_CASE("Transport stops writing when the peer is gone") {
  class ClosedSink : public LineSink {
   public:
    bool WriteLine(std::string_view) override {
      ++writes;
      return false;
    }
    int writes = 0;
  };
  StringByteSource source(R"({"jsonrpc":"2.0","id":1,"method":"echo"})"
                          "\n"
                          R"({"jsonrpc":"2.0","id":2,"method":"echo"})"
                          "\n");
  ClosedSink sink;
  Transport transport(source, sink);
  EchoHandler handler(false);
  transport.Run(handler);
  CHECK(sink.writes == 1);
}

TEST_CASE("Transport sends the answers to requests that arrived together in one flush") {
  // Records, per flush, how many lines it carried.
  class CountingSink : public LineSink {
   public:
    bool WriteLine(std::string_view) override {
      ++queued;
      return true;
    }
    bool Flush() override {
      if (queued > 0) flushes.push_back(queued);
      queued = 0;
      return true;
    }
    int queued = 0;
    std::vector<int> flushes;
  };
  std::string three;
  for (int id = 1; id <= 3; ++id) {
    three += R"({"jsonrpc":"2.0","method":"echo","id":)" + std::to_string(id) + "}\n";
  }
  SUBCASE("all in one read: one flush after the last answer") {
    StringByteSource source(three);
    CountingSink sink;
    Transport transport(source, sink);
    EchoHandler handler(false);
    transport.Run(handler);
    CHECK(sink.flushes == std::vector<int>{3});
  }
  SUBCASE("one read per request: each answer leaves before the next read") {
    StringByteSource source(three, three.size() / 3);
    CountingSink sink;
    Transport transport(source, sink);
    EchoHandler handler(false);
    transport.Run(handler);
    CHECK(sink.flushes == std::vector<int>{1, 1, 1});
  }
}

TEST_CASE("Transport stops between messages when a stop is requested") {
  class StoppingSource : public StringByteSource {
   public:
    using StringByteSource::StringByteSource;
    bool StopRequested() const override { return stop; }
    bool stop = false;
  };
  StoppingSource source(R"({"jsonrpc":"2.0","id":1,"method":"echo"})"
                        "\n"
                        R"({"jsonrpc":"2.0","id":2,"method":"echo"})"
                        "\n");
  // The handler asks for the stop while it answers the first request.
  class StopAfterFirst : public EchoHandler {
   public:
    explicit StopAfterFirst(StoppingSource& s) : EchoHandler(false), source_(s) {}
    std::optional<json> HandleMessage(const json& m) override {
      source_.stop = true;
      return EchoHandler::HandleMessage(m);
    }

   private:
    StoppingSource& source_;
  };
  StringLineSink sink;
  Transport transport(source, sink);
  StopAfterFirst handler(source);
  transport.Run(handler);
  CHECK(Lines(sink.str()).size() == 1);
}

}  // namespace pm::rpc
