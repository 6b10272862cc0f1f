// The dependency aggregate as typed rows: Dependency is one stored edge of the
// scheduling DAG ("source depends on target", kind blocks or informs);
// DependencyEdge is that edge as results show it, each end with its label and
// status; AddedDependency is what adding one reports.
//
// kDependencyColumns and ReadDependency go together: the reader takes the
// columns in that order.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "store/database.h"
#include "store/work_item.h"

namespace pm::store {

struct Dependency {
  int64_t id = 0;
  int64_t workspace_id = 0;
  WorkItem source, target;  // source depends on target
  std::string kind;         // "blocks" | "informs"
  std::optional<std::string> created_by;
  std::string created_at;
};

// Every column of a dependencies row, in ReadDependency's order.
extern const char* const kDependencyColumns;
// Reads kDependencyColumns from the current row, starting at column `first`.
Dependency ReadDependency(Statement& row, int first = 0);

// The row as update_log records it: every column, source_kind/target_kind by name.
nlohmann::json ToJson(const Dependency& row);

// One end of an edge, or the item a dependencies listing is about.
struct DependencyEnd {
  WorkItem item;
  std::string label;   // "T3", "P2/Design"
  std::string status;  // see DependencyRepository::StatusOf
};

// {kind, id, label, status}
nlohmann::json ToJson(const DependencyEnd& end);

struct DependencyEdge {
  Dependency row;
  DependencyEnd source, target;
  bool satisfied = false;  // the target is complete
};

// {id, kind, source, target, satisfied, created_by, created_at}
nlohmann::json ToJson(const DependencyEdge& edge);

struct AddedDependency {
  DependencyEdge dependency;
  bool created = false;  // false: the edge was there already (its kind maybe changed)
};

// {dependency, created}
nlohmann::json ToJson(const AddedDependency& added);

}  // namespace pm::store
