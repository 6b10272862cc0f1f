#include "store/dependency.h"

#include "store/row_json.h"

namespace pm::store {

const char* const kDependencyColumns =
    "id, workspace_id, source_kind, source_id, target_kind, target_id, kind, created_by, "
    "created_at";

Dependency ReadDependency(Statement& row, int first) {
  int c = first;
  Dependency d;
  d.id = row.Int64(c++);
  d.workspace_id = row.Int64(c++);
  d.source.kind = ParseKind(row.Text(c++)).value_or(WorkKind::kStep);
  d.source.id = row.Int64(c++);
  d.target.kind = ParseKind(row.Text(c++)).value_or(WorkKind::kStep);
  d.target.id = row.Int64(c++);
  d.kind = row.Text(c++);
  d.created_by = row.OptText(c++);
  d.created_at = row.Text(c++);
  return d;
}

nlohmann::json ToJson(const Dependency& d) {
  return {{"id", d.id},
          {"workspace_id", d.workspace_id},
          {"source_kind", KindName(d.source.kind)},
          {"source_id", d.source.id},
          {"target_kind", KindName(d.target.kind)},
          {"target_id", d.target.id},
          {"kind", d.kind},
          {"created_by", OrNull(d.created_by)},
          {"created_at", d.created_at}};
}

nlohmann::json ToJson(const DependencyEnd& end) {
  return {{"kind", KindName(end.item.kind)},
          {"id", end.item.id},
          {"label", end.label},
          {"status", end.status}};
}

nlohmann::json ToJson(const DependencyEdge& edge) {
  return {{"id", edge.row.id},
          {"kind", edge.row.kind},
          {"source", ToJson(edge.source)},
          {"target", ToJson(edge.target)},
          {"satisfied", edge.satisfied},
          {"created_by", OrNull(edge.row.created_by)},
          {"created_at", edge.row.created_at}};
}

nlohmann::json ToJson(const AddedDependency& added) {
  return {{"dependency", ToJson(added.dependency)}, {"created", added.created}};
}

}  // namespace pm::store
