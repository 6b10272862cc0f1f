// JSON-RPC 2.0 error codes and the exception that carries one. A method handler
// throws rpc::Error to answer its request with that error; the dispatcher turns
// any other exception into kInternalError.
#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace pm::rpc {

using nlohmann::json;

enum ErrorCode : int {
  kParseError = -32700,
  kInvalidRequest = -32600,
  kMethodNotFound = -32601,
  kInvalidParams = -32602,
  kInternalError = -32603,
};

class Error : public std::runtime_error {
 public:
  Error(int code, const std::string& message, json data = nullptr)
      : std::runtime_error(message), code_(code), data_(std::move(data)) {}
  int code() const { return code_; }
  const json& data() const { return data_; }

 private:
  int code_;
  json data_;
};

// {"jsonrpc":"2.0","id":id,"error":{"code":..,"message":..[,"data":..]}}
json MakeErrorResponse(const json& id, int code, const std::string& message,
                       const json& data = nullptr);
// {"jsonrpc":"2.0","id":id,"result":result}
json MakeResultResponse(const json& id, json result);
// {"jsonrpc":"2.0","method":method,"params":params}
json MakeNotification(const std::string& method, json params);

}  // namespace pm::rpc
