#include "http/http_fixture.h"

#include "app/api_tokens.h"
#include "cli/http_worker.h"
#include "cli/startup.h"
#include "http/rest_api.h"
#include "store/migrator.h"

namespace pm::testing {

HttpFixture::HttpFixture(Options options) {
  store::DatabaseOptions db_options;
  db_options.path = db_path();
  {
    store::Database db(db_options);
    store::Migrator(db, store::EmbeddedMigrations()).Migrate();
    cli::SeedCatalog(db, catalog::Catalog::Embedded());
  }
  app::FilePolicy files;
  files.workspace_roots = false;
  files.paths_allowed = !options.files_root.empty();
  if (!options.files_root.empty()) files.roots = {options.files_root};
  const std::string cwd = dir_.path().string();
  pool_ = std::make_unique<http::WorkerPool>(
      [db_options, cwd, files] {
        return std::make_unique<cli::ToolWorker>(std::make_unique<store::Database>(db_options), cwd,
                                                 files);
      },
      options.workers);
  http::HttpOptions http;
  http.address = {"127.0.0.1", 0};
  http.max_body_bytes = options.max_body_bytes;
  http.worker_wait = std::chrono::milliseconds(options.worker_wait_ms);
  http.connections.max_connections = options.max_connections;
  http.connections.stream.max_header_bytes = options.max_header_bytes;
  http.connections.stream.header_timeout = std::chrono::milliseconds(options.header_timeout_ms);
  server_ = std::make_unique<http::HttpServer>(http, *pool_);
  http::AddRestApi(*server_, catalog::Catalog::Embedded());
  port_ = server_->Bind();
  thread_ = std::thread([this] { server_->Run(); });
}

HttpFixture::~HttpFixture() {
  server_->Stop();
  thread_.join();
}

httplib::Client HttpFixture::Client() const {
  httplib::Client client("127.0.0.1", port_);
  client.set_read_timeout(20, 0);
  return client;
}

std::string HttpFixture::CreateToken(const std::string& name, bool read_only) {
  store::DatabaseOptions db_options;
  db_options.path = db_path();
  store::Database db(db_options);
  store::TokenRepository tokens(db);
  return app::CreateApiToken(tokens, name, read_only).token;
}

httplib::Result HttpFixture::Mcp(const nlohmann::json& message, const httplib::Headers& headers) {
  httplib::Headers all = headers;
  all.emplace("Accept", "application/json, text/event-stream");
  return Client().Post("/mcp", all, message.dump(), "application/json");
}

nlohmann::json JsonBody(const httplib::Result& result) {
  if (!result || result->body.empty()) return nullptr;
  return nlohmann::json::parse(result->body);
}

}  // namespace pm::testing
