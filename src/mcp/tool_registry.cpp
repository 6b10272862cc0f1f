#include "mcp/tool_registry.h"

#include <spdlog/spdlog.h>

#include <stdexcept>

#include "catalog/validator.h"
#include "common/text.h"
#include "common/user_error.h"
#include "rpc/error.h"

namespace pm::mcp {

json ErrorResult(const std::string& message) {
  return {{"content", json::array({{{"type", "text"}, {"text", message}}})}, {"isError", true}};
}

void ProgressNotifier::Report(int64_t progress, int64_t total, const std::string& message) {
  if (!active() || progress <= last_) return;
  last_ = progress;
  json params = {{"progressToken", context_.progress_token}, {"progress", progress}};
  if (total > 0) params["total"] = total;
  // Versions are dates, so they compare as strings.
  if (context_.protocol_version >= "2025-03-26" && !message.empty()) params["message"] = message;
  context_.notify(rpc::MakeNotification("notifications/progress", std::move(params)));
}

void ToolRegistry::Bind(const std::string& tool, const std::string& action, ActionHandler handler,
                        Reusable reusable) {
  const catalog::Tool* t = catalog_.FindTool(tool);
  const catalog::Action* a = t ? t->FindAction(action) : nullptr;
  if (!a) {
    throw std::logic_error("handler for " + tool + "." + action + " has no catalog entry");
  }
  if (!handlers_.emplace(a, Bound{std::move(handler), std::move(reusable)}).second) {
    throw std::logic_error("handler for " + tool + "." + action + " bound twice");
  }
}

json ToolRegistry::ListTools(const catalog::ToolListFeatures& features) const {
  const int key =
      (features.title ? 1 : 0) | (features.output_schema ? 2 : 0) | (features.annotations ? 4 : 0);
  std::lock_guard<std::mutex> lock(list_mutex_);
  auto cached = lists_.find(key);
  if (cached == lists_.end()) {
    json tools = json::array();
    for (const auto& tool : catalog_.tools()) {
      tools.push_back(catalog::ToolListEntry(tool, features));
    }
    cached = lists_.emplace(key, std::move(tools)).first;
  }
  return cached->second;
}

std::set<std::pair<std::string, std::string>> ToolRegistry::BoundActions() const {
  std::set<std::pair<std::string, std::string>> bound;
  for (const auto& tool : catalog_.tools()) {
    for (const auto& action : tool.actions) {
      if (handlers_.count(&action)) bound.emplace(tool.name, action.name);
    }
  }
  return bound;
}

json ToolRegistry::Call(const std::string& tool_name, const json& arguments,
                        const CallContext& context) const {
  const catalog::Tool* tool = catalog_.FindTool(tool_name);
  if (!tool) {
    std::string names;
    for (const auto& t : catalog_.tools()) names += (names.empty() ? "" : ", ") + t.name;
    throw rpc::Error(rpc::kInvalidParams,
                     "Unknown tool: " + Abbreviate(tool_name) + " (tools: " + names + ")");
  }
  auto checked = catalog::ValidateCall(*tool, arguments);
  if (auto* error = std::get_if<catalog::ValidationError>(&checked)) {
    return ErrorResult(error->message);
  }
  const auto& call = std::get<catalog::ValidatedCall>(checked);
  auto handler = handlers_.find(call.action);
  if (handler == handlers_.end()) {
    throw std::logic_error(tool->name + "." + call.action->name + " has no handler");
  }
  const Bound& bound = handler->second;
  auto run = [&]() -> json { return Run(*tool, bound.handler, call, context); };
  if (bound.reusable && stamp_ && bound.reusable(call.args)) {
    return Reuse(tool->name + '.' + call.action->name + call.args.dump(), run);
  }
  return run();
}

bool ToolRegistry::CallReadsOnly(const std::string& tool_name, const json& arguments) const {
  const catalog::Tool* tool = catalog_.FindTool(tool_name);
  if (!tool) return false;
  const catalog::Action* action = tool->ActionFor(arguments);
  if (!action) return false;
  if (action->read_only) return true;
  auto bound = handlers_.find(action);
  if (bound == handlers_.end() || !bound->second.reusable) return false;
  auto checked = catalog::ValidateCall(*tool, arguments);
  const auto* call = std::get_if<catalog::ValidatedCall>(&checked);
  return call && call->action == action && bound->second.reusable(call->args);
}

json ToolRegistry::Reuse(const std::string& key, const std::function<json()>& compute) const {
  // Stamped before computing: a change committed meanwhile makes the next
  // stamp differ, so a result is never kept under a stamp newer than its data.
  const auto stamp = stamp_();
  if (!stamp) return compute();
  {
    std::lock_guard<std::mutex> lock(kept_mutex_);
    auto kept = kept_.find(key);
    if (kept != kept_.end() && kept->second.stamp == *stamp) return kept->second.result;
  }
  json result = compute();
  if (result.value("isError", false)) return result;
  // A handful of distinct calls repeat; anything more is not worth keeping.
  constexpr size_t kMaxKept = 64;
  std::lock_guard<std::mutex> lock(kept_mutex_);
  if (kept_.size() >= kMaxKept) kept_.clear();
  kept_.insert_or_assign(key, Kept{*stamp, result});
  return result;
}

json ToolRegistry::Run(const catalog::Tool& tool, const ActionHandler& handler,
                       const catalog::ValidatedCall& call, const CallContext& context) const {
  try {
    ToolResult result = handler(ActionCall{tool, *call.action, call.args, context});
    for (const auto& note : call.notes) result.text += "\nNote: " + note;
    return {{"content", json::array({{{"type", "text"}, {"text", std::move(result.text)}}})},
            {"structuredContent", std::move(result.structured)},
            {"isError", false}};
  } catch (const UserError& e) {
    return ErrorResult(e.what());
  } catch (const rpc::Error&) {
    throw;
  } catch (const std::exception& e) {
    if (translator_) {
      if (auto message = translator_(e)) {
        spdlog::warn("{}.{} failed: {}", tool.name, call.action->name, *message);
        return ErrorResult(*message);
      }
    }
    throw;
  }
}

}  // namespace pm::mcp
