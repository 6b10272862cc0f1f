// McpEndpoint serves MCP over Streamable HTTP (protocol 2025-11-25 and the
// earlier versions that define that transport) on one path, /mcp:
//
//   POST    one JSON-RPC message (or, under 2025-03-26 only, a batch). A request
//           is answered 200 application/json with its response; notifications
//           and responses get 202 and no body; a body that is no JSON-RPC at all
//           gets 400 with a JSON-RPC error whose id is null.
//   GET     405: the server opens no stream of its own (it sends nothing
//   DELETE  unprompted) and keeps no session to delete.
//
// Every POST stands alone. It is dispatched by a fresh mcp::Server over the
// worker's registries — the registries and the Server that stdio uses, so
// tools, resources, prompts, validation and errors are the same — which, for
// any message but initialize, adopts the protocol version the client names in
// the MCP-Protocol-Version header (absent: 2025-03-26, as the transport says;
// one this server does not speak: 400). No MCP-Session-Id is issued or needed.
//
// The stateless revision (2026-07-28) fits the same shape: its requests carry
// their protocol version per request (in _meta, mirrored in headers) and
// replace initialize with server/discover. RequestVersion() is the one place
// that decides which version a message speaks; that revision adds its source
// there and its methods to mcp::Server, not a second dispatch path.
//
// A read-only caller's tools/call that may write is refused with 403 before
// it runs: one whose action the catalog does not mark read-only, unless the
// registry counts the call a read (ToolRegistry::CallReadsOnly: get_next_task
// with claim: false), as the REST routes do.
#pragma once

#include <httplib.h>

#include "http/worker.h"
#include "rpc/transport.h"

namespace pm::http {

class McpEndpoint {
 public:
  explicit McpEndpoint(rpc::TransportLimits limits) : limits_(limits) {}

  // Answers a POST. REQUIRES: the caller is authenticated and its Origin checked.
  void Post(const httplib::Request& req, httplib::Response& res, Worker& worker,
            const Caller& caller) const;

  // Answers GET and DELETE: 405 with Allow: POST.
  static void MethodNotAllowed(httplib::Response& res);

  // The MCP-Protocol-Version a request other than initialize speaks: the
  // header's, else 2025-03-26. Empty when the header names a version this
  // server does not speak.
  static std::string RequestVersion(const httplib::Request& req);

 private:
  rpc::TransportLimits limits_;
};

}  // namespace pm::http
