#include "http/router.h"

#include <doctest/doctest.h>

namespace pm::http {

TEST_CASE("the router tells a route from another method's (405) and from none (404)") {
  Router router;
  auto none = [](RouteCall&) {};
  router.Add("GET", "/tasks/next", Access::kCaller, none);
  router.Add("POST", "/tasks/next", Access::kCaller, none);
  router.Add("GET", "/tasks/:task", Access::kCaller, none);
  router.Add("PATCH", "/tasks/:task", Access::kCaller, none);
  router.Add("GET", "/repos/:repo/tracks/:track", Access::kCaller, none);

  auto next = router.Find("GET", "/tasks/next");
  REQUIRE(next.route);
  CHECK(next.route->pattern == "/tasks/next");  // the literal route wins

  auto task = router.Find("PATCH", "/tasks/T12");
  REQUIRE(task.route);
  CHECK(task.params.at("task") == "T12");

  auto track = router.Find("HEAD", "/repos/shop/tracks/2");
  REQUIRE(track.route);
  CHECK(track.params.at("repo") == "shop");
  CHECK(track.params.at("track") == "2");

  auto wrong_method = router.Find("DELETE", "/tasks/T12");
  CHECK_FALSE(wrong_method.route);
  CHECK(wrong_method.allowed == std::vector<std::string>{"GET", "PATCH"});

  // The literal route owns its path for every method.
  auto put_next = router.Find("PATCH", "/tasks/next");
  CHECK_FALSE(put_next.route);
  CHECK(put_next.allowed == std::vector<std::string>{"GET", "POST"});

  auto nothing = router.Find("GET", "/tasks/T12/extra");
  CHECK_FALSE(nothing.route);
  CHECK(nothing.allowed.empty());
  CHECK_FALSE(router.Find("GET", "/tasks/").route);  // an empty :task
  CHECK_THROWS_AS(router.Add("GET", "/tasks/next", Access::kCaller, none), std::logic_error);
}

TEST_CASE("dot segments, backslashes and NUL bytes never reach a route") {
  Router router;
  router.Add("GET", "/repos/:repo/tracks", Access::kCaller, [](RouteCall&) {});
  for (const std::string& path :
       std::vector<std::string>{"/repos/../tracks", "/repos/./tracks", "/repos/a\\b/tracks",
                                std::string("/repos/a\0b/tracks", 17)}) {
    CAPTURE(path);
    CHECK(Router::IsSuspectPath(path));
    CHECK_FALSE(router.Find("GET", path).route);
  }
  CHECK_FALSE(Router::IsSuspectPath("/repos/a.b/tracks"));
  CHECK(router.Find("GET", "/repos/a.b/tracks").route);
}

}  // namespace pm::http
