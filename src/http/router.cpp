#include "http/router.h"

#include <algorithm>
#include <stdexcept>

namespace pm::http {

namespace {

std::vector<std::string> Split(const std::string& path) {
  std::vector<std::string> parts;
  size_t start = 1;  // after the leading '/'
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    parts.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return parts;
}

bool MatchSegments(const Route& route, const std::vector<std::string>& parts, PathParams* params) {
  if (route.segments.size() != parts.size()) return false;
  PathParams found;
  for (size_t i = 0; i < parts.size(); ++i) {
    const std::string& want = route.segments[i];
    if (!want.empty() && want[0] == ':') {
      if (parts[i].empty()) return false;
      found[want.substr(1)] = parts[i];
    } else if (want != parts[i]) {
      return false;
    }
  }
  *params = std::move(found);
  return true;
}

}  // namespace

void Router::Add(const std::string& method, const std::string& pattern, Access access,
                 RouteHandler handler, RequestBody body) {
  if (pattern.empty() || pattern[0] != '/') {
    throw std::logic_error("route pattern must start with /: " + pattern);
  }
  if (body == RequestBody::kStreamed &&
      (method != "POST" || pattern.find(':') != std::string::npos)) {
    throw std::logic_error("a streamed body needs a POST route without :params: " + method + " " +
                           pattern);
  }
  for (const auto& r : routes_) {
    if (r.method == method && r.pattern == pattern) {
      throw std::logic_error("route added twice: " + method + " " + pattern);
    }
  }
  routes_.push_back({method, pattern, access, std::move(handler), Split(pattern), body});
}

bool Router::IsSuspectPath(const std::string& path) {
  if (path.find('\\') != std::string::npos || path.find('\0') != std::string::npos) return true;
  for (const auto& part : Split(path)) {
    if (part == "." || part == "..") return true;
  }
  return false;
}

Router::Match Router::Find(const std::string& method, const std::string& path) const {
  Match match;
  if (path.empty() || path[0] != '/' || IsSuspectPath(path)) return match;
  const auto parts = Split(path);
  const std::string wanted = method == "HEAD" ? "GET" : method;
  // The pattern with the most literal segments owns the path: /tasks/next
  // shadows /tasks/:task for every method.
  const std::string* owner = nullptr;
  size_t best = 0;
  for (const auto& route : routes_) {
    PathParams params;
    if (!MatchSegments(route, parts, &params)) continue;
    const size_t literals = static_cast<size_t>(
        std::count_if(route.segments.begin(), route.segments.end(),
                      [](const std::string& s) { return s.empty() || s[0] != ':'; }));
    if (!owner || literals > best) {
      owner = &route.pattern;
      best = literals;
    }
  }
  if (!owner) return match;
  for (const auto& route : routes_) {
    if (route.pattern != *owner) continue;
    if (route.method == wanted && !match.route) {
      match.route = &route;
      MatchSegments(route, parts, &match.params);
    }
    match.allowed.push_back(route.method);
  }
  return match;
}

}  // namespace pm::http
