#include "fuzz/fuzz_session.h"

#include <sqlite3.h>

#include <cstring>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "catalog/catalog.h"
#include "cli/startup.h"
#include "mcp/prompt_registry.h"
#include "mcp/resource_registry.h"
#include "mcp/server.h"
#include "mcp/tool_registry.h"
#include "rpc/transport.h"
#include "store/database.h"
#include "store/migrator.h"
#include "tools/all_tools.h"
#include "tools/prompts.h"
#include "tools/resources.h"

namespace pm::fuzz {

namespace {

using nlohmann::json;

// The migrated, seeded schema as a serialized database image, made once:
// migrating per input would cost more than the input itself.
const std::string& TemplateImage() {
  static const std::string image = [] {
    store::Database db(store::DatabaseOptions{});
    store::Migrator(db, store::EmbeddedMigrations()).Migrate();
    cli::SeedCatalog(db, catalog::Catalog::Embedded());
    sqlite3_int64 size = 0;
    unsigned char* bytes = sqlite3_serialize(db.sqlite_handle(), "main", &size, 0);
    if (!bytes) throw std::runtime_error("cannot serialize the template database");
    std::string copy(reinterpret_cast<const char*>(bytes), static_cast<size_t>(size));
    sqlite3_free(bytes);
    return copy;
  }();
  return image;
}

// Replaces the (empty) main database of `db` with a private copy of the image.
void LoadTemplate(store::Database& db) {
  const std::string& image = TemplateImage();
  auto* copy = static_cast<unsigned char*>(sqlite3_malloc64(image.size()));
  if (!copy) throw std::bad_alloc();
  std::memcpy(copy, image.data(), image.size());
  int rc = sqlite3_deserialize(db.sqlite_handle(), "main", copy,
                               static_cast<sqlite3_int64>(image.size()),
                               static_cast<sqlite3_int64>(image.size()),
                               SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE);
  if (rc != SQLITE_OK) throw std::runtime_error("cannot load the template database");
}

std::string CheckOutput(const std::string& output) {
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);) {
    json message = json::parse(line, nullptr, false);
    if (message.is_discarded()) return "output line is not JSON: " + line.substr(0, 200);
    const json& first = message.is_array() && !message.empty() ? message[0] : message;
    if (!first.is_object() || first.value("jsonrpc", "") != "2.0") {
      return "output line is not a JSON-RPC 2.0 message: " + line.substr(0, 200);
    }
  }
  return {};
}

}  // namespace

SessionOutcome RunSession(std::string_view input) {
  SessionOutcome outcome;
  store::Database db(store::DatabaseOptions{});
  LoadTemplate(db);
  tools::ToolEnv env{db, "/nonexistent-fuzz-cwd", {"fuzz", ""}, /*file_writes=*/false};
  mcp::ToolRegistry registry(catalog::Catalog::Embedded());
  tools::BindAllTools(registry, env);
  mcp::ResourceRegistry resources;
  tools::BindResources(resources, env);
  mcp::PromptRegistry prompts;
  tools::BindPrompts(prompts, env);

  rpc::StringByteSource source(std::string(input), 512);
  rpc::StringLineSink sink;
  rpc::TransportLimits limits;
  limits.max_line_bytes = 64 * 1024;  // small, so the fuzzer reaches the cap
  rpc::Transport transport(source, sink, limits);
  mcp::Server server(registry, {PM_VERSION, 3, 2},  // small pages reach the cursors
                     [&transport](const json& m) { transport.Send(m); }, {&resources, &prompts});
  try {
    transport.Run(server);
  } catch (const std::exception& e) {
    outcome.problem = std::string("exception escaped the transport: ") + e.what();
  }
  outcome.output = sink.str();
  if (outcome.problem.empty()) outcome.problem = CheckOutput(outcome.output);
  if (outcome.problem.empty()) {
    std::string integrity = db.Pragma("integrity_check");
    if (integrity != "ok") outcome.problem = "integrity_check: " + integrity;
  }
  return outcome;
}

}  // namespace pm::fuzz
