// Queries that read typed rows: run a SELECT of a row type's columns and read
// each result with that type's reader (ReadPhase, ReadTrack, ...: a function of
// (Statement&, int first) declared next to the type). One place for the
// prepare-bind-step loop every repository of typed rows needs.
//
// Failures throw DbError like every query.
#pragma once

#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "store/database.h"

namespace pm::store {

// Every row of `sql`, with `params` bound from the first placeholder on.
template <typename Read>
auto ReadAll(Database& db, const std::string& sql, const std::vector<SqlValue>& params, Read read) {
  auto q = db.Prepare(sql);
  q.BindValues(params);
  std::vector<std::invoke_result_t<Read, Statement&, int>> rows;
  while (q.Step()) rows.push_back(read(q, 0));
  return rows;
}

// The first row of `sql`, if any.
template <typename Read>
auto ReadFirst(Database& db, const std::string& sql, const std::vector<SqlValue>& params, Read read)
    -> std::optional<std::invoke_result_t<Read, Statement&, int>> {
  auto q = db.Prepare(sql);
  q.BindValues(params);
  if (!q.Step()) return std::nullopt;
  return read(q, 0);
}

}  // namespace pm::store
