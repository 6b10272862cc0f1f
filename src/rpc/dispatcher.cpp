#include "rpc/dispatcher.h"

#include <spdlog/spdlog.h>

#include "common/text.h"

namespace pm::rpc {

void Dispatcher::Bind(const std::string& method, RequestHandler handler) {
  requests_[method] = std::move(handler);
}

void Dispatcher::BindNotification(const std::string& method, NotificationHandler handler) {
  notifications_[method] = std::move(handler);
}

namespace {

bool IsValidId(const json& id) { return id.is_string() || id.is_number(); }

}  // namespace

std::optional<json> Dispatcher::Handle(const json& message) {
  if (!message.is_object()) {
    return MakeErrorResponse(nullptr, kInvalidRequest,
                             "Invalid Request: a JSON-RPC message must be an object");
  }
  const bool has_id = message.contains("id");
  const json id = has_id && IsValidId(message["id"]) ? message["id"] : json(nullptr);
  auto version = message.find("jsonrpc");
  if (version == message.end() || *version != "2.0") {
    return MakeErrorResponse(id, kInvalidRequest,
                             "Invalid Request: \"jsonrpc\" must be the string \"2.0\"");
  }
  auto method_it = message.find("method");
  if (method_it == message.end()) {
    if (has_id && (message.contains("result") || message.contains("error"))) {
      spdlog::debug("ignoring a response from the client (id {})", message["id"].dump());
      return std::nullopt;
    }
    return MakeErrorResponse(id, kInvalidRequest, "Invalid Request: \"method\" is missing");
  }
  if (!method_it->is_string()) {
    return MakeErrorResponse(id, kInvalidRequest, "Invalid Request: \"method\" must be a string");
  }
  if (has_id && !IsValidId(message["id"])) {
    return MakeErrorResponse(nullptr, kInvalidRequest,
                             "Invalid Request: \"id\" must be a string or a number");
  }
  const std::string& method = method_it->get_ref<const std::string&>();
  static const json kNoParams;
  auto params_it = message.find("params");
  const json& params = params_it == message.end() ? kNoParams : *params_it;
  if (!params.is_null() && !params.is_object() && !params.is_array()) {
    if (!has_id) return std::nullopt;
    return MakeErrorResponse(id, kInvalidRequest,
                             "Invalid Request: \"params\" must be an object or an array");
  }

  if (!has_id) {
    auto it = notifications_.find(method);
    if (it == notifications_.end()) {
      spdlog::debug("ignoring unknown notification {}", method);
      return std::nullopt;
    }
    try {
      it->second(params);
    } catch (const std::exception& e) {
      spdlog::warn("notification {} failed: {}", method, e.what());
    }
    return std::nullopt;
  }

  auto it = requests_.find(method);
  if (it == requests_.end()) {
    return MakeErrorResponse(id, kMethodNotFound, "Method not found: " + Abbreviate(method));
  }
  if (gate_) {
    if (auto refusal = gate_(method)) {
      return MakeErrorResponse(id, refusal->code(), refusal->what(), refusal->data());
    }
  }
  try {
    return MakeResultResponse(id, it->second(params));
  } catch (const Error& e) {
    return MakeErrorResponse(id, e.code(), e.what(), e.data());
  } catch (const std::exception& e) {
    spdlog::error("{} failed: {}", method, e.what());
    return MakeErrorResponse(id, kInternalError, std::string("Internal error: ") + e.what());
  }
}

}  // namespace pm::rpc
