#include "cli/serve_http.h"

#include <pthread.h>
#include <signal.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <iostream>
#include <thread>

#include "catalog/catalog.h"
#include "cli/http_worker.h"
#include "cli/startup.h"
#include "http/http_server.h"
#include "http/rest_api.h"
#include "http/web_assets.h"
#include "store/database_path.h"
#include "store/token_repository.h"

namespace pm::cli {

namespace {

// Server-side paths over HTTP: none, unless --files-root names the one
// directory they may be in.
app::FilePolicy HttpFilePolicy(const std::string& files_root) {
  app::FilePolicy policy;
  policy.workspace_roots = false;
  policy.widen_hint = "serve --http ... --files-root DIR";
  if (files_root.empty()) {
    policy.paths_allowed = false;
    return policy;
  }
  std::error_code ec;
  auto root = std::filesystem::canonical(files_root, ec);
  if (ec || !std::filesystem::is_directory(root)) {
    throw std::runtime_error("--files-root " + files_root + ": not an existing directory");
  }
  policy.roots = {root.string()};
  return policy;
}

// Waits for SIGTERM or SIGINT on its own thread (both are blocked everywhere
// else) and stops the server.
class StopOnSignal {
 public:
  explicit StopOnSignal(http::HttpServer& server) {
    sigemptyset(&set_);
    sigaddset(&set_, SIGTERM);
    sigaddset(&set_, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set_, nullptr);
    thread_ = std::thread([this, &server] {
      int signal = 0;
      sigwait(&set_, &signal);
      if (!done_) {
        spdlog::info("signal {}: finishing requests in flight", signal);
        server.Stop();
      }
    });
  }
  ~StopOnSignal() {
    done_ = true;
    pthread_kill(thread_.native_handle(), SIGTERM);  // wakes sigwait if no signal came
    thread_.join();
  }

 private:
  sigset_t set_;
  std::atomic<bool> done_{false};
  std::thread thread_;
};

}  // namespace

int ServeHttp(const GlobalOptions& global, const HttpServeOptions& options) {
  signal(SIGPIPE, SIG_IGN);
  http::HttpOptions http;
  try {
    http.address = http::ParseListenAddress(options.listen);
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(e.what());
  }
  http.max_body_bytes = options.max_body_bytes;
  http.max_import_bytes = options.max_import_bytes;
  http.connections.max_connections = options.max_connections;
  http.connections.stream.max_header_bytes = options.max_header_bytes;
  http.connections.stream.header_timeout = std::chrono::milliseconds(options.header_timeout_ms);
  http.connections.stream.read_timeout = std::chrono::milliseconds(options.read_timeout_ms);
  http.connections.stream.write_timeout = std::chrono::milliseconds(options.read_timeout_ms);
  http.allowed_origins = options.allowed_origins;
  http.allowed_hosts = options.allowed_hosts;
  if (!options.tls_cert.empty()) {
    http.tls = std::make_shared<const http::TlsContext>(options.tls_cert, options.tls_key);
  }
  const bool loopback = http::IsLoopbackHost(http.address.host);

  const catalog::Catalog& catalog = catalog::Catalog::Embedded();
  // The first connection migrates and seeds; the others only open.
  std::unique_ptr<store::Database> first = OpenStore(global);
  const bool any_token = !store::TokenRepository(*first).List().empty();
  if (!loopback && !any_token) {
    throw std::runtime_error(
        "refusing to serve " + http.address.HostPort() +
        " without a token: anyone who can reach that address could read and change every "
        "workspace. Make one first: project-memory token create --name NAME");
  }
  size_t threads = options.threads;
  if (first->in_memory() && threads > 1) {
    spdlog::warn("--db :memory: is private to one connection: serving with 1 worker");
    threads = 1;
  }
  const std::string cwd = std::filesystem::current_path().string();
  const app::FilePolicy files = HttpFilePolicy(options.files_root);
  const store::DatabaseOptions db_options = DatabaseOptionsFrom(global);
  auto pending_first = std::make_shared<std::unique_ptr<store::Database>>(std::move(first));
  std::mutex first_mutex;
  http::WorkerPool pool(
      [&]() -> std::unique_ptr<http::Worker> {
        std::unique_ptr<store::Database> db;
        {
          std::lock_guard<std::mutex> lock(first_mutex);
          db = std::move(*pending_first);
        }
        if (!db) db = std::make_unique<store::Database>(db_options);
        return std::make_unique<ToolWorker>(std::move(db), cwd, files);
      },
      threads);

  http::HttpServer server(http, pool);
  http::AddRestApi(server, catalog);
  http::AddWebAssets(server.router());
  const int port = server.Bind();
  http::ListenAddress bound = http.address;
  bound.port = port;
  // The warning first: whoever waits for the "listening on" line has it then.
  if (!any_token) {
    std::cerr << "No token is defined: the server runs open to every process on this machine. "
                 "To require tokens: project-memory token create --name NAME\n";
  }
  std::cerr << "project-memory " << PM_VERSION << " listening on "
            << (http.tls ? "https://" : "http://") << bound.HostPort()
            << " (web view at /, MCP at /mcp, REST API described at /openapi.json; database "
            << store::ResolveDatabasePath(global.db) << ")\n";
  if (!files.paths_allowed) {
    spdlog::info("server-side file paths are refused (no --files-root)");
  }
  std::cerr.flush();
  {
    StopOnSignal stop(server);
    server.Run();
  }
  std::cerr << "project-memory: stopped\n";
  return 0;
}

}  // namespace pm::cli
