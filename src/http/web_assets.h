// The web view's static files (web/ in the source tree, embedded in the binary
// at build time) served as public routes: web/index.html at "/" and
// "/index.html", every other file at "/" + its path under web/. Each answer
// carries a strong ETag (a hash of the bytes) and Cache-Control: no-cache, so
// a browser revalidates and gets 304 Not Modified while the binary is the
// same; If-None-Match is honoured. The pages need no token: they hold no data,
// and everything they show comes from the REST API, which checks one.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "http/router.h"

namespace pm::http {

struct WebAsset {
  std::string route;  // "/", "/app.css", "/js/board.js"
  std::string content_type;
  std::string etag;  // quoted, e.g. "\"9f3c...\""
  std::string_view body;
};

// The assets among the embedded files, index first. Empty when the binary
// holds no web/ files.
std::vector<WebAsset> EmbeddedWebAssets();

// The content type for a file name by its extension (utf-8 for text).
std::string ContentTypeFor(std::string_view path);

// Whether an If-None-Match header value names `etag` ("*" does; weak W/
// forms match too, as RFC 9110 asks for GET).
bool EtagMatches(std::string_view if_none_match, std::string_view etag);

// Adds a GET route per asset to `router` (plus "/index.html" for the index).
void AddWebAssets(Router& router);

}  // namespace pm::http
