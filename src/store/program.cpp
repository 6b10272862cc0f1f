#include "store/program.h"

#include "store/row_json.h"

namespace pm::store {

const char* const kProgramColumns =
    "pr.id, pr.workspace_id, pr.code, pr.title, pr.description, pr.goal, pr.created_at, "
    "pr.updated_at, pr.workspace_id <> ?1, w.code, "
    "(SELECT count(*) FROM plans AS pl WHERE pl.program_id = pr.id)";

Program ReadProgram(Statement& row, int first) {
  int c = first;
  Program p;
  p.id = row.Int64(c++);
  p.workspace_id = row.Int64(c++);
  p.code = row.Text(c++);
  p.title = row.Text(c++);
  p.description = row.OptText(c++);
  p.goal = row.OptText(c++);
  p.created_at = row.Text(c++);
  p.updated_at = row.Text(c++);
  p.linked = row.Bool(c++);
  p.workspace_code = row.Text(c++);
  p.plan_count = row.Int64(c++);
  return p;
}

nlohmann::json ToJson(const Program& p) {
  return {{"id", p.id},
          {"workspace_id", p.workspace_id},
          {"code", p.code},
          {"title", p.title},
          {"description", OrNull(p.description)},
          {"goal", OrNull(p.goal)},
          {"created_at", p.created_at},
          {"updated_at", p.updated_at},
          {"linked", p.linked},
          {"workspace_code", p.workspace_code},
          {"plan_count", p.plan_count}};
}

nlohmann::json ToJson(const ProgramLink& link) {
  return {{"id", link.id}, {"code", link.code}, {"name", link.name}};
}

}  // namespace pm::store
