// Dispatcher routes JSON-RPC 2.0 messages to bound methods and guarantees that
// every request gets exactly one response and no notification gets any.
//
// It validates the envelope (jsonrpc "2.0", method string, id a string or
// number), looks the method up in its table, and converts exceptions: rpc::Error
// becomes that error, anything else -32603. A gate, when set, may refuse a request
// before its handler runs (the MCP layer uses it for "not initialized").
// Responses sent by the peer are ignored. Not thread-safe.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>

#include "rpc/error.h"

namespace pm::rpc {

class Dispatcher {
 public:
  using RequestHandler = std::function<json(const json& params)>;
  using NotificationHandler = std::function<void(const json& params)>;
  // Returns an error to answer with instead of running the method, or nullopt.
  using Gate = std::function<std::optional<Error>(const std::string& method)>;

  void Bind(const std::string& method, RequestHandler handler);
  void BindNotification(const std::string& method, NotificationHandler handler);
  void SetGate(Gate gate) { gate_ = std::move(gate); }

  // Handles one message (never an array). Returns the response for a request,
  // nullopt for a notification or a peer's response.
  std::optional<json> Handle(const json& message);

 private:
  std::map<std::string, RequestHandler> requests_;
  std::map<std::string, NotificationHandler> notifications_;
  Gate gate_;
};

}  // namespace pm::rpc
