// Tolerant reads of tool results for rendering: a missing or mistyped field
// renders as empty instead of throwing (or asserting, as nlohmann's const
// operator[] does for a missing key).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace pm::cli {

// object[key], or null when `object` is not an object or has no such key.
inline const nlohmann::json& Member(const nlohmann::json& object, const char* key) {
  static const nlohmann::json kNull;
  if (!object.is_object()) return kNull;
  auto it = object.find(key);
  return it == object.end() ? kNull : *it;
}

// The string at `key`, or "" when absent or not a string.
inline std::string Str(const nlohmann::json& object, const char* key) {
  const nlohmann::json& value = Member(object, key);
  return value.is_string() ? value.get<std::string>() : std::string();
}

// The value at `key` as text: strings as they are, numbers and the rest as
// JSON, null or absent as "".
inline std::string Field(const nlohmann::json& object, const char* key) {
  const nlohmann::json& value = Member(object, key);
  if (value.is_null()) return {};
  return value.is_string() ? value.get<std::string>() : value.dump();
}

}  // namespace pm::cli
