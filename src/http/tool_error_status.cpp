#include "http/tool_error_status.h"

#include <regex>

namespace pm::http {

ToolErrorKind ClassifyToolError(const std::string& message) {
  // Storage failures (store/storage_error.cpp words them).
  if (message.rfind("database is full", 0) == 0) return {507, "full"};
  if (message.rfind("database is locked", 0) == 0 ||
      message.rfind("database file is read-only", 0) == 0) {
    return {503, "unavailable"};
  }
  // Catalog validation: "memory_plan.get: ..." is always the caller's arguments.
  static const std::regex kValidation(R"(^[a-z_]+\.[a-z_]+: )");
  if (std::regex_search(message, kValidation)) return {400, "invalid"};
  // Something named that is not there ("no plan P9 in workspace shop", "track 4 no
  // longer exists"); "no workspace given" is an argument left out.
  if (message.rfind("no workspace given", 0) == 0) return {400, "invalid"};
  static const std::regex kNotFound(R"((^no [a-z])|( no longer exists))");
  if (std::regex_search(message, kNotFound)) return {404, "not_found"};
  // A state that forbids the change: transitions, claims, duplicates, content in the way.
  static const std::regex kConflict(
      R"(cannot go from | is held by | was claimed by someone else| is already in progress| only pending steps can be claimed| already exists| already belongs to | already registered | already lives in | still holds | was completed at )");
  if (std::regex_search(message, kConflict)) return {409, "conflict"};
  return {400, "invalid"};
}

}  // namespace pm::http
