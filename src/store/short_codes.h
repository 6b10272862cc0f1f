// Short codes: human-readable ids unique within a workspace, with a kind prefix
// (P12 for plans, T51 for steps, R7 for requirements, FB3 for feedback, PG2 for
// programs, S4 for agent sessions). Usable in git branch names (feature/P12-login)
// and accepted wherever an id is.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "store/database.h"

namespace pm::store {

namespace code_prefix {
inline constexpr const char* kPlan = "P";
inline constexpr const char* kStep = "T";
inline constexpr const char* kRequirement = "R";
inline constexpr const char* kFeedback = "FB";
inline constexpr const char* kProgram = "PG";
inline constexpr const char* kSession = "S";
}  // namespace code_prefix

// Allocates the next code for `prefix` in the workspace ("P1", "P2", ...).
// REQUIRES: a write transaction is open on `db` (so concurrent processes
// serialize on it and never hand out the same code).
std::string AllocateCode(Database& db, int64_t workspace_id, const std::string& prefix);

// "p12" / "P12" with prefix "P" -> "P12"; nullopt when `text` is not
// prefix + digits (case-insensitive prefix).
std::optional<std::string> NormalizeCode(const std::string& text, const std::string& prefix);

}  // namespace pm::store
