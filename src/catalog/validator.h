// Checks tools/call arguments against the catalog before any handler runs, so
// handlers receive checked values. Every failure is a message an agent can act on:
// it names the parameter, its JSON path, what was expected and, for near misses,
// what was probably meant.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "catalog/catalog.h"

namespace pm::catalog {

// Limits on any one argument value, nested values included: a longer string or
// a longer array is refused with a message naming the parameter and the limit.
inline constexpr size_t kMaxStringBytes = 1024 * 1024;
inline constexpr size_t kMaxArrayItems = 10'000;

struct ValidatedCall {
  const Action* action = nullptr;
  // The arguments without "action"; defaults filled in; explicit nulls of optional
  // parameters removed; integral floats (5.0) of integer parameters made integers;
  // aliases of enum values replaced by the values they stand for.
  json args;
  // What the caller should be told about its arguments (an alias read as its
  // value), for the result text.
  std::vector<std::string> notes;
};

struct ValidationError {
  std::string message;
};

// REQUIRES: `arguments` is a JSON object.
std::variant<ValidatedCall, ValidationError> ValidateCall(const Tool& tool, const json& arguments);

// "string", "integer", ... for a value, as it would be named in a message.
std::string JsonTypeName(const json& value);

}  // namespace pm::catalog
