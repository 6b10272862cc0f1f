#include "http/problem.h"

#include <map>

namespace pm::http {

std::string StatusTitle(int status) {
  static const std::map<int, const char*> kTitles = {
      {400, "Bad Request"},
      {401, "Unauthorized"},
      {403, "Forbidden"},
      {404, "Not Found"},
      {405, "Method Not Allowed"},
      {406, "Not Acceptable"},
      {408, "Request Timeout"},
      {409, "Conflict"},
      {411, "Length Required"},
      {413, "Content Too Large"},
      {414, "URI Too Long"},
      {415, "Unsupported Media Type"},
      {422, "Unprocessable Content"},
      {431, "Request Header Fields Too Large"},
      {500, "Internal Server Error"},
      {501, "Not Implemented"},
      {503, "Service Unavailable"},
      {507, "Insufficient Storage"},
  };
  auto it = kTitles.find(status);
  return it == kTitles.end() ? "Error" : it->second;
}

json ProblemJson(const Problem& problem) {
  json body = {{"type", "about:blank"},
               {"title", StatusTitle(problem.status)},
               {"status", problem.status},
               {"detail", problem.detail}};
  if (!problem.code.empty()) body["code"] = problem.code;
  for (const auto& [key, value] : problem.extra.items()) body[key] = value;
  return body;
}

Problem BodyTooLarge(size_t limit, const std::string& option, const std::string& declared) {
  const std::string detail =
      declared.empty() ? "the request body is larger than the limit of " + std::to_string(limit) +
                             " bytes (" + option + ")"
                       : "the request body is " + declared + " bytes, more than the limit of " +
                             std::to_string(limit) + " (" + option + ")";
  return {413, "body_too_large", detail, {{"limit", limit}}};
}

void WriteProblem(httplib::Response& res, const Problem& problem) {
  res.status = problem.status;
  res.set_content(ProblemJson(problem).dump(-1, ' ', false, json::error_handler_t::replace),
                  kProblemContentType);
}

std::string RawProblemResponse(const Problem& problem) {
  const std::string body =
      ProblemJson(problem).dump(-1, ' ', false, json::error_handler_t::replace);
  std::string text =
      "HTTP/1.1 " + std::to_string(problem.status) + " " + StatusTitle(problem.status) + "\r\n";
  text += "Content-Type: " + std::string(kProblemContentType) + "\r\n";
  text += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  if (problem.status == 503) text += "Retry-After: 1\r\n";
  text += "Connection: close\r\n\r\n";
  return text + body;
}

}  // namespace pm::http
