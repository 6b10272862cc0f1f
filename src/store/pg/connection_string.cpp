#include "store/pg/connection_string.h"

#include <algorithm>
#include <cctype>
#include <regex>

namespace pm::store::pg {

namespace {

constexpr const char* kMask = "***";

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  return std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) ==
           std::tolower(static_cast<unsigned char>(b));
  });
}

std::string_view SchemeOf(std::string_view conninfo) {
  for (std::string_view scheme : {"postgresql://", "postgres://"}) {
    if (StartsWithNoCase(conninfo, scheme)) return conninfo.substr(0, scheme.size());
  }
  return {};
}

// password=... among the query parameters of a URL, up to & or #.
std::string RedactUrlQuery(std::string query) {
  static const std::regex kPassword(R"(((?:^|[?&])password=)[^&#]*)", std::regex::icase);
  return std::regex_replace(query, kPassword, std::string("$1") + kMask);
}

std::string RedactUrl(std::string_view url, std::string_view scheme) {
  std::string out(scheme);
  std::string_view rest = url.substr(scheme.size());
  // Host, port and path never hold '@', so the last '@' before the query ends
  // the user info, even when an unencoded password holds '/' or ':'.
  const size_t query = rest.find('?');
  const size_t at = rest.substr(0, query).rfind('@');
  if (at != std::string_view::npos) {
    std::string_view user_info = rest.substr(0, at);
    const size_t colon = user_info.find(':');
    out += user_info.substr(0, colon);
    if (colon != std::string_view::npos) out += std::string(":") + kMask;
    rest.remove_prefix(at);
  }
  const size_t rest_query = rest.find('?');
  out += rest.substr(0, rest_query);
  if (rest_query != std::string_view::npos)
    out += RedactUrlQuery(std::string(rest.substr(rest_query)));
  return out;
}

// password = value, value either 'quoted (with \' escapes)' or up to whitespace.
std::string RedactKeywords(std::string_view conninfo) {
  static const std::regex kPassword(R"(((?:^|\s)password\s*=\s*)('(?:[^'\\]|\\.)*'?|\S*))",
                                    std::regex::icase);
  return std::regex_replace(std::string(conninfo), kPassword, std::string("$1") + kMask);
}

}  // namespace

bool IsPostgresUrl(std::string_view db) { return !SchemeOf(db).empty(); }

std::string RedactConnectionString(std::string_view conninfo) {
  try {
    std::string_view scheme = SchemeOf(conninfo);
    return scheme.empty() ? RedactKeywords(conninfo) : RedactUrl(conninfo, scheme);
  } catch (...) {
    return "(connection string hidden)";  // std::regex may throw on huge input
  }
}

std::string ScrubSecret(std::string text, std::string_view secret) {
  if (secret.empty()) return text;
  for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at)) {
    text.replace(at, secret.size(), kMask);
    at += 3;
  }
  return text;
}

}  // namespace pm::store::pg
