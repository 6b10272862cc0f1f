// The program aggregate as typed rows (seed 004): a Program is a container of
// related plans, owned by one workspace and visible from the workspaces it is
// linked to; ProgramLink is one of those links as a listing shows it.
//
// A Program read for a workspace says whether it is owned elsewhere (`linked`,
// with the owner's code) and how many plans it holds. kProgramColumns and
// ReadProgram go together: the reader takes the columns in that order.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "store/database.h"

namespace pm::store {

struct Program {
  int64_t id = 0;
  int64_t workspace_id = 0;  // the owner
  std::string code;          // PG3, unique in the owner workspace
  std::string title;
  std::optional<std::string> description, goal;
  std::string created_at, updated_at;
  // As seen from the workspace that asked:
  bool linked = false;         // owned by another workspace
  std::string workspace_code;  // the owner's code
  int64_t plan_count = 0;      // plans in the program, from every workspace
};

// Every column of a program as seen from workspace ?1 (aliases: pr for
// programs, w for the owner workspace).
extern const char* const kProgramColumns;
// Reads kProgramColumns from the current row, starting at column `first`.
Program ReadProgram(Statement& row, int first = 0);

// The program as structuredContent shows it: every column, absent values as null.
nlohmann::json ToJson(const Program& program);

// A workspace a program is linked to.
struct ProgramLink {
  int64_t id = 0;  // the workspace's
  std::string code, name;
};

nlohmann::json ToJson(const ProgramLink& link);

}  // namespace pm::store
