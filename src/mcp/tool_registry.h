// ToolRegistry joins the catalog to the handlers that implement its actions.
//
// tools/list is rendered from the catalog; tools/call looks the tool up (unknown
// -> rpc::Error -32602), validates the arguments against the catalog (failure ->
// an isError result naming the parameter) and only then runs the action's
// handler with checked arguments. A handler reports what the caller can fix by
// throwing pm::UserError (-> isError result); a failure the translator (set by
// the tools layer) recognises — a full or locked database — is an isError result
// too; anything else is internal (-32603).
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>

#include "catalog/catalog.h"
#include "catalog/schema.h"
#include "catalog/validator.h"

namespace pm::mcp {

using nlohmann::json;

// What a handler returns: the structured result and a short text rendering.
struct ToolResult {
  json structured = json::object();
  std::string text;
};

// What a handler gets besides its arguments.
struct CallContext {
  std::string protocol_version;
  json progress_token;                                   // from params._meta.progressToken, or null
  std::function<void(const json& notification)> notify;  // may be empty
};

// Sends notifications/progress for a call whose request carried a
// progressToken (otherwise does nothing). Progress only ever increases, as MCP
// requires: a report that does not advance is dropped. `message` is sent to
// clients of protocol 2025-03-26 and later, which define it.
class ProgressNotifier {
 public:
  explicit ProgressNotifier(const CallContext& context) : context_(context) {}
  bool active() const { return !context_.progress_token.is_null() && context_.notify != nullptr; }
  void Report(int64_t progress, int64_t total, const std::string& message);

 private:
  const CallContext& context_;
  int64_t last_ = -1;
};

struct ActionCall {
  const catalog::Tool& tool;
  const catalog::Action& action;
  const json& args;  // validated; defaults applied
  const CallContext& context;
};

using ActionHandler = std::function<ToolResult(const ActionCall& call)>;

// Whether a call with these (validated) arguments reads only and its answer
// depends on nothing but the stored data and the arguments, so the same call on
// unchanged data may be answered with the same result. A call it accepts counts
// as a read for read-only callers too (CallReadsOnly).
using Reusable = std::function<bool(const json& args)>;

// A stamp of the stored data: equal stamps mean unchanged data (see
// store::DataStamp); nullopt when it cannot be told, and then nothing is reused.
using DataStampFn = std::function<std::optional<std::pair<int64_t, int64_t>>()>;

// The message for a failure the caller should see as a tool error (e.g. the
// database is full), or nullopt for a failure that is internal. Must not throw.
using FailureTranslator = std::function<std::optional<std::string>(const std::exception& e)>;

class ToolRegistry {
 public:
  explicit ToolRegistry(const catalog::Catalog& catalog) : catalog_(catalog) {}

  // Binds the handler of `tool`.`action`. Throws std::logic_error when the
  // catalog has no such action or it is bound twice.
  // With `reusable`, a call it accepts is answered from the last result of the
  // same call while the data stamp (SetDataStamp) is unchanged.
  void Bind(const std::string& tool, const std::string& action, ActionHandler handler,
            Reusable reusable = nullptr);

  // How to stamp the data the handlers read. Without it nothing is reused.
  void SetDataStamp(DataStampFn stamp) { stamp_ = std::move(stamp); }

  // Decides which handler exceptions other than UserError become isError results.
  void SetFailureTranslator(FailureTranslator translator) { translator_ = std::move(translator); }

  // The tools/list entries, catalog order. Rendered once per feature set: the
  // catalog does not change. Thread-safe.
  json ListTools(const catalog::ToolListFeatures& features) const;

  // The CallToolResult for a tools/call. Throws rpc::Error for an unknown tool.
  json Call(const std::string& tool, const json& arguments, const CallContext& context) const;

  // Whether a tools/call with these arguments ("action" among them) only
  // reads: its action is read-only in the catalog, or its handler was bound
  // with a Reusable that accepts the validated arguments (get_next_task
  // without a claim). False for an unknown tool or action and for arguments
  // that do not validate against an action that may write. What a read-only
  // HTTP token may call.
  bool CallReadsOnly(const std::string& tool, const json& arguments) const;

  const catalog::Catalog& catalog() const { return catalog_; }
  // (tool, action) pairs with a handler.
  std::set<std::pair<std::string, std::string>> BoundActions() const;

 private:
  const catalog::Catalog& catalog_;
  struct Bound {
    ActionHandler handler;
    Reusable reusable;
  };
  // A result kept for reuse, with the stamp of the data it was computed from.
  struct Kept {
    std::pair<int64_t, int64_t> stamp;
    json result;
  };
  // The result of `call`, from `kept_` when the data is unchanged.
  json Reuse(const std::string& key, const std::function<json()>& compute) const;
  // Runs the handler and turns its result or failure into a CallToolResult.
  json Run(const catalog::Tool& tool, const ActionHandler& handler,
           const catalog::ValidatedCall& call, const CallContext& context) const;

  // By the catalog's action: a call finds its handler without building a key.
  std::map<const catalog::Action*, Bound> handlers_;
  FailureTranslator translator_;
  DataStampFn stamp_;
  mutable std::mutex kept_mutex_;
  mutable std::unordered_map<std::string, Kept> kept_;  // by tool, action and arguments
  mutable std::mutex list_mutex_;
  mutable std::map<int, json> lists_;  // by ToolListFeatures as bits
};

// A CallToolResult carrying an error message for the agent.
json ErrorResult(const std::string& message);

}  // namespace pm::mcp
