// Transport runs newline-delimited JSON-RPC 2.0 over a ByteSource and a LineSink.
//
// It owns framing and everything that can go wrong before a message reaches its
// handler: oversized lines (refused without being buffered whole), invalid UTF-8
// and unparsable JSON (-32700 with id null), nesting beyond the limit and batches
// the handler does not accept (-32600). Then it hands each message to the
// MessageHandler and writes what it returns. It is the only writer of the sink.
// Answers to requests that arrived together leave together. Run returns at end
// of input, when the source stops or asks to stop, or when the peer is gone.
#pragma once

#include <optional>

#include "rpc/byte_source.h"
#include "rpc/error.h"
#include "rpc/line_sink.h"

namespace pm::rpc {

class MessageHandler {
 public:
  virtual ~MessageHandler() = default;
  // The response to a single message, or nullopt (notifications, responses).
  virtual std::optional<json> HandleMessage(const json& message) = 0;
  // Whether a JSON array of messages (a batch) is acceptable right now.
  virtual bool AcceptsBatches() const = 0;
};

struct TransportLimits {
  size_t max_line_bytes = 4 * 1024 * 1024;
  size_t max_nesting_depth = 64;
};

// Handles one complete JSON-RPC text — a line on stdio, a request body over
// HTTP — with the checks described above (UTF-8, nesting, parse, batches) and
// returns what to answer, or nullopt when nothing is to be answered.
std::optional<json> HandleText(const std::string& text, MessageHandler& handler,
                               const TransportLimits& limits);

class Transport {
 public:
  Transport(ByteSource& source, LineSink& sink, TransportLimits limits = {})
      : source_(source), sink_(sink), limits_(limits) {}

  // Reads and answers messages until the input ends.
  void Run(MessageHandler& handler);

  // Writes one message (a response or a server notification) now, after any
  // answers still queued. Returns false when the peer is gone.
  bool Send(const json& message);

 private:
  bool Write(const json& message);  // queues it in the sink
  bool Flush();
  void PeerGone();

  ByteSource& source_;
  LineSink& sink_;
  TransportLimits limits_;
  bool peer_gone_ = false;
};

}  // namespace pm::rpc
