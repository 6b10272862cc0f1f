#include "fuzz/fuzz_session.h"

#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "catalog/catalog.h"
#include "fuzz/resettable_database.h"
#include "mcp/prompt_registry.h"
#include "mcp/resource_registry.h"
#include "mcp/server.h"
#include "mcp/tool_registry.h"
#include "rpc/transport.h"
#include "tools/all_tools.h"
#include "tools/prompts.h"
#include "tools/resources.h"

namespace pm::fuzz {

namespace {

using nlohmann::json;

// What every session shares: the database and the registries bound to it.
// Sessions leave no other state behind; the database is reset after each.
struct World {
  ResettableDatabase data;
  tools::ToolEnv env{data.db(), "/nonexistent-fuzz-cwd", {"fuzz", ""}, /*file_writes=*/false};
  mcp::ToolRegistry registry{catalog::Catalog::Embedded()};
  mcp::ResourceRegistry resources;
  mcp::PromptRegistry prompts;

  World() {
    tools::BindAllTools(registry, env);
    tools::BindResources(resources, env);
    tools::BindPrompts(prompts, env);
  }
};

World& TheWorld() {
  static World world;
  return world;
}

// Reads one output line as JSON without building it (a tools/list answer is
// tens of kilobytes) and checks that it is a JSON-RPC 2.0 message: an object
// whose "jsonrpc" is "2.0", or an array of such objects (a batch answer).
class MessageCheck : public nlohmann::json_sax<json> {
 public:
  bool ok() const { return messages_ > 0 && bad_ == 0; }

  bool start_object(std::size_t) override {
    ++depth_;
    if (AtMessage()) version_ok_ = false;
    return true;
  }
  bool end_object() override {
    if (AtMessage()) {
      ++messages_;
      if (!version_ok_) ++bad_;
    }
    --depth_;
    return true;
  }
  bool start_array(std::size_t) override {
    if (++depth_ == 1) {
      top_array_ = true;
    } else if (top_array_ && depth_ == 2) {
      ++bad_;  // an array inside a batch answer
    }
    return true;
  }
  bool end_array() override {
    --depth_;
    return true;
  }
  bool key(string_t& key) override {
    version_key_ = AtMessage() && key == "jsonrpc";
    return true;
  }
  bool string(string_t& value) override {
    if (version_key_) version_ok_ = value == "2.0";
    return Scalar();
  }
  bool null() override { return Scalar(); }
  bool boolean(bool) override { return Scalar(); }
  bool number_integer(number_integer_t) override { return Scalar(); }
  bool number_unsigned(number_unsigned_t) override { return Scalar(); }
  bool number_float(number_float_t, const string_t&) override { return Scalar(); }
  bool binary(binary_t&) override { return Scalar(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

 private:
  // The depth at which a message's own keys are: 1, or 2 inside a batch.
  bool AtMessage() const { return depth_ == (top_array_ ? 2 : 1); }
  bool Scalar() {
    if (depth_ == 0 || (top_array_ && depth_ == 1)) ++bad_;  // a scalar where a message belongs
    version_key_ = false;
    return true;
  }

  int depth_ = 0;
  bool top_array_ = false;
  bool version_key_ = false;
  bool version_ok_ = false;
  int messages_ = 0;
  int bad_ = 0;
};

}  // namespace

std::string OutputProblem(const std::string& output) {
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);) {
    MessageCheck check;
    if (!json::sax_parse(line, &check)) return "output line is not JSON: " + line.substr(0, 200);
    if (!check.ok()) return "output line is not a JSON-RPC 2.0 message: " + line.substr(0, 200);
  }
  return {};
}

SessionOutcome RunSession(std::string_view input) {
  World& world = TheWorld();
  SessionOutcome outcome;
  rpc::StringByteSource source(std::string(input), 512);
  rpc::StringLineSink sink;
  rpc::TransportLimits limits;
  limits.max_line_bytes = 64 * 1024;  // small, so the fuzzer reaches the cap
  rpc::Transport transport(source, sink, limits);
  mcp::Server server(world.registry, {PM_VERSION, 3, 2},  // small pages reach the cursors
                     [&transport](const json& m) { transport.Send(m); },
                     {&world.resources, &world.prompts});
  try {
    transport.Run(server);
  } catch (const std::exception& e) {
    outcome.problem = std::string("exception escaped the transport: ") + e.what();
  }
  outcome.output = sink.str();
  if (outcome.problem.empty()) outcome.problem = OutputProblem(outcome.output);
  if (outcome.problem.empty()) {
    std::string integrity = world.data.CheckIntegrity();
    if (integrity != "ok") outcome.problem = "integrity_check: " + integrity;
  }
  world.data.Reset();
  return outcome;
}

}  // namespace pm::fuzz
