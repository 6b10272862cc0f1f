#include "store/program_repository.h"

#include "common/user_error.h"
#include "store/change_log.h"
#include "store/entity_ref.h"
#include "store/plan_summaries.h"
#include "store/shapes.h"
#include "store/short_codes.h"

namespace pm::store {

namespace {

std::optional<int64_t> IdOf(const json& ref) {
  if (ref.is_number_integer()) return ref.get<int64_t>();
  if (!ref.is_string()) return std::nullopt;
  const std::string text = ref;
  if (text.empty() || text.size() >= 19 ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  return std::stoll(text);
}

json LinksJson(const std::vector<ProgramLink>& links) {
  json out = json::array();
  for (const auto& link : links) out.push_back(ToJson(link));
  return out;
}

LoggedEntity PlanEntity(int64_t workspace_id) { return {shapes::kPlan, "plan", workspace_id}; }

PlanSummary Summary(Database& db, int64_t plan_id) {
  return PlanSummaries(db, "id = ?", {plan_id}).front();
}

}  // namespace

std::vector<Program> ProgramRepository::Visible(int64_t workspace_id, const std::string& where,
                                                const std::vector<SqlValue>& more) {
  // idx_program_links_workspace serves the link probe.
  auto q = db_.Prepare(std::string("SELECT ") + kProgramColumns +
                       " FROM programs AS pr JOIN workspaces AS w ON w.id = pr.workspace_id "
                       "WHERE (pr.workspace_id = ?1 OR EXISTS (SELECT 1 FROM "
                       "program_workspace_links AS l WHERE l.program_id = pr.id AND "
                       "l.workspace_id = ?1)) AND " +
                       where);
  q.Bind(1, workspace_id);
  q.BindValues(more, 2);
  std::vector<Program> programs;
  while (q.Step()) programs.push_back(ReadProgram(q));
  return programs;
}

Program ProgramRepository::Create(int64_t workspace_id, const std::string& title,
                                  const std::optional<std::string>& description,
                                  const std::optional<std::string>& goal, const Actor& actor) {
  return db_.Write([&] {
    json row = {{"workspace_id", workspace_id},
                {"code", AllocateCode(db_, workspace_id, code_prefix::kProgram)},
                {"title", title}};
    if (description) row["description"] = *description;
    if (goal) row["goal"] = *goal;
    json created = InsertLogged(db_, {shapes::kProgram, "program", workspace_id}, row, actor);
    return RequireVisible(workspace_id, created["id"].get<int64_t>());
  });
}

std::optional<Program> ProgramRepository::Find(int64_t workspace_id, const json& ref) {
  std::optional<int64_t> id =
      FindIdByRef(db_, shapes::kProgram, workspace_id, ref, code_prefix::kProgram);
  if (!id) id = IdOf(ref);
  if (!id) return std::nullopt;
  auto rows = Visible(workspace_id, "pr.id = ?2", {*id});
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

ProgramPage ProgramRepository::List(int64_t workspace_id, int limit, int64_t after_id) {
  ProgramPage page;
  page.items = Visible(workspace_id, "pr.id > ?2 ORDER BY pr.id LIMIT ?3",
                       {after_id, static_cast<int64_t>(limit) + 1});
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.pop_back();
    page.next_after_id = page.items.back().id;
  }
  return page;
}

std::vector<PlanSummary> ProgramRepository::Plans(int64_t program_id) {
  return PlanSummaries(db_, "program_id = ?", {program_id});
}

std::vector<ProgramLink> ProgramRepository::Links(int64_t program_id) {
  auto q = db_.Prepare(
      "SELECT w.id, w.code, w.name FROM program_workspace_links AS l "
      "JOIN workspaces AS w ON w.id = l.workspace_id "
      "WHERE l.program_id = ? ORDER BY w.id");
  q.Bind(1, program_id);
  std::vector<ProgramLink> links;
  while (q.Step()) links.push_back({q.Int64(0), q.Text(1), q.Text(2)});
  return links;
}

Plan ProgramRepository::RequirePlan(int64_t workspace_id, int64_t plan_id) {
  auto row = LoadPlan(db_, workspace_id, plan_id);
  if (!row) throw UserError("plan " + std::to_string(plan_id) + " no longer exists");
  return *row;
}

Program ProgramRepository::RequireVisible(int64_t workspace_id, int64_t program_id) {
  auto rows = Visible(workspace_id, "pr.id = ?2", {program_id});
  if (rows.empty()) throw UserError("program " + std::to_string(program_id) + " no longer exists");
  return rows.front();
}

PlanSummary ProgramRepository::SetProgram(int64_t workspace_id, int64_t plan_id,
                                          std::optional<int64_t> program_id, const Actor& actor) {
  UpdateLogged(db_, PlanEntity(workspace_id), plan_id,
               {{"program_id", program_id ? json(*program_id) : json(nullptr)}}, actor);
  return Summary(db_, plan_id);
}

PlanSummary ProgramRepository::AddPlan(int64_t workspace_id, int64_t program_id, int64_t plan_id,
                                       const Actor& actor) {
  return db_.Write([&] {
    RequireVisible(workspace_id, program_id);
    const Plan plan = RequirePlan(workspace_id, plan_id);
    if (plan.program_id == program_id) return Summary(db_, plan_id);
    if (plan.program_id) {
      throw UserError("plan " + plan.code + " already belongs to program #" +
                      std::to_string(*plan.program_id) + "; remove it there first");
    }
    return SetProgram(workspace_id, plan_id, program_id, actor);
  });
}

PlanSummary ProgramRepository::RemovePlan(int64_t workspace_id, int64_t program_id, int64_t plan_id,
                                          const Actor& actor) {
  return db_.Write([&] {
    Program program = RequireVisible(workspace_id, program_id);
    const Plan plan = RequirePlan(workspace_id, plan_id);
    if (plan.program_id != program_id) {
      throw UserError("plan " + plan.code + " is not in program " + program.code);
    }
    return SetProgram(workspace_id, plan_id, std::nullopt, actor);
  });
}

std::vector<ProgramLink> ProgramRepository::Link(int64_t workspace_id, int64_t program_id,
                                                 int64_t target_id, bool link, const Actor& actor) {
  return db_.Write([&] {
    Program program = RequireVisible(workspace_id, program_id);
    if (program.linked) {
      throw UserError("program " + program.code + " belongs to workspace " +
                      program.workspace_code + "; link it from there");
    }
    if (target_id == workspace_id) {
      throw UserError("program " + program.code + " already lives in that workspace");
    }
    std::vector<ProgramLink> before = Links(program_id);
    auto change = db_.Prepare(link ? "INSERT INTO program_workspace_links "
                                     "(program_id, workspace_id) VALUES (?, ?) "
                                     "ON CONFLICT DO NOTHING"
                                   : "DELETE FROM program_workspace_links "
                                     "WHERE program_id = ? AND workspace_id = ?");
    change.Bind(1, program_id);
    change.Bind(2, target_id);
    if (change.Exec() == 0) return before;  // already so: nothing to log
    std::vector<ProgramLink> after = Links(program_id);
    RecordChange(db_,
                 {workspace_id,
                  "program",
                  program_id,
                  link ? "link" : "unlink",
                  {{"linked_workspaces", LinksJson(before)}},
                  {{"linked_workspaces", LinksJson(after)}}},
                 actor);
    return after;
  });
}

void ProgramRepository::MoveRows(const TableShape& shape, const std::string& kind,
                                 int64_t workspace_id, int64_t from_plan, int64_t to_plan,
                                 std::vector<int64_t>* moved, const Actor& actor) {
  for (const auto& row : SelectAll(db_, shape, "plan_id = ? ORDER BY id", {from_plan})) {
    const int64_t id = row["id"];
    UpdateLogged(db_, {shape, kind, workspace_id}, id, {{"plan_id", to_plan}}, actor, "move");
    moved->push_back(id);
  }
}

UpgradeResult ProgramRepository::Upgrade(int64_t workspace_id, int64_t plan_id,
                                         const Actor& actor) {
  return db_.Write([&] {
    const Plan row = RequirePlan(workspace_id, plan_id);
    if (row.program_id) {
      throw UserError("plan " + row.code + " already belongs to program #" +
                      std::to_string(*row.program_id) + "; add new plans to that program instead");
    }
    if (row.is_backlog) {
      throw UserError("the backlog plan " + row.code + " cannot become a program");
    }
    const json plan = ToJson(row);
    UpgradeResult result;
    json program = InsertLogged(db_, {shapes::kProgram, "program", workspace_id},
                                {{"workspace_id", workspace_id},
                                 {"code", AllocateCode(db_, workspace_id, code_prefix::kProgram)},
                                 {"title", plan["title"]},
                                 {"description", plan["description"]},
                                 {"goal", plan["goal"]}},
                                actor);
    const int64_t program_id = program["id"];
    json child_values = {{"workspace_id", workspace_id},
                         {"code", AllocateCode(db_, workspace_id, code_prefix::kPlan)},
                         {"title", plan["title"].get<std::string>() + " (part 1)"},
                         {"program_id", program_id},
                         {"created_by", actor.agent.empty() ? json(nullptr) : json(actor.agent)}};
    for (const char* column :
         {"description", "goal", "category", "priority", "status", "tags", "era", "track_id"}) {
      child_values[column] = plan[column];
    }
    json child = InsertLogged(db_, PlanEntity(workspace_id), child_values, actor);
    const int64_t child_id = child["id"];
    MoveRows(shapes::kPhase, "phase", workspace_id, plan_id, child_id, &result.moved_phase_ids,
             actor);
    MoveRows(shapes::kStep, "step", workspace_id, plan_id, child_id, &result.moved_step_ids, actor);
    // Branches and commits of a moved step follow it; plan-level ones stay.
    auto links = db_.Prepare(
        "UPDATE git_links SET plan_id = ? WHERE plan_id = ? "
        "AND step_id IS NOT NULL");
    links.Bind(1, child_id);
    links.Bind(2, plan_id);
    links.Exec();
    SetProgram(workspace_id, plan_id, program_id, actor);
    result.program = RequireVisible(workspace_id, program_id);
    result.original_plan = Summary(db_, plan_id);
    result.child_plan = Summary(db_, child_id);
    return result;
  });
}

}  // namespace pm::store
