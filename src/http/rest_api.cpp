#include "http/rest_api.h"

#include <spdlog/spdlog.h>

#include <optional>
#include <ostream>
#include <string_view>

#include "common/user_error.h"
#include "http/openapi.h"
#include "http/problem.h"
#include "http/seed_routes.h"
#include "http/spooled_body.h"
#include "http/tool_api.h"
#include "http/tool_call.h"

namespace pm::http {

using nlohmann::json;

namespace {

// A std::streambuf over httplib's DataSink, buffered: the sink's own stream
// writes nothing for single characters. A failed write (the client left)
// makes the stream bad, which ends the export.
class SinkBuffer : public std::streambuf {
 public:
  explicit SinkBuffer(httplib::DataSink& sink) : sink_(sink), buffer_(64 * 1024) {
    setp(buffer_.data(), buffer_.data() + buffer_.size());
  }

 protected:
  int overflow(int c) override {
    if (!Flush()) return traits_type::eof();
    if (c != traits_type::eof()) {
      *pptr() = static_cast<char>(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  int sync() override { return Flush() ? 0 : -1; }

 private:
  bool Flush() {
    const auto n = static_cast<size_t>(pptr() - pbase());
    const bool ok = n == 0 || sink_.write(pbase(), n);
    setp(buffer_.data(), buffer_.data() + buffer_.size());
    return ok;
  }

  httplib::DataSink& sink_;
  std::vector<char> buffer_;
};

// GET /api/export?workspace=X | all=true [&since=T]: checked with the
// request's worker, then streamed by another lease as httplib writes the body.
void ServeExport(HttpServer& server, RouteCall& call) {
  json request = json::object();
  for (const auto& [key, value] : call.req.params) {
    if (key == "workspace" || key == "since") {
      request[key] = value;
    } else if (key == "all") {
      request[key] = value == "true" || value == "1";
    } else {
      throw UserError("unknown query parameter \"" + key + "\". Accepted: workspace, all, since.");
    }
  }
  const std::string scope = call.worker->CheckExport(request);
  WorkerPool& pool = server.pool();
  const auto wait = server.options().worker_wait;
  call.res.set_header("Content-Disposition", "attachment; filename=\"project-memory.jsonl\"");
  call.res.set_chunked_content_provider(
      "application/x-ndjson", [&pool, wait, request, scope](size_t, httplib::DataSink& sink) {
        SinkBuffer buffer(sink);
        std::ostream out(&buffer);
        try {
          WorkerPool::Lease worker = pool.Acquire(wait);
          worker->Export(request, out);
          out.flush();
          if (!out) return false;
        } catch (const std::exception& e) {
          // The status is sent: the body ends without its end line, which an
          // import refuses as cut short.
          spdlog::warn("export of {} stopped: {}", scope, e.what());
          return false;
        }
        sink.done();
        return true;
      });
}

// POST /api/import: the body is an export's JSONL, applied in one transaction.
// The body, up to --max-import-bytes, goes to a temporary file as it arrives;
// a worker is leased only once it is all there.
void ServeImport(HttpServer& server, RouteCall& call) {
  if (call.caller.read_only) {
    WriteProblem(call.res,
                 {403, "read_only_token",
                  "the token \"" + call.caller.name + "\" is read-only, and an import writes"});
    return;
  }
  const size_t limit = server.options().max_import_bytes;
  std::optional<SpooledBody> body;
  try {
    body.emplace();
  } catch (const std::runtime_error& e) {
    WriteProblem(call.res, {507, "insufficient_storage",
                            std::string(e.what()) + " to keep the import (set TMPDIR to another)"});
    return;
  }
  bool too_large = false, spool_failed = false;
  const bool whole = (*call.read_body)([&](const char* data, size_t n) {
    if (body->size() + n > limit) {
      too_large = true;
      return false;
    }
    if (!body->Append(data, n)) {
      spool_failed = true;
      return false;
    }
    return true;
  });
  const GuardedStream* stream = GuardedServer::CurrentStream();
  if (too_large || (stream && stream->failure() == GuardedStream::Failure::kBodyTooLarge)) {
    WriteProblem(call.res, BodyTooLarge(limit, "--max-import-bytes"));
    return;
  }
  if (spool_failed) {
    WriteProblem(call.res, {507, "insufficient_storage",
                            "cannot keep the import in " + body->error() +
                                " (set TMPDIR to a directory with room)"});
    return;
  }
  if (!whole) {
    WriteProblem(call.res, {400, "body_incomplete",
                            "the body ended before its declared length, or could not be read"});
    return;
  }
  std::string_view content;
  try {
    content = body->View();
  } catch (const std::runtime_error& e) {
    WriteProblem(call.res, {507, "insufficient_storage", e.what()});
    return;
  }
  if (content.empty()) {
    throw UserError("POST /api/import takes an export (project-memory JSONL) as its body");
  }
  WorkerPool::Lease worker = server.pool().Acquire(server.options().worker_wait);
  worker->BeginRequest(call.caller);
  mcp::ToolResult result = worker->Import(content);
  if (WantsText(call.req)) {
    call.res.set_content(result.text, "text/plain; charset=utf-8");
  } else {
    WriteJson(call.res, result.structured);
  }
}

}  // namespace

void AddRestApi(HttpServer& server, const catalog::Catalog& catalog) {
  Router& router = server.router();
  for (const ToolRoute& route : SeedRoutes()) {
    CheckToolRoute(route, catalog);
    router.Add(route.method, route.pattern, Access::kCaller,
               [&route](RouteCall& call) { ServeToolRoute(route, call); });
  }
  AddToolRoutes(router);
  router.Add("GET", "/api/export", Access::kCaller,
             [&server](RouteCall& call) { ServeExport(server, call); });
  router.Add(
      "POST", "/api/import", Access::kCaller,
      [&server](RouteCall& call) { ServeImport(server, call); }, RequestBody::kStreamed);
  auto document = std::make_shared<const std::string>(
      OpenApiDocument(catalog, SeedRoutes()).dump(-1, ' ', false, json::error_handler_t::replace));
  router.Add("GET", "/openapi.json", Access::kPublic,
             [document](RouteCall& call) { call.res.set_content(*document, "application/json"); });
}

}  // namespace pm::http
