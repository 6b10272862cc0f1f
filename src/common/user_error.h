// UserError is the one exception type for failures the caller can act on:
// a missing workspace, a refused delete, a bad argument. The MCP layer turns it
// into a tool result with isError=true; every other exception is internal.
#pragma once

#include <stdexcept>
#include <string>

namespace pm {

class UserError : public std::runtime_error {
 public:
  explicit UserError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace pm
