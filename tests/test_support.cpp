#include "test_support.h"

#include <unistd.h>

#include <cstdlib>
#include <random>
#include <sstream>

#include "cli/startup.h"
#include "rpc/transport.h"
#include "store/migrator.h"
#include "store/pg/connection.h"
#include "tools/all_tools.h"
#include "tools/prompts.h"
#include "tools/resources.h"

namespace pm::testing {

namespace fs = std::filesystem;

TempDir::TempDir() {
  std::random_device rd;
  path_ = fs::temp_directory_path() / ("pm-test-" + std::to_string(rd()) + std::to_string(rd()));
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::vector<store::Migration> MigrationsUpTo(int version) {
  std::vector<store::Migration> out;
  for (const auto& m : store::EmbeddedMigrations()) {
    if (m.version <= version) out.push_back(m);
  }
  return out;
}

std::string QueryPlan(store::Database& db, const std::string& sql) {
  std::string text;
  if (OnPostgres(db)) {
    std::string query = sql;
    for (size_t at; (at = query.find('?')) != std::string::npos;) query.replace(at, 1, "'0'");
    db.ExecScript("SET enable_seqscan = off");
    auto plan = db.Prepare("EXPLAIN " + query);
    while (plan.Step()) text += plan.Text(0) + "\n";
    db.ExecScript("RESET enable_seqscan");
    return text;
  }
  auto plan = db.Prepare("EXPLAIN QUERY PLAN " + sql);
  while (plan.Step()) text += plan.Text(3) + "\n";
  return text;
}

std::string RowsText(store::Database& db, const std::string& sql) {
  auto rows = db.Prepare(sql);
  std::string text;
  while (rows.Step()) {
    for (int c = 0; c < rows.ColumnCount(); ++c) {
      text += (c ? "|" : "") + (rows.IsNull(c) ? std::string("NULL") : rows.Text(c));
    }
    text += "\n";
  }
  return text;
}

bool TestsRunOnPostgres() {
  const char* url = std::getenv("PM_TEST_DB_URL");
  return url && *url;
}

namespace {

// PM_TEST_DB_URL (a postgresql:// URL of a server's maintenance database):
// MigratedMemoryDatabase opens PostgreSQL instead of SQLite. A database
// migrated and seeded once per process is the template of a fresh database per
// call; all are dropped when the process ends.
class PgTestDatabases {
 public:
  static PgTestDatabases* Get() {
    if (!TestsRunOnPostgres()) return nullptr;
    static PgTestDatabases databases(std::getenv("PM_TEST_DB_URL"));
    return &databases;
  }

  std::unique_ptr<store::Database> Fresh() { return Open(FreshName()); }

  // A fresh database's URL.
  std::string FreshUrl() { return UrlOf(FreshName()); }

  ~PgTestDatabases() {
    created_.push_back(template_);
    for (const auto& name : created_) {
      try {
        admin_->ExecuteScript("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      } catch (...) {
      }
    }
  }

 private:
  explicit PgTestDatabases(std::string url)
      : url_(std::move(url)), prefix_("pm_unit_" + std::to_string(::getpid()) + "_") {
    store::pg::ConnectionOptions options;
    options.conninfo = url_;
    admin_ = std::make_unique<store::pg::Connection>(options);
    template_ = prefix_ + "template";
    admin_->ExecuteScript("DROP DATABASE IF EXISTS " + template_ + " WITH (FORCE)");
    admin_->ExecuteScript("CREATE DATABASE " + template_);
    auto db = Open(template_);
    store::Migrator(*db, store::EmbeddedMigrations()).Migrate();
    cli::SeedCatalog(*db, catalog::Catalog::Embedded());
  }

  // A fresh copy of the template: its name.
  std::string FreshName() {
    std::string name = prefix_ + std::to_string(next_++);
    admin_->ExecuteScript("CREATE DATABASE " + name + " TEMPLATE " + template_);
    created_.push_back(name);
    return name;
  }

  // The test URL naming database `name` instead of its own.
  std::string UrlOf(const std::string& name) const {
    return url_ + (url_.find('?') == std::string::npos ? "?" : "&") + "dbname=" + name;
  }

  std::unique_ptr<store::Database> Open(const std::string& name) {
    store::DatabaseOptions options;
    options.path = UrlOf(name);
    return std::make_unique<store::Database>(options);
  }

  std::string url_, prefix_, template_;
  std::unique_ptr<store::pg::Connection> admin_;
  std::vector<std::string> created_;
  int next_ = 0;
};

}  // namespace

std::unique_ptr<store::Database> MigratedMemoryDatabase() {
  if (auto* postgres = PgTestDatabases::Get()) return postgres->Fresh();
  auto db = std::make_unique<store::Database>(store::DatabaseOptions{});
  store::Migrator(*db, store::EmbeddedMigrations()).Migrate();
  cli::SeedCatalog(*db, catalog::Catalog::Embedded());
  return db;
}

SharedDatabase::SharedDatabase() {
  if (auto* postgres = PgTestDatabases::Get()) {
    path_ = postgres->FreshUrl();
    return;
  }
  dir_ = std::make_unique<TempDir>();
  path_ = dir_->File("shared.db");
  auto db = Connect();
  store::Migrator(*db, store::EmbeddedMigrations()).Migrate();
  cli::SeedCatalog(*db, catalog::Catalog::Embedded());
}

std::unique_ptr<store::Database> SharedDatabase::Connect(int busy_timeout_ms) const {
  store::DatabaseOptions options;
  options.path = path_;
  options.busy_timeout_ms = busy_timeout_ms;
  return std::make_unique<store::Database>(options);
}

McpHarness::McpHarness(std::string cwd)
    : db_(MigratedMemoryDatabase()),
      env_{*db_, std::move(cwd), {"test", ""}},
      registry_(catalog::Catalog::Embedded()) {
  tools::BindAllTools(registry_, env_);
  tools::BindResources(resources_, env_);
  tools::BindPrompts(prompts_, env_);
}

std::vector<json> McpHarness::Exchange(const std::string& input, size_t max_line_bytes) {
  rpc::StringByteSource source(input, 7);  // small chunks exercise line splitting
  rpc::StringLineSink sink;
  rpc::TransportLimits limits;
  limits.max_line_bytes = max_line_bytes;
  rpc::Transport transport(source, sink, limits);
  mcp::Server server(registry_, options_, [&](const json& m) { transport.Send(m); },
                     {&resources_, &prompts_});
  transport.Run(server);
  std::vector<json> out;
  std::istringstream lines(sink.str());
  for (std::string line; std::getline(lines, line);) out.push_back(json::parse(line));
  return out;
}

std::string InitializeLine(const std::string& version, int id) {
  return RequestLine(id, "initialize",
                     {{"protocolVersion", version},
                      {"capabilities", json::object()},
                      {"clientInfo", {{"name", "unit-test"}, {"version", "1"}}}});
}

std::string RequestLine(int id, const std::string& method, const json& params) {
  json m = {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}};
  if (!params.is_null()) m["params"] = params;
  return m.dump() + "\n";
}

json McpHarness::Request(const std::string& method, const json& params,
                         const std::string& version) {
  auto out = Exchange(InitializeLine(version, 0) + RequestLine(1, method, params), 1 << 20);
  INFO(json(out).dump().substr(0, 2000));
  REQUIRE(out.size() == 2);
  REQUIRE(out[1]["id"] == 1);
  return out[1];
}

json McpHarness::CallTool(const std::string& tool, const json& arguments) {
  json response = Request("tools/call", {{"name", tool}, {"arguments", arguments}});
  REQUIRE(response.contains("result"));
  return response["result"];
}

std::string ResultText(const json& call_result) {
  return call_result["content"][0]["text"].get<std::string>();
}

}  // namespace pm::testing
