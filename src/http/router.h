// Router is the table of this server's routes: a method and a path pattern of
// literal and :param segments ("/repos/:repo/tracks/:track") each, and who may
// call it. Match() tells a route from a path that exists under other methods
// (405, with the methods to list in Allow) and from no route at all (404).
// Paths are matched after httplib percent-decodes them; a segment "." or ".."
// or a backslash or NUL byte never matches anything. Filled at start-up, then
// read-only: safe to share between threads.
#pragma once

#include <httplib.h>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "http/worker.h"

namespace pm::http {

using PathParams = std::map<std::string, std::string>;

// Who may call a route.
enum class Access {
  kPublic,  // anyone who passes the Host and Origin checks (health, OpenAPI, static files)
  kCaller,  // an authenticated caller; the handler checks writes against the catalog
};

// How a route gets its request body.
enum class RequestBody {
  kBuffered,  // read whole into req.body before the handler runs, at most max_body_bytes
  kStreamed,  // read by the handler through RouteCall::read_body, at most max_import_bytes
};

// Hands a streamed body to `receive` piece by piece (receive returns false to
// stop). Returns whether the whole body was read: false when the client
// stopped sending, a limit was reached or `receive` stopped. At most once a
// request.
using BodyReader = std::function<bool(const httplib::ContentReceiver& receive)>;

// What a route handler gets.
struct RouteCall {
  const httplib::Request& req;
  httplib::Response& res;
  const PathParams& params;
  Worker* worker;  // null for public routes and routes with a streamed body
  const Caller& caller;
  const BodyReader* read_body = nullptr;  // routes with a streamed body only
};

using RouteHandler = std::function<void(RouteCall& call)>;

struct Route {
  std::string method;  // GET, POST, PUT, PATCH, DELETE
  std::string pattern;
  Access access = Access::kCaller;
  RouteHandler handler;
  std::vector<std::string> segments;  // pattern split at '/'
  RequestBody body = RequestBody::kBuffered;
};

class Router {
 public:
  // Adds a route. Throws std::logic_error for a malformed pattern, a route
  // added twice, or a streamed body on a route that is not a POST to a path
  // without :params.
  void Add(const std::string& method, const std::string& pattern, Access access,
           RouteHandler handler, RequestBody body = RequestBody::kBuffered);

  struct Match {
    const Route* route = nullptr;  // null: no route for this method
    PathParams params;
    std::vector<std::string> allowed;  // methods with a route for this path (405)
  };
  Match Find(const std::string& method, const std::string& path) const;

  // True when `path` has a segment "." or "..", a backslash or a NUL byte.
  static bool IsSuspectPath(const std::string& path);

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace pm::http
