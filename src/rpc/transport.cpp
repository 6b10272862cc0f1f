#include "rpc/transport.h"

#include <spdlog/spdlog.h>

#include "rpc/json_nesting.h"
#include "rpc/line_reader.h"
#include "rpc/utf8.h"

namespace pm::rpc {

bool Transport::Send(const json& message) { return Write(message) && Flush(); }

bool Transport::Write(const json& message) {
  if (peer_gone_) return false;
  // Strings are validated on the way in; replace keeps a stray invalid byte from
  // ever turning a response into an exception.
  if (!sink_.WriteLine(message.dump(-1, ' ', false, json::error_handler_t::replace))) {
    PeerGone();
  }
  return !peer_gone_;
}

bool Transport::Flush() {
  if (!peer_gone_ && !sink_.Flush()) PeerGone();
  return !peer_gone_;
}

void Transport::PeerGone() {
  peer_gone_ = true;
  spdlog::info("output closed; stopping");
}

std::optional<json> HandleText(const std::string& text, MessageHandler& handler,
                               const TransportLimits& limits) {
  if (size_t bad = FindInvalidUtf8(text); bad != std::string::npos) {
    return MakeErrorResponse(
        nullptr, kParseError,
        "Parse error: input is not valid UTF-8 (byte " + std::to_string(bad) + ")");
  }
  if (JsonNestingDepth(text, limits.max_nesting_depth) > limits.max_nesting_depth) {
    return MakeErrorResponse(nullptr, kInvalidRequest,
                             "Invalid Request: JSON nested deeper than " +
                                 std::to_string(limits.max_nesting_depth) + " levels");
  }
  json message;
  try {
    message = json::parse(text);
  } catch (const json::exception& e) {
    // parse_error, and out_of_range for a number beyond double (1e309): either
    // way the line is no JSON we can read, and the loop goes on.
    return MakeErrorResponse(nullptr, kParseError, std::string("Parse error: ") + e.what());
  }
  if (!message.is_array()) return handler.HandleMessage(message);

  if (!handler.AcceptsBatches()) {
    return MakeErrorResponse(nullptr, kInvalidRequest,
                             "Invalid Request: JSON-RPC batches are not supported by the "
                             "negotiated protocol version; send one message per line");
  }
  if (message.empty()) {
    return MakeErrorResponse(nullptr, kInvalidRequest, "Invalid Request: empty batch");
  }
  json responses = json::array();
  for (const auto& element : message) {
    if (element.is_array()) {
      responses.push_back(
          MakeErrorResponse(nullptr, kInvalidRequest, "Invalid Request: nested batch"));
    } else if (auto response = handler.HandleMessage(element)) {
      responses.push_back(std::move(*response));
    }
  }
  if (responses.empty()) return std::nullopt;
  return responses;
}

void Transport::Run(MessageHandler& handler) {
  LineReader reader(source_, limits_.max_line_bytes);
  std::string line;
  for (;;) {
    // Answers wait in the sink while more requests are already here (a client
    // pipelining them), and leave together before the next wait for input.
    if (!reader.HasLine() && !Flush()) break;
    if (source_.StopRequested()) break;
    LineReader::Status status = reader.Next(&line);
    if (status == LineReader::Status::kEnd) break;
    std::optional<json> response;
    if (status == LineReader::Status::kTooLong) {
      spdlog::warn("refused a message longer than {} bytes", limits_.max_line_bytes);
      response = MakeErrorResponse(nullptr, kInvalidRequest,
                                   "Invalid Request: message exceeds the limit of " +
                                       std::to_string(limits_.max_line_bytes) + " bytes");
    } else {
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      response = HandleText(line, handler, limits_);
    }
    if (response && !Write(*response)) break;
  }
  Flush();
}

}  // namespace pm::rpc
