#include "mcp/resource_registry.h"

#include <doctest/doctest.h>

#include "common/user_error.h"
#include "rpc/error.h"

namespace pm::mcp {

namespace {

// A registry whose readers echo the variables they were given.
ResourceRegistry EchoRegistry() {
  ResourceRegistry registry;
  auto echo = [](const UriVariables& vars) -> std::optional<ResourceContents> {
    std::string text;
    for (const auto& [name, value] : vars) text += name + "=" + value + ";";
    return ResourceContents{"text/plain", text};
  };
  registry.AddTemplate({"demo://plan/{plan}", "plan", "Plan", "A plan.", "text/plain"}, echo);
  registry.AddTemplate({"demo://note/{ws}/{slug}", "note", "", "", "text/plain"}, echo);
  registry.AddTemplate({"demo://missing/{id}", "missing", "", "", ""},
                       [](const UriVariables&) { return std::nullopt; });
  registry.AddTemplate({"demo://refused/{id}", "refused", "", "", ""},
                       [](const UriVariables& v) -> std::optional<ResourceContents> {
                         throw UserError("no thing " + v.at("id"));
                       });
  return registry;
}

// The rpc::Error that reading `uri` throws.
rpc::Error ReadError(const ResourceRegistry& registry, const std::string& uri) {
  try {
    registry.Read(uri);
  } catch (const rpc::Error& e) {
    return e;
  }
  FAIL("reading " << uri << " did not fail");
  return rpc::Error(0, "");
}

}  // namespace

TEST_CASE("resources/read fills template variables, percent-decoded") {
  ResourceRegistry registry = EchoRegistry();
  json plan = registry.Read("demo://plan/P3");
  REQUIRE(plan["contents"].size() == 1);
  CHECK(plan["contents"][0]["uri"] == "demo://plan/P3");
  CHECK(plan["contents"][0]["mimeType"] == "text/plain");
  CHECK(plan["contents"][0]["text"] == "plan=P3;");
  CHECK(registry.Read("demo://note/my%20shop/a.b-c")["contents"][0]["text"] ==
        "slug=a.b-c;ws=my shop;");
  CHECK(registry.Read("demo://plan/%2Fhome%2Fme")["contents"][0]["text"] == "plan=/home/me;");
}

TEST_CASE("a URI no template matches is -32002 Resource not found with the uri") {
  ResourceRegistry registry = EchoRegistry();
  for (const std::string uri :
       {"demo://plan/", "demo://plan/P3/extra", "demo://note/shop", "other://plan/P3",
        "demo://plan/%zz", "demo://plan/%4", "", "demo://nothing/1"}) {
    CAPTURE(uri);
    rpc::Error e = ReadError(registry, uri);
    CHECK(e.code() == kResourceNotFound);
    CHECK(std::string(e.what()).starts_with("Resource not found"));
    CHECK(e.data()["uri"] == uri);
  }
}

TEST_CASE("a reader that finds nothing, or refuses, is -32002 with its reason") {
  ResourceRegistry registry = EchoRegistry();
  rpc::Error missing = ReadError(registry, "demo://missing/7");
  CHECK(missing.code() == kResourceNotFound);
  CHECK(missing.data()["uri"] == "demo://missing/7");
  rpc::Error refused = ReadError(registry, "demo://refused/9");
  CHECK(refused.code() == kResourceNotFound);
  CHECK(std::string(refused.what()).find("no thing 9") != std::string::npos);
}

TEST_CASE("malformed URI templates are programming errors") {
  ResourceRegistry registry;
  auto reader = [](const UriVariables&) { return std::nullopt; };
  CHECK_THROWS_AS(registry.AddTemplate({"demo://{open", "a", "", "", ""}, reader),
                  std::logic_error);
  CHECK_THROWS_AS(registry.AddTemplate({"demo://x/{}", "b", "", "", ""}, reader), std::logic_error);
  CHECK_THROWS_AS(registry.AddTemplate({"demo://{a}.md", "c", "", "", ""}, reader),
                  std::logic_error);
  CHECK(registry.Templates().empty());
}

TEST_CASE("List pages through the lister and says when more follow") {
  ResourceRegistry registry;
  std::vector<Resource> all;
  for (int i = 0; i < 5; ++i) all.push_back({"demo://r/" + std::to_string(i), "r", "", "", ""});
  registry.SetLister([&](size_t offset, size_t limit) {
    std::vector<Resource> page;
    for (size_t i = offset; i < all.size() && page.size() < limit; ++i) page.push_back(all[i]);
    return page;
  });
  std::vector<std::string> seen;
  size_t offset = 0;
  int pages = 0;
  for (;;) {
    ResourcePage page = registry.List(offset, 2);
    ++pages;
    for (const auto& r : page.resources) seen.push_back(r.uri);
    if (!page.next_offset) break;
    offset = *page.next_offset;
  }
  CHECK(pages == 3);
  REQUIRE(seen.size() == 5);
  CHECK(seen.front() == "demo://r/0");
  CHECK(seen.back() == "demo://r/4");
  CHECK(ResourceRegistry().List(0, 10).resources.empty());
}

TEST_CASE("list entries carry title only when the protocol version has it") {
  Resource r{"demo://plan/1", "shop/P1", "P1 Login", "A plan.", "text/markdown"};
  json with = ResourceRegistry::ToJson(r, true);
  CHECK(with == json{{"uri", "demo://plan/1"},
                     {"name", "shop/P1"},
                     {"title", "P1 Login"},
                     {"description", "A plan."},
                     {"mimeType", "text/markdown"}});
  CHECK_FALSE(ResourceRegistry::ToJson(r, false).contains("title"));
  ResourceTemplate t{"demo://plan/{plan}", "plan", "Plan", "", "text/markdown"};
  json tj = ResourceRegistry::ToJson(t, true);
  CHECK(tj["uriTemplate"] == "demo://plan/{plan}");
  CHECK(tj["title"] == "Plan");
  CHECK_FALSE(tj.contains("description"));
  CHECK_FALSE(ResourceRegistry::ToJson(t, false).contains("title"));
}

}  // namespace pm::mcp
