// The resource and prompt methods of Server, over registries filled here, so
// what is tested is the protocol: capabilities, paging, versions and errors.
#include <doctest/doctest.h>

#include <sstream>

#include "catalog/catalog.h"
#include "mcp/server.h"
#include "rpc/byte_source.h"
#include "rpc/line_sink.h"
#include "rpc/transport.h"
#include "test_support.h"

namespace pm::mcp {

using testing::InitializeLine;
using testing::RequestLine;

namespace {

class ContentSession {
 public:
  ContentSession() : tools_(catalog::Catalog::Embedded()) {
    for (int i = 0; i < 7; ++i) {
      all_.push_back({"demo://item/" + std::to_string(i), "item" + std::to_string(i),
                      "Item " + std::to_string(i), "", "text/plain"});
    }
    resources_.SetLister([this](size_t offset, size_t limit) {
      std::vector<Resource> page;
      for (size_t i = offset; i < all_.size() && page.size() < limit; ++i) page.push_back(all_[i]);
      return page;
    });
    for (const char* kind : {"item", "box", "crate"}) {
      resources_.AddTemplate({std::string("demo://") + kind + "/{n}", kind,
                              "A " + std::string(kind), "", "text/plain"},
                             [](const UriVariables& v) -> std::optional<ResourceContents> {
                               if (v.at("n") == "404") return std::nullopt;
                               return ResourceContents{"text/plain", "n is " + v.at("n")};
                             });
    }
    for (const char* name : {"alpha", "beta", "gamma"}) {
      prompts_.Add({name, std::string("The ") + name, "", {{"x", "X", "An x.", true}}},
                   [name](const PromptArgs& a) {
                     return PromptResult{"", {{"user", std::string(name) + " " + a.at("x")}}};
                   });
    }
    options_.list_page_size = 3;
  }

  // Initializes with `version`, sends the requests, returns the responses after initialize.
  std::vector<json> Run(const std::vector<std::pair<std::string, json>>& requests,
                        const std::string& version = "2025-11-25", bool content = true) {
    std::string input = InitializeLine(version, 0);
    int id = 1;
    for (const auto& [method, params] : requests) input += RequestLine(id++, method, params);
    rpc::StringByteSource source(input);
    rpc::StringLineSink sink;
    rpc::Transport transport(source, sink, {});
    Server server(tools_, options_, {},
                  content ? ServerContent{&resources_, &prompts_} : ServerContent{});
    transport.Run(server);
    std::vector<json> out;
    std::istringstream lines(sink.str());
    for (std::string line; std::getline(lines, line);) out.push_back(json::parse(line));
    return out;
  }

  json One(const std::string& method, const json& params,
           const std::string& version = "2025-11-25") {
    auto out = Run({{method, params}}, version);
    REQUIRE(out.size() == 2);
    return out[1];
  }

 private:
  ToolRegistry tools_;
  ResourceRegistry resources_;
  PromptRegistry prompts_;
  ServerOptions options_;
  std::vector<Resource> all_;
};

}  // namespace

TEST_CASE("initialize announces resources and prompts only when the server has them") {
  ContentSession s;
  json with = s.Run({})[0]["result"]["capabilities"];
  CHECK(with["resources"] == json{{"listChanged", false}});
  CHECK(with["prompts"] == json{{"listChanged", false}});
  auto without =
      s.Run({{"resources/list", nullptr}, {"prompts/list", nullptr}}, "2025-11-25", false);
  CHECK_FALSE(without[0]["result"]["capabilities"].contains("resources"));
  CHECK_FALSE(without[0]["result"]["capabilities"].contains("prompts"));
  CHECK(without[1]["error"]["code"] == rpc::kMethodNotFound);
  CHECK(without[2]["error"]["code"] == rpc::kMethodNotFound);
}

TEST_CASE("resources/list pages with nextCursor until every resource was seen once") {
  ContentSession s;
  std::vector<std::string> uris;
  json params = json::object();
  int pages = 0;
  for (;;) {
    json response = s.One("resources/list", params);
    REQUIRE(response.contains("result"));
    ++pages;
    for (const auto& r : response["result"]["resources"]) {
      uris.push_back(r["uri"]);
      CHECK(r["title"].is_string());
      CHECK(r["mimeType"] == "text/plain");
    }
    if (!response["result"].contains("nextCursor")) break;
    params = {{"cursor", response["result"]["nextCursor"]}};
  }
  CHECK(pages == 3);
  REQUIRE(uris.size() == 7);
  CHECK(uris[0] == "demo://item/0");
  CHECK(uris[6] == "demo://item/6");
}

TEST_CASE("list cursors are checked, and one list's cursor is refused by another") {
  ContentSession s;
  json first = s.One("resources/list", nullptr)["result"];
  const std::string cursor = first["nextCursor"];
  // (Not a structured binding: clang 14 cannot capture one in CAPTURE's lambda.)
  for (const auto& call :
       std::vector<std::pair<std::string, json>>{{"resources/list", "x3"},
                                                 {"resources/list", 5},
                                                 {"resources/list", "r"},
                                                 {"resources/list", "r3x"},
                                                 {"resources/list", "r18446744073709551615"},
                                                 {"prompts/list", "p99999999999999999999999"},
                                                 {"prompts/list", cursor},
                                                 {"resources/templates/list", cursor},
                                                 {"tools/list", cursor}}) {
    const std::string& method = call.first;
    const json& bad = call.second;
    CAPTURE(method);
    CAPTURE(bad.dump());
    json response = s.One(method, {{"cursor", bad}});
    CHECK(response["error"]["code"] == rpc::kInvalidParams);
    CHECK(response["error"]["message"].get<std::string>().find("cursor") != std::string::npos);
  }
}

TEST_CASE("resources/templates/list and prompts/list page and drop title before 2025-06-18") {
  ContentSession s;
  json templates = s.One("resources/templates/list", nullptr)["result"];
  REQUIRE(templates["resourceTemplates"].size() == 3);
  CHECK(templates["resourceTemplates"][0]["uriTemplate"] == "demo://item/{n}");
  CHECK(templates["resourceTemplates"][0]["title"] == "A item");
  CHECK_FALSE(templates.contains("nextCursor"));

  json prompts = s.One("prompts/list", nullptr)["result"];
  REQUIRE(prompts["prompts"].size() == 3);
  CHECK(prompts["prompts"][2]["name"] == "gamma");
  CHECK(prompts["prompts"][0]["title"] == "The alpha");

  for (const char* version : {"2025-03-26", "2024-11-05"}) {
    CAPTURE(version);
    json old_prompts = s.One("prompts/list", nullptr, version)["result"];
    CHECK_FALSE(old_prompts["prompts"][0].contains("title"));
    CHECK(old_prompts["prompts"][0]["arguments"][0]["required"] == true);
    json old_resources = s.One("resources/list", nullptr, version)["result"];
    CHECK_FALSE(old_resources["resources"][0].contains("title"));
    CHECK(old_resources["resources"][0]["name"] == "item0");
  }
}

TEST_CASE("resources/read answers contents, or -32002 with the uri, or -32602 without one") {
  ContentSession s;
  json ok = s.One("resources/read", {{"uri", "demo://box/12"}});
  CHECK(ok["result"]["contents"][0] ==
        json{{"uri", "demo://box/12"}, {"mimeType", "text/plain"}, {"text", "n is 12"}});
  for (const std::string uri : {"demo://box/404", "demo://shelf/1", "demo://box/1/2"}) {
    CAPTURE(uri);
    json missing = s.One("resources/read", {{"uri", uri}});
    CHECK(missing["error"]["code"] == -32002);
    CHECK(missing["error"]["data"]["uri"] == uri);
  }
  CHECK(s.One("resources/read", json::object())["error"]["code"] == rpc::kInvalidParams);
  CHECK(s.One("resources/read", {{"uri", 5}})["error"]["code"] == rpc::kInvalidParams);
}

TEST_CASE("prompts/get answers messages, or -32602 naming the prompt or argument") {
  ContentSession s;
  json ok = s.One("prompts/get", {{"name", "beta"}, {"arguments", {{"x", "7"}}}});
  CHECK(ok["result"]["messages"][0]["content"]["text"] == "beta 7");
  json unknown = s.One("prompts/get", {{"name", "delta"}});
  CHECK(unknown["error"]["code"] == rpc::kInvalidParams);
  CHECK(unknown["error"]["message"].get<std::string>().find("delta") != std::string::npos);
  json missing = s.One("prompts/get", {{"name", "beta"}});
  CHECK(missing["error"]["code"] == rpc::kInvalidParams);
  CHECK(missing["error"]["message"].get<std::string>().find("\"x\"") != std::string::npos);
  CHECK(s.One("prompts/get", {{"arguments", {{"x", "1"}}}})["error"]["code"] ==
        rpc::kInvalidParams);
}

TEST_CASE("resource and prompt methods are refused before initialize") {
  // Run() initializes first; this exchange sends requests without it.
  rpc::StringByteSource source(RequestLine(1, "resources/list") + RequestLine(2, "prompts/list"));
  rpc::StringLineSink sink;
  rpc::Transport transport(source, sink, {});
  ToolRegistry tools(catalog::Catalog::Embedded());
  ResourceRegistry resources;
  PromptRegistry prompts;
  Server server(tools, {}, {}, {&resources, &prompts});
  transport.Run(server);
  std::istringstream lines(sink.str());
  int refused = 0;
  for (std::string line; std::getline(lines, line);) {
    refused += json::parse(line)["error"]["code"] == rpc::kInvalidRequest;
  }
  CHECK(refused == 2);
}

}  // namespace pm::mcp
