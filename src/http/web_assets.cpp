#include "http/web_assets.h"

#include "common/embedded_resources.h"
#include "common/fnv_hash.h"

namespace pm::http {

namespace {

constexpr std::string_view kWebPrefix = "web/";
constexpr std::string_view kIndex = "index.html";

bool HasExtension(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

std::string_view TrimBlanks(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

void ServeAsset(const WebAsset& asset, RouteCall& call) {
  call.res.set_header("ETag", asset.etag);
  call.res.set_header("Cache-Control", "no-cache");
  call.res.set_header("X-Content-Type-Options", "nosniff");
  call.res.set_header("Referrer-Policy", "no-referrer");
  // Scripts and styles come from this server only; the page talks to its own origin.
  call.res.set_header("Content-Security-Policy",
                      "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                      "script-src 'self'; connect-src 'self'; frame-ancestors 'none'");
  if (EtagMatches(call.req.get_header_value("If-None-Match"), asset.etag)) {
    call.res.status = 304;
    return;
  }
  call.res.set_content(asset.body.data(), asset.body.size(), asset.content_type);
}

}  // namespace

std::string ContentTypeFor(std::string_view path) {
  if (HasExtension(path, ".html")) return "text/html; charset=utf-8";
  if (HasExtension(path, ".css")) return "text/css; charset=utf-8";
  if (HasExtension(path, ".js") || HasExtension(path, ".mjs"))
    return "text/javascript; charset=utf-8";
  if (HasExtension(path, ".svg")) return "image/svg+xml";
  if (HasExtension(path, ".json")) return "application/json";
  return "application/octet-stream";
}

bool EtagMatches(std::string_view if_none_match, std::string_view etag) {
  while (!if_none_match.empty()) {
    const size_t comma = if_none_match.find(',');
    std::string_view candidate = TrimBlanks(if_none_match.substr(0, comma));
    if (candidate == "*") return true;
    if (candidate.substr(0, 2) == "W/") candidate.remove_prefix(2);
    if (candidate == etag) return true;
    if (comma == std::string_view::npos) break;
    if_none_match.remove_prefix(comma + 1);
  }
  return false;
}

std::vector<WebAsset> EmbeddedWebAssets() {
  std::vector<WebAsset> assets;
  for (const auto& file : EmbeddedFiles()) {
    if (file.path.substr(0, kWebPrefix.size()) != kWebPrefix) continue;
    const std::string_view relative = file.path.substr(kWebPrefix.size());
    WebAsset asset{relative == kIndex ? "/" : "/" + std::string(relative), ContentTypeFor(relative),
                   "\"" + FnvHash::Of(file.content) + "\"", file.content};
    if (asset.route == "/") {
      assets.insert(assets.begin(), std::move(asset));
    } else {
      assets.push_back(std::move(asset));
    }
  }
  return assets;
}

void AddWebAssets(Router& router) {
  for (WebAsset& asset : EmbeddedWebAssets()) {
    auto shared = std::make_shared<const WebAsset>(std::move(asset));
    auto handler = [shared](RouteCall& call) { ServeAsset(*shared, call); };
    router.Add("GET", shared->route, Access::kPublic, handler);
    if (shared->route == "/") router.Add("GET", "/index.html", Access::kPublic, handler);
  }
}

}  // namespace pm::http
