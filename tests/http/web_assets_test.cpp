#include "http/web_assets.h"

#include <doctest/doctest.h>

namespace pm::http {

namespace {

// Runs GET `path` through a router holding the web assets.
httplib::Response Get(const Router& router, const std::string& path,
                      const std::string& if_none_match = "") {
  httplib::Request req;
  req.method = "GET";
  req.path = path;
  if (!if_none_match.empty()) req.set_header("If-None-Match", if_none_match);
  httplib::Response res;
  Router::Match match = router.Find("GET", path);
  if (!match.route) {
    res.status = 404;
    return res;
  }
  const Caller anonymous{"anonymous", true};
  RouteCall call{req, res, match.params, nullptr, anonymous};
  match.route->handler(call);
  if (res.status == -1) res.status = 200;
  return res;
}

}  // namespace

TEST_CASE("the web view's files are embedded, the page at / and its modules beside it") {
  const auto assets = EmbeddedWebAssets();
  REQUIRE_FALSE(assets.empty());
  CHECK(assets.front().route == "/");
  CHECK(assets.front().content_type == "text/html; charset=utf-8");
  CHECK(assets.front().body.find("<script type=\"module\" src=\"/js/main.js\">") !=
        std::string_view::npos);
  bool main_js = false, css = false;
  for (const auto& a : assets) {
    main_js =
        main_js || (a.route == "/js/main.js" && a.content_type.rfind("text/javascript", 0) == 0);
    css = css || (a.route == "/app.css" && a.content_type.rfind("text/css", 0) == 0);
    CHECK(a.etag.size() == 18);  // a quoted 16-digit hash
  }
  CHECK(main_js);
  CHECK(css);
}

TEST_CASE("assets carry an ETag and answer 304 when the browser has them") {
  Router router;
  AddWebAssets(router);
  httplib::Response page = Get(router, "/");
  CHECK(page.status == 200);
  const std::string etag = page.get_header_value("ETag");
  CHECK(etag.size() == 18);
  CHECK(page.get_header_value("Cache-Control") == "no-cache");
  CHECK(page.get_header_value("Content-Security-Policy").find("default-src 'self'") !=
        std::string::npos);
  CHECK(page.body.find("<title>project-memory</title>") != std::string::npos);
  CHECK(Get(router, "/index.html").body == page.body);

  httplib::Response again = Get(router, "/", etag);
  CHECK(again.status == 304);
  CHECK(again.body.empty());
  CHECK(Get(router, "/", "\"stale\", W/" + etag).status == 304);
  CHECK(Get(router, "/", "\"stale\"").status == 200);

  httplib::Response script = Get(router, "/js/main.js");
  CHECK(script.status == 200);
  CHECK(script.get_header_value("ETag") != etag);
  CHECK(Get(router, "/js/missing.js").status == 404);
}

TEST_CASE("If-None-Match lists, weak tags and the wildcard") {
  CHECK(EtagMatches("\"a\"", "\"a\""));
  CHECK(EtagMatches("\"b\", \"a\"", "\"a\""));
  CHECK(EtagMatches("W/\"a\"", "\"a\""));
  CHECK(EtagMatches("*", "\"a\""));
  CHECK_FALSE(EtagMatches("", "\"a\""));
  CHECK_FALSE(EtagMatches("\"ab\"", "\"a\""));
  CHECK(ContentTypeFor("x.svg") == "image/svg+xml");
  CHECK(ContentTypeFor("x.bin") == "application/octet-stream");
}

}  // namespace pm::http
